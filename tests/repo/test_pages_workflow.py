"""The GitHub Pages workflow builds the JupyterLite site the way `make lite` does and publishes it
as a Pages artifact, without committing the built site."""

from __future__ import annotations

import re
import subprocess

import yaml

from tools.course import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "lite-pages.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_it_runs_on_every_push_to_main_and_by_hand():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers


def test_it_builds_as_make_lite_does():
    steps = workflow()["jobs"]["build"]["steps"]
    script = next(step["run"] for step in steps if "run" in step)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split(".venv-lite/.installed:", 1)[1].split("\n\n", 1)[0]
    pinned = re.search(r"pip install --quiet -r lite/requirements.txt \$\$\(\S+ -m tools\.lock ([^)]*)\)",
                       recipe)[1]
    assert "pip install --quiet -r lite/requirements.txt" in script
    # The same extra pins from the lock as the Makefile's, read by the same tool (which needs
    # `packaging`, installed first: a runner's Python may lack it).
    assert f"$(python -m tools.lock {pinned})" in script
    assert script.index("pip install --quiet packaging") < script.index("-m tools.lock")
    assert "npm ci --prefix lite" in script
    assert "-m tools.build_lite" in makefile.split("\nlite:", 1)[1].split("\n\n", 1)[0]
    assert "python -m tools.build_lite --out build/lite" in script
    assert '--lite-python "$PWD/.venv-lite/bin/python"' in script  # absolute: the build changes folder
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "build/lite"


def test_it_deploys_with_only_the_pages_permissions():
    jobs = workflow()["jobs"]
    assert workflow()["permissions"] == {"contents": "read"}
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_built_site_is_never_committed():
    assert "build/" in (ROOT / ".gitignore").read_text().splitlines()
    tracked = subprocess.run(["git", "ls-files", "build"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
    assert tracked == ""
