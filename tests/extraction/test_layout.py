"""The extraction package stays in small pieces: no module over 450 lines, no function over 60."""

import ast
from pathlib import Path

import claims.extraction

PACKAGE = Path(claims.extraction.__file__).parent
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60


def test_no_module_is_over_the_limit():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert len(sizes) > 10
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_no_function_is_over_the_limit():
    long = {}
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.name}:{node.name}"] = lines
    assert long == {}
