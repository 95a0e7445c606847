"""Content hygiene: the committed course is clean, and its code models only safe habits.

Each check is a small function that returns a list of problems (empty when clean). The tests
run every check on the committed notebooks (and, for code, on the solutions and helpers), and
feed each check a deliberately bad synthetic notebook to prove it can fail.

Cell tags that allow an exception, on purpose and visibly:
- `raises-exception`: the cell fails on purpose (its error output is the lesson);
- `unsafe-demo`: a deliberate demonstration of what not to do with jwt.decode;
- `short-secret-lesson`: the lesson on why 'my-secret' is too short.
"""

from __future__ import annotations

import ast
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.keys.algorithms import HMAC_ALGORITHMS, hmac_bytes
from tools.course import NOTEBOOKS, ROOT, course_notebooks

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MINIMUM_SECRET_BYTES = {name: hmac_bytes(name) for name in HMAC_ALGORITHMS}  # from PyJWT
# Built from pieces so that this file does not match its own scan.
PRIVATE_KEY = re.compile(rb"-----BEGIN (?:[A-Z0-9]+ )*" + b"PRIVATE" + rb" KEY-----")
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""<a\s[^>]*href=["']([^"']+)["']""", re.IGNORECASE)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)
REQUIRED_TEXT = {
    "objectives": "What you will learn",
    "minutes": "**Time:**",
    "key points": "## Key points",
}

Problems = list[str]


# --- reading notebooks and code -----------------------------------------------------------------

def python_files() -> list[Path]:
    """The solutions learners load and the helpers they import: they model habits too."""
    return sorted([*(NOTEBOOKS / "solutions").glob("*.py"), *(ROOT / "helpers").rglob("*.py")])


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def tags(cell: Any) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def code_cells(notebook: nbformat.NotebookNode) -> Iterator[Any]:
    return (cell for cell in notebook.cells if cell.cell_type == "code")


def parse_cell(source: str) -> ast.Module:
    """A code cell as a Python syntax tree (IPython magics turned into calls first)."""
    return ast.parse(TransformerManager().transform_cell(source))


# --- 1. execution counts, kernelspec, widget state, errors -------------------------------------

def execution_count_problems(notebook: nbformat.NotebookNode) -> Problems:
    """Code cells must be numbered 1..N, as after one clean top-to-bottom run."""
    counts = [cell.get("execution_count") for cell in code_cells(notebook)]
    problems = []
    if counts != list(range(1, len(counts) + 1)):
        problems.append(f"execution counts are {counts}, not 1..{len(counts)}: re-run top to bottom")
    for cell in code_cells(notebook):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "execute_result" and (
                    output.get("execution_count") != cell.get("execution_count")):
                problems.append(f"cell {cell.get('id')}: a result numbered differently from its cell")
    return problems


def kernelspec_problems(notebook: nbformat.NotebookNode) -> Problems:
    name = notebook.metadata.get("kernelspec", {}).get("name")
    return [] if name == "python3" else [f"kernelspec is {name!r}, not 'python3'"]


def widget_state_problems(notebook: nbformat.NotebookNode) -> Problems:
    """No saved widget state: it is a snapshot with random model ids (diff noise, stale views)."""
    problems = []
    if "widgets" in notebook.metadata:
        problems.append("saved widget state in the notebook metadata")
    for cell in notebook.cells:
        if "widgets" in cell.get("metadata", {}):
            problems.append(f"cell {cell.get('id')}: saved widget state in the cell metadata")
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data or WIDGET_STATE in data:
                problems.append(f"cell {cell.get('id')}: an output refers to a saved widget model")
    return problems


def unexpected_error_problems(notebook: nbformat.NotebookNode) -> Problems:
    return [f"cell {cell.get('id')}: error output {output.get('ename')} without the "
            "raises-exception tag"
            for cell in code_cells(notebook) if "raises-exception" not in tags(cell)
            for output in cell.get("outputs", []) if output.get("output_type") == "error"]


# --- 2. the code: decode safely, aware times, long secrets -------------------------------------

class Names:
    """How this code refers to the jwt module, its functions, and the datetime class."""

    def __init__(self) -> None:
        self.jwt_modules = {"jwt"}
        self.jwt_functions: dict[str, str] = {}  # local name -> "encode" / "decode"
        self.datetime_classes = {"datetime"}
        self.constants: dict[str, Any] = {}  # NAME = "literal" assignments seen so far

    def learn(self, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                self.jwt_modules |= {a.asname or a.name for a in node.names if a.name == "jwt"}
            elif isinstance(node, ast.ImportFrom) and node.module == "jwt":
                self.jwt_functions |= {a.asname or a.name: a.name for a in node.names
                                       if a.name in ("encode", "decode", "decode_complete")}
            elif isinstance(node, ast.ImportFrom) and node.module == "datetime":
                self.datetime_classes |= {a.asname or a.name for a in node.names
                                          if a.name == "datetime"}
        for node in tree.body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
                self.constants[node.targets[0].id] = node.value.value

    def jwt_call(self, node: ast.AST) -> str:
        """'encode', 'decode' or 'decode_complete' when node calls that PyJWT function, else ''."""
        if not isinstance(node, ast.Call):
            return ""
        func = node.func
        if isinstance(func, ast.Name):
            return self.jwt_functions.get(func.id, "")
        if (isinstance(func, ast.Attribute) and func.attr in ("encode", "decode", "decode_complete")
                and isinstance(func.value, ast.Name) and func.value.id in self.jwt_modules):
            return func.attr
        return ""

    def is_datetime(self, node: ast.AST) -> bool:
        """`datetime` (the class, however imported) or `datetime.datetime`."""
        if isinstance(node, ast.Name):
            return node.id in self.datetime_classes
        return isinstance(node, ast.Attribute) and node.attr == "datetime"


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    return call.args[position] if len(call.args) > position else keyword(call, name)


def has_double_star(call: ast.Call) -> bool:
    return any(k.arg is None for k in call.keywords)


def is_false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def unsafe_decode_problems(tree: ast.Module, names: Names) -> Problems:
    """jwt.decode must name its algorithms (never 'none') and keep the signature check on."""
    problems = []
    for node in ast.walk(tree):
        if names.jwt_call(node) not in ("decode", "decode_complete"):
            continue
        line = f"line {node.lineno}"
        algorithms = argument(node, 2, "algorithms")
        if algorithms is None and not has_double_star(node):
            problems.append(f"{line}: jwt.decode without algorithms=")
        elif isinstance(algorithms, ast.Constant) and algorithms.value is None:
            problems.append(f"{line}: jwt.decode with algorithms=None")
        elif isinstance(algorithms, (ast.List, ast.Tuple, ast.Set)) and any(
                isinstance(e, ast.Constant) and str(e.value).lower() == "none"
                for e in algorithms.elts):
            problems.append(f"{line}: jwt.decode accepting the 'none' algorithm")
        options = keyword(node, "options")
        if isinstance(options, ast.Dict) and any(
                isinstance(k, ast.Constant) and k.value == "verify_signature" and is_false(v)
                for k, v in zip(options.keys, options.values)):
            problems.append(f"{line}: jwt.decode with verify_signature off")
        if is_false(keyword(node, "verify")):
            problems.append(f"{line}: jwt.decode(..., verify=False), the PyJWT 1 way to skip checks")
    return problems


def naive_time_problems(tree: ast.Module, names: Names) -> Problems:
    """No utcnow()/utcfromtimestamp(), and no now()/fromtimestamp()/today() without a timezone."""
    problems = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and names.is_datetime(node.func.value)):
            continue
        method, line = node.func.attr, f"line {node.lineno}"
        if method in ("utcnow", "utcfromtimestamp"):
            problems.append(f"{line}: datetime.{method}() is naive and deprecated: "
                            "use datetime.now(timezone.utc)")
        elif method in ("now", "fromtimestamp"):
            position = 0 if method == "now" else 1
            zone = argument(node, position, "tz")
            if zone is None or (isinstance(zone, ast.Constant) and zone.value is None):
                problems.append(f"{line}: naive datetime.{method}() (no timezone): "
                                "pass timezone.utc")
        elif method == "today":
            problems.append(f"{line}: datetime.today() is naive: use datetime.now(timezone.utc)")
    return problems


def hmac_minimum(call: ast.Call, function: str) -> int | None:
    """The shortest secret this encode/decode call should get, or None when it is not HMAC."""
    if function == "encode":
        algorithm = argument(call, 2, "algorithm")
        chosen = ["HS256"] if algorithm is None else (
            [algorithm.value] if isinstance(algorithm, ast.Constant) else None)
    else:
        algorithms = argument(call, 2, "algorithms")
        chosen = ([e.value for e in algorithms.elts if isinstance(e, ast.Constant)]
                  if isinstance(algorithms, (ast.List, ast.Tuple)) else None)
    if chosen is None:  # decided at run time: judge the key as for HS256
        return MINIMUM_SECRET_BYTES["HS256"]
    sizes = [MINIMUM_SECRET_BYTES[a] for a in chosen if a in MINIMUM_SECRET_BYTES]
    return max(sizes) if sizes else None


def short_secret_problems(tree: ast.Module, names: Names) -> Problems:
    """Literal HMAC secrets passed to jwt.encode/jwt.decode must be long enough."""
    problems = []
    for node in ast.walk(tree):
        function = names.jwt_call(node)
        if not function:
            continue
        key = argument(node, 1, "key")
        value = (key.value if isinstance(key, ast.Constant)
                 else names.constants.get(key.id) if isinstance(key, ast.Name) else None)
        minimum = hmac_minimum(node, function)
        if not isinstance(value, (str, bytes)) or minimum is None:
            continue
        size = len(value.encode("utf-8") if isinstance(value, str) else value)
        if size < minimum:
            problems.append(f"line {node.lineno}: a {size}-byte HMAC secret passed to "
                            f"jwt.{function} (needs {minimum}): use secrets.token_urlsafe(32)")
    return problems


CodeCheck = Callable[[ast.Module, Names], Problems]
CELL_CHECKS: dict[str, tuple[CodeCheck, str | None]] = {  # check: (function, tag that allows it)
    "unsafe decode": (unsafe_decode_problems, "unsafe-demo"),
    "naive time": (naive_time_problems, None),
    "short secret": (short_secret_problems, "short-secret-lesson"),
}


def notebook_code_problems(notebook: nbformat.NotebookNode, check: str) -> Problems:
    """Run one code check on every code cell, in order, except where its tag allows it."""
    function, allowed_by = CELL_CHECKS[check]
    names, problems = Names(), []
    for cell in code_cells(notebook):
        try:
            tree = parse_cell(cell.source)
        except SyntaxError as error:
            problems.append(f"cell {cell.get('id')}: not valid Python ({error.msg}), so unchecked")
            continue
        names.learn(tree)
        if allowed_by in tags(cell):
            continue
        problems += [f"cell {cell.get('id')} {p}" for p in function(tree, names)]
    return problems


def file_code_problems(path: Path, check: str) -> Problems:
    function, _ = CELL_CHECKS[check]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = Names()
    names.learn(tree)
    return function(tree, names)


# --- 3. private keys anywhere in the repository --------------------------------------------------

def repository_files() -> list[Path]:
    """Tracked files, plus new ones not ignored (about to be committed)."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in listing.decode("utf-8").split("\0") if name]


