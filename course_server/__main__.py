"""`python -m course_server`: write the setting into this environment's Jupyter config."""

from course_server import install_server_config

print(f"wrote {install_server_config()}")
