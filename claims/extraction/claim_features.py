"""The learned check-worthiness model's features of one sentence, and the article context they need.

``sentence_features(span, context)`` turns one sentence (a ``Span`` of a parsed doc) into named feature
values: the Full Fact claim typology (quantity, prediction, causation, rules, personal experience, other
claims about the world), how the sentence frames what it says (myth, hoax, no evidence, "claimed that",
hedged or negated main clause, question, reported speech, length), how central it is to the article
(overlap with the article's key words and main entities) and hashed word 1-2-grams. Word lists live in
``data/claim_model_words.tsv`` (read by ``lexicon.claim_model_words``). ``claim_kind`` names the claim
type the typology features point to. The weights are in ``claim_model.py``.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from .lexicon import ClaimWords, claim_model_words

HASH_BUCKETS = 2048  # hashed word 1-2-grams: "h:<bucket>" features
HASH_PREFIX = "h:"
KEY_WORDS = 15  # how many of the article's most frequent noun lemmas are its key words
MAIN_ENTITIES = 6  # how many of its most frequent named entities are its main entities

QUANTITY = "quantity"
PREDICTION = "prediction"
CAUSAL = "causal"
RULE = "rule"
EXPERIENCE = "experience"
OTHER = "other"
KINDS = (QUANTITY, PREDICTION, CAUSAL, RULE, EXPERIENCE, OTHER)

# Named features in a fixed order; the hashed n-gram features follow them (see ``feature_names``).
DENSE_FEATURES: tuple[str, ...] = (
    # (a) the claim typology
    "quantity",  # a number that is not a year, date, time, ordinal or age
    "money_percent",  # money, a percentage, a proportion
    "vague_quantity",  # hundreds, dozens, a majority, a record
    "comparison",  # comparative or superlative, "than"
    "date",  # a specific date or period
    "prediction",  # forecasting word or phrase ("is expected to", "next year")
    "future_tense",  # "will", "shall", "going to" on the main verb
    "causal",  # cause, lead to, linked to, cure, prevent, protect, due to ...
    "effect",  # spread, kill, reduce, increase, damage ...
    "rule",  # law, ruling, illegal, banned, required ...
    "experience",  # a first-person subject with a verb of doing, seeing or suffering
    "past_event",  # a main verb in the past tense (an event the record can confirm)
    "named_entities",  # how many names (people, organisations, places), capped at 3, over 3
    # (b) framing
    "framing",  # myth, hoax, false, fake, conspiracy, allege, deny ...
    "framing_phrase",  # no evidence, claimed that, the theory that, according to ...
    "evidence",  # a study, data, a report, experts
    "hedged",  # may, might, could, reportedly ... on the main clause (or the reported clause)
    "negated",  # "not", "never" on the main clause (or the reported clause)
    "question",
    "reported_speech",  # a reporting verb ("said", "told", "claimed") or "according to"
    "quote_marks",
    "opinion",  # think, hope, proud, should ...
    "first_person",
    "second_person",
    "no_verb",  # a dateline, a caption, a label
    "length",  # log(1 + words) / log(51)
    "short",  # fewer than 6 words
    "long",  # more than 35 words
    "headline",
    # (c) centrality to the article
    "key_word_share",  # share of the sentence's nouns that are key words of the article
    "key_words_2",  # two or more key words
    "no_key_word",
    "main_entities",  # main entities of the article mentioned (0, 0.5, 1)
    "position",  # 1 at the article's start, 0 at its end
)

_QUOTES = '"\u201c\u201d\u00ab\u00bb'
_NAME_LABELS = frozenset("PERSON ORG GPE NORP LOC FAC EVENT PRODUCT LAW".split())
_NOT_QUANTITY = frozenset("ORDINAL TIME DATE PERSON ORG PRODUCT LAW WORK_OF_ART FAC GPE EVENT".split())
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)s?$")
_DIGIT = re.compile(r"\d")
_MONEY_PERCENT = re.compile(
    r"%|\bper ?cent\b|[£$€¥]\s?\d|\b\d+(\.\d+)?\s?(bn|m|billion|million|trillion)\b"
    r"|\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(out of|in)\s+(\d+|every|two|three|four|five|ten)\b"
)
_COMPARATIVES = frozenset(("JJR", "JJS", "RBR", "RBS"))
_FUTURE_AUX = frozenset(("will", "'ll", "shall", "wo"))
_FIRST = frozenset(("i", "we", "me", "us", "my", "our"))
_SECOND = frozenset(("you", "your"))
_NEGATIONS = frozenset(("not", "n't", "never", "no"))
_MAIN_DEPS = frozenset(("conj",))
_REPORTED_DEPS = frozenset(("ccomp", "xcomp", "advcl"))
_NONE: frozenset[str] = frozenset()
_GENERIC = frozenset("year month week day time people number way part thing lot today".split())


# --- article context -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleContext:
    """What an article is mainly about, computed once per parsed body."""

    key_words: frozenset[str]  # lemmas of its most frequent nouns and proper nouns
    main_entities: frozenset[str]  # last words (lower case) of its most frequent named entities
    length: int  # characters in the body


def article_context(doc: Doc) -> ArticleContext:
    """Return the key words and main entities of a parsed article body."""
    nouns: Counter[str] = Counter()
    for token in doc:
        if token.pos_ in ("NOUN", "PROPN") and token.is_alpha and not token.is_stop and len(token.text) > 2:
            nouns[token.lemma_.lower()] += 1
    names: Counter[str] = Counter()
    for ent in doc.ents:
        key = _entity_key(ent)
        if key:
            names[key] += 1
    main = frozenset(name for name, n in names.most_common(MAIN_ENTITIES) if n >= 2)
    return ArticleContext(_top(nouns), main, len(doc.text))


def _top(nouns: Counter[str]) -> frozenset[str]:
    """The ``KEY_WORDS`` most frequent lemmas seen at least twice, generic nouns left out."""
    ranked = sorted((w for w, n in nouns.items() if n >= 2 and w not in _GENERIC), key=lambda w: (-nouns[w], w))
    return frozenset(ranked[:KEY_WORDS])


def _entity_key(ent: Span) -> str:
    """The last word of a name, lower case ("Donald Trump" and "Trump" -> "trump"); "" for non-names."""
    if ent.label_ not in _NAME_LABELS:
        return ""
    words = [t for t in ent if t.is_alpha]
    return words[-1].lower_ if words else ""


# --- features --------------------------------------------------------------------------------------------


def feature_names(buckets: int = HASH_BUCKETS) -> tuple[str, ...]:
    """Every feature name in model order: the named features, then ``h:0`` .. ``h:<buckets - 1>``."""
    return DENSE_FEATURES + tuple(f"{HASH_PREFIX}{i}" for i in range(buckets))


def ngram_buckets(words: list[str], buckets: int = HASH_BUCKETS) -> set[int]:
    """Hash buckets of the word 1- and 2-grams of ``words`` (CRC-32: the same in every process)."""
    grams = [f"u:{w}" for w in words] + [f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return {zlib.crc32(g.encode("utf-8")) % buckets for g in grams}


def _ent(span: Span, toks: list[_Tok], first: int, end: int, words: list[str], span_text: str) -> tuple[str, str, str]:
    """(label, text, key) of the entity made of ``toks[first:end]`` (keyed as ``_entity_key`` keys it)."""
    doc = span.doc
    a, b = doc[toks[first].i], doc[toks[end - 1].i]
    label = a.ent_type_
    offset = span.start_char
    etext = span_text[a.idx - offset : b.idx + len(b.text) - offset]
    return label, etext, (words[-1] if words and label in _NAME_LABELS else "")


def claim_kind(features: Mapping[str, float]) -> str:
    """The claim type the typology features point to, in the guideline's order of precedence."""
    quantity = bool(features.get("quantity") or features.get("money_percent") or features.get("vague_quantity"))
    if features.get("causal") or features.get("effect") and not quantity:
        return CAUSAL
    if features.get("prediction") or features.get("future_tense"):
        return PREDICTION
    if features.get("rule"):
        return RULE
    if quantity:
        return QUANTITY
    if features.get("experience"):
        return EXPERIENCE
    return OTHER


