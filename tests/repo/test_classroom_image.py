"""The single-user image (classroom/Dockerfile): its base, its build context (.dockerignore), and
the smoke test instructors run where Docker exists (classroom/smoke_test.py).

Docker cannot run here, so the smoke test's checks run against a stand-in "image": a fake
`docker` that runs each command in this environment (which holds what the image must: git,
nbgitpuller, jupyterhub at the chart's major version, the lock's PyJWT, the helpers). Stubs
shadow one command at a time to show that every check can fail.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.course import ROOT

DOCKERFILE = ROOT / "classroom" / "Dockerfile"


def load_smoke_test():
    spec = importlib.util.spec_from_file_location("smoke_test", ROOT / "classroom" / "smoke_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


smoke = load_smoke_test()


# --- the base image -------------------------------------------------------------------------------

def test_the_base_is_minimal_notebook_pinned_by_a_dated_tag_and_a_digest():
    froms = re.findall(r"^FROM\s+(\S+)", DOCKERFILE.read_text(), re.M)
    assert len(froms) == 1
    assert re.fullmatch(r"quay\.io/jupyter/minimal-notebook:\d{4}-\d{2}-\d{2}"
                        r"@sha256:([0-9a-f]{64}|FILL-IN-THE-DIGEST)", froms[0]), froms[0]
    tag = froms[0].split("@")[0]
    assert f"docker buildx imagetools inspect {tag}" in DOCKERFILE.read_text()  # how to fill it


def test_the_image_installs_the_hub_lock_and_the_course_setting():
    text = DOCKERFILE.read_text()
    assert "classroom/requirements-hub-lock.txt" in text
    assert "pip install --no-cache-dir --no-deps /tmp/jwt-course" in text  # helpers, not editable
    assert "python -m course_server --cull-idle-kernels 1800" in text
    assert "ENV MALLOC_ARENA_MAX=2" in text
    assert 'fix-permissions "${CONDA_DIR}"' in text
    assert "USER root" not in text  # runs as the notebook user, like its base


# --- the build context --------------------------------------------------------------------------

def docker_ignored(patterns: list[str], path: str) -> bool:
    """Whether Docker leaves `path` out of the build context (moby's patternmatcher rules:
    patterns in order, the last that matches the path or one of its parent folders wins)."""
    excluded = False
    parts = path.split("/")
    for raw in patterns:
        negate = raw.startswith("!")
        pattern = raw[1:] if negate else raw
        pattern = pattern.strip().rstrip("/")
        regex = ""
        index = 0
        while index < len(pattern):
            if pattern.startswith("**/", index):
                regex, index = regex + "(?:.*/)?", index + 3
            elif pattern.startswith("**", index):
                regex, index = regex + ".*", index + 2
            elif pattern[index] == "*":
                regex, index = regex + "[^/]*", index + 1
            elif pattern[index] == "?":
                regex, index = regex + "[^/]", index + 1
            else:
                regex, index = regex + re.escape(pattern[index]), index + 1
        candidates = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
        if any(re.fullmatch(regex, candidate) for candidate in candidates):
            excluded = not negate
    return excluded


def ignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def test_the_build_context_is_only_what_the_image_needs():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    sent = sorted(path for path in tracked if not docker_ignored(ignore_patterns(), path))
    assert "classroom/requirements-hub-lock.txt" in sent and "pyproject.toml" in sent
    assert "helpers/__init__.py" in sent and "course_server/__init__.py" in sent
    assert [path for path in sent if not path.startswith(("helpers/", "course_server/"))] == \
        ["classroom/requirements-hub-lock.txt", "pyproject.toml"]


@pytest.mark.parametrize("path", [
    ".venv/bin/python", ".git/config", "build/lite/index.html", "notebooks/private.pem",
    "helpers/private.pem", "helpers/keys/server.key", "helpers/jwks.json", "helpers/__pycache__/x.pyc",
    "classroom/node_modules/.bin/configurable-http-proxy", "bench-results/bench.json",
    "helpers/services/reset.sqlite"])
def test_an_instructors_checkout_sends_no_secrets_or_build_output(path: str):
    assert docker_ignored(ignore_patterns(), path)


def test_the_ignore_rules_are_read_as_docker_reads_them():
    assert docker_ignored(["*", "!helpers/"], "README.md")
    assert not docker_ignored(["*", "!helpers/"], "helpers/keys/jwk.py")
    assert docker_ignored(["*", "!helpers/", "**/*.pem"], "helpers/a/b.pem")
    assert not docker_ignored(["*.pem"], "helpers/b.pem")  # without **/ only the top folder


# --- the smoke test -------------------------------------------------------------------------------

@pytest.fixture
def fake_image(tmp_path: Path):
    """A fake `docker` whose `run --rm IMAGE COMMAND...` runs COMMAND here, and a folder of stubs
    that shadow the image's commands (an `id` answering 1000: the tests run as root)."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    image_path = f"{stubs}:{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin"
    docker = tmp_path / "docker"
    docker.write_text(f'#!/bin/sh\n[ "$1 $2" = "run --rm" ] || exit 2\nshift 3\n'
                      f'PATH="{image_path}" exec "$@"\n')
    docker.chmod(0o755)

    def stub(name: str, script: str) -> None:
        (stubs / name).write_text(f"#!/bin/sh\n{script}\n")
        (stubs / name).chmod(0o755)

    stub("id", "echo 1000")
    # What the image's `python -m course_server --cull-idle-kernels 1800` writes: this
    # environment's own config has only the widget setting, as `make lab` wants.
    config = tmp_path / "jupyter-config"
    config.mkdir()
    (config / "jupyter_server_config.json").write_text(
        '{"MappingKernelManager": {"cull_idle_timeout": 1800, "cull_connected": true}}')
    docker.write_text(docker.read_text().replace('PATH="', f'JUPYTER_CONFIG_PATH="{config}" PATH="'))
    return smoke.Image("stand-in:latest", str(docker)), stub


