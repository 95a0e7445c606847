"""P12: what verifying a JWT costs a request in notebook 12's own FastAPI and Flask apps.

    python -m tools.bench_apps [--runs N]

For each framework, one server process runs the notebook's app (its code cells, executed as
they are) under the server the notebook uses (uvicorn, werkzeug), with these endpoints:

    /health            no authentication: the baseline
    /me                HS256, the notebook's policy and settings, built once at start-up
    /me/hs256-each     HS256, settings read from the environment and the policy built per request
    /me/rs256-once     RS256, the public key loaded from PEM once, at start-up
    /me/rs256-each     RS256, the PEM loaded on every request
    /rs256/me          RS256 from a key set: the notebook's own RS256 app, one PyJWKClient
    /me/jwks-each      RS256 from a key set, a new PyJWKClient on every request

A client in this process sends each endpoint a burst over one keep-alive connection, endpoints
interleaved, and reads the server process's CPU time before and after each burst. Per endpoint:
requests per second, the server's CPU microseconds per request, and both as a ratio to /health.
The figure is the smallest CPU ratio among the four "keys loaded once" endpoints of the two
apps (HS256 and RS256, FastAPI and Flask): goal >= 0.8. CPU time is reported because wall time
on this shared machine moves by a fifth between runs. Figures to report, never assertions.
"""

from __future__ import annotations

import argparse
import ast
import http.client
import json
import secrets
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

NAME = "P12"
TITLE = "your app: /me vs /health"
GOAL = 0.8
GOAL_TEXT = "cpu(/health) / cpu(/me) >= 0.8, keys once"
NOTEBOOK = ROOT / "notebooks" / "12-your-app.ipynb"
FRAMEWORKS = ("fastapi", "flask")
ENDPOINTS = {  # name: path
    "health": "/health",
    "hs256 once": "/me",
    "hs256 each": "/me/hs256-each",
    "rs256 once": "/me/rs256-once",
    "rs256 each": "/me/rs256-each",
    "jwks once": "/rs256/me",
    "jwks each": "/me/jwks-each",
}
KEYS_ONCE = ("hs256 once", "rs256 once")
REQUESTS_PER_BURST = 300
ISSUER, AUDIENCE, KID = "https://login.example.com", "profile-api", "bench-key"
CLIENT_ID = "profile-web"  # the notebook's CLIENT_ID: its policy requires the claim


# --- the notebook's code --------------------------------------------------------------------------

def defines_only(tree: ast.Module) -> bool:
    """True for a cell of imports, functions, classes and constants: the app's code, nothing run.

    An assignment may call only what the same cell imports (`HTTPBearer(...)`,
    `logging.getLogger(...)`), so cells that start servers or send requests are left out."""
    imported = {alias.asname or alias.name.split(".")[0] for node in tree.body
                if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
                             ast.ClassDef)):
            continue
        if not (isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets)):
            return False
        calls = [call for call in ast.walk(node.value) if isinstance(call, ast.Call)]
        if any(root_name(call.func) not in imported for call in calls):
            return False
    return True


def root_name(node: ast.expr) -> str | None:
    """The name an expression starts from: `logging` for `logging.getLogger`, None for a call's result."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def notebook_app_code(path: Path = NOTEBOOK) -> list[str]:
    """The code cells of notebook 12 that define its apps, in order."""
    import nbformat

    cells = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code" or cell.source.lstrip().startswith(("%", "#")):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        if tree.body and defines_only(tree):
            cells.append(cell.source)
    return cells


def notebook_namespace(path: Path = NOTEBOOK) -> dict[str, Any]:
    """A module holding what the notebook's app cells define (dataclasses need a real module)."""
    import types

    module = types.ModuleType("notebook_12_apps")
    sys.modules[module.__name__] = module
    for source in notebook_app_code(path):
        exec(compile(source, str(path), "exec"), module.__dict__)  # noqa: S102 - the course's own code
    return module.__dict__


# --- the server process ---------------------------------------------------------------------------

