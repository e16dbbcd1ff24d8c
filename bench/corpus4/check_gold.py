#!/usr/bin/env python3
"""Check corpus4's answer key against its articles.

usage: python3 bench/corpus4/check_gold.py [--verbose] [--self-score]

For every record of gold.jsonl:
  * articles/<id>.txt exists, has 300-900 words, and "text" is exactly that file's content (the offsets index it);
  * every quote has a kind in {direct, mixed, indirect}, a location in {body, headline}, a speaker that is a
    non-empty string or null, and fragments [start, end] inside the text, in reading order, not overlapping,
    each starting and ending on a word or quote-mark boundary, whose text joined by single spaces (white space
    folded) equals "content";
  * a direct quote's fragments hold the quoted words without the opening or closing mark; a mixed quote holds at
    least one quotation mark; a headline quote lies on one line among the first six lines of the file;
  * every article file has exactly one record, and the annotated source (annotated/<id>.txt) with its marks
    removed is byte-for-byte the article (so the key cannot drift from the text).
--self-score builds a perfect export from the key (headline = first line, body = the rest without its short
unquoted lines, paragraphs joined by blank lines, offsets into that body) and runs the shared
scorer on it, when ../shared/tools/score_quotes.py sits next to the repository: every quote must land on its gold
characters through the scorer's alignment, and recall, attribution and precision must be 1.
Prints the counts and OK; exits 1 on any error. Plain Python, no project imports.
"""

import importlib.util
import json
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"direct", "mixed", "indirect"}
MARKS = "\"'\u201c\u201d\u2018\u2019"


def fold_ws(s):
    return re.sub(r"\s+", " ", s).strip()


def boundary_ok(text, a, b):
    before = text[a - 1] if a > 0 else " "
    after = text[b] if b < len(text) else " "
    return not (before.isalnum() and text[a].isalnum()) and not (after.isalnum() and text[b - 1].isalnum())


