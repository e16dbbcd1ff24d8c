"""Check-worthy claims: statements in an article that a fact-checker could check.

``find_claims(doc, quotes, entities)`` reads the body sentence by sentence (one pass over
``doc.sents``). A sentence that runs into or out of a quote is cut at the quote's edges, so each piece
belongs either to the outlet or to one quote. Each piece is scored from the features below; the ones
that fired are listed in ``Claim.features`` and the score is their summed weights clipped to 0..1.
Only pieces scoring at least ``THRESHOLD`` are returned.

Features and weights (word lists in ``data/claims_lexicon.txt``):

====================  ======  =========================================================================
feature               weight  fires when the piece ...
====================  ======  =========================================================================
quantity              +0.35   has a number that is not a calendar date, ordinal, age or part of a name
                              ("250", "2,000", "hundreds", "15 years"; not "Kessington, 44,"), or a
                              proportion
percent               +0.10   has a percentage, a proportion ("two out of three", "one in five", "a third
                              of", "half of") or money
date                  +0.15   has a specific date or period ("March 3", "in 2016", "for decades";
                              a bare month or weekday, "in July", is too vague to count)
comparison            +0.25   compares or ranks ("largest", "second only to", "higher than"; "more
                              than 2,000" is a quantity, not a comparison)
named_entity          +0.05   names (or refers back to) a country, organisation or person
named_entities        +0.10   ... two or more of them (names alone never make a claim: 0.35 at most)
entity_subject        +0.10   has a named entity as (part of) a grammatical subject
factual_verb          +0.15   has a verb of a recordable event or state ("killed", "voted", "lived")
                              or a term of legal or institutional status ("membership", "illegal")
causal                +0.20   states an effect or association ("reduces the risk", "linked to")
evidence              +0.10   cites a source of evidence ("a study of", "according to", "data")
on_topic              +0.10   shares two or more of the article's most frequent topics
opinion               -0.30   is an opinion: main verb "think", "believe", "hope"; "in my view"
deontic               -0.25   says what should happen: "should", "must", "need to" in the main clause
hedge                 -0.15   hedges the main clause: "may", "might", "could", "would", "perhaps"
future                -0.40   predicts: "will", "would", "going to", "is expected to", "sooner or
                              later" in the main clause, or "next year", "later this year" anywhere (a
                              stated plan, "the countries plan to ...", is a present fact and is not)
question              -0.40   is a question
feeling               -0.30   reports the speaker's own feelings: "I am delighted", "we are proud"
evaluative            -0.10   judges: "a valued ally", "serious mistakes", "a great step"
attribution           -0.30   only introduces a quote ("The minister said:"), or is what is left of a
                              sentence around reported speech ("according to the trust")
method                -0.50   says how a study was done, not what it found: main verb "tracked",
                              "enrolled", "pooled", "was funded by", "published in", "follow-up" (not
                              when it also states an effect or a difference: causal, "than", "higher")
off_topic             -0.30   shares no word with the article's topics: nouns of its first two
                              paragraphs or used twice or more, places and organisations of its lead
                              ("Shares in the company rose 22%" in a drug-trial story)
====================  ======  =========================================================================

``THRESHOLD`` is 0.5. Names alone score 0.35 at most; with a factual verb they just reach it
("Norway's EEA membership is not in question"). In health and science stories a number, a comparison
or a causal finding is the usual anchor, and study design, plans and predictions are held back.

Modal and opinion features only count in the piece's main clause, so in "four in five residents
are saying the city should act" the reported "should" does not make the poll figure an opinion.

The claimant (``Claim.by``) is the speaker of the quote or reported speech the piece sits in
(``quote_index`` points at the quote), else ``outlet_speaker`` (None means the outlet itself). A source
the article does not name and that is no person ("a study suggests", "surveys show") leaves the claim
with the outlet that cites it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from .cues import is_cue
from .features import QUOTE_CHARS, THRESHOLD, WEIGHTS, Piece, features_of
from .lexicon import words
from .topics import EntityIndex
from .types import BODY, PERSON, Claim, Fragment, Quote, Speaker

MIN_WORDS = 4  # pieces shorter than this ("He said:") are never claims


TOPICS = 10  # how many of the article's most frequent nouns and entities count as its topics


EDGE_PUNCT = ":;,-\u2013\u2014( "


GENERIC_NOUNS = words("generic_noun")


def find_claims(
    doc: Doc,
    quotes: Sequence[Quote],
    entities: EntityIndex,
    *,
    outlet_speaker: Speaker | None = None,
) -> tuple[Claim, ...]:
    """Return the check-worthy claims of a parsed article body, each credited to its claimant."""
    text = doc.text
    spans = _quote_spans(quotes)
    token_starts = [t.idx for t in doc]
    topics = _topics(doc, entities)
    key_words = _key_words(doc, entities)
    claims: list[Claim] = []
    for sent in doc.sents:
        for piece in _pieces(text, sent.start_char, sent.end_char, spans):
            lo = bisect.bisect_left(token_starts, piece.start)
            hi = bisect.bisect_left(token_starts, piece.end)
            tokens = doc[lo:hi]
            if sum(1 for t in tokens if t.is_alpha) < MIN_WORDS:
                continue
            if piece.quote_index is None and _attribution_tail(text, piece, tokens, spans):
                continue  # 'said State Senator Robert Klein, the minority leader.' is who spoke, not a claim
            about = entities.about(piece.start, piece.end)
            features = features_of(text[piece.start : piece.end], tokens, about, entities, topics, piece, key_words)
            score = round(max(0.0, min(1.0, sum(WEIGHTS[f] for f in features))), 3)
            if score < THRESHOLD:
                continue
            quote = quotes[piece.quote_index] if piece.quote_index is not None else None
            claims.append(
                Claim(
                    text=text[piece.start : piece.end],
                    fragments=(Fragment(piece.start, piece.end, BODY),),
                    by=quote.speaker if quote is not None and _named(quote.speaker) else outlet_speaker,
                    checkworthiness=score,
                    quote_index=piece.quote_index,
                    about=about,
                    features=tuple(features),
                )
            )
    return tuple(claims)


def _quote_spans(quotes: Sequence[Quote]) -> list[tuple[int, int, int]]:
    """(start, end, quote index) of every body fragment, shortest first so the tightest quote wins."""
    spans = [
        (f.start, f.end, index)
        for index, quote in enumerate(quotes)
        for f in quote.fragments
        if f.field == BODY and f.end > f.start
    ]
    return sorted(spans, key=lambda s: s[1] - s[0])


def _pieces(text: str, start: int, end: int, spans: list[tuple[int, int, int]]) -> list[Piece]:
    """Cut a sentence at paragraph breaks and quote edges; trim quote marks and stray punctuation."""
    cuts = {start, end}
    for m in re.finditer(r"\n\s*", text[start:end]):
        cuts.update((start + m.start(), start + m.end()))
    for s, e, _ in spans:
        if start < s < end:
            cuts.add(s)
        if start < e < end:
            cuts.add(e)
    bounds = sorted(cuts)
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        inside = next((q for s, e, q in spans if s <= a and b <= e), None)
        a2, b2 = _trim(text, a, b)
        if b2 <= a2:
            continue
        # "The minister said:" followed by a quote (a known fragment or an opening mark).
        following = text[b : b + 4].lstrip()
        introduces = (
            inside is None
            and text[a2:b].rstrip().endswith((":", ","))
            and (any(0 <= s - b <= 3 for s, _, _ in spans) or following[:1] in QUOTE_CHARS)
        )
        beside = inside is None and any(-3 <= s - b <= 3 or -3 <= a - e <= 3 for s, e, _ in spans)
        pieces.append(Piece(a2, b2, inside, introduces, beside))
    return pieces


def _attribution_tail(text: str, piece: Piece, tokens: Span, spans: list[tuple[int, int, int]]) -> bool:
    """A piece next to a quote whose main verb is a reporting cue with no content of its own in the piece."""
    near = any(0 <= piece.start - e <= 4 or 0 <= s - piece.end <= 4 for s, e, _ in spans)
    if not near:
        return False
    lo, hi = tokens.start, tokens.end
    for t in tokens:
        if (t.head.i == t.i or not lo <= t.head.i < hi) and is_cue(t, direct=True):
            return not any(c.dep_ == "ccomp" and lo <= c.i < hi for c in t.children)
    return False


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in QUOTE_CHARS or text[a] in EDGE_PUNCT):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in QUOTE_CHARS or text[b - 1] in EDGE_PUNCT):
        b -= 1
    # Keep a closing bracket only when its opening one is kept.
    if b > a and text[b - 1] == ")" and text[a:b].count("(") < text[a:b].count(")"):
        b -= 1
    return a, b


def _topics(doc: Doc, entities: EntityIndex) -> frozenset[str]:
    """The article's most frequent nouns (lemmas) and entities: what it is mainly about."""
    counts: Counter[str] = Counter()
    for token in doc:
        if token.pos_ == "NOUN" and not token.is_stop and len(token.text) > 2 and token.is_alpha:
            counts[token.lemma_.lower()] += 1
    for mention in entities.mentions:
        counts[mention.name.lower()] += 1
    return frozenset(word for word, n in counts.most_common(TOPICS) if n >= 2)