def private_key_problems(files: dict[str, bytes]) -> Problems:
    return [f"{name}: private key material (-----BEGIN ... PRIVATE KEY-----); remove it and "
            "rotate the key" for name, content in files.items() if PRIVATE_KEY.search(content)]


# --- 4. links, objectives, minutes, key points -------------------------------------------------

def heading_anchor(heading: str) -> str:
    """The id JupyterLab gives a heading: its rendered text, spaces replaced by '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links keep their text
    text = re.sub(r"[`*]", "", text)  # code and emphasis marks are not rendered
    return text.strip().replace(" ", "-")


def anchors(notebook: nbformat.NotebookNode) -> set[str]:
    return {heading_anchor(match.group(2)) for cell in notebook.cells
            if cell.cell_type == "markdown" for match in HEADING.finditer(cell.source)}


def link_problems(notebook: nbformat.NotebookNode, folder: Path) -> Problems:
    """Every relative link resolves: the file exists and, for #Anchor, the heading does."""
    problems = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for target in [*MARKDOWN_LINK.findall(cell.source), *HTML_LINK.findall(cell.source)]:
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue  # https:, mailto:, ...: not a link between notebooks
            path, _, anchor = target.partition("#")
            linked = notebook if not path else None
            if path:
                file = (folder / path).resolve()
                if not file.exists():
                    problems.append(f"cell {cell.get('id')}: link to {target} (no such file)")
                    continue
                if file.suffix == ".ipynb" and anchor:
                    linked = read(file)
            if anchor and linked is not None and anchor not in anchors(linked):
                problems.append(f"cell {cell.get('id')}: link to {target} (no heading with "
                                f"that anchor)")
    return problems


