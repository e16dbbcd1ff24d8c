"""The features of a check-worthy claim and their weights (the table is in ``checkworthiness``).

``features_of`` reads one piece of a sentence and returns the names of the features that fire, in the order
of ``WEIGHTS``; word lists come from ``data/claims_lexicon.txt`` through ``lexicon``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from spacy.tokens import Doc, Span, Token

from .lexicon import ClaimWords, claim_words, words
from .nlp import entity_at
from .topics import EntityIndex
from .types import PERSON

THRESHOLD = 0.5


WEIGHTS: dict[str, float] = {
    "quantity": 0.35,
    "percent": 0.10,
    "date": 0.15,
    "comparison": 0.25,
    "named_entity": 0.05,
    "named_entities": 0.10,
    "entity_subject": 0.10,
    "factual_verb": 0.15,
    "causal": 0.20,
    "evidence": 0.10,
    "on_topic": 0.10,
    "opinion": -0.30,
    "deontic": -0.25,
    "hedge": -0.15,
    "future": -0.40,
    "question": -0.40,
    "feeling": -0.30,
    "evaluative": -0.10,
    "attribution": -0.30,
    "method": -0.50,
    "off_topic": -0.30,
}


NUMBER_WORDS = words("number_word")


MONTHS = words("date_word")


PERIOD_WORDS = re.compile(r"\b(years?|decades?|centur(y|ies)|months?)\b")


YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)s?$")


PROPORTION = re.compile(
    r"\b(\d+|"
    + "|".join(sorted(NUMBER_WORDS))
    + r")\s+(out of|in)\s+(\d+|every|"
    + "|".join(sorted(NUMBER_WORDS))
    + r")\b"
)


PERCENT = re.compile(
    r"%|\bper ?cent\b|\bpercentage\b|[£$€¥]\s?\d|\d\s?(bn|m|billion|million)\b"
    r"|\b(a|one|two|three|four)[ -](half|third|quarter|fifth|tenth)s?\b|\bhalf (of|the)\b"
)


NAME_LABELS = frozenset("PERSON ORG GPE NORP LOC FAC EVENT PRODUCT LAW".split())


NOT_QUANTITY_LABELS = frozenset("ORDINAL TIME PERSON ORG PRODUCT LAW WORK_OF_ART FAC GPE EVENT".split())


FIRST_PERSON = frozenset("i we".split())


MAIN_DEPS = frozenset("conj".split())


AT_LEAST = re.compile(
    r"\b(more|less|fewer|greater|higher|lower) than (about |around |nearly )?"
    r"(\d|a |an |one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)"
)


QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    quote_index: int | None
    introduces_quote: bool
    beside_quote: bool = False  # outside every quote, but touching one (what is left of its sentence)


def _key_words_in(
    tokens: Span,
    about: tuple[str, ...],
    entities: EntityIndex,
    key_words: frozenset[str],
    toks: list[Token] | None = None,
) -> bool:
    toks = list(tokens) if toks is None else toks
    if any(t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in key_words for t in toks):
        return True
    return any(name.lower() in key_words for name in about if entities.kind(name) != PERSON)


def _contrasts(tokens: Span, lower: str, toks: list[Token] | None = None) -> bool:
    """A comparison that reports a difference ("higher than", "compared with"), not a rank ("the first")."""
    toks = list(tokens) if toks is None else toks
    lower = AT_LEAST.sub(" ", lower)  # "more than 380,000" is a quantity, not a comparison
    return bool(re.search(r"\b(than|compared (with|to)|versus|vs)\b", lower)) or any(
        t.tag_ in ("JJR", "RBR") and t.lower_ not in ("more", "less", "fewer") for t in toks
    )


def _main_verbs(tokens: Span, toks: list[Token] | None = None) -> set[int]:
    """Token indices of the piece's main predicates: its roots and their conjoined verbs."""
    toks = list(tokens) if toks is None else toks
    lo, hi = tokens.start, tokens.end
    roots = [t for t in toks if t.head.i == t.i or not lo <= t.head.i < hi]
    main = {t.i for t in roots}
    for root in roots:
        for child in root.children:
            if child.dep_ in MAIN_DEPS and child.pos_ in ("VERB", "AUX"):
                main.add(child.i)
    return main


@dataclass
class _Reading:
    """One piece of a sentence, read once for every feature."""

    text: str
    tokens: Span
    about: tuple[str, ...]
    entities: EntityIndex
    lex: ClaimWords
    lower: str = field(init=False)
    toks: list[Token] = field(init=False)  # Token objects made once: iterating a Span makes new ones every time
    main: set[int] = field(init=False)
    lemmas: list[str] = field(init=False)
    listed: list[frozenset[str]] = field(init=False)  # the lexicon sections of each lemma

    def __post_init__(self) -> None:
        self.lower = " ".join(self.text.lower().replace("\u2019", "'").split())
        self.toks = list(self.tokens)
        self.main = _main_verbs(self.tokens, self.toks)
        self.lemmas = [t.lemma_.lower() for t in self.toks]
        none: frozenset[str] = frozenset()
        self.listed = [self.lex.sections_of.get(lemma, none) for lemma in self.lemmas]

    def main_lemma_in(self, section: str) -> bool:
        """Whether a main predicate's lemma is listed in ``section``."""
        return any(
            t.i in self.main and self.lex.has(section, lemma) for t, lemma in zip(self.toks, self.lemmas, strict=True)
        )


