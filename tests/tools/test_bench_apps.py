"""P12 (tools/bench_apps.py): registered, runs notebook 12's own app code, reports every endpoint.

No timing is asserted: the figures are measurements (`make bench BENCH=P12`).
"""

from __future__ import annotations

import ast

from tools.bench import FIGURES
from tools.bench.__main__ import load_figures
from tools.bench_apps import ENDPOINTS, FRAMEWORKS, defines_only, measure, notebook_app_code


def test_p12_is_registered_with_a_floor_for_its_goal():
    assert "tools.bench.p12_your_app" in FIGURES
    module = load_figures()["P12"]
    assert (module.NAME, module.GOAL) == ("P12", 0.8) and module.TITLE and module.GOAL_TEXT
    assert module.met({"values": [0.9, 0.7, 0.85]}) and not module.met({"values": [0.5, 0.9, 0.7]})


def test_only_the_cells_that_define_the_apps_are_taken_from_the_notebook():
    cells = notebook_app_code()
    defined = {node.name for source in cells for node in ast.parse(source).body
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    assert {"read_settings", "TokenPolicy", "UserStore", "Refused", "token_refusal", "RefreshTokens",
            "create_fastapi_app", "require_token", "create_flask_app", "create_rs256_app"} <= defined
    assert not any("start_uvicorn(" in source or "send(" in source for source in cells)


def test_a_cell_that_runs_something_is_not_a_definition():
    assert defines_only(ast.parse("import jwt\nfrom x import Y\nB = Y(1)\nC = 'x'\ndef f():\n    return 1"))
    assert defines_only(ast.parse("import logging\nlog = logging.getLogger('token-refusals')"))
    for source in ("server = start_server(app)", "print(1)", "key = rsa.generate_private_key(65537)",
                   "os.environ['X'] = '1'", "for i in range(3):\n    pass"):
        assert not defines_only(ast.parse(source)), source


def test_one_run_measures_every_endpoint_of_both_apps():
    result = measure(1)
    assert len(result["values"]) == 1 and result["values"][0] > 0
    for framework in FRAMEWORKS:
        figures = result["frameworks"][framework]
        assert set(figures["cpu_us"]) == set(ENDPOINTS)
        assert all(value > 0 for value in figures["cpu_us"].values())
        assert figures["cpu_ratio"]["health"] == 1.0
    assert len(result["load_average"]["before"]) == 3
