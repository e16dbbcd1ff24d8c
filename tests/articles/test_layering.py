"""The articles app reaches extraction only through the claims services."""

import ast

from tests.conftest import REPO


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_the_articles_app_never_imports_the_extraction_package():
    offenders = {
        str(path.relative_to(REPO)): module
        for path in (REPO / "articles").rglob("*.py")
        for module in imported_modules(path)
        if module.startswith("claims.extraction")
    }
    assert offenders == {}


def test_the_ingest_command_exits_through_command_error_only():
    source = (REPO / "articles" / "management" / "commands" / "ingest.py").read_text()
    assert "sys.exit" not in source and "._out" not in source