def structure_problems(notebook: nbformat.NotebookNode) -> Problems:
    """Each notebook says what you will learn, how many minutes it takes, and its key points."""
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    return [f"no {what} ({marker!r})" for what, marker in REQUIRED_TEXT.items() if marker not in text]


# --- the committed course ------------------------------------------------------------------------

NOTEBOOK_CHECKS: dict[str, Callable[[nbformat.NotebookNode, Path], Problems]] = {
    "execution counts": lambda nb, path: execution_count_problems(nb),
    "kernelspec": lambda nb, path: kernelspec_problems(nb),
    "widget state": lambda nb, path: widget_state_problems(nb),
    "unexpected errors": lambda nb, path: unexpected_error_problems(nb),
    "unsafe decode": lambda nb, path: notebook_code_problems(nb, "unsafe decode"),
    "naive time": lambda nb, path: notebook_code_problems(nb, "naive time"),
    "short secret": lambda nb, path: notebook_code_problems(nb, "short secret"),
    "links": lambda nb, path: link_problems(nb, path.parent),
    "objectives, minutes, key points": lambda nb, path: structure_problems(nb),
}


def test_there_are_course_notebooks_to_check():
    assert len(course_notebooks()) >= 5


@pytest.mark.parametrize("check", NOTEBOOK_CHECKS)
@pytest.mark.parametrize("path", course_notebooks(), ids=lambda path: path.name)
def test_committed_notebooks_are_clean(path: Path, check: str):
    assert NOTEBOOK_CHECKS[check](read(path), path) == []


