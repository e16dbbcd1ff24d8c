"""Check-worthiness as a learned, calibrated probability over one sentence.

    context = article_context(doc)                      # once per parsed article body
    model = load_model()                                # the shipped weights, read once
    verdict = model.assess(sentence_span, context)      # probability, checkworthy, kind
    for sent, verdict in assess_sentences(doc): ...     # the same for every sentence of the body

``sentence_features(span, context)`` turns one sentence (a ``Span`` of a parsed doc) into named feature
values: the Full Fact claim typology (quantity, prediction, causation, rules, personal experience, other
claims about the world), how the sentence frames what it says (myth, hoax, no evidence, "claimed that",
hedged or negated main clause, question, reported speech, length), how central it is to the article
(overlap with the article's key words and main entities) and hashed word 1-2-grams. Word lists live in
``data/claim_model_lexicon.txt``.

``CheckworthinessModel`` reads ``data/checkworthiness_model.json``, fitted offline by
``bench/train_claims.py`` (logistic regression on the annotated Wikinews articles of
``claims/training/``), and scores a sentence with a dot product and the logistic function: no
scikit-learn at run time. ``kind`` is the sentence's claim type from the typology features, in the
guideline's order of precedence (causal, prediction, rule, quantity, experience, other).
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

DATA_DIR = Path(__file__).parent / "data"
LEXICON_FILE = DATA_DIR / "claim_model_lexicon.txt"
MODEL_FILE = DATA_DIR / "checkworthiness_model.json"

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


# --- word lists ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """The sections of ``data/claim_model_lexicon.txt``: lemma sets and whole-word phrase patterns."""

    words: Mapping[str, frozenset[str]]
    phrases: Mapping[str, re.Pattern[str]]
    # word -> the sections that list it: one dictionary look-up per token serves every feature
    sections_of: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def has(self, section: str, lemma: str) -> bool:
        return lemma in self.words.get(section, frozenset())

    def sections(self, word: str) -> frozenset[str]:
        return self.sections_of.get(word, _NONE)

    def phrase(self, section: str, lower_text: str) -> bool:
        pattern = self.phrases.get(section)
        return pattern is not None and pattern.search(lower_text) is not None


def read_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Return the word lists of a lexicon file ("[section]" headers, one entry a line, "#" comments)."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
            continue
        if not current:
            raise ValueError(f"{path}: entry {line!r} before any [section]")
        sections[current].append(line.lower())
    words = {name: frozenset(entries) for name, entries in sections.items() if not name.endswith("_phrases")}
    phrases = {
        name: re.compile(
            r"(?<![\w'])(" + "|".join(re.escape(p) for p in sorted(entries, key=len, reverse=True)) + r")(?![\w'])"
        )
        for name, entries in sections.items()
        if name.endswith("_phrases") and entries
    }
    sections_of: dict[str, set[str]] = {}
    for name, entries in words.items():
        for entry in entries:
            sections_of.setdefault(entry, set()).add(name)
    return Lexicon(words, phrases, {word: frozenset(names) for word, names in sections_of.items()})


@cache
def lexicon() -> Lexicon:
    """The shipped word lists, read once per process."""
    return read_lexicon()


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
    sections: frozenset[str]  # the lexicon sections that list the token's lemma


def sentence_features(
    span: Span, context: ArticleContext, *, headline: bool = False, buckets: int = HASH_BUCKETS
) -> dict[str, float]:
    """Return the non-zero features of one sentence (names from ``feature_names(buckets)``)."""
    lex = lexicon()
    span_text = span.text
    toks: list[_Tok] = []
    numbers: list[Token] = []
    ents: list[tuple[str, str, str]] = []  # (label, text, key) of the named entities wholly inside the span
    ent_start = -1  # position in ``toks`` where the entity being read started (-1: none)
    ent_words: list[str] = []  # lower-case alphabetic words of that entity
    for t in span:
        lemma = t.lemma_.lower()
        lower = t.lower_
        toks.append(
            _Tok(
                t.i, lower, lemma, t.pos_, t.tag_, t.dep_, t.head.i, not (t.is_punct or t.is_space), lex.sections(lemma)
            )
        )
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
    claim_verbs = _claim_verbs(span, toks, main)

    flags: set[str] = set()  # token-level features that fired
    words: list[str] = []
    nouns: set[str] = set()
    any_verb = False
    for tok in toks:
        sections = tok.sections
        pos = tok.pos
        if tok.word:
            words.append(tok.lower)
        if pos in ("VERB", "AUX"):
            any_verb = True
        if pos in ("NOUN", "PROPN"):
            nouns.add(tok.lemma)
        if tok.tag in _COMPARATIVES and tok.lower != "more":
            flags.add("comparison")
        if tok.dep == "aux" and tok.lower in _FUTURE_AUX and tok.head in claim_verbs:
            flags.add("future_tense")
        if tok.i in claim_verbs and tok.tag in ("VBD", "VBN"):
            flags.add("past_event")
        if tok.dep == "neg" and tok.head in claim_verbs and tok.lower in _NEGATIONS:
            flags.add("negated")
        if pos == "PRON" and tok.lower in _FIRST:
            flags.add("first_person")
        if pos == "PRON" and tok.lower in _SECOND:
            flags.add("second_person")
        if tok.lower in lex.words.get("vague_quantities", _NONE):
            flags.add("vague_quantity")
        if not sections:
            continue
        for section in ("prediction", "causal", "framing"):
            if section in sections:
                flags.add(section)
        if "effects" in sections:
            flags.add("effect")
        if "rule" in sections and pos in ("NOUN", "VERB", "ADJ"):
            flags.add("rule")
        if "evidence" in sections and pos == "NOUN":
            flags.add("evidence")
        if "hedges" in sections and (
            tok.dep in ("aux", "advmod") and tok.head in claim_verbs or tok.i in claim_verbs and pos == "VERB"
        ):
            flags.add("hedged")
        if "cues" in sections and pos == "VERB":
            flags.add("reported_speech")
        if "opinion" in sections and (tok.i in main or pos in ("ADJ", "AUX")):
            flags.add("opinion")

    f: dict[str, float] = {}

    def on(name: str, value: float | bool) -> None:
        if value:
            f[name] = float(value)

    # (a) the claim typology
    on("quantity", any(_is_quantity(t) for t in numbers))
    on(
        "money_percent",
        _MONEY_PERCENT.search(lower_text) is not None or any(label in ("MONEY", "PERCENT") for label, _, _ in ents),
    )
    on("vague_quantity", "vague_quantity" in flags)
    on("comparison", "comparison" in flags or " than " in f" {lower_text} ")
    on("date", any(label == "DATE" and _DIGIT.search(etext) is not None for label, etext, _ in ents))
    on("prediction", "prediction" in flags or lex.phrase("prediction_phrases", lower_text))
    on("future_tense", "future_tense" in flags)
    on("causal", "causal" in flags or lex.phrase("causal_phrases", lower_text))
    on("effect", "effect" in flags)
    on("rule", "rule" in flags or lex.phrase("rule_phrases", lower_text))
    on("experience", _experience(span, toks, main))
    on("past_event", "past_event" in flags)
    names = {etext.lower() for label, etext, _ in ents if label in _NAME_LABELS}
    on("named_entities", min(len(names), 3) / 3)

    # (b) framing
    on("framing", "framing" in flags)
    on("framing_phrase", lex.phrase("framing_phrases", lower_text))
    on("evidence", "evidence" in flags)
    on("hedged", "hedged" in flags)
    on("negated", "negated" in flags)
    on("question", span_text.rstrip().rstrip(_QUOTES + "'\u2019 ").endswith("?"))
    on("reported_speech", "reported_speech" in flags or "according to" in lower_text)
    on("quote_marks", any(c in span_text for c in _QUOTES))
    on("opinion", "opinion" in flags)
    on("first_person", "first_person" in flags)
    on("second_person", "second_person" in flags)
    on("no_verb", not any_verb)
    on("length", min(math.log1p(len(words)) / math.log(51), 1.5))
    on("short", len(words) < 6)
    on("long", len(words) > 35)
    on("headline", headline)

    # (c) centrality
    shared = nouns & context.key_words
    on("key_word_share", len(shared) / len(nouns) if nouns else 0.0)
    on("key_words_2", len(shared) >= 2)
    on("no_key_word", bool(context.key_words) and not shared)
    mentioned = {key for label, _, key in ents if label in _NAME_LABELS} & context.main_entities
    on("main_entities", min(len(mentioned), 2) / 2)
    on("position", 1.0 if headline else max(0.0, 1.0 - span.start_char / max(context.length, 1)))

    # (d) hashed word 1-2-grams
    for bucket in sorted(ngram_buckets([w if w.isalpha() else _DIGIT.sub("0", w) for w in words], buckets)):
        f[f"{HASH_PREFIX}{bucket}"] = 1.0
    return f


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


# --- the model -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """The model's verdict on one sentence."""

    probability: float  # calibrated probability that a fact-checker would pick the sentence out
    checkworthy: bool  # probability >= the model's threshold
    kind: str  # one of KINDS
    features: Mapping[str, float]


