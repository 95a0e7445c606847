"""The environment check still works when `import jwt` finds the unrelated `jwt` package."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_environment_names_the_impostor_and_the_fix(tmp_path: Path):
    impostor = tmp_path / "jwt"
    impostor.mkdir()
    (impostor / "__init__.py").write_text('"""Not PyJWT: a different library also named jwt."""\n')
    code = "from helpers import check_environment; print(check_environment())"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Not ready: `import jwt` finds the unrelated package")
    assert "uninstall -y jwt" in result.stdout
