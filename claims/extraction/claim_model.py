"""Check-worthiness as a learned, calibrated probability over one sentence.

    context = article_context(doc)                      # once per parsed article body
    model = load_model()                                # the shipped weights, read once
    verdict = model.assess(sentence_span, context)      # probability, checkworthy, kind

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
_FUTURE_AUX = frozenset(("will", "'ll", "shall", "wo"))
_FIRST = frozenset(("i", "we", "me", "us", "my", "our"))
_SECOND = frozenset(("you", "your"))
_NEGATIONS = frozenset(("not", "n't", "never", "no"))
_MAIN_DEPS = frozenset(("conj",))
_REPORTED_DEPS = frozenset(("ccomp", "xcomp", "advcl"))
_GENERIC = frozenset("year month week day time people number way part thing lot today".split())


# --- word lists ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """The sections of ``data/claim_model_lexicon.txt``: lemma sets and whole-word phrase patterns."""

    words: Mapping[str, frozenset[str]]
    phrases: Mapping[str, re.Pattern[str]]

    def has(self, section: str, lemma: str) -> bool:
        return lemma in self.words.get(section, frozenset())

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
    return Lexicon(words, phrases)


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


def sentence_features(
    span: Span, context: ArticleContext, *, headline: bool = False, buckets: int = HASH_BUCKETS
) -> dict[str, float]:
    """Return the non-zero features of one sentence (names from ``feature_names(buckets)``)."""
    lex = lexicon()
    toks = list(span)
    lower = " ".join(span.text.lower().replace("\u2019", "'").split())
    lemmas = [t.lemma_.lower() for t in toks]
    words = [t for t in toks if not (t.is_punct or t.is_space)]
    main = _main_verbs(span, toks)
    claim_verbs = _claim_verbs(toks, main, lex)
    ents = list(span.ents)
    f: dict[str, float] = {}

    def on(name: str, value: float | bool) -> None:
        if value:
            f[name] = float(value)

    # (a) the claim typology
    on("quantity", any(_is_quantity(t) for t in toks))
    on("money_percent", _MONEY_PERCENT.search(lower) is not None or any(e.label_ in ("MONEY", "PERCENT") for e in ents))
    on("vague_quantity", any(lex.has("vague_quantities", t.lower_) for t in toks))
    on(
        "comparison",
        " than " in f" {lower} " or any(t.tag_ in ("JJR", "JJS", "RBR", "RBS") and t.lower_ != "more" for t in toks),
    )
    on("date", any(e.label_ == "DATE" and _DIGIT.search(e.text) is not None for e in ents))
    on(
        "prediction",
        any(lex.has("prediction", lemma) for lemma in lemmas) or lex.phrase("prediction_phrases", lower),
    )
    on("future_tense", any(t.dep_ == "aux" and t.lower_ in _FUTURE_AUX and t.head.i in claim_verbs for t in toks))
    on("causal", any(lex.has("causal", lemma) for lemma in lemmas) or lex.phrase("causal_phrases", lower))
    on("effect", any(lex.has("effects", lemma) for lemma in lemmas))
    on(
        "rule",
        any(lex.has("rule", lemma) and t.pos_ in ("NOUN", "VERB", "ADJ") for t, lemma in zip(toks, lemmas, strict=True))
        or lex.phrase("rule_phrases", lower),
    )
    on("experience", _experience(toks, main, lex))
    on("past_event", any(toks_i.tag_ in ("VBD", "VBN") for toks_i in toks if toks_i.i in claim_verbs))
    names = {e.text.lower() for e in ents if e.label_ in _NAME_LABELS}
    on("named_entities", min(len(names), 3) / 3)

    # (b) framing
    on("framing", any(lex.has("framing", lemma) for lemma in lemmas))
    on("framing_phrase", lex.phrase("framing_phrases", lower))
    on("evidence", any(lex.has("evidence", lemma) and t.pos_ == "NOUN" for t, lemma in zip(toks, lemmas, strict=True)))
    on("hedged", any(_modifies(t, claim_verbs) and lex.has("hedges", t.lemma_.lower()) for t in toks))
    on("negated", any(t.dep_ == "neg" and t.head.i in claim_verbs and t.lower_ in _NEGATIONS for t in toks))
    on("question", span.text.rstrip().rstrip(_QUOTES + "'\u2019 ").endswith("?"))
    on(
        "reported_speech",
        any(t.pos_ == "VERB" and lex.has("cues", lemma) for t, lemma in zip(toks, lemmas, strict=True))
        or "according to" in lower,
    )
    on("quote_marks", any(c in span.text for c in _QUOTES))
    on(
        "opinion",
        any(t.i in main and lex.has("opinion", lemma) for t, lemma in zip(toks, lemmas, strict=True))
        or any(t.pos_ in ("ADJ", "AUX") and lex.has("opinion", lemma) for t, lemma in zip(toks, lemmas, strict=True)),
    )
    on("first_person", any(t.lower_ in _FIRST and t.pos_ == "PRON" for t in toks))
    on("second_person", any(t.lower_ in _SECOND and t.pos_ == "PRON" for t in toks))
    on("no_verb", not any(t.pos_ in ("VERB", "AUX") for t in toks))
    n_words = len(words)
    on("length", min(math.log1p(n_words) / math.log(51), 1.5))
    on("short", n_words < 6)
    on("long", n_words > 35)
    on("headline", headline)

    # (c) centrality
    nouns = {lemma for t, lemma in zip(toks, lemmas, strict=True) if t.pos_ in ("NOUN", "PROPN")}
    shared = nouns & context.key_words
    on("key_word_share", len(shared) / len(nouns) if nouns else 0.0)
    on("key_words_2", len(shared) >= 2)
    on("no_key_word", bool(context.key_words) and not shared)
    mentioned = {_entity_key(e) for e in ents} & context.main_entities
    on("main_entities", min(len(mentioned), 2) / 2)
    on("position", 1.0 if headline else max(0.0, 1.0 - span.start_char / max(context.length, 1)))

    # (d) hashed word 1-2-grams
    for bucket in sorted(ngram_buckets([_DIGIT.sub("0", t.lower_) for t in words], buckets)):
        f[f"{HASH_PREFIX}{bucket}"] = 1.0
    return f


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


def _main_verbs(span: Span, toks: list[Token]) -> set[int]:
    """Token indices of the sentence's main predicates: its roots and the verbs conjoined to them."""
    lo, hi = span.start, span.end
    roots = [t for t in toks if t.head.i == t.i or not lo <= t.head.i < hi]
    main = {t.i for t in roots}
    for root in roots:
        main.update(c.i for c in root.children if c.dep_ in _MAIN_DEPS and c.pos_ in ("VERB", "AUX"))
    return main