def features_of(
    text: str,
    tokens: Span,
    about: tuple[str, ...],
    entities: EntityIndex,
    topics: frozenset[str],
    piece: Piece,
    key_words: frozenset[str] = frozenset(),
) -> list[str]:
    """Return the names of the features that fire on one piece, in the order of ``WEIGHTS``."""
    r = _Reading(text, tokens, about, entities, claim_words())
    fired = _raising(r, topics)
    if sum(WEIGHTS[f] for f in fired) < THRESHOLD:
        return fired  # every feature below lowers the score: this piece is no claim whatever they say
    return fired + _lowering(r, piece, key_words, "on_topic" in fired, "causal" in fired)


def _raising(r: _Reading, topics: frozenset[str]) -> list[str]:
    """The features that raise the score (each weighs more than zero)."""
    lex, lower, toks, tokens = r.lex, r.lower, r.toks, r.tokens
    proportion = bool(PROPORTION.search(lower))
    names = set(r.about)
    for ent in tokens.ents:
        if ent.label_ in NAME_LABELS:
            names.add(r.entities.canonical(ent.text) or ent.text)
    pairs = list(zip(toks, r.listed, strict=True))
    words = set(r.lemmas) | {name.lower() for name in r.about}
    tests = {
        "quantity": proportion or any(_is_quantity(t, lex) for t in toks),
        "percent": proportion or bool(PERCENT.search(lower)) or any(t.ent_type_ in ("PERCENT", "MONEY") for t in toks),
        "date": any(_is_date(ent) for ent in tokens.ents),
        "comparison": _compares(tokens, lower, lex, toks=toks),
        "named_entity": len(names) >= 1,
        "named_entities": len(names) >= 2,
        "entity_subject": _entity_subject(tokens, r.entities, toks=toks),
        "factual_verb": any(
            (t.pos_ == "VERB" and "factual_verbs" in sections) or "status_terms" in sections for t, sections in pairs
        ),
        "causal": any("causal" in sections for sections in r.listed) or lex.phrase("causal_phrases", lower),
        # "a study of" cites evidence; "she studied chemistry" does not
        "evidence": any(t.pos_ != "VERB" and "evidence" in sections for t, sections in pairs)
        or lex.phrase("evidence_phrases", lower),
        "on_topic": len(words & topics) >= 2,
    }
    return [name for name, fires in tests.items() if fires]


def _lowering(r: _Reading, piece: Piece, key_words: frozenset[str], on_topic: bool, causal: bool) -> list[str]:
    """The features that lower the score (each weighs less than zero)."""
    lex, lower, toks, tokens, main = r.lex, r.lower, r.toks, r.tokens, r.main
    finding = causal or _contrasts(tokens, lower, toks=toks)
    tests = {
        "opinion": r.main_lemma_in("opinion_verbs") or lex.phrase("opinion_phrases", lower),
        "deontic": any(_modal_of_main(t, main) and lex.has("deontic", t.lower_) for t in toks)
        or _main_phrase(tokens, main, lex, "deontic_phrases", toks=toks),
        "hedge": any(
            (_modal_of_main(t, main) or t.dep_ == "advmod" and t.head.i in main) and lex.has("hedges", t.lower_)
            for t in toks
        ),
        "future": _future(tokens, main, lex, toks=toks),
        "question": r.text.rstrip(QUOTE_CHARS + " ").endswith("?"),
        "feeling": _feeling(tokens, main, lex, toks=toks),
        "evaluative": any(
            t.pos_ == "ADJ" and lex.has("evaluative", lemma) for t, lemma in zip(toks, r.lemmas, strict=True)
        ),
        "attribution": piece.introduces_quote or (piece.beside_quote and lower.startswith("according to")),
        "method": not finding and (r.main_lemma_in("method_verbs") or lex.phrase("method_phrases", lower)),
        "off_topic": bool(key_words)
        and not on_topic
        and not _key_words_in(tokens, r.about, r.entities, key_words, toks=toks),
    }
    return [name for name, fires in tests.items() if fires]


RAISING = ("quantity", "percent", "date", "comparison", "named_entity", "named_entities", "entity_subject",
           "factual_verb", "causal", "evidence", "on_topic")  # fmt: skip
if any(WEIGHTS[name] <= 0 for name in RAISING) or any(WEIGHTS[name] >= 0 for name in set(WEIGHTS) - set(RAISING)):
    # features_of stops before the lowering features once a piece cannot reach the threshold
    raise ValueError("every raising feature must weigh more than zero and every other one less")