def test_every_check_passes_on_an_image_that_has_what_a_class_needs(fake_image):
    image, _ = fake_image
    results = smoke.run_checks(image)
    assert [r.line() for r in results if not r.passed] == []
    assert len(results) == 8


@pytest.mark.parametrize(("command", "script", "check", "seen"), [
    ("git", "echo 'git: not found' >&2; exit 127", "check_git", "git: not found"),
    ("python", "echo 6.1.1", "check_jupyterhub", "6.1.1"),
    ("jupyter", "echo 'nbgitpuller disabled'", "check_nbgitpuller", "not enabled"),
    ("python", "echo 2.10.1", "check_course", "2.10.1"),
    ("id", "echo 0", "check_user", "uid 0"),
    ("jupyter", "echo \"c.ServerApp.kernel_websocket_connection_class = "
                "'course_server.PromptWebsocketConnection'\"", "check_server_setting", "no kernel culling"),
])
def test_each_check_fails_on_an_image_that_lacks_its_part(fake_image, command, script, check, seen):
    image, stub = fake_image
    stub(command, script)
    result = getattr(smoke, check)(image)
    assert not result.passed and seen in result.seen, result.line()


def test_the_script_says_which_checks_failed_and_exits_1(fake_image, capsys, monkeypatch):
    image, stub = fake_image
    stub("git", "exit 127")
    monkeypatch.setattr(smoke, "CHECKS", [smoke.check_git, smoke.check_user])  # the quick ones
    assert smoke.main([image.image, "--docker", image.docker]) == 1
    out = capsys.readouterr().out
    assert "FAILED git (nbgitpuller runs it)" in out and "1 of 2 checks failed" in out


def test_without_docker_every_check_says_so():
    result = smoke.check_git(smoke.Image("any", docker="/nonexistent/docker"))
    assert not result.passed and "not found" in result.seen