@dataclass(frozen=True)
class CheckworthinessModel:
    """A logistic-regression scorer read from a weights file: a dot product and the logistic function."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float
    buckets: int
    weight_of: Mapping[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.features) != len(self.weights):
            raise ValueError(f"{len(self.features)} features but {len(self.weights)} weights")
        weight_of = {name: w for name, w in zip(self.features, self.weights, strict=True) if w != 0.0}
        object.__setattr__(self, "weight_of", weight_of)

    @classmethod
    def from_file(cls, path: Path = MODEL_FILE) -> CheckworthinessModel:
        """Read a weights file written by bench/train_claims.py; its feature list must match the code's."""
        data = json.loads(path.read_text(encoding="utf-8"))
        buckets = int(data["hashing"]["buckets"])
        features = tuple(str(name) for name in data["features"])
        weights = tuple(float(w) for w in data["weights"])
        if features != feature_names(buckets):
            raise ValueError(f"{path}: its feature list does not match claim_model.feature_names()")
        return cls(features, weights, float(data["intercept"]), float(data["threshold"]), buckets)

    def probability(self, features: Mapping[str, float]) -> float:
        """The logistic of the intercept plus the dot product of the weights with ``features``."""
        weight_of = self.weight_of
        z = self.intercept + sum(weight_of.get(name, 0.0) * value for name, value in features.items())
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def contributions(self, features: Mapping[str, float]) -> list[tuple[str, float]]:
        """Each feature's weight times value, largest effect first: why the model scored as it did.

        The hashed n-grams are summed into one ``"words"`` entry (a bucket number tells an editor nothing).
        """
        weight_of = self.weight_of
        named: dict[str, float] = {}
        for name, value in features.items():
            key = "words" if name.startswith(HASH_PREFIX) else name
            named[key] = named.get(key, 0.0) + weight_of.get(name, 0.0) * value
        return sorted(((k, v) for k, v in named.items() if v != 0.0), key=lambda kv: (-abs(kv[1]), kv[0]))

    def assess(self, span: Span, context: ArticleContext, *, headline: bool = False) -> Assessment:
        """Score one sentence of an article whose context is ``context``."""
        features = sentence_features(span, context, headline=headline, buckets=self.buckets)
        p = self.probability(features)
        return Assessment(p, p >= self.threshold, claim_kind(features), features)


def assess_sentences(doc: Doc, model: CheckworthinessModel | None = None) -> list[tuple[Span, Assessment]]:
    """Every sentence of a parsed body (``doc.sents``, blank ones left out) with the model's verdict."""
    model = model or load_model()
    context = article_context(doc)
    return [(sent, model.assess(sent, context)) for sent in doc.sents if any(not t.is_space for t in sent)]


@cache
def load_model() -> CheckworthinessModel:
    """The shipped model (``data/checkworthiness_model.json``), read once per process."""
    return CheckworthinessModel.from_file(MODEL_FILE)
