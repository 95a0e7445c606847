"""Which notebook cell is running: lets a re-run replace what the cell started before."""

from __future__ import annotations


def current_cell_id() -> str | None:
    """The id of the cell being run (JupyterLab sends it), or None outside JupyterLab."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        parent = getattr(shell, "parent_header", None) or {}
        return parent.get("metadata", {}).get("cellId")
    except Exception:  # noqa: BLE001 - no kernel, no cell id
        return None
