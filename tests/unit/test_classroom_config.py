"""classroom/: the hub config loads with the course's settings, and the Kubernetes values and
image install the same locked environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

from course_server import SERVER_ARGUMENTS

ROOT = Path(__file__).resolve().parents[2]
CLASSROOM = ROOT / "classroom"


@pytest.fixture
def hub_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for name, value in {"PASSWORD": "a-class-password", "HOMES": tmp_path / "homes",
                        "STATE": tmp_path / "state", "RUNTIME": tmp_path / "rt", "PORT": "8123"}.items():
        monkeypatch.setenv(f"JWT_HUB_{name}", str(value))
    monkeypatch.delenv("JWT_HUB_API_TOKEN", raising=False)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(CLASSROOM)).load_config()


def test_the_hub_listens_on_loopback_with_a_shared_password(hub_config):
    assert hub_config.JupyterHub.bind_url == "http://127.0.0.1:8123"
    assert hub_config.JupyterHub.hub_ip == "127.0.0.1"
    assert hub_config.JupyterHub.authenticator_class == "shared-password"
    assert hub_config.SharedPasswordAuthenticator.user_password == "a-class-password"
    assert "services" not in hub_config.JupyterHub  # no service account unless asked


def test_each_learner_gets_a_home_and_a_short_socket_folder(hub_config, tmp_path: Path):
    assert hub_config.JupyterHub.spawner_class == "simple"
    assert hub_config.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "homes" / "{username}")
    spawner = hub_config.Spawner
    assert spawner.ip == "127.0.0.1" and spawner.start_timeout == 180
    assert "--KernelManager.transport=ipc" in spawner.args
    assert all(argument in spawner.args for argument in SERVER_ARGUMENTS)
    assert ("--allow-root" in spawner.args) == (os.geteuid() == 0)

    class Learner:
        user = type("User", (), {"name": "ada"})()

    runtime = spawner.environment["JUPYTER_RUNTIME_DIR"](Learner())
    assert runtime == str(tmp_path / "rt" / "ada")


def test_the_hub_refuses_to_start_without_a_class_password(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JWT_HUB_PASSWORD", "short")
    with pytest.raises(SystemExit, match="JWT_HUB_PASSWORD"):
        PyFileConfigLoader("jupyterhub_config.py", path=str(CLASSROOM)).load_config()
