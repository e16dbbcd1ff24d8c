"""Topic references with no name: pronouns ("it", "they", "we") and descriptions ("the country", "the
alliance") resolved against the entity mentions before them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.tokens import Doc, Token

from .gazetteer import BY_DESCRIPTION, BY_PRONOUN
from .lexicon import word_map, words
from .types import COUNTRY, ORGANISATION, PERSON, Kind

PRONOUN_WINDOW = 2  # sentences back that a pronoun may reach


DESCRIPTION_WINDOW = 5  # sentences back that "the country" may reach
FAR_BACK = 10**6  # sentences: "the alliance" reaches the last alliance however far back


PERSON_PRONOUNS = words("person_pronoun")


IT_PRONOUNS = words("it_pronoun")


THEY_PRONOUNS = words("they_pronoun")


WE_PRONOUNS = words("we_pronoun")


COUNTRY_NOUNS = words("country_noun")


PLURAL_COUNTRY_NOUNS = words("countries_noun")


ANY_ORG_NOUNS = words("organisation_noun")


ORG_TYPE_NOUNS = word_map("organisation_type")


SUBJECT_CHAIN = frozenset("compound poss amod appos flat det conj cc pobj prep nmod nummod case".split())


# Expletive "it": "it is natural to ...", "it seems that ...".
EXPLETIVE_NEXT = words("expletive_next")


@dataclass
class Found:
    """A mention while the article is being read: token range plus what it names."""

    i: int  # first token
    j: int  # one past the last token
    name: str
    kind: Kind
    via: str
    org_type: str = ""


def _subjectish(token: Token) -> bool:
    """True when the token is, or sits inside, the subject of its clause."""
    seen = 0
    while seen < 8:
        if token.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return True
        if token.dep_ not in SUBJECT_CHAIN or token.head.i == token.i:
            return False
        token = token.head
        seen += 1
    return False


def _expletive(token: Token) -> bool:
    """ "it" that refers to nothing: "it is natural to", "it seems", "it emerged that"."""
    if token.dep_ == "expl":
        return True
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is None:
        return False
    if nxt.lower_ in EXPLETIVE_NEXT:
        return True
    if nxt.lemma_ == "be" and token.lower_ == "it":
        for k in range(token.i + 2, min(token.i + 6, len(doc))):
            if doc[k].lower_ in ("to", "that") and doc[k - 1].pos_ in ("ADJ", "NOUN", "ADV"):
                return True
    return False


@dataclass
class _Seen:
    found: Found
    sent: int
    subject: bool
    pronoun: str = ""  # the pronoun class ("we") when the mention was resolved from one


def _description(token: Token) -> tuple[str, int] | None:
    """("country" | "countries" | org type | "org", first token) when the token heads a bare description."""
    lower = token.lower_
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    dets = [c for c in token.children if c.dep_ in ("det", "predet", "nummod")]
    mods = [c for c in token.children if c.dep_ in ("amod", "compound")]
    if mods or not dets:
        return None
    first = min(c.i for c in dets)
    det_words = {c.lower_ for c in dets}
    if lower in PLURAL_COUNTRY_NOUNS and det_words & {"the", "both", "two", "these", "those"}:
        return "countries", first
    if not det_words & {"the", "this", "that"}:
        return None
    if lower in COUNTRY_NOUNS:
        return "country", first
    if lower in ANY_ORG_NOUNS:
        return "org", first
    if lower in ORG_TYPE_NOUNS:
        return ORG_TYPE_NOUNS[lower], first
    return None


class _History:
    """The mentions read so far, newest last, with the sentence each is in.

    Lookups that may reach far back (every mention of one sentence, the last organisation of a type, the
    last two countries) read small indexes kept as mentions arrive, never the whole history.
    """

    def __init__(self, doc: Doc) -> None:
        self.sent_of: dict[int, int] = {}
        for s_index, sent in enumerate(doc.sents):
            for t in sent:
                self.sent_of[t.i] = s_index
        self.seen: list[_Seen] = []
        self.by_sent: dict[int, list[_Seen]] = {}  # the mentions of each sentence, in reading order
        self.last_of_type: dict[str, _Seen] = {}  # organisation type -> its newest mention
        self.last_countries: dict[str, _Seen] = {}  # country -> its newest mention by name, oldest first

    def remember(self, f: Found, token: Token, pronoun: str = "") -> None:
        seen = _Seen(f, self.sent_of.get(token.i, 0), _subjectish(token), pronoun)
        self.seen.append(seen)
        self.by_sent.setdefault(seen.sent, []).append(seen)
        self.last_of_type[f.org_type] = seen
        if f.kind == COUNTRY and f.via != BY_PRONOUN:
            self.last_countries.pop(f.name, None)
            self.last_countries[f.name] = seen

    def recent(self, sent: int, window: int, want: Callable[[_Seen], bool]) -> Iterator[_Seen]:
        """The wanted mentions at most ``window`` sentences before ``sent``, newest first."""
        for seen in reversed(self.seen):
            if sent - seen.sent > window:
                return
            if want(seen):
                yield seen

    def last(self, sent: int, window: int, want: Callable[[_Seen], bool]) -> list[Found]:
        """The newest wanted mention, as a list of none or one."""
        hit = next(self.recent(sent, window, want), None)
        return [hit.found] if hit else []

    def last_typed(self, sent: int, org_type: str) -> list[Found]:
        """The newest mention of an organisation of ``org_type``, however far back, as a list of none or one.

        (``FAR_BACK`` sentences is more than a text within the documented size limit can hold.)
        """
        hit = self.last_of_type.get(org_type)
        return [hit.found] if hit is not None and sent - hit.sent <= FAR_BACK else []

    def group(self, sent: int, window: int, want: Callable[[_Seen], bool]) -> list[Found]:
        """The wanted mentions of the nearest sentence that has any."""
        for seen in self.recent(sent, window, want):
            same = [s.found for s in self.by_sent[seen.sent] if want(s)]
            return list({f.name: f for f in same}.values())
        return []


def resolve_references(doc: Doc, explicit: list[Found]) -> list[Found]:
    """Mentions by pronoun or description, resolved against the mentions before them."""
    starts: dict[int, list[Found]] = {}
    for f in explicit:
        starts.setdefault(f.i, []).append(f)
    history = _History(doc)
    resolved: list[Found] = []
    skip_until = -1
    for token in doc:
        if token.i < skip_until:
            continue
        if token.i in starts:
            for f in starts[token.i]:
                history.remember(f, doc[f.j - 1] if f.kind != PERSON else doc[f.i])
            skip_until = max(f.j for f in starts[token.i])
            continue
        sent = history.sent_of.get(token.i, 0)
        targets, via, start_i = _pronoun_targets(history, token, sent), BY_PRONOUN, token.i
        desc = _description(token) if targets is None else None
        if desc is not None:
            what, start_i = desc
            targets, via = _description_targets(history, what, sent), BY_DESCRIPTION
        for target in targets or []:
            f = Found(start_i, token.i + 1, target.name, target.kind, via, target.org_type)
            resolved.append(f)
            history.remember(f, token, "we" if token.lower_ in WE_PRONOUNS else "")
    return resolved


def _pronoun_targets(history: _History, token: Token, sent: int) -> list[Found] | None:
    """What a pronoun refers to (maybe nothing); None when the token is no pronoun read here."""
    lower = token.lower_
    if lower in PERSON_PRONOUNS and token.pos_ == "PRON":
        return history.last(sent, PRONOUN_WINDOW, lambda s: s.found.kind == PERSON)
    if lower in IT_PRONOUNS and not _expletive(token):
        return history.last(sent, PRONOUN_WINDOW, lambda s: s.found.kind != PERSON and s.subject)
    if lower in THEY_PRONOUNS:
        return history.group(sent, PRONOUN_WINDOW, lambda s: s.found.kind != PERSON and s.subject)
    if lower in WE_PRONOUNS and token.text != "US":
        # A "we" goes on meaning what the last "we" meant; else the countries just named.
        return history.group(sent, 1, lambda s: s.pronoun == "we") or history.group(
            sent, 1, lambda s: s.found.kind == COUNTRY and s.found.via != BY_PRONOUN
        )
    return None


def _description_targets(history: _History, what: str, sent: int) -> list[Found]:
    """What "the country", "the countries", "the organisation" or "the alliance" refers to."""
    if what == "country":
        return history.last(sent, DESCRIPTION_WINDOW, lambda s: s.found.kind == COUNTRY)
    if what == "countries":
        return _countries_together(history, sent)
    if what == "org":
        return history.last(sent, DESCRIPTION_WINDOW, lambda s: s.found.kind == ORGANISATION)
    # "the alliance": the last organisation of that type, however far back.
    return history.last_typed(sent, what)


def _countries_together(history: _History, sent: int) -> list[Found]:
    """The countries of the nearest sentence naming two or more, else the last two countries named."""
    by_sent: dict[int, dict[str, Found]] = {}
    for s in range(max(0, sent - DESCRIPTION_WINDOW), sent + 1):  # no mention read so far is past ``sent``
        for seen in history.by_sent.get(s, ()):
            if seen.found.kind == COUNTRY and seen.found.via != BY_PRONOUN:
                by_sent.setdefault(seen.sent, {})[seen.found.name] = seen.found
    for s in sorted(by_sent, reverse=True):
        if len(by_sent[s]) >= 2:
            return list(by_sent[s].values())
    last = [seen.found for seen in islice(reversed(history.last_countries.values()), 2)]
    return last if len(last) == 2 else []
