"""Save your work: the learner's notebooks and progress as one download, and a restore from it.

Binder forgets a session about ten minutes after its last use, and JupyterLite keeps files only
in this browser: one button downloads everything, and a restore in a new session brings it back.
The download is made in the kernel and handed to the browser as a link, which a tiny script
presses once (the link stays, in case the browser blocked it).
"""

from __future__ import annotations

import base64
import html
import uuid
from typing import Any

import ipywidgets as widgets

from helpers.course import progress
from helpers.course.backup import NotAnArchive, RestoreReport, make_archive, restore_archive
from helpers.widgets.base import CourseWidget, button
from helpers.widgets.style import message_html

# Presses the new download link once (by its nonce), even if this output is drawn again.
CLICK_SCRIPT = """<script>
(() => {
  const nonce = %s;
  window.__jwtDownloads = window.__jwtDownloads || new Set();
  let tries = 0;
  const press = () => {
    if (window.__jwtDownloads.has(nonce)) return;
    const link = document.querySelector(`a.jwt-download[data-nonce="${nonce}"]`);
    if (!link) { if (tries++ < 600) requestAnimationFrame(press); return; }
    window.__jwtDownloads.add(nonce);
    link.click();
  };
  press();
})();
</script>"""


def restore_message(report: RestoreReport) -> str:
    """What a restore did, in a few sentences."""
    parts = []
    if report.restored:
        parts.append(f"Restored {len(report.restored)} notebook(s): {', '.join(report.restored)}.")
    if report.unchanged:
        parts.append(f"{len(report.unchanged)} already the same here.")
    parts.append(f"{report.attempts_added} answer(s) added to your progress.")
    if report.refused:
        parts.append("Left out: " + "; ".join(f"{name} ({why})" for name, why in report.refused) + ".")
    if report.backup_folder is not None:
        parts.append(f"The versions they replaced are in {report.backup_folder.name} under "
                     f"{report.backup_folder.parent.name}/.")
    if report.restored:
        parts.append("A notebook already open in a tab still shows the old version: use File > "
                     "Reload Notebook from Disk (if JupyterLab says the file changed on disk, "
                     "choose Revert).")
    return " ".join(parts)


class SaveYourWork(CourseWidget):
    """Download my work (notebooks and progress, one zip) and Restore my work (from that zip)."""

    css_class = "jwt-save-work"
    placeholder = ("[Save your work: run this cell to download your notebooks and progress as one "
                   "file, or to restore them from such a file in a new session.]")

    def __init__(self) -> None:
        self.download_button = button("Download my work", "download",
                                      "your notebooks and progress as one .zip file")
        self.upload = widgets.FileUpload(accept=".zip", multiple=False, description="Restore my work",
                                         icon="upload", tooltip="choose a .zip made by Download my work",
                                         layout=widgets.Layout(width="auto"))
        self.intro_view = widgets.HTML(
            '<p class="jwt-intro">Save your open notebooks first (File &gt; Save All): the download '
            "takes them as they are saved. Restore in a new session: it puts them back and adds "
            "your progress.</p>")
        self.link_view = widgets.HTML()
        self.link_view.add_class("jwt-link-view")
        self.message_view = widgets.HTML()
        self.message_view.add_class("jwt-message-view")
        self.trigger = widgets.Output(layout=widgets.Layout(display="none"))
        self.last_archive_name = ""
        self.last_report: RestoreReport | None = None
        self.download_button.on_click(lambda _: self._guarded(self.download))
        self.upload.observe(lambda change: self._guarded(lambda: self._uploaded(change)), names="value")
        buttons = widgets.HBox([self.download_button, self.upload],
                               layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([self.intro_view, buttons, self.message_view, self.link_view, self.trigger])
        folder = progress.course_folder()
        where = f"the course folder {folder.name}/" if folder else "no course folder here"
        self.announce(f"Save your work: download or restore your notebooks and progress ({where}).")

    def _guarded(self, action: Any) -> None:
        try:
            action()
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            self.show_problem(f"That did not work: {type(error).__name__}: {error}", self.message_view)

    def download(self) -> None:
        folder = progress.course_folder()
        if folder is None:
            self.show_problem("There is no course folder here (the one holding 00-start-here.ipynb): "
                              "run this cell in the course's 00-start-here.", self.message_view)
            return
        archive = make_archive(folder, progress.progress_file())
        nonce = uuid.uuid4().hex
        data = base64.b64encode(archive.data).decode("ascii")
        size = f"{max(1, len(archive.data) // 1000)} kB"
        self.link_view.value = (
            f'<p>If the download did not start: <a class="jwt-download" data-nonce="{nonce}" '
            f'download="{archive.name}" href="data:application/zip;base64,{data}">'
            f"{html.escape(archive.name)}</a> ({size}).</p>")
        self.trigger.outputs = ({"output_type": "display_data", "metadata": {},
                                 "data": {"text/html": CLICK_SCRIPT % f'"{nonce}"', "text/plain": ""}},)
        self.last_archive_name = archive.name
        text = (f"Downloading {archive.name}: {len(archive.notebooks)} notebooks and "
                f"{archive.attempts} progress records. Keep the file; Restore my work takes it back.")
        self.message_view.value = message_html(text, "ok")
        self.announce(text)

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change.get("new") or ()
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name", "the file"))
        data = bytes(upload["content"])
        self.upload.value = ()  # so that the same file can be chosen again
        folder = progress.course_folder()
        if folder is None:
            self.show_problem("There is no course folder here to restore into: run this cell in the "
                              "course's 00-start-here.", self.message_view)
            return
        try:
            report = restore_archive(data, folder, progress.progress_file())
        except NotAnArchive as problem:
            self.show_problem(f"{name} cannot be restored: {problem}", self.message_view)
            return
        self.last_report = report
        text = restore_message(report)
        self.message_view.value = message_html(text, "ok")
        self.announce(text)

    @classmethod
    def demo(cls) -> SaveYourWork:
        return cls()
