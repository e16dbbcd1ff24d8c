"""The NLP core stands alone: it never imports Django or the apps' models."""

import ast
import subprocess
import sys
from pathlib import Path

EXTRACTION = Path(__file__).resolve().parents[2] / "claims" / "extraction"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_core_imports_django_or_the_apps():
    offenders = {
        path.name: sorted(m for m in imported_modules(path) if m.split(".")[0] in {"django", "articles", "claims"})
        for path in EXTRACTION.glob("*.py")
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_running_an_extraction_loads_no_django():
    code = (
        "import sys; from claims.extraction.pipeline import build_nlp, extract;"
        "r = extract('\"It works,\" she said.', build_nlp());"
        "print(len(r.quotes), any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=EXTRACTION.parents[1], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "False"]