def build_app(framework: str, nb: dict[str, Any], public_pem: bytes, jwks_url: str) -> Any:
    """The notebook's app, plus the endpoints that load keys per request (for comparison)."""
    import jwt
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    settings = nb["read_settings"]()
    users = nb["UserStore"]()
    rs256_policy = nb["TokenPolicy"](algorithm="RS256", issuer=ISSUER, audience=AUDIENCE,
                                     leeway=timedelta(seconds=5))
    public_key = load_pem_public_key(public_pem)
    jwks_client = jwt.PyJWKClient(jwks_url, lifespan=300, timeout=5)  # as the notebook makes it

    def verified(token: str, variant: str) -> dict[str, Any]:
        if variant == "hs256 each":
            each = nb["read_settings"]()
            return nb["policy_for"](each).verify(token, each.secret)
        if variant == "rs256 once":
            return rs256_policy.verify(token, public_key)
        if variant == "rs256 each":
            return rs256_policy.verify(token, load_pem_public_key(public_pem))
        client = jwt.PyJWKClient(jwks_url, timeout=5)  # "jwks each": a new client per request
        return rs256_policy.verify(token, nb["signing_key_for"](client, token))

    if framework == "fastapi":
        from fastapi import Depends

        app = nb["create_fastapi_app"](settings, users)
        app.mount("/rs256", nb["create_rs256_app"](ISSUER, AUDIENCE, jwks_url))
        for variant in ("hs256 each", "rs256 once", "rs256 each", "jwks each"):
            async def endpoint(credentials=Depends(nb["bearer_scheme"]), variant=variant):  # noqa: B008
                return {"user": verified(credentials.credentials, variant)["sub"]}

            app.add_api_route(ENDPOINTS[variant], endpoint, methods=["GET"], name=variant)
        return app
    from flask import request

    app = nb["create_flask_app"](settings, users)
    for variant in ("hs256 each", "rs256 once", "rs256 each", "jwks each", "jwks once"):
        def view(variant=variant):
            token = request.headers["Authorization"].partition(" ")[2]
            if variant == "jwks once":  # the app-wide client, as the notebook's RS256 app does it
                return {"user": rs256_policy.verify(token, nb["signing_key_for"](jwks_client, token))["sub"]}
            return {"user": verified(token, variant)["sub"]}

        app.add_url_rule(ENDPOINTS[variant], endpoint=variant, view_func=view)
    return app


def serve(framework: str, public_pem_file: str, jwks_url: str) -> None:
    """The server side, in its own process: print the URL, then answer `cpu` lines until EOF."""
    from helpers.web.app_servers import start_uvicorn, start_werkzeug
    from tools.bench.process_cpu import answer_cpu_requests

    nb = notebook_namespace()
    app = build_app(framework, nb, Path(public_pem_file).read_bytes(), jwks_url)
    server = (start_uvicorn if framework == "fastapi" else start_werkzeug)(app, name=framework)
    print(server.url, flush=True)
    answer_cpu_requests(server.stop)


# --- the client -------------------------------------------------------------------------------

def tokens(secret: str, private_key: Any) -> dict[str, str]:
    """An HS256 and an RS256 access token as the notebook's apps expect them, valid for an hour."""
    import jwt

    now = datetime.now(timezone.utc)
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "u_bench", "client_id": CLIENT_ID, "scope": "profile",
              "iat": now, "exp": now + timedelta(hours=1), "jti": secrets.token_urlsafe(8)}
    return {"HS256": jwt.encode(claims, secret, algorithm="HS256", headers={"typ": "at+jwt"}),
            "RS256": jwt.encode(claims, private_key, algorithm="RS256",
                                headers={"typ": "at+jwt", "kid": KID})}


def burst(connection: http.client.HTTPConnection, path: str, headers: dict[str, str], server: Any,
          count: int = REQUESTS_PER_BURST) -> tuple[float, float]:
    """(requests per second, server CPU microseconds per request) for `count` requests in a row."""
    cpu_before = server.cpu()
    started = time.perf_counter()
    for _ in range(count):
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"{path} answered {answer.status} during the benchmark")
    elapsed = time.perf_counter() - started
    return count / elapsed, (server.cpu() - cpu_before) / count * 1e6


