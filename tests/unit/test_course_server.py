"""The server settings install into an environment's Jupyter config (Binder; a hub's environment
also gets the idle-kernel culling)."""

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


def test_a_hubs_environment_also_stops_idle_kernels(tmp_path):
    from course_server import kernel_culling, kernel_culling_arguments

    config = json.loads(install_server_config(str(tmp_path), kernel_idle=1800).read_text())
    assert config["MappingKernelManager"] == {"cull_idle_timeout": 1800, "cull_connected": True,
                                              "cull_interval": 300}
    assert "MappingKernelManager" not in json.loads(install_server_config(str(tmp_path / "lab")).read_text())
    assert kernel_culling(60)["cull_interval"] == 15
    assert kernel_culling_arguments(1800)[0] == "--MappingKernelManager.cull_idle_timeout=1800"
