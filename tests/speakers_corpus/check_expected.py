#!/usr/bin/env python3
"""Check the speaker-identity corpus against its answer key.

usage: python3 tests/speakers_corpus/check_expected.py

  * every articles/<id>.txt has one record in expected.json and 150-400 words, and is its annotated source with
    the header and marks removed (run build_expected.py after editing annotated/);
  * every quote's key occurs exactly once in its article, and its content's pieces occur in it;
  * every speaker id is a person of people.json or an unresolved local speaker; "article" quotes have the
    person's full name in the article (accents and case folded), "corpus" quotes at least the surname, and
    "no" quotes a list of people they must not be linked to;
  * every word of every quoted person's full name occurs in at least one article quoting that person, so a
    right canonical name never needs a word from elsewhere;
  * the headline is the first line, followed by a blank line.
Prints counts and OK; exits 1 on any error. Plain Python, no project imports.
"""

import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SUFFIXES = {"jr", "sr", "ii", "iii"}


def load_builder():
    spec = importlib.util.spec_from_file_location("build_expected", os.path.join(HERE, "build_expected.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def check():
    b = load_builder()
    with open(os.path.join(HERE, "expected.json"), encoding="utf-8") as f:
        exp = json.load(f)
    people, local = exp["people"], exp["unresolved"]
    errors, seen, quoted_in = [], [], {}
    counts = {"article": 0, "corpus": 0, "no": 0}
    for art in exp["articles"]:
        fn = art["file"]
        seen.append(fn)
        path = os.path.join(HERE, "articles", fn)
        if not os.path.exists(path):
            errors.append(f"{fn}: no article file")
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        with open(os.path.join(HERE, "annotated", fn), encoding="utf-8", newline="") as fh:
            plain, _ = b.parse(b.split_header(fh.read())[2], fn)
        if plain != text:
            errors.append(f"{fn}: annotated source and article differ (run build_expected.py)")
        nw = len(text.split())
        if not 150 <= nw <= 400:
            errors.append(f"{fn}: {nw} words (want 150-400)")
        lines = text.split("\n")
        if len(lines) < 2 or lines[1].strip() or art["headline"] != lines[0]:
            errors.append(f"{fn}: the headline must be the first line, then a blank line")
        if not art["traps"]:
            errors.append(f"{fn}: no traps listed")
        ftext = b.fold(text)
        for q in art["quotes"]:
            if text.count(q["key"]) != 1:
                errors.append(f"{fn}: key found {text.count(q['key'])} times: {q['key']!r}")
            pid, res = q["person"], q["resolvable"]
            counts[res] = counts.get(res, 0) + 1
            if pid in people:
                name = people[pid]["name"]
                quoted_in.setdefault(pid, []).append(ftext)
            elif pid in local:
                name = local[pid]["name"]
            else:
                errors.append(f"{fn}: unknown speaker id {pid}")
                continue
            if q["name"] != name:
                errors.append(f"{fn}: name {q['name']!r} != {name!r}")
            words = [w for w in re.findall(r"\w+", b.fold(name)) if w not in SUFFIXES]
            if res == "article" and b.fold(name) not in ftext:
                errors.append(f"{fn}: 'article' quote but {name!r} is not in the article")
            if res in ("corpus", "no") and not re.search(r"\b" + re.escape(words[-1]) + r"\b", ftext):
                errors.append(f"{fn}: surname of {name!r} not in the article")
            if res == "no" and not q.get("must_not_be"):
                errors.append(f"{fn}: unresolvable quote without must_not_be")
            if res not in ("article", "corpus", "no"):
                errors.append(f"{fn}: bad resolvable {res!r}")
    for pid, texts in quoted_in.items():
        for w in re.findall(r"\w+", b.fold(people[pid]["name"])):
            if len(w) > 1 and not any(re.search(r"\b" + re.escape(w) + r"\b", t) for t in texts):
                errors.append(f"{pid}: name word {w!r} occurs in no article quoting this person")
    files = sorted(f for f in os.listdir(os.path.join(HERE, "articles")) if f.endswith(".txt"))
    if sorted(seen) != files:
        errors.append(f"files {sorted(set(seen) ^ set(files))} differ between expected.json and articles/")
    return errors, counts, len(seen), sum(counts.values()), len(quoted_in)


def main():
    errors, counts, n, nq, np_ = check()
    for e in errors:
        print("ERROR", e)
    print(
        f"{n} articles, {nq} quotes by {np_} known people or organisations; resolvable: {counts['article']} in the"
        f" article, {counts['corpus']} by the corpus, {counts['no']} ambiguous"
    )
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