def measure(runs: int) -> dict[str, Any]:
    """Per framework and endpoint: rps and server CPU per request, their ratios to /health."""
    import tempfile

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from helpers.key_sets.server import JWKS_PATH, JwksApp
    from helpers.keys.jwk import public_jwk
    from helpers.web.server import start_server
    from tools.bench.process_cpu import ServerProcess, load_average

    load_before = load_average()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    secret = secrets.token_urlsafe(32)
    minted = tokens(secret, key)
    jwks = start_server(JwksApp(public_jwk(key.public_key(), KID, "RS256")), name="bench-jwks")
    env = {"JWT_SECRET": secret, "JWT_ISSUER": ISSUER, "JWT_AUDIENCE": AUDIENCE}
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        pem_file = Path(folder) / "public.pem"
        pem_file.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                           serialization.PublicFormat.SubjectPublicKeyInfo))
        for framework in FRAMEWORKS:
            command = [sys.executable, "-m", "tools.bench_apps", "--serve", framework, str(pem_file),
                       jwks.url + JWKS_PATH]
            with ServerProcess(command, env=env, cwd=ROOT) as server:
                url = server.first_line
                connection = http.client.HTTPConnection(url.split("//")[1].split(":")[0],
                                                        int(url.rsplit(":", 1)[1]), timeout=30)
                samples: dict[str, list[tuple[float, float]]] = {name: [] for name in ENDPOINTS}
                for name, path in ENDPOINTS.items():  # warm up every endpoint (and the key caches)
                    burst(connection, path, auth_for(name, minted), server, count=30)
                for _ in range(runs):
                    for name, path in ENDPOINTS.items():
                        samples[name].append(burst(connection, path, auth_for(name, minted), server))
                connection.close()
            results[framework] = summarise(samples)
    jwks.stop()
    values = [min(results[f]["per_run_cpu_ratio"][name][run] for f in FRAMEWORKS for name in KEYS_ONCE)
              for run in range(runs)]
    return {"figure": NAME, "title": TITLE, "goal": GOAL_TEXT, "unit": "ratio", "values": values,
            "met": statistics.median(values) >= GOAL, "runs": runs, "frameworks": results,
            "load_average": {"before": load_before, "after": load_average()}}


def auth_for(endpoint: str, minted: dict[str, str]) -> dict[str, str]:
    if endpoint == "health":
        return {}
    return {"Authorization": "Bearer " + minted["HS256" if endpoint.startswith("hs256") else "RS256"]}


def summarise(samples: dict[str, list[tuple[float, float]]]) -> dict[str, Any]:
    """Medians per endpoint, and each run's ratios to that run's /health."""
    health = samples["health"]
    per_run_rps = {name: [s[0] / h[0] for s, h in zip(runs, health)] for name, runs in samples.items()}
    per_run_cpu = {name: [h[1] / s[1] for s, h in zip(runs, health)] for name, runs in samples.items()}
    return {
        "rps": {name: round(statistics.median(s[0] for s in runs)) for name, runs in samples.items()},
        "cpu_us": {name: round(statistics.median(s[1] for s in runs), 1) for name, runs in samples.items()},
        "rps_ratio": {name: round(statistics.median(v), 3) for name, v in per_run_rps.items()},
        "cpu_ratio": {name: round(statistics.median(v), 3) for name, v in per_run_cpu.items()},
        "per_run_cpu_ratio": per_run_cpu,
    }


def table(result: dict[str, Any]) -> str:
    """The measured matrix as text: one line per endpoint, both frameworks side by side."""
    lines = [f"{'endpoint':<12} " + "  ".join(f"{f + ' rps':>12} {'ratio':>6} {'CPU us':>8} {'ratio':>6}"
                                               for f in FRAMEWORKS)]
    for name in ENDPOINTS:
        cells = []
        for framework in FRAMEWORKS:
            r = result["frameworks"][framework]
            cells.append(f"{r['rps'][name]:>12} {r['rps_ratio'][name]:>6.2f} {r['cpu_us'][name]:>8.1f} "
                         f"{r['cpu_ratio'][name]:>6.2f}")
        lines.append(f"{name:<12} " + "  ".join(cells))
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--serve", nargs=3, metavar=("FRAMEWORK", "PUBLIC_PEM", "JWKS_URL"),
                        help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        serve(*arguments.serve)
    else:
        measured = measure(arguments.runs)
        print(table(measured))
        print(json.dumps({k: v for k, v in measured.items() if k != "frameworks"}, indent=1))
