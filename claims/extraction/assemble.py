"""Assembling the result: resolve each candidate's speaker, set its confidence, build frozen quotes.

Candidates are read in article order (body, captions, headline); a quote with no attribution of its own
inherits the previous speaker, a labelled turn names its speaker outright, and a headline quote with no
speaker must echo a body quote. Confidences are in ``confidence.py``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import types as T
from .candidates import Item
from .coref import Cluster, Resolution, Resolver
from .speakers import resolve_speaker
from .transcripts import read_label
from .types import EXTRACTOR_VERSION, HEADLINE


def assemble(items: list[Item], resolver: Resolver) -> T.Extraction:
    prev: Item | None = None
    body_quotes: list[Item] = []
    kept: list[Item] = []
    for it in items:
        u = it.unit
        pos = u.base + it.pos
        resolver.frozen_names = u.field == HEADLINE
        if u.field == HEADLINE and it.subject is None and not it.label:
            # a headline quote with no speaker echoes a body quote, or it is a scare quote
            source = _echoed(it, body_quotes)
            if source is None:
                continue
            it.cluster, it.resolution = source.cluster, Resolution(source.cluster, "", source.confidence)
            it.confidence = 0.8 * source.confidence
            kept.append(it)
            continue
        kept.append(it)
        if u.field == T.BODY and it.kind != T.INDIRECT:
            body_quotes.append(it)
        if it.subject is not None:
            it.resolution = resolve_speaker(resolver, it.subject, u.no, u.base, u.sent_starts)
            it.cluster = it.resolution.cluster
            it.confidence = it.weight * it.resolution.confidence
            if u.field == HEADLINE and it.kind == T.INDIRECT and (it.cluster is None or it.cluster.name is None):
                kept.pop()  # "Nurses say ...": a headline's summary of unnamed voices, not a quote
                continue
        elif it.label:
            it.cluster, mention = _label_cluster(resolver, it, pos)
            it.resolution = Resolution(it.cluster, mention, it.weight)
            it.confidence = it.weight if it.cluster is not None else 0.4
        elif it.inherit and prev is not None and prev.unit is u and prev.last_para >= it.para - 1:
            it.cluster, it.resolution = prev.cluster, prev.resolution
            it.cue_text = it.cue_text or ""
            it.confidence = 0.9 * prev.confidence
        elif it.inherit:
            # a quote paragraph with no attribution: the latest speaker, with doubt
            best = None
            for c in resolver.clusters:
                if c.merged is None:
                    p = c.last_before(pos, spoke=True)
                    if p is not None and p >= pos - 1500 and (best is None or p > best[0]):
                        best = (p, c)
            it.cluster = best[1] if best else None
            it.resolution = Resolution(it.cluster, "", 0.5)
            it.confidence = 0.5 if best else 0.3
        else:
            it.confidence = 0.3
        if it.cluster is not None:
            resolver.speaking(it.cluster, pos)
        if it.kind != T.INDIRECT:
            prev = it
        elif it.cluster is not None:
            prev = it if prev is None or prev.last_para < it.para else prev
    resolver.frozen_names = False
    resolver.finish()
    speakers: dict[int, T.Speaker] = {}
    order: list[T.Speaker] = []
    quotes = []
    for it in kept:
        text = it.unit.text
        frags = tuple(T.Fragment(s, e, it.unit.field, it.unit.index) for s, e in it.frags if e > s)
        if not frags:
            continue
        speaker = None
        if it.cluster is not None:
            root = it.cluster.root()
            if id(root) not in speakers:
                speakers[id(root)] = root.speaker()
                if root.name is not None:
                    order.append(speakers[id(root)])
            speaker = speakers[id(root)]
        mention = it.resolution.mention if it.resolution is not None else ""
        quotes.append(
            T.Quote(
                text=join_fragments(text, [(f.start, f.end) for f in frags]),
                kind=it.kind,
                fragments=frags,
                speaker=speaker,
                mention=mention,
                cue=it.cue_text,
                confidence=round(max(0.05, min(1.0, it.confidence)), 2),
            )
        )
    return T.Extraction(quotes=tuple(quotes), speakers=tuple(order), version=EXTRACTOR_VERSION)


def join_fragments(text: str, frags: Sequence[tuple[int, int]]) -> str:
    """The words of a quote's fragments, joined so that a sentence boundary between them is kept.

    '"A," she said. "B."' reads "A. B." (the attribution ended a sentence); '"A," she said, "b."' reads "A b.".
    A piece that already ends a sentence, or one continued in the next paragraph, is joined by a space.
    """
    out = ""
    for k, (s, e) in enumerate(frags):
        piece = text[s:e]
        if k:
            ps, pe = frags[k - 1]
            prev = text[ps:pe].rstrip()
            between = text[pe:s]
            gap = between.strip(" \t\n\"'\u201c\u201d\u2018\u2019`")
            sentence_end = "\n" in between or gap[-1:] in (".", "?", "!")
            if prev[-1:] not in ".?!;:,\u2014\u2013-\u2026\"'\u201d\u2019" and sentence_end and piece[:1].isupper():
                out += "."
            out += " "
        out += piece
    return out


def _echoed(it: Item, body_quotes: list[Item]) -> Item | None:
    """The body quote whose words hold the words of headline quote ``it`` (case and punctuation aside)."""
    s, e = it.frags[0]
    want = _WORD.findall(it.unit.text[s:e].lower())
    if not want:
        return None
    for q in body_quotes:
        words = set()
        for a, b in q.frags:
            words.update(_WORD.findall(q.unit.text[a:b].lower()))
        if sum(w in words for w in want) >= 0.8 * len(want) and q.cluster is not None:
            return q
    return None


_WORD = re.compile(r"\w+")


def _label_cluster(resolver: Resolver, it: Item, pos: int) -> tuple[Cluster | None, str]:
    """The speaker a label names, and the label's words for them."""
    label = it.label.strip()
    if label.lower().strip(".") in ("a", "answer"):
        best = None
        for c in resolver.clusters:
            p = c.last_before(pos)
            if c.kind == T.PERSON and c.name and p is not None and (best is None or p > best[0]):
                best = (p, c)
        return (best[1] if best else None), label
    lab = read_label(label)
    if lab is None:
        return None, label
    if not lab.name:
        return None, lab.mention
    c = resolver.named(lab.name, lab.kind, pos)
    if c is not None:
        c.add_alias(lab.mention)
        roles = lab.titles or ([lab.description] if lab.description else [])
        c.add_role(roles, lab.affiliation)
    return c, lab.mention