def _main_verbs(span: Span, toks: list[_Tok]) -> set[int]:
    """Token indices of the sentence's main predicates: its roots and the verbs conjoined to them."""
    lo, hi = span.start, span.end
    doc = span.doc
    main: set[int] = set()
    for t in toks:
        if t.head == t.i or not lo <= t.head < hi:
            main.add(t.i)
            main.update(c.i for c in doc[t.i].children if c.dep_ in _MAIN_DEPS and c.pos_ in ("VERB", "AUX"))
    return main


def _claim_verbs(span: Span, toks: list[_Tok], main: set[int]) -> set[int]:
    """The main predicates plus, under a reporting verb, the predicate of what is reported."""
    verbs = set(main)
    for t in toks:
        if t.i in main and "cues" in t.sections:
            verbs.update(c.i for c in span.doc[t.i].children if c.dep_ in _REPORTED_DEPS)
    return verbs


def _experience(span: Span, toks: list[_Tok], main: set[int]) -> bool:
    """A first-person witness account: "I saw", "we have been drinking", "I was never told"."""
    for t in toks:
        if t.i not in main or t.pos not in ("VERB", "AUX"):
            continue
        subjects = [c for c in span.doc[t.i].children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(s.lower_ in ("i", "we") for s in subjects) and ("experience" in t.sections or t.tag in ("VBD", "VBN")):
            return True
    return False


def _is_quantity(token: Token) -> bool:
    if not (token.like_num or _DIGIT.search(token.text)):
        return False
    if token.lower_ == "one" or token.ent_type_ in _NOT_QUANTITY or _YEAR.match(token.text):
        return False
    return not _is_age(token)


def _is_age(token: Token) -> bool:
    """A person's age: "Kessington, 44, grew up" or "a 44-year-old"."""
    if "-year-old" in token.text.lower():
        return True
    doc = token.doc
    after = doc[token.i + 1 : token.i + 4].text.lower()
    if after.startswith(("-year-old", "year-old", "- year - old", "years old")):
        return True
    prev = doc[token.i - 1] if token.i > 0 else None
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        prev is not None
        and nxt is not None
        and prev.text == ","
        and nxt.text == ","
        and token.text.isdigit()
        and 0 < int(token.text) < 120
    )


