"""Saving and restoring one's work, without a browser: one download, and back in a new session."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from helpers.course import progress
from helpers.widgets import SaveYourWork
from tools.course import NOTEBOOKS


def download(widget: SaveYourWork) -> zipfile.ZipFile:
    widget.download_button.click()
    data = re.search(r'href="data:application/zip;base64,([^"]+)"', widget.link_view.value).group(1)
    return zipfile.ZipFile(io.BytesIO(base64.b64decode(data)))


def test_one_button_downloads_the_notebooks_and_the_progress(course: Path) -> None:
    progress.record("02-encode", "ex1", True)
    widget = SaveYourWork()
    archive = download(widget)
    assert sorted(archive.namelist()) == ["README.txt", "notebooks/00-start-here.ipynb",
                                          "notebooks/02-encode.ipynb", "notebooks/03-decode.ipynb",
                                          "progress.jsonl"]
    assert archive.read("notebooks/02-encode.ipynb") == (course / "02-encode.ipynb").read_bytes()
    lines = archive.read("progress.jsonl").decode().splitlines()
    assert [json.loads(line)["item"] for line in lines] == ["ex1"]
    assert widget.announced.startswith(f"Downloading {widget.last_archive_name}: 3 notebooks and 1 progress")
    script = widget.trigger.outputs[0]["data"]["text/html"]
    nonce = re.search(r'data-nonce="([0-9a-f]+)"', widget.link_view.value).group(1)
    assert f'const nonce = "{nonce}"' in script and "link.click()" in script


def upload(widget: SaveYourWork, data: bytes, name: str = "work.zip") -> None:
    widget.upload.value = ({"name": name, "type": "application/zip", "size": len(data),
                            "content": memoryview(data), "last_modified": datetime.now(timezone.utc)},)


def test_a_restore_in_a_new_session_brings_back_notebooks_and_progress(
        recorded, course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    progress.record("02-encode", "ex1", True)
    edited = json.loads((course / "02-encode.ipynb").read_text())
    edited["cells"][0]["source"] = ["# my own notes\n"]
    (course / "02-encode.ipynb").write_text(json.dumps(edited))
    (course / "my-notes.ipynb").write_text(json.dumps({"cells": [], "metadata": {}}))
    data = download(SaveYourWork()).fp.getvalue()

    fresh = tmp_path / "new-session" / "notebooks"  # a new Binder session: the course, unchanged
    fresh.mkdir(parents=True)
    for name in ("00-start-here.ipynb", "02-encode.ipynb", "03-decode.ipynb"):
        (fresh / name).write_bytes((NOTEBOOKS / name).read_bytes())
    monkeypatch.chdir(fresh)
    widget = SaveYourWork()
    upload(widget, data)
    assert json.loads((fresh / "02-encode.ipynb").read_text())["cells"][0]["source"] == ["# my own notes\n"]
    assert (fresh / "my-notes.ipynb").exists()
    assert widget.last_report.restored == ["02-encode.ipynb", "my-notes.ipynb"]
    assert widget.last_report.unchanged == ["00-start-here.ipynb", "03-decode.ipynb"]
    assert recorded(fresh) == [("02-encode", "ex1", True)]
    backups = list((fresh / ".jwt-restore-backup").glob("*/02-encode.ipynb"))
    original = (NOTEBOOKS / "02-encode.ipynb").read_bytes()
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert widget.announced.startswith("Restored 2 notebook(s): 02-encode.ipynb, my-notes.ipynb.")
    assert widget.upload.value == ()
    upload(widget, data)  # the same file again: nothing new
    assert widget.last_report.restored == [] and widget.last_report.attempts_added == 0


@pytest.mark.parametrize("data, said", [
    (b"not a zip", "this is not a zip file"),
    (b"", "this is not a zip file"),
])
def test_a_file_that_is_not_a_download_is_refused_in_one_line(course: Path, data: bytes, said: str) -> None:
    widget = SaveYourWork()
    upload(widget, data, "photo.zip")
    assert f"photo.zip cannot be restored: {said}" in widget.announced
    assert "Traceback" not in widget.message_view.value


def test_a_zip_with_paths_outside_the_folder_writes_nothing_there(course: Path, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notebooks/../../evil.ipynb", json.dumps({"cells": []}))
        archive.writestr("notebooks/sub/dir.ipynb", json.dumps({"cells": []}))
        archive.writestr("notebooks/fake.ipynb", "not json")
        archive.writestr("run-me.py", "print('no')")
        archive.writestr("progress.jsonl", '{"notebook": "02-encode", "item": "ex1", "passed": true, '
                                           '"at": "2026-01-01T00:00:00Z"}\n')
    widget = SaveYourWork()
    upload(widget, buffer.getvalue())
    report = widget.last_report
    assert report.restored == [] and report.attempts_added == 1
    assert {name for name, _ in report.refused} == {"notebooks/../../evil.ipynb", "notebooks/sub/dir.ipynb",
                                                    "notebooks/fake.ipynb", "run-me.py"}
    assert not (tmp_path / "evil.ipynb").exists() and not (course / "run-me.py").exists()
