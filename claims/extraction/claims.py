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
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from .attribution import is_cue
from .entities import EntityIndex
from .types import BODY, PERSON, Claim, Fragment, Quote, Speaker

LEXICON_FILE = Path(__file__).parent / "data" / "claims_lexicon.txt"

THRESHOLD = 0.5
MIN_WORDS = 4  # pieces shorter than this ("He said:") are never claims
TOPICS = 10  # how many of the article's most frequent nouns and entities count as its topics

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

QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
EDGE_PUNCT = ":;,-\u2013\u2014( "
NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion""".split()
)
MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday""".split()
)
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
GENERIC_NOUNS = frozenset("year month week day time people number way part thing lot".split())


@dataclass(frozen=True)
class _Lexicon:
    sets: dict[str, frozenset[str]]
    phrases: dict[str, re.Pattern[str]]
    # word -> the sections that list it, so one lookup per token serves every feature
    sections_of: dict[str, frozenset[str]] = field(default_factory=dict)

    def has(self, section: str, word: str) -> bool:
        return word in self.sets.get(section, frozenset())

    def phrase(self, section: str, text: str) -> bool:
        pattern = self.phrases.get(section)
        return bool(pattern and pattern.search(text))


@cache
def _lexicon() -> _Lexicon:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line.lower())
    sets = {name: frozenset(words) for name, words in sections.items()}
    phrases = {
        name: re.compile(
            r"(?<![\w'])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w'])"
        )
        for name, words in sections.items()
        if name.endswith("_phrases")
    }
    sections_of: dict[str, set[str]] = {}
    for name, words in sets.items():
        for word in words:
            sections_of.setdefault(word, set()).add(name)
    return _Lexicon(sets, phrases, {w: frozenset(names) for w, names in sections_of.items()})


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    quote_index: int | None
    introduces_quote: bool
    beside_quote: bool = False  # outside every quote, but touching one (what is left of its sentence)


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
            features = _features(text[piece.start : piece.end], tokens, about, entities, topics, piece, key_words)
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


def _pieces(text: str, start: int, end: int, spans: list[tuple[int, int, int]]) -> list[_Piece]:
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
        pieces.append(_Piece(a2, b2, inside, introduces, beside))
    return pieces


def _attribution_tail(text: str, piece: _Piece, tokens: Span, spans: list[tuple[int, int, int]]) -> bool:
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


def _features(
    text: str,
    tokens: Span,
    about: tuple[str, ...],
    entities: EntityIndex,
    topics: frozenset[str],
    piece: _Piece,
    key_words: frozenset[str] = frozenset(),
) -> list[str]:
    lex = _lexicon()
    lower = " ".join(text.lower().replace("\u2019", "'").split())
    toks = list(tokens)  # Token objects made once: iterating a Span makes new ones every time
    main = _main_verbs(tokens, toks)
    lemmas = [t.lemma_.lower() for t in toks]  # computed once: every feature below reads them
    none: frozenset[str] = frozenset()
    listed = [lex.sections_of.get(lemma, none) for lemma in lemmas]  # the lexicon sections of each lemma
    fired: list[str] = []

    def on(name: str, condition: bool) -> None:
        if condition and name not in fired:
            fired.append(name)

    proportion = bool(PROPORTION.search(lower))
    on("quantity", proportion or any(_is_quantity(t, lex) for t in toks))
    on(
        "percent",
        proportion or bool(PERCENT.search(lower)) or any(t.ent_type_ in ("PERCENT", "MONEY") for t in toks),
    )
    on("date", any(_is_date(ent) for ent in tokens.ents))
    on("comparison", _compares(tokens, lower, lex, toks=toks))

    names = set(about)
    for ent in tokens.ents:
        if ent.label_ in NAME_LABELS:
            names.add(entities.canonical(ent.text) or ent.text)
    on("named_entity", len(names) >= 1)
    on("named_entities", len(names) >= 2)
    on("entity_subject", _entity_subject(tokens, entities, toks=toks))

    on(
        "factual_verb",
        any(
            (t.pos_ == "VERB" and "factual_verbs" in sections) or "status_terms" in sections
            for t, sections in zip(toks, listed, strict=True)
        ),
    )
    on(
        "causal",
        any("causal" in sections for sections in listed) or lex.phrase("causal_phrases", lower),
    )
    on(
        "evidence",
        # "a study of" cites evidence; "she studied chemistry" does not
        any(t.pos_ != "VERB" and "evidence" in sections for t, sections in zip(toks, listed, strict=True))
        or lex.phrase("evidence_phrases", lower),
    )
    words = set(lemmas) | {name.lower() for name in about}
    on("on_topic", len(words & topics) >= 2)
    if sum(WEIGHTS[f] for f in fired) < THRESHOLD:
        return fired  # every feature below lowers the score: this piece is no claim whatever they say

    on(
        "opinion",
        any(t.i in main and lex.has("opinion_verbs", lemma) for t, lemma in zip(toks, lemmas, strict=True))
        or lex.phrase("opinion_phrases", lower),
    )
    on(
        "deontic",
        any(_modal_of_main(t, main) and lex.has("deontic", t.lower_) for t in toks)
        or _main_phrase(tokens, main, lex, "deontic_phrases", toks=toks),
    )
    on(
        "hedge",
        any(
            (_modal_of_main(t, main) or t.dep_ == "advmod" and t.head.i in main) and lex.has("hedges", t.lower_)
            for t in toks
        ),
    )
    on("future", _future(tokens, main, lex, toks=toks))
    on("question", text.rstrip(QUOTE_CHARS + " ").endswith("?"))
    on("feeling", _feeling(tokens, main, lex, toks=toks))
    on(
        "evaluative",
        any(t.pos_ == "ADJ" and lex.has("evaluative", lemma) for t, lemma in zip(toks, lemmas, strict=True)),
    )
    on("attribution", piece.introduces_quote or (piece.beside_quote and lower.startswith("according to")))
    finding = "causal" in fired or _contrasts(tokens, lower, toks=toks)
    on(
        "method",
        not finding
        and (
            any(t.i in main and lex.has("method_verbs", lemma) for t, lemma in zip(toks, lemmas, strict=True))
            or lex.phrase("method_phrases", lower)
        ),
    )
    on(
        "off_topic",
        bool(key_words)
        and "on_topic" not in fired
        and not _key_words_in(tokens, about, entities, key_words, toks=toks),
    )
    return fired


