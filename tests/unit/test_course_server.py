"""The one server setting can be installed into an environment's Jupyter config (for Binder)."""

from __future__ import annotations

import json

from course_server import SERVER_ARGUMENTS, install_server_config


def test_install_merges_into_an_existing_config(tmp_path):
    target = tmp_path / "etc" / "jupyter" / "jupyter_server_config.json"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps({"ServerApp": {"port": 9999}, "Other": {"a": 1}}))
    assert install_server_config(str(tmp_path)) == target
    config = json.loads(target.read_text())
    assert config["Other"] == {"a": 1} and config["ServerApp"]["port"] == 9999
    name, value = SERVER_ARGUMENTS[0].removeprefix("--ServerApp.").split("=", 1)
    assert config["ServerApp"][name] == value == "course_server.PromptWebsocketConnection"


def test_install_creates_the_config_when_there_is_none(tmp_path):
    target = install_server_config(str(tmp_path))
    assert target == tmp_path / "etc" / "jupyter" / "jupyter_server_config.json"
    assert json.loads(target.read_text()) == {
        "ServerApp": {"kernel_websocket_connection_class": "course_server.PromptWebsocketConnection"}}


def test_installing_twice_changes_nothing(tmp_path):
    first = install_server_config(str(tmp_path)).read_text()
    assert install_server_config(str(tmp_path)).read_text() == first
