"""tools/execute_notebooks.py saves each print as one stream output, not in pieces."""

from __future__ import annotations

import nbformat

from tools import execute_notebooks
from tools.course import course_notebooks


def stream(name, text):
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_consecutive_pieces_of_one_stream_are_joined():
    display = nbformat.v4.new_output("display_data", data={"text/plain": "x"})
    outputs = [stream("stdout", "accepted, sub ="), stream("stdout", " user-42\n"),
               stream("stderr", "warning\n"), stream("stdout", "a\n"), display,
               stream("stdout", "b\n")]
    merged = execute_notebooks.merge_streams(outputs)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in merged] == [
        ("stream", "stdout", "accepted, sub = user-42\n"), ("stream", "stderr", "warning\n"),
        ("stream", "stdout", "a\n"), ("display_data", None, None), ("stream", "stdout", "b\n")]


def test_clean_merges_the_streams_of_every_code_cell():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('a', 'b')")
    cell.outputs = [stream("stdout", "a"), stream("stdout", " b\n")]
    notebook.cells = [nbformat.v4.new_markdown_cell("# x"), cell]
    assert execute_notebooks.clean(notebook).cells[1].outputs == [stream("stdout", "a b\n")]


def test_the_committed_notebooks_hold_no_split_streams():
    for path in course_notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            outputs = cell.get("outputs", [])
            assert outputs == execute_notebooks.merge_streams(list(outputs)), path.name