_HAS_DIGIT = re.compile(r"\d").search


def _is_quantity(token: Token, lex: _Lexicon) -> bool:
    lower = token.lower_
    if lex.has("vague_quantities", lower) and token.pos_ in ("NOUN", "NUM", "ADJ", "ADV", "DET"):
        return lower != "most" or token.dep_ != "advmod"
    if not (token.like_num or _HAS_DIGIT(token.text)):
        return False
    if lower == "one" or token.ent_type_ in NOT_QUANTITY_LABELS or _is_age(token):
        return False
    if token.ent_type_ == "DATE":
        ent_text = _ent_text(token).lower()
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


def _ent_text(token: Token) -> str:
    """The text of the named entity ``token`` is part of (or the token's own text)."""
    if not token.ent_type_:
        return token.text
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _is_date(ent: Span) -> bool:
    if ent.label_ != "DATE" or any(_is_age(t) for t in ent):
        return False
    lower = ent.text.lower()
    return bool(any(c.isdigit() for c in lower) or PERIOD_WORDS.search(lower))


def _compares(tokens: Span, lower: str, lex: _Lexicon, toks: list[Token] | None = None) -> bool:
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


def _main_phrase(tokens: Span, main: set[int], lex: _Lexicon, section: str, toks: list[Token] | None = None) -> bool:
    """A phrase from ``section`` whose first word belongs to a main predicate ("has to" + root verb)."""
    toks = list(tokens) if toks is None else toks
    starts = _phrase_starts(tokens.doc, lex, section)
    return any(t.idx in starts and (t.i in main or t.head.i in main) for t in toks)


def _phrase_starts(doc: Doc, lex: _Lexicon, section: str) -> frozenset[int]:
    """Character offsets where a phrase of ``section`` starts in ``doc``, found once per doc."""
    key = ("newsroom_phrases", section)
    if key not in doc.user_data:
        pattern = lex.phrases.get(section)
        text = doc.text.lower()
        doc.user_data[key] = frozenset(m.start() for m in pattern.finditer(text)) if pattern else frozenset()
    return doc.user_data[key]


def _future(tokens: Span, main: set[int], lex: _Lexicon, toks: list[Token] | None = None) -> bool:
    toks = list(tokens) if toks is None else toks
    for t in toks:
        if t.lower_ in ("will", "'ll", "shall", "wo", "would") and t.dep_ == "aux" and t.head.i in main:
            return True
    return _main_phrase(tokens, main, lex, "future_phrases", toks=toks) or lex.phrase(
        "future_time_phrases", " ".join(tokens.text.lower().split())
    )


def _feeling(tokens: Span, main: set[int], lex: _Lexicon, toks: list[Token] | None = None) -> bool:
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