# --- one sentence ----------------------------------------------------------------------------------------


class _Tok(NamedTuple):
    """What the features read of one token, read once (each spaCy attribute access builds a string)."""

    i: int
    lower: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    word: bool  # neither punctuation nor space
    sections: frozenset[str]  # the word lists that list the token's lemma


@dataclass
class _Reading:
    """One pass over a sentence's tokens: what every feature below reads."""

    span: Span
    text: str
    lower_text: str
    toks: list[_Tok]
    numbers: list[Token]
    ents: list[tuple[str, str, str]]  # (label, text, key) of the named entities wholly inside the span
    main: set[int]
    claim_verbs: set[int]


def sentence_features(
    span: Span, context: ArticleContext, *, headline: bool = False, buckets: int = HASH_BUCKETS
) -> dict[str, float]:
    """Return the non-zero features of one sentence (names from ``feature_names(buckets)``)."""
    lex = claim_model_words()
    r = _read(span, lex)
    flags, words, nouns, any_verb = _token_flags(r, lex)
    f: dict[str, float] = {}
    for name, value in (
        *_typology(r, flags, lex),
        *_framing(r, flags, words, any_verb, headline, lex),
        *_centrality(r, nouns, context, headline),
    ):
        if value:
            f[name] = float(value)
    for bucket in sorted(ngram_buckets([w if w.isalpha() else _DIGIT.sub("0", w) for w in words], buckets)):
        f[f"{HASH_PREFIX}{bucket}"] = 1.0
    return f


def _read(span: Span, lex: ClaimWords) -> _Reading:
    """Read each token of ``span`` once; collect its numbers and its named entities (from the IOB tags)."""
    span_text = span.text
    toks: list[_Tok] = []
    numbers: list[Token] = []
    ents: list[tuple[str, str, str]] = []
    ent_start = -1  # position in ``toks`` where the entity being read started (-1: none)
    ent_words: list[str] = []  # lower-case alphabetic words of that entity
    for t in span:
        lemma = t.lemma_.lower()
        lower = t.lower_
        word = not (t.is_punct or t.is_space)
        toks.append(_Tok(t.i, lower, lemma, t.pos_, t.tag_, t.dep_, t.head.i, word, lex.sections(lemma)))
        if t.like_num or _DIGIT.search(t.text):
            numbers.append(t)
        iob = t.ent_iob_
        if iob != "I" and ent_start >= 0:
            ents.append(_ent(span, toks, ent_start, len(toks) - 1, ent_words, span_text))
            ent_start = -1
        if iob == "B":
            ent_start, ent_words = len(toks) - 1, []
        if ent_start >= 0 and t.is_alpha:
            ent_words.append(lower)
    end_ok = span.end >= len(span.doc) or span.doc[span.end].ent_iob_ != "I"
    if ent_start >= 0 and end_ok:
        ents.append(_ent(span, toks, ent_start, len(toks), ent_words, span_text))
    lower_text = " ".join(span_text.lower().replace("\u2019", "'").split())
    main = _main_verbs(span, toks)
    return _Reading(span, span_text, lower_text, toks, numbers, ents, main, _claim_verbs(span, toks, main))


def _token_flags(r: _Reading, lex: ClaimWords) -> tuple[set[str], list[str], set[str], bool]:
    """Token-level features that fired, the sentence's words, its noun lemmas, whether it has a verb."""
    flags: set[str] = set()
    words: list[str] = []
    nouns: set[str] = set()
    any_verb = False
    vague = lex.sets.get("vague_quantities", _NONE)
    for tok in r.toks:
        if tok.word:
            words.append(tok.lower)
        any_verb = any_verb or tok.pos in ("VERB", "AUX")
        if tok.pos in ("NOUN", "PROPN"):
            nouns.add(tok.lemma)
        flags.update(_grammar_flags(tok, r.claim_verbs))
        if tok.lower in vague:
            flags.add("vague_quantity")
        if tok.sections:
            flags.update(_word_flags(tok, r))
    return flags, words, nouns, any_verb