_HAS_DIGIT = re.compile(r"\d").search


def _is_quantity(token: Token, lex: ClaimWords) -> bool:
    lower = token.lower_
    if lex.has("vague_quantities", lower) and token.pos_ in ("NOUN", "NUM", "ADJ", "ADV", "DET"):
        return lower != "most" or token.dep_ != "advmod"
    if not (token.like_num or _HAS_DIGIT(token.text)):
        return False
    if lower == "one" or token.ent_type_ in NOT_QUANTITY_LABELS or _is_age(token):
        return False
    if token.ent_type_ == "DATE":
        ent = entity_at(token.doc, token.i)
        ent_text = (ent.text if ent is not None else token.text).lower()
        return not (YEAR.match(token.text) or any(w in MONTHS for w in re.findall(r"[a-z]+", ent_text)))
    return not YEAR.match(token.text)


def _is_age(token: Token) -> bool:
    """A person's age: "Kessington, 44, grew up ..." or "his 84-year-old mother"."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ in ("-year", "year") and "old" in token.doc[token.i : token.i + 5].text:
        return True
    if "-year-old" in token.text.lower():
        return True
    prev = token.nbor(-1) if token.i > 0 else None
    return (
        token.dep_ == "appos"
        and prev is not None
        and prev.text == ","
        and nxt is not None
        and nxt.text == ","
        and token.head.pos_ == "PROPN"
        and token.text.isdigit()
        and 0 < int(token.text) < 120
    )


def _is_date(ent: Span) -> bool:
    if ent.label_ != "DATE" or any(_is_age(t) for t in ent):
        return False
    lower = ent.text.lower()
    return bool(any(c.isdigit() for c in lower) or PERIOD_WORDS.search(lower))


def _compares(tokens: Span, lower: str, lex: ClaimWords, toks: list[Token] | None = None) -> bool:
    toks = list(tokens) if toks is None else toks
    for t in toks:
        if t.tag_ in ("JJR", "JJS", "RBR", "RBS") and not lex.has("comparison_skip", t.lower_):
            return True
    return lex.phrase("comparison_phrases", AT_LEAST.sub(" ", lower))


def _entity_subject(tokens: Span, entities: EntityIndex, toks: list[Token] | None = None) -> bool:
    toks = list(tokens) if toks is None else toks
    mentions = entities.mentions_in(tokens.start_char, tokens.end_char)
    if not mentions:
        return False
    for t in toks:
        if t.dep_ in ("nsubj", "nsubjpass"):
            subtree = list(t.subtree)
            lo, hi = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
            if any(m.start < hi and m.end > lo for m in mentions):
                return True
    return False


def _modal_of_main(token: Token, main: set[int]) -> bool:
    return token.dep_ == "aux" and token.head.i in main


def _main_phrase(tokens: Span, main: set[int], lex: ClaimWords, section: str, toks: list[Token] | None = None) -> bool:
    """A phrase from ``section`` whose first word belongs to a main predicate ("has to" + root verb)."""
    toks = list(tokens) if toks is None else toks
    starts = _phrase_starts(tokens.doc, lex, section)
    return any(t.idx in starts and (t.i in main or t.head.i in main) for t in toks)


def _phrase_starts(doc: Doc, lex: ClaimWords, section: str) -> frozenset[int]:
    """Character offsets where a phrase of ``section`` starts in ``doc``, found once per doc."""
    key = ("newsroom_phrases", section)
    user_data: dict[object, object] = cast("dict[object, object]", doc.user_data)
    if key not in user_data:
        pattern = lex.phrases.get(section)
        text = doc.text.lower()
        user_data[key] = frozenset(m.start() for m in pattern.finditer(text)) if pattern else frozenset()
    return cast("frozenset[int]", user_data[key])


def _future(tokens: Span, main: set[int], lex: ClaimWords, toks: list[Token] | None = None) -> bool:
    toks = list(tokens) if toks is None else toks
    for t in toks:
        if t.lower_ in ("will", "'ll", "shall", "wo", "would") and t.dep_ == "aux" and t.head.i in main:
            return True
    return _main_phrase(tokens, main, lex, "future_phrases", toks=toks) or lex.phrase(
        "future_time_phrases", " ".join(tokens.text.lower().split())
    )


def _feeling(tokens: Span, main: set[int], lex: ClaimWords, toks: list[Token] | None = None) -> bool:
    toks = list(tokens) if toks is None else toks
    for t in toks:
        if t.i not in main:
            continue
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not any(s.lower_ in FIRST_PERSON for s in subjects):
            continue
        if lex.has("feelings", t.lemma_.lower()):
            return True
        if any(c.dep_ in ("acomp", "attr") and lex.has("feelings", c.lemma_.lower()) for c in t.children):
            return True
    return False