def _named(speaker: Speaker | None) -> bool:
    """A claimant the article names; an unnamed document or source ("a study", "surveys") leaves the
    claim with the outlet that cites it (an unnamed person, "a spokesperson", stays theirs)."""
    return speaker is not None and (speaker.name is not None or speaker.kind == PERSON)


def _key_words(doc: Doc, entities: EntityIndex) -> frozenset[str]:
    """What the article is about: nouns of its lead (first two paragraphs) and its most frequent nouns,
    plus the places, groups and organisations of the lead. People do not count: a profile's details
    of its subject's life ("grew up in Fiji") are not its topic."""
    text = doc.text
    breaks = [m.start() for m in re.finditer(r"\n\s*\n", text)]
    lead_end = breaks[1] if len(breaks) > 1 else len(text)
    counts: Counter[str] = Counter()
    words: set[str] = set()
    for token in doc:
        if token.pos_ in ("NOUN", "PROPN") and not token.is_stop and len(token.text) > 2 and token.is_alpha:
            lemma = token.lemma_.lower()
            counts[lemma] += 1
            if token.idx < lead_end:
                words.add(lemma)
    words.update(w for w, n in counts.items() if n >= 2)
    for mention in entities.mentions:
        if mention.start < lead_end and mention.kind != PERSON:
            words.add(mention.name.lower())
    return frozenset(words - GENERIC_NOUNS)
