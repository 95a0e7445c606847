"""`python -m course_server [--cull-idle-kernels SECONDS]`: write the course's server setting
into this environment's Jupyter config; on a hub's environment, also stop idle kernels."""

import argparse

from course_server import install_server_config

parser = argparse.ArgumentParser(prog="python -m course_server", description=__doc__.split(":")[0])
parser.add_argument("--cull-idle-kernels", type=int, default=0, metavar="SECONDS",
                    help="for a hub: stop a kernel that ran nothing this long (the course's hubs: 1800)")
options = parser.parse_args()
print(f"wrote {install_server_config(kernel_idle=options.cull_idle_kernels)}")
