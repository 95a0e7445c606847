"""What each notebook leaves in its kernel: memory and imported packages, against a bare kernel.

    python tools/kernel_memory.py [notebooks/05-claims.ipynb ...] [--env NAME=VALUE ...]

Runs each notebook back to back in a fresh kernel (as the hub's learners do, over Unix sockets),
waits two seconds, and prints the kernel's resident and unique memory (RSS, USS) and the
top-level packages it imported that a bare kernel (which ran `1 + 1`) has not. --env sets a
variable in the kernels' environment (for instance MALLOC_ARENA_MAX=2), so the same run shows
what a setting saves. One line per notebook, then the sum if every kernel stayed open.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.course import ROOT, course_notebooks  # noqa: E402
from tools.hub_driver import rss_and_uss_bytes  # noqa: E402

MB = 1024 * 1024
MODULES = ("import json, sys; print(json.dumps(sorted({name.split('.')[0] for name in sys.modules "
           "if not name.startswith('_')})))")


def kernel_pids(manager: KernelManager) -> list[int]:
    """The kernel's process and its children (servers some notebooks start run in threads)."""
    root = manager.provisioner.process.pid
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").iterdir():
            todo += [int(child) for child in (task / "children").read_text().split()]
    return found


def measure(notebook: nbformat.NotebookNode, folder: Path, environment: dict[str, str]) -> dict:
    """Run a notebook in a fresh kernel; its memory and imported packages afterwards."""
    manager = KernelManager(kernel_name="python3", transport="ipc",
                            ip=str(Path(tempfile.gettempdir()) / f"jwt-mem-{uuid.uuid4().hex[:12]}"))
    client = NotebookClient(notebook, km=manager, timeout=600, allow_errors=True,
                            store_widget_state=False, resources={"metadata": {"path": str(folder)}})
    started = time.monotonic()
    with client.setup_kernel(env={**os.environ, **environment}):
        client.execute()
        time.sleep(2)
        memory = [rss_and_uss_bytes(pid) for pid in kernel_pids(manager)]
        outputs: list[dict] = []
        reply = client.kc.execute_interactive(MODULES, output_hook=outputs.append, timeout=60)
    texts = [m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream"]
    errors = [o.ename for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.output_type == "error" and "raises-exception" not in c.metadata.get("tags", [])]
    return {"seconds": time.monotonic() - started, "rss_mb": sum(m[0] for m in memory) / MB,
            "uss_mb": sum(m[1] for m in memory) / MB, "errors": errors,
            "packages": json.loads("".join(texts) or "[]"), "ok": reply["content"]["status"] == "ok"}


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    options = parser.parse_args(arguments)
    environment = dict(item.split("=", 1) for item in options.env)
    paths = options.notebooks or course_notebooks()
    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    base = measure(bare, ROOT / "notebooks", environment)
    print(f"{'bare kernel':34} RSS {base['rss_mb']:6.1f} MB  USS {base['uss_mb']:6.1f} MB  "
          f"{len(base['packages'])} packages", flush=True)
    totals = {"rss_mb": 0.0, "uss_mb": 0.0}
    for path in paths:
        found = measure(nbformat.read(path, as_version=4), path.parent, environment)
        for key in totals:
            totals[key] += found[key]
        added = sorted(set(found["packages"]) - set(base["packages"]))
        print(f"{path.name:34} RSS {found['rss_mb']:6.1f} MB  USS {found['uss_mb']:6.1f} MB  "
              f"{found['seconds']:5.1f} s  errors {found['errors'] or 'none'}  adds {len(added)}: "
              f"{' '.join(added)}", flush=True)
    print(f"{'every kernel left open':34} RSS {totals['rss_mb']:6.0f} MB  USS {totals['uss_mb']:6.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