def _claim_verbs(toks: list[Token], main: set[int], lex: Lexicon) -> set[int]:
    """The main predicates plus, under a reporting verb, the predicate of what is reported."""
    verbs = set(main)
    for t in toks:
        if t.i in main and lex.has("cues", t.lemma_.lower()):
            verbs.update(c.i for c in t.children if c.dep_ in _REPORTED_DEPS)
    return verbs


def _modifies(token: Token, verbs: set[int]) -> bool:
    return token.dep_ in ("aux", "advmod") and token.head.i in verbs or token.i in verbs and token.pos_ == "VERB"


def _experience(toks: list[Token], main: set[int], lex: Lexicon) -> bool:
    """A first-person witness account: "I saw", "we have been drinking", "I was never told"."""
    for t in toks:
        if t.i not in main or t.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(s.lower_ in ("i", "we") for s in subjects) and (
            lex.has("experience", t.lemma_.lower()) or t.tag_ in ("VBD", "VBN")
        ):
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

    def assess(self, span: Span, context: ArticleContext, *, headline: bool = False) -> Assessment:
        """Score one sentence of an article whose context is ``context``."""
        features = sentence_features(span, context, headline=headline, buckets=self.buckets)
        p = self.probability(features)
        return Assessment(p, p >= self.threshold, claim_kind(features), features)


@cache
def load_model() -> CheckworthinessModel:
    """The shipped model (``data/checkworthiness_model.json``), read once per process."""
    return CheckworthinessModel.from_file(MODEL_FILE)