def load_builder():
    spec = importlib.util.spec_from_file_location("build_gold", os.path.join(HERE, "build_gold.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def check(verbose=False):
    errors, counts, ids = [], {"direct": 0, "mixed": 0, "indirect": 0, "headline": 0, "null_speaker": 0}, []
    words_total = 0
    builder = load_builder()
    records = []
    with open(os.path.join(HERE, "gold.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records.append(json.loads(line))
    for r in records:
        aid = r.get("id")
        ids.append(aid)
        if set(r) != {"id", "text", "quotes"}:
            errors.append(f"{aid}: keys {sorted(r)}")
        path = os.path.join(HERE, "articles", f"{aid}.txt")
        if not os.path.exists(path):
            errors.append(f"{aid}: no article file")
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            raw = fh.read()
        text = r["text"]
        if raw != text:
            errors.append(f"{aid}: 'text' differs from the article file")
        src = os.path.join(HERE, "annotated", f"{aid}.txt")
        if not os.path.exists(src):
            errors.append(f"{aid}: no annotated source")
        else:
            with open(src, encoding="utf-8", newline="") as fh:
                plain, _ = builder.parse(fh.read(), aid)
            if plain != raw:
                errors.append(f"{aid}: annotated source and article differ (run build_gold.py)")
        nw = len(raw.split())
        words_total += nw
        if not 300 <= nw <= 900:
            errors.append(f"{aid}: {nw} words (want 300-900)")
        head_end = 0
        for _ in range(6):
            nxt = text.find("\n", head_end)
            head_end = len(text) if nxt < 0 else nxt + 1
        for q in r["quotes"]:
            kind, frags, content = q.get("kind"), q.get("content_fragments") or [], q.get("content", "")
            if kind not in KINDS:
                errors.append(f"{aid}: bad kind {kind!r}")
                continue
            counts[kind] += 1
            if q.get("location") not in ("body", "headline"):
                errors.append(f"{aid}: bad location {q.get('location')!r}")
            counts["headline"] += q.get("location") == "headline"
            sp = q.get("speaker", "")
            if sp is None:
                counts["null_speaker"] += 1
            elif not isinstance(sp, str) or not sp.strip():
                errors.append(f"{aid}: empty speaker for {content[:50]!r}")
            if not frags:
                errors.append(f"{aid}: no fragments for {content[:50]!r}")
                continue
            prev = -1
            for a, b in frags:
                if not (0 <= a < b <= len(text)) or a < prev:
                    errors.append(f"{aid}: bad or unordered fragment {[a, b]} for {content[:50]!r}")
                    break
                prev = b
                if not boundary_ok(text, a, b):
                    errors.append(f"{aid}: fragment off a word boundary: {text[a:b][:50]!r}")
                if text[a].isspace() or text[b - 1].isspace():
                    errors.append(f"{aid}: fragment starts or ends with white space: {text[a:b][:50]!r}")
            else:
                joined = " ".join(fold_ws(text[a:b]) for a, b in frags)
                if joined != fold_ws(content):
                    errors.append(f"{aid}: fragments {joined[:60]!r} != content {content[:60]!r}")
                if kind == "direct" and any(text[a] in MARKS or text[b - 1] in '"\u201c\u201d' for a, b in frags):
                    errors.append(f"{aid}: direct quote keeps a quotation mark at an edge: {content[:50]!r}")
                if kind == "mixed" and not any(c in MARKS for a, b in frags for c in text[a:b]):
                    errors.append(f"{aid}: mixed quote without quotation marks: {content[:50]!r}")
                if q.get("location") == "headline":
                    if frags[-1][1] > head_end or "\n" in text[frags[0][0] : frags[-1][1]]:
                        errors.append(f"{aid}: headline quote not on one of the first lines: {content[:50]!r}")
                if verbose and len(frags) > 1:
                    print(f"  {aid} [{kind}] {len(frags)} pieces: " + " | ".join(text[a:b][:25] for a, b in frags))
    files = sorted(f[:-4] for f in os.listdir(os.path.join(HERE, "articles")) if f.endswith(".txt"))
    if sorted(ids) != files:
        errors.append(f"ids {sorted(set(ids) ^ set(files))} differ between gold.jsonl and articles/")
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids")
    return errors, counts, len(ids), words_total, records


def perfect_export(records):
    """An export as the product would write it if it were perfect: headline = first line, body = the rest less
    its short furniture lines, with offsets into that body."""
    out = []
    for r in records:
        text = r["text"]
        first = text.find("\n")
        headline = text[:first] if first >= 0 else text
        # body: the lines after the headline, without short lines that hold no quote (bylines, captions, links),
        # joined by one blank line, as a reader that drops site furniture would give it
        spans = [(a, b) for q in r["quotes"] if q["location"] == "body" for a, b in q["content_fragments"]]
        where, parts, n, pos = {}, [], 0, first + 1
        while 0 < pos <= len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            line = text[pos:end]
            quoted = any(a < end and b > pos for a, b in spans)
            if line.strip() and (quoted or len(line.split()) >= 8):
                for k in range(pos, end + 1):
                    where[k] = n + k - pos
                parts.append(line)
                n += len(line) + 2
            pos = end + 1
        body = "\n\n".join(parts)
        quotes = []
        for q in r["quotes"]:
            frags = q["content_fragments"]
            if q["location"] == "headline":
                h_at = text.find(headline[:30]) if headline else -1
                line_start = text.rfind("\n", 0, frags[0][0]) + 1
                if line_start != h_at:  # headline on a later line (a kicker or skip link above it)
                    line_end = text.find("\n", line_start)
                    headline = text[line_start:line_end]
                    h_at = line_start
                quotes.append(
                    {
                        "speaker": q["speaker"],
                        "text": q["content"],
                        "kind": q["kind"],
                        "location": "headline",
                        "fragments": [[a - h_at, b - h_at] for a, b in frags],
                    }
                )
            else:
                quotes.append(
                    {
                        "speaker": q["speaker"],
                        "text": q["content"],
                        "kind": q["kind"],
                        "location": "body",
                        "fragments": [[where[a], where[b]] for a, b in frags],
                    }
                )
        out.append({"source": r["id"] + ".txt", "headline": headline, "body": body, "quotes": quotes})
    return out


def self_score(records):
    scorer = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(HERE))), "shared", "tools", "score_quotes.py")
    if not os.path.exists(scorer):
        print(f"self-score skipped: no scorer at {scorer}")
        return []
    spec = importlib.util.spec_from_file_location("score_quotes", scorer)
    sq = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sq)
    errs = []
    exported = perfect_export(records)
    for r, art in zip(records, exported, strict=True):  # each exported quote must land on its gold characters
        preds = [dict(q) for q in art["quotes"]]
        sq.place_quotes(art, preds, r["text"])
        for q, g in zip(preds, r["quotes"], strict=True):
            want = {k for a, b in g["content_fragments"] for k in range(a, b) if not r["text"][k].isspace()}
            got = {k for k in q.get("_chars") or () if k is not None and not r["text"][k].isspace()}
            if got != want:
                errs.append(f"self-score: [{r['id']}] not aligned: {g['content'][:50]!r}")
    with tempfile.TemporaryDirectory() as tmp:
        exp = os.path.join(tmp, "export.jsonl")
        with open(exp, "w", encoding="utf-8") as f:
            for a in exported:
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        tot, details = sq.score(exp, [os.path.join(HERE, "gold.jsonl")], verbose=True)
    s = sq.summary(tot)
    print("self-score:", {k: v for k, v in s.items() if k != "counts"})
    errs += [f"self-score: {d}" for d in details]
    for k in ("direct_recall", "direct_attribution", "indirect_recall", "indirect_attribution", "precision"):
        if s[k] != 1.0:
            errs.append(f"self-score: {k} = {s[k]}, want 1.0")
    return errs


def main():
    verbose = "--verbose" in sys.argv
    errors, counts, n, words, records = check(verbose)
    if "--self-score" in sys.argv and not errors:
        errors += self_score(records)
    for e in errors:
        print("ERROR", e)
    print(
        f"{n} articles, {words} words; quotes: {counts['direct']} direct, {counts['mixed']} mixed, "
        f"{counts['indirect']} indirect ({counts['headline']} in headlines, {counts['null_speaker']} without a source)"
    )
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