def _grammar_flags(tok: _Tok, claim_verbs: set[int]) -> list[str]:
    """Features of one token from its tag and dependency alone."""
    out: list[str] = []
    if tok.tag in _COMPARATIVES and tok.lower != "more":
        out.append("comparison")
    if tok.dep == "aux" and tok.lower in _FUTURE_AUX and tok.head in claim_verbs:
        out.append("future_tense")
    if tok.i in claim_verbs and tok.tag in ("VBD", "VBN"):
        out.append("past_event")
    if tok.dep == "neg" and tok.head in claim_verbs and tok.lower in _NEGATIONS:
        out.append("negated")
    if tok.pos == "PRON" and tok.lower in _FIRST:
        out.append("first_person")
    if tok.pos == "PRON" and tok.lower in _SECOND:
        out.append("second_person")
    return out


def _word_flags(tok: _Tok, r: _Reading) -> list[str]:
    """Features of one token from the word lists that list its lemma (and where it stands)."""
    sections, pos = tok.sections, tok.pos
    out: list[str] = [section for section in ("prediction", "causal", "framing") if section in sections]
    if "effects" in sections:
        out.append("effect")
    if "rule" in sections and pos in ("NOUN", "VERB", "ADJ"):
        out.append("rule")
    if "evidence" in sections and pos == "NOUN":
        out.append("evidence")
    on_claim = tok.dep in ("aux", "advmod") and tok.head in r.claim_verbs
    if "hedges" in sections and (on_claim or tok.i in r.claim_verbs and pos == "VERB"):
        out.append("hedged")
    if "cues" in sections and pos == "VERB":
        out.append("reported_speech")
    if "opinion" in sections and (tok.i in r.main or pos in ("ADJ", "AUX")):
        out.append("opinion")
    return out


Values = list[tuple[str, float | bool]]


def _typology(r: _Reading, flags: set[str], lex: ClaimWords) -> Values:
    """(a) the claim typology."""
    text, ents = r.lower_text, r.ents
    names = {etext.lower() for label, etext, _ in ents if label in _NAME_LABELS}
    money = _MONEY_PERCENT.search(text) is not None or any(label in ("MONEY", "PERCENT") for label, _, _ in ents)
    return [
        ("quantity", any(_is_quantity(t) for t in r.numbers)),
        ("money_percent", money),
        ("vague_quantity", "vague_quantity" in flags),
        ("comparison", "comparison" in flags or " than " in f" {text} "),
        ("date", any(label == "DATE" and _DIGIT.search(etext) is not None for label, etext, _ in ents)),
        ("prediction", "prediction" in flags or lex.phrase("prediction_phrases", text)),
        ("future_tense", "future_tense" in flags),
        ("causal", "causal" in flags or lex.phrase("causal_phrases", text)),
        ("effect", "effect" in flags),
        ("rule", "rule" in flags or lex.phrase("rule_phrases", text)),
        ("experience", _experience(r.span, r.toks, r.main)),
        ("past_event", "past_event" in flags),
        ("named_entities", min(len(names), 3) / 3),
    ]


def _framing(r: _Reading, flags: set[str], words: list[str], any_verb: bool, headline: bool, lex: ClaimWords) -> Values:
    """(b) how the sentence frames what it says."""
    return [
        ("framing", "framing" in flags),
        ("framing_phrase", lex.phrase("framing_phrases", r.lower_text)),
        ("evidence", "evidence" in flags),
        ("hedged", "hedged" in flags),
        ("negated", "negated" in flags),
        ("question", r.text.rstrip().rstrip(_QUOTES + "'\u2019 ").endswith("?")),
        ("reported_speech", "reported_speech" in flags or "according to" in r.lower_text),
        ("quote_marks", any(c in r.text for c in _QUOTES)),
        ("opinion", "opinion" in flags),
        ("first_person", "first_person" in flags),
        ("second_person", "second_person" in flags),
        ("no_verb", not any_verb),
        ("length", min(math.log1p(len(words)) / math.log(51), 1.5)),
        ("short", len(words) < 6),
        ("long", len(words) > 35),
        ("headline", headline),
    ]


def _centrality(r: _Reading, nouns: set[str], context: ArticleContext, headline: bool) -> Values:
    """(c) how central the sentence is to the article."""
    shared = nouns & context.key_words
    mentioned = {key for label, _, key in r.ents if label in _NAME_LABELS} & context.main_entities
    position = 1.0 if headline else max(0.0, 1.0 - r.span.start_char / max(context.length, 1))
    return [
        ("key_word_share", len(shared) / len(nouns) if nouns else 0.0),
        ("key_words_2", len(shared) >= 2),
        ("no_key_word", bool(context.key_words) and not shared),
        ("main_entities", min(len(mentioned), 2) / 2),
        ("position", position),
    ]
