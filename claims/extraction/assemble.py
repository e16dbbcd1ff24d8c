"""Assembling the result: resolve each candidate's speaker, set its confidence, build frozen quotes.

Candidates are read in article order (body, captions, headline); a quote with no attribution of its own
inherits the previous speaker, a labelled turn names its speaker outright, and a headline quote with no
speaker must echo a body quote. Confidences are in ``confidence.py``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import confidence as conf
from . import types as T
from .candidates import Item
from .coref import Cluster, Resolution, Resolver
from .lexicon import words
from .speakers import resolve_speaker
from .transcripts import read_label
from .types import EXTRACTOR_VERSION, HEADLINE


def assemble(items: list[Item], resolver: Resolver) -> T.Extraction:
    """Return the quotes and speakers of the candidates, read in article order."""
    kept = _resolve_all(items, resolver)
    resolver.finish()
    return _frozen(kept)


def _resolve_all(items: list[Item], resolver: Resolver) -> list[Item]:
    """Give each candidate its speaker and confidence; return the candidates that are quotes."""
    prev: Item | None = None
    body_quotes: list[Item] = []
    kept: list[Item] = []
    for it in items:
        u = it.unit
        resolver.frozen_names = u.field == HEADLINE
        if u.field == HEADLINE and it.subject is None and not it.label:
            # a headline quote with no speaker echoes a body quote, or it is a scare quote
            source = _echoed(it, body_quotes)
            if source is not None:
                it.cluster, it.resolution = source.cluster, Resolution(source.cluster, "", source.confidence)
                it.confidence = conf.ECHOED * source.confidence
                kept.append(it)
            continue
        if u.field == T.BODY and it.kind != T.INDIRECT:
            body_quotes.append(it)
        if not _resolve(it, resolver, prev):
            continue
        kept.append(it)
        if it.cluster is not None:
            resolver.speaking(it.cluster, u.base + it.pos)
        if it.kind != T.INDIRECT:
            prev = it
        elif it.cluster is not None:
            prev = it if prev is None or prev.last_para < it.para else prev
    resolver.frozen_names = False
    return kept


def _resolve(it: Item, resolver: Resolver, prev: Item | None) -> bool:
    """Set the candidate's speaker and confidence; False when it is no quote after all."""
    u = it.unit
    pos = u.base + it.pos
    if it.subject is not None:
        it.resolution = resolve_speaker(resolver, it.subject, u.no, u.base, u.sent_starts)
        it.cluster = it.resolution.cluster
        it.confidence = it.weight * it.resolution.confidence
        # "Nurses say ...": a headline's summary of unnamed voices, not a quote
        return not (u.field == HEADLINE and it.kind == T.INDIRECT and (it.cluster is None or it.cluster.name is None))
    if it.label:
        it.cluster, mention = _label_cluster(resolver, it, pos)
        it.resolution = Resolution(it.cluster, mention, it.weight)
        it.confidence = it.weight if it.cluster is not None else conf.UNREAD_LABEL
    elif it.inherit and prev is not None and prev.unit is u and prev.last_para >= it.para - 1:
        it.cluster, it.resolution = prev.cluster, prev.resolution
        it.confidence = conf.INHERITED * prev.confidence
    elif it.inherit:
        # a quote paragraph with no attribution: the latest speaker, with doubt
        it.cluster = _latest_speaker(resolver, pos)
        it.resolution = Resolution(it.cluster, "", conf.LATEST_SPEAKER)
        it.confidence = conf.LATEST_SPEAKER if it.cluster is not None else conf.NO_SPEAKER
    else:
        it.confidence = conf.NO_SPEAKER
    return True


def _latest_speaker(resolver: Resolver, pos: int) -> Cluster | None:
    """Return the cluster that spoke last before ``pos``, if it spoke within the inheritance window."""
    best: tuple[int, Cluster] | None = None
    for c in resolver.clusters:
        if c.merged is None:
            p = c.last_before(pos, spoke=True)
            if p is not None and p >= pos - conf.INHERIT_WINDOW_CHARS and (best is None or p > best[0]):
                best = (p, c)
    return best[1] if best else None


def _frozen(kept: list[Item]) -> T.Extraction:
    """Return the frozen quotes, and the named speakers in order of first quote."""
    speakers: dict[int, T.Speaker] = {}
    order: list[T.Speaker] = []
    quotes = []
    for it in kept:
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
        quotes.append(
            T.Quote(
                text=join_fragments(it.unit.text, [(f.start, f.end) for f in frags]),
                kind=it.kind,
                fragments=frags,
                speaker=speaker,
                mention=it.resolution.mention if it.resolution is not None else "",
                cue=it.cue_text,
                confidence=round(max(conf.FLOOR, min(1.0, it.confidence)), 2),
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
        if sum(w in words for w in want) >= conf.ECHO_SHARE * len(want) and q.cluster is not None:
            return q
    return None


_WORD = re.compile(r"\w+")


def _label_cluster(resolver: Resolver, it: Item, pos: int) -> tuple[Cluster | None, str]:
    """The speaker a label names, and the label's words for them."""
    label = it.label.strip()
    if label.lower().strip(".") in words("answer_label"):
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
    named = resolver.named(lab.name, lab.kind, pos)
    if named is not None:
        named.add_alias(lab.mention)
        roles = lab.titles or ([lab.description] if lab.description else [])
        named.add_role(roles, lab.affiliation)
    return named, lab.mention
