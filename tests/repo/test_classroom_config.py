"""classroom/: the hub config loads with the course's settings, and the Kubernetes values and
image install the same locked environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from traitlets.config.loader import LazyConfigValue, PyFileConfigLoader

from course_server import SERVER_ARGUMENTS
from tools.course import ROOT

CLASSROOM = ROOT / "classroom"


@pytest.fixture
def hub_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for name, value in {"PASSWORD": "a-class-password", "HOMES": tmp_path / "homes",
                        "STATE": tmp_path / "state", "RUNTIME": tmp_path / "rt", "PORT": "8123"}.items():
        monkeypatch.setenv(f"JWT_HUB_{name}", str(value))
    monkeypatch.delenv("JWT_HUB_API_TOKEN", raising=False)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(CLASSROOM)).load_config()


def listed(value):
    """A list setting as the hub will see it (appended to, or set)."""
    return value.get_value([]) if isinstance(value, LazyConfigValue) else list(value)


def test_the_hub_listens_on_loopback_with_a_shared_password(hub_config):
    assert hub_config.JupyterHub.bind_url == "http://127.0.0.1:8123"
    assert hub_config.JupyterHub.hub_ip == "127.0.0.1"
    assert hub_config.JupyterHub.authenticator_class == "shared-password"
    assert hub_config.SharedPasswordAuthenticator.user_password == "a-class-password"
    names = [service["name"] for service in listed(hub_config.JupyterHub.services)]
    assert names == ["class-progress"]  # no service account unless asked


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


def test_kubernetes_values_and_image_use_the_locked_environment():
    values = yaml.safe_load((CLASSROOM / "z2jh-config.yaml").read_text())
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == "shared-password"
    assert values["singleuser"]["startTimeout"] == 180
    assert values["singleuser"]["defaultUrl"] == "/lab"
    dockerfile = (CLASSROOM / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r classroom/requirements-hub-lock.txt" in dockerfile
    assert "python -m course_server" in dockerfile  # the kernel-websocket setting


def test_only_instructors_may_open_the_class_progress_page(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    for name, value in {"PASSWORD": "a-class-password", "HOMES": tmp_path / "homes",
                        "STATE": tmp_path / "state", "RUNTIME": tmp_path / "rt",
                        "INSTRUCTORS": "ada, grace", "PROGRESS_PORT": "8765",
                        "API_TOKEN": "a-token-for-scripts"}.items():
        monkeypatch.setenv(f"JWT_HUB_{name}", str(value))
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(CLASSROOM)).load_config()
    services = {service["name"]: service for service in listed(config.JupyterHub.services)}
    assert set(services) == {"class-admin", "class-progress"}
    page = services["class-progress"]
    assert page["url"] == "http://127.0.0.1:8765"
    assert page["command"][-1] == str(CLASSROOM / "class_progress.py")
    assert page["environment"] == {"JWT_CLASS_HOMES": str(tmp_path / "homes" / "{username}"),
                                   "JWT_CLASS_INSTRUCTORS": "ada,grace"}
    assert config.JupyterHub.load_groups == {"instructors": {"users": ["ada", "grace"]}}
    roles = {role["name"]: role for role in listed(config.JupyterHub.load_roles)}
    assert roles["class-progress-viewers"] == {
        "name": "class-progress-viewers", "groups": ["instructors"],
        "scopes": ["access:services!service=class-progress"]}
    assert roles["class-progress-reader"]["scopes"] == ["list:users"]  # names only, nothing else
    assert "class-admin" in roles  # the scripts' account is still there