@pytest.mark.parametrize("check", CELL_CHECKS)
@pytest.mark.parametrize("path", python_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_solutions_and_helpers_model_safe_habits(path: Path, check: str):
    if path == DELIBERATELY_VULNERABLE and check in VULNERABLE_MAY_BREAK:  # attack lab
        return
    assert file_code_problems(path, check) == []


# --- attack lab (notebooks 10-11): unsafe decoding lives in ONE module --------------------------
# helpers/lab/vulnerable.py is the lab's deliberately broken verifier: it alone (and cells tagged
# unsafe-demo) may decode without algorithms=, accept 'none', skip the signature or use a short
# secret. Nothing else in helpers imports it: tests/unit/test_lab.py checks that with ast.
DELIBERATELY_VULNERABLE = ROOT / "helpers" / "lab" / "vulnerable.py"
VULNERABLE_MAY_BREAK = ("unsafe decode", "short secret")


@pytest.mark.parametrize("check", VULNERABLE_MAY_BREAK)
def test_the_vulnerable_module_really_is_the_exception(check: str):
    """The exemption is not vacuous: the lab's vulnerable module does break these checks."""
    assert file_code_problems(DELIBERATELY_VULNERABLE, check) != []


def test_no_private_key_is_committed_anywhere():
    files = repository_files()
    assert len(files) > 20, "git ls-files found the repository"
    contents = {str(path.relative_to(ROOT)): path.read_bytes() for path in files if path.is_file()}
    assert private_key_problems(contents) == []


# --- every check can fail: deliberately bad synthetic notebooks ----------------------------------

def notebook_of(*cells: Any, **metadata: Any) -> nbformat.NotebookNode:
    """A clean course notebook around the given cells; metadata overrides the defaults."""
    intro = new_markdown_cell("# Demo\n\n**What you will learn**\n- x\n\n**Time:** 5 minutes.")
    outro = new_markdown_cell("## Key points\n\n- x")
    return bare_notebook(intro, *cells, outro, **metadata)


def bare_notebook(*cells: Any, **metadata: Any) -> nbformat.NotebookNode:
    """Exactly these cells, numbered 1..N, with a python3 kernelspec unless metadata says else."""
    notebook = new_notebook(cells=list(cells))
    notebook.metadata.update({"kernelspec": {"name": "python3", "display_name": "Python 3",
                                             "language": "python"}, **metadata})
    for number, cell in enumerate(code_cells(notebook), start=1):
        cell.execution_count = number
    return notebook


def code(source: str, *cell_tags: str, outputs: list[Any] | None = None) -> Any:
    return new_code_cell(source, metadata={"tags": list(cell_tags)} if cell_tags else {},
                         outputs=outputs or [])


def error_output() -> Any:
    return new_output("error", ename="ExpiredSignatureError", evalue="Signature has expired",
                      traceback=[])


def renumbered(notebook: nbformat.NotebookNode, counts: list[int | None]) -> nbformat.NotebookNode:
    for cell, count in zip(code_cells(notebook), counts):
        cell.execution_count = count
    return notebook


def widget_output() -> Any:
    return new_output("execute_result", execution_count=1, data={
        "text/plain": "[widget]", WIDGET_VIEW: {"model_id": "0f3c", "version_major": 2}})


BAD_NOTEBOOKS: dict[str, tuple[str, nbformat.NotebookNode]] = {  # id: (check, notebook)
    "counts-out-of-order": ("execution counts",
                            renumbered(notebook_of(code("a = 1"), code("b = 2")), [2, 1])),
    "counts-missing": ("execution counts",
                       renumbered(notebook_of(code("a = 1"), code("b = 2")), [1, None])),
    "counts-start-at-3": ("execution counts",
                          renumbered(notebook_of(code("a = 1"), code("b = 2")), [3, 4])),
    "kernelspec-other": ("kernelspec", notebook_of(code("a = 1"), kernelspec={"name": "python2"})),
    "kernelspec-missing": ("kernelspec", notebook_of(code("a = 1"), kernelspec={})),
    "widget-state-in-metadata": ("widget state", notebook_of(
        code("a = 1"), widgets={WIDGET_STATE: {"state": {}}})),
    "widget-model-in-output": ("widget state", notebook_of(code("Editor()",
                                                                outputs=[widget_output()]))),
    "error-without-tag": ("unexpected errors", notebook_of(code("jwt.decode(t, k, algorithms=['HS256'])",
                                                                outputs=[error_output()]))),
    "decode-without-algorithms": ("unsafe decode", notebook_of(code("jwt.decode(token, SECRET)"))),
    "decode-algorithms-none": ("unsafe decode",
                               notebook_of(code("jwt.decode(token, SECRET, algorithms=None)"))),
    "decode-accepts-alg-none": ("unsafe decode", notebook_of(
        code("jwt.decode(token, SECRET, algorithms=['HS256', 'none'])"))),
    "decode-verify-signature-off": ("unsafe decode", notebook_of(code(
        "jwt.decode(token, algorithms=['HS256'], options={'verify_signature': False})"))),
    "decode-pyjwt1-verify-false": ("unsafe decode", notebook_of(
        code("jwt.decode(token, SECRET, algorithms=['HS256'], verify=False)"))),
    "decode-imported-by-name": ("unsafe decode", notebook_of(
        code("from jwt import decode"), code("decode(token, SECRET)"))),
    "decode-module-alias": ("unsafe decode", notebook_of(
        code("import jwt as pyjwt"), code("pyjwt.decode(token, SECRET)"))),
    "decode-unsafe-tag-on-another-cell": ("unsafe decode", notebook_of(
        code("x = 1", "unsafe-demo"), code("jwt.decode(token, SECRET)"))),
    "utcnow": ("naive time", notebook_of(code(
        "jwt.encode({'exp': datetime.utcnow() + timedelta(minutes=5)}, SECRET)"))),
    "utcnow-fully-qualified": ("naive time", notebook_of(code(
        "import datetime\nexp = datetime.datetime.utcnow()"))),
    "naive-now": ("naive time", notebook_of(code(
        "payload = {'exp': datetime.now() + timedelta(seconds=30)}"))),
    "now-tz-none": ("naive time", notebook_of(code("exp = datetime.now(tz=None)"))),
    "naive-fromtimestamp": ("naive time", notebook_of(code("when = datetime.fromtimestamp(exp)"))),
    "naive-now-aliased": ("naive time", notebook_of(code(
        "from datetime import datetime as dt\nexp = dt.now()"))),
    "naive-now-inside-a-function": ("naive time", notebook_of(code(
        "def make():\n    return {'iat': datetime.now()}"))),
    "short-secret-literal": ("short secret",
                             notebook_of(code("jwt.encode({'a': 1}, 'my-secret', algorithm='HS256')"))),
    "short-secret-on-decode": ("short secret",
                               notebook_of(code("jwt.decode(t, 'my-secret', algorithms=['HS256'])"))),
    "short-secret-via-a-name": ("short secret", notebook_of(
        code("SECRET = 'hunter2'"), code("jwt.encode({'a': 1}, SECRET)"))),
    "short-secret-for-hs512": ("short secret", notebook_of(code(
        "jwt.encode({'a': 1}, 'forty-bytes-long-secret-for-a-hs256-key!', algorithm='HS512')"))),
    "short-secret-keyword": ("short secret", notebook_of(
        code("jwt.encode({'a': 1}, key=b'short', algorithm='HS256')"))),
    "short-secret-lesson-tag-elsewhere": ("short secret", notebook_of(
        code("x = 1", "short-secret-lesson"), code("jwt.encode({'a': 1}, 'my-secret')"))),
    "link-to-missing-notebook": ("links", notebook_of(
        new_markdown_cell("[Next](05-refresh.ipynb)"))),
    "link-to-missing-anchor": ("links", notebook_of(
        new_markdown_cell("[Map](00-start-here.ipynb#Course-Map-That-Is-Not-There)"))),
    "link-to-missing-local-anchor": ("links", notebook_of(
        new_markdown_cell("## Step one\n\nSee [above](#Step-two)."))),
    "html-link-to-missing-file": ("links", notebook_of(
        new_markdown_cell('<a href="06-missing.ipynb">next</a>'))),
    "no-objectives": ("objectives, minutes, key points", bare_notebook(
        new_markdown_cell("# Demo\n\n**Time:** 5 minutes."), new_markdown_cell("## Key points"))),
    "no-minutes": ("objectives, minutes, key points", bare_notebook(
        new_markdown_cell("# Demo\n\n**What you will learn**"), new_markdown_cell("## Key points"))),
    "no-key-points": ("objectives, minutes, key points", bare_notebook(
        new_markdown_cell("# Demo\n\n**What you will learn**\n\n**Time:** 5 minutes."))),
}


@pytest.mark.parametrize("case", BAD_NOTEBOOKS)
def test_each_check_catches_its_bad_notebook(case: str):
    check, notebook = BAD_NOTEBOOKS[case]
    assert NOTEBOOK_CHECKS[check](notebook, NOTEBOOKS / "synthetic.ipynb") != []


@pytest.mark.parametrize("case", BAD_NOTEBOOKS)
def test_each_bad_notebook_breaks_only_its_own_check(case: str):
    """The synthetic notebooks are clean except for their one flaw: each check is precise."""
    check, notebook = BAD_NOTEBOOKS[case]
    flagged = {name for name, run in NOTEBOOK_CHECKS.items()
               if run(notebook, NOTEBOOKS / "synthetic.ipynb")}
    assert flagged == {check}


def test_code_that_does_not_parse_is_reported_not_skipped():
    notebook = notebook_of(code("jwt.encode({'a': 1}, 'my-secret'"))
    for check in CELL_CHECKS:
        assert any("not valid Python" in p for p in notebook_code_problems(notebook, check))


GOOD_CELLS = {  # allowed: the safe form, or the unsafe one in a cell tagged for it
    "decode-with-algorithms": code("jwt.decode(token, SECRET, algorithms=['HS256'])"),
    "unsafe-demo-tagged": code("jwt.decode(token, SECRET)", "raises-exception", "unsafe-demo",
                               outputs=[error_output()]),
    "aware-now": code("exp = datetime.now(timezone.utc) + timedelta(minutes=10)"),
    "aware-fromtimestamp": code("when = datetime.fromtimestamp(exp, tz=timezone.utc)"),
    "short-secret-in-its-lesson": code("jwt.encode({'a': 1}, 'my-secret', algorithm='HS256')",
                                       "short-secret-lesson"),
    "random-secret": code("jwt.encode({'a': 1}, secrets.token_urlsafe(32), algorithm='HS256')"),
    "rs256-key-is-not-hmac": code("jwt.encode({'a': 1}, 'short-pem', algorithm='RS256')"),
    "decoding-bytes-is-not-jwt": code("raw.decode('utf-8')"),
    "load-magic": code("%load solutions/02-encode-ex1.py"),
    "link-to-heading": new_markdown_cell("## Course map\n\n[Map](#Course-map) "
                                         "[Start](00-start-here.ipynb#Course-map) [Web](https://pyjwt.readthedocs.io/)"),
    "link-to-code-heading": new_markdown_cell("## Why `algorithms=` is required\n\n"
                                              "[why](#Why-algorithms=-is-required)"),
}


@pytest.mark.parametrize("case", GOOD_CELLS)
def test_safe_code_and_tagged_lessons_pass_every_check(case: str):
    notebook = notebook_of(GOOD_CELLS[case])
    assert {name: problems for name, run in NOTEBOOK_CHECKS.items()
            if (problems := run(notebook, NOTEBOOKS / "synthetic.ipynb"))} == {}


@pytest.mark.parametrize("content, found", [
    (b"-----BEGIN " + b"PRIVATE KEY-----\nMIIE...", True),
    (b"key = '''-----BEGIN RSA " + b"PRIVATE KEY-----'''", True),
    (b"-----BEGIN EC " + b"PRIVATE KEY-----", True),
    (b"-----BEGIN OPENSSH " + b"PRIVATE KEY-----", True),
    (b"-----BEGIN ENCRYPTED " + b"PRIVATE KEY-----", True),
    (b"-----BEGIN PUBLIC KEY-----\nMFkw...", False),
    (b"a private key is never pasted", False),
])
def test_the_private_key_scan_finds_every_pem_private_key(content: bytes, found: bool):
    assert bool(private_key_problems({"file.txt": content})) is found
