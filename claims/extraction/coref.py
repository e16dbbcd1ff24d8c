"""Speaker coreference within one article: clusters of mentions and what points back to them.

Every person, organisation and country the article names becomes a ``Cluster`` (name variants merge:
"Okafor" joins "Sam Okafor"; an acronym joins the name it abbreviates). ``Resolver.antecedent`` finds what a
pronoun or description points back to, preferring the subject of the sentences just before and the most
recent speaker; ``Resolver.finish`` merges description-only speakers into the named person holding the role."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from . import confidence as conf
from . import types as T
from .lexicon import TITLE, full_title, lexicon, word_classes, word_map, words
from .mentions import clean, is_title_text, org_core, split_name, title_case
from .text import abbreviates, name_key
from .types import Kind

PRONOUN_GENDER = word_map("pronoun_gender")


ORG_PRONOUNS = words("organisation_pronoun")

# Generational suffixes after a surname ("Robert Ashby Jr."), folded.
_SUFFIXES = words("name_suffix")


def _without_suffix(words: list[str]) -> list[str]:
    """Folded name words without a trailing "Jr."/"III": the last one left is the surname."""
    out = list(words)
    while len(out) > 1 and out[-1] in _SUFFIXES:
        out.pop()
    return out


def honorific_gender(word: str) -> str | None:
    """The gender an honorific or gendered title gives ("Mrs." -> "f", "Chairman" -> "m"); None for "Dr."."""
    return lexicon().genders.get(word.lower()) or lexicon().genders.get(word.lower().rstrip(".") + ".")


@dataclass(eq=False)
class Cluster:
    """One speaker or entity being resolved in one article."""

    name: str | None
    kind: Kind
    role: str = ""
    affiliation: str = ""
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None
    party: str = ""  # "democrat" / "republican" / "independent" for a legislator described by party
    party_place: str = ""  # the state or district of that description ("a Minnesota Democrat")
    desc_words: set[str] = field(default_factory=set)  # head nouns of descriptions ("the president's nominee")
    not_gender: set[str] = field(default_factory=set)  # pronouns that cannot be this person ("Ochoa thanked her")
    mentions: list[int] = field(default_factory=list)  # sorted positions
    spoke: list[int] = field(default_factory=list)  # positions where it speaks
    role_words: set[str] = field(default_factory=set)
    merged: Cluster | None = None

    def root(self) -> Cluster:
        c = self
        while c.merged is not None:
            c = c.merged
        return c

    def add_alias(self, s: str) -> None:
        s = clean(s)
        if s and s.lower() not in PRONOUN_GENDER and s.lower() not in ORG_PRONOUNS and s not in self.aliases:
            self.aliases.append(s)

    def add_role(self, titles: list[str], affiliation: str = "") -> None:
        if titles:
            role = title_case(titles) if all(is_title_text(w) for w in titles) else " ".join(titles)
            self.role_words.update(w.lower() for w in titles)
            self.role_words.update(full_title(w) for w in titles)
            if len(role) > len(self.role) and (
                not self.role or self.role.lower() in role.lower() or not self.role_words
            ):
                self.role = role
            elif not self.role:
                self.role = role
        if affiliation and not self.affiliation:
            self.affiliation = affiliation

    def last_before(self, pos: int, spoke: bool = False) -> int | None:
        seq = self.spoke if spoke else self.mentions
        k = bisect_left(seq, pos)
        return seq[k - 1] if k else None

    def note(self, pos: int, spoke: bool = False) -> None:
        seq = self.spoke if spoke else self.mentions
        k = bisect_left(seq, pos)
        if k >= len(seq) or seq[k] != pos:
            seq.insert(k, pos)

    def speaker(self) -> T.Speaker:
        return T.Speaker(self.name, self.kind, self.role, self.affiliation, tuple(self.aliases))


@dataclass
class Resolution:
    cluster: Cluster | None
    mention: str
    confidence: float


class Resolver:
    """The clusters of one article and the tokens that name them."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self.places: list[str] = []
        self.by_token: dict[tuple[int, int], Cluster] = {}  # (doc number, token index) -> cluster
        self.resolved: dict[tuple[int, int], Cluster] = {}  # subjects resolved so far
        self.frozen_names = False  # set while reading a headline: its words never add or rename a speaker
        self.acronyms: dict[str, Cluster] = {}  # folded acronym the article spelled out -> its organisation

    def named(
        self,
        text: str,
        kind: Kind,
        pos: int,
        *,
        create: bool = True,
        gender: str | None = None,
        titles: tuple[str, ...] = (),
    ) -> Cluster | None:
        """The cluster for a name (variants merge: "Okafor" joins "Sam Okafor"); a new one when ``create``.

        ``gender`` (from an honorific: "Mr. Calder") keeps a name off a person of the other gender. While
        names are frozen (a headline) a name only links to a person whose name holds all its words: a
        title-case run such as "Rip Lena Marsh" is never a variant of "Lena Marsh".
        """
        if kind in (T.PERSON, T.UNKNOWN):
            name, own_titles = split_name(text)
            titles = (*titles, *own_titles)
            gender = gender or next((honorific_gender(w) for w in titles if honorific_gender(w)), None)
        else:
            name = org_core(text)
        if not name or not any(c.isalpha() for c in name):
            return None
        words = [name_key(w) for w in name.split()]
        words = [w for w in words if w]
        if not words:
            return None
        found = self._existing(name, words, kind, gender, titles)
        if found is None:
            if not create or self.frozen_names:
                return None
            found = Cluster(name=name, kind=kind)
            if kind in (T.PERSON, T.UNKNOWN):
                found.gender = gender
            self.clusters.append(found)
            if kind in (T.PERSON, T.UNKNOWN) and len(words) >= 2:
                self._absorb_surname(found, words[-1])
        elif not self.frozen_names and found.name is not None:
            # a fuller or better-cased variant renames the cluster ("Okafor" -> "Sam Okafor")
            if len(name.split()) > len(found.name.split()) or (found.name.isupper() and not name.isupper()):
                found.name = name
        if gender is not None and found.kind == T.PERSON and found.gender is None and not self.frozen_names:
            found.gender = gender
        found.add_alias(text)
        found.note(pos)
        return found

    def _existing(
        self, name: str, words: list[str], kind: Kind, gender: str | None, titles: tuple[str, ...]
    ) -> Cluster | None:
        """The cluster a name is a variant of: a person known to be of the honorific's gender, or to hold the
        title ("Senator Quinn" beside his wife), first; then the latest of that name."""
        key = name_key(name)
        role = {full_title(w) for w in titles if TITLE in word_classes(w)}
        order = [
            c
            for c in reversed(self.clusters)
            if (gender is not None and c.gender == gender) or (role and role <= {full_title(w) for w in c.role_words})
        ]
        for c in order + list(reversed(self.clusters)):
            if c.merged is not None or c.name is None:
                continue
            if kind in (T.PERSON, T.UNKNOWN) and c.kind == T.PERSON:
                if self._same_person(words, c, gender, suffixed=False):
                    return c
            elif kind == c.kind or {kind, c.kind} <= {T.ORGANISATION, T.COUNTRY}:
                ckey = name_key(c.name)
                if (
                    key.removeprefix("the ") == ckey.removeprefix("the ")
                    or abbreviates(name, c.name)
                    or abbreviates(c.name, name)
                    or self.acronyms.get(key) is c
                    or (self.acronyms.get(ckey) is not None and self.acronyms.get(ckey) is self.acronyms.get(key))
                ):
                    return c
        if kind in (T.PERSON, T.UNKNOWN):
            # a lone surname names a person the article gave with a suffix ("Ashby" after "Robert Ashby Jr.")
            # only when no one has it without
            for c in order + list(reversed(self.clusters)):
                if c.merged is None and c.kind == T.PERSON and self._same_person(words, c, gender, suffixed=True):
                    return c
        return None

    def _same_person(self, words: list[str], c: Cluster, gender: str | None, *, suffixed: bool) -> bool:
        """Whether name words (folded) may be person ``c``: never one of the other gender; while names are
        frozen only a variant holding no word of its own; ``suffixed``: a lone surname for a name with a
        suffix."""
        if c.name is None or (gender is not None and (c.gender not in (None, gender) or gender in c.not_gender)):
            return False
        cwords = [name_key(w) for w in c.name.split()]
        core, ccore = _without_suffix(words), _without_suffix(cwords)
        if self.frozen_names:
            return set(words) <= set(cwords) and core[-1] == ccore[-1]
        # an untagged surname ("Webb told Reuters") is the person of that surname
        same_surname = (
            len(core) == 1 and core[-1] == ccore[-1] and ccore != cwords if suffixed else words[-1] == cwords[-1]
        )
        return same_surname and (set(core) <= set(cwords) or set(cwords) <= set(words))

    def _absorb_surname(self, person: Cluster, surname: str) -> None:
        """A lone surname the tagger read as an organisation ("Ferro, a former prosecutor, said") is the
        person of that surname the article names in full."""
        for c in self.clusters:
            if c is person or c.merged is not None or c.kind != T.ORGANISATION or not c.name:
                continue
            if " " not in c.name and name_key(c.name) == surname:
                c.merged = person
                for a in c.aliases:
                    person.add_alias(a)
                for p in c.mentions:
                    person.note(p)
                for p in c.spoke:
                    person.note(p, spoke=True)

    def antecedent(
        self,
        h: Token,
        doc_no: int,
        base: int,
        sent_starts: list[int],
        fits: Callable[[Cluster], bool],
        *,
        speakers_only: bool = False,
        window: int = conf.ANTECEDENT_WINDOW,
        subjects_only: bool = False,
    ) -> tuple[Cluster | None, int]:
        """The cluster a pronoun or description at token ``h`` points back to, and its distance in sentences.

        Order of preference: the subject of the same sentence before ``h``, then the subjects of the
        previous sentences (nearest first), then the most recent speaker, then the most recent mention.
        """
        k = bisect_left(sent_starts, h.i + 1) - 1  # sentence holding h
        if not speakers_only:
            found = self._subject_before(h, doc_no, k, sent_starts, fits, min(window, 2))
            if found[0] is None and not subjects_only:
                found = self._newly_named(h, doc_no, base, k, sent_starts, fits)
            if found[0] is None and window > 2:
                found = self._subject_before(h, doc_no, k, sent_starts, fits, window, skip=2)
            if found[0] is not None:
                return found
        if subjects_only:
            return None, 0
        pos = base + h.idx
        best, best_pos = self._latest(pos, fits, spoke=True)
        if best is not None and best_pos is not None:
            return best, self._sent_distance(h.doc, base, best_pos, k, sent_starts) + 1
        if speakers_only:
            return None, 0
        best, best_pos = self._latest(pos, fits, spoke=False)
        if best is not None and best_pos is not None:
            return best, self._sent_distance(h.doc, base, best_pos, k, sent_starts) + 2
        return None, 0

    def _newly_named(
        self, h: Token, doc_no: int, base: int, k: int, sent_starts: list[int], fits: Callable[[Cluster], bool]
    ) -> tuple[Cluster | None, int]:
        """A fitting person the article names for the first time in this or the two sentences before, when it is
        the only one: 'That view is not shared by Tom Weller, a farmer. "...," he said.' is Weller's."""
        doc = h.doc
        lo = sent_starts[max(0, k - 2)] if sent_starts else 0
        found: dict[int, Cluster] = {}
        for i in range(lo, h.i):
            c = self.by_token.get((doc_no, i))
            if c is None:
                continue
            c = c.root()
            if c.kind == T.PERSON and c.mentions and c.mentions[0] >= base + doc[lo].idx and fits(c):
                found[id(c)] = c
        if len(found) != 1:
            return None, 0
        return next(iter(found.values())), 1

    def _subject_before(
        self,
        h: Token,
        doc_no: int,
        k: int,
        sent_starts: list[int],
        fits: Callable[[Cluster], bool],
        window: int,
        skip: int = 0,
    ) -> tuple[Cluster | None, int]:
        """The fitting subject of sentence ``k`` before ``h``, else of the sentences before it, nearest first
        (from ``skip`` sentences back)."""
        doc = h.doc
        for back in range(skip, window):
            j = k - back
            if j < 0:
                break
            s, e = sent_starts[j], (sent_starts[j + 1] if j + 1 < len(sent_starts) else len(doc))
            if back == 0:
                e = h.i
            for t in doc[s:e]:
                if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ in ("ROOT", "conj", "ccomp") and t.i != h.i:
                    c = self.resolved.get((doc_no, t.i)) or self._named_at(doc_no, t) or self._role_holder(t)
                    if c is not None:
                        c = c.root()
                        if fits(c):
                            return c, back
        return None, 0

    def _latest(self, pos: int, fits: Callable[[Cluster], bool], *, spoke: bool) -> tuple[Cluster | None, int | None]:
        """The fitting cluster that spoke (or, for named ones, was mentioned) last before ``pos``, and where."""
        best: Cluster | None = None
        best_pos: int | None = None
        for c in self.clusters:
            if c.merged is not None or (not spoke and c.name is None):
                continue
            p = c.last_before(pos, spoke=spoke)
            if p is not None and (best_pos is None or p > best_pos) and fits(c):
                best, best_pos = c, p
        return best, best_pos

    @staticmethod
    def _sent_distance(doc: Doc, base: int, char_pos: int, k: int, sent_starts: list[int]) -> int:
        rel = char_pos - base
        if rel < 0 or not len(doc) or rel >= doc[-1].idx + len(doc[-1]):
            return conf.FAR_SENTENCES
        tok = doc.char_span(rel, rel + 1, alignment_mode="expand")
        if tok is None or not len(tok):
            return conf.FAR_SENTENCES
        j = bisect_left(sent_starts, tok[0].i + 1) - 1
        return max(0, k - j)

    def _role_holder(self, t: Token) -> Cluster | None:
        """The person a definite title subject names ("The director stood by them"): the one person of the
        article holding that title."""
        if t.pos_ != "NOUN" or t.head.dep_ != "ROOT" or TITLE not in word_classes(t.lower_):
            return None
        if not any(c.lower_ == "the" for c in t.children):
            return None
        word = full_title(t.lower_)
        holders = [
            c
            for c in self.clusters
            if c.merged is None and c.kind == T.PERSON and c.name and word in {full_title(w) for w in c.role_words}
        ]
        return holders[0] if len(holders) == 1 else None

    def _named_at(self, doc_no: int, t: Token) -> Cluster | None:
        c = self.by_token.get((doc_no, t.i))
        if c is not None:
            return c
        for x in t.subtree:
            c = self.by_token.get((doc_no, x.i))
            if c is not None and c.kind == T.PERSON:
                return c
        return None

    def speaking(self, cluster: Cluster, pos: int) -> None:
        """Note that ``cluster`` speaks at ``pos``."""
        cluster.note(pos, spoke=True)
        cluster.note(pos)

    def finish(self) -> None:
        """Merge description-only speakers into the named person holding that role later in the article."""
        for c in self.clusters:
            if c.name is not None or c.merged is not None or c.kind != T.PERSON or not c.role_words:
                continue
            for d in self.clusters:
                if d is c or d.name is None or d.merged is not None or d.kind != T.PERSON:
                    continue
                if c.role_words <= d.role_words | {"the", "a"} and (
                    not c.affiliation or not d.affiliation or name_key(c.affiliation) == name_key(d.affiliation)
                ):
                    _merge_into(c, d)
                    break
            named = self._named_next(c) if c.merged is None else None
            if named is not None:
                _merge_into(c, named)
                now = c.role if not named.role or _FORMER.match(named.role) else named.role
                named.role, named.role_words = now, named.role_words | c.role_words

    def _named_next(self, c: Cluster) -> Cluster | None:
        """The person named right after description-only speaker ``c`` when the article names them by honorific
        and surname alone ("The state auditor warned ..." then "Ms. Petrakis said"): a writer introduces no
        new person so, only one already described."""
        if not c.mentions:
            return None
        after = [
            d
            for d in self.clusters
            if d.merged is None and d.kind == T.PERSON and d.name is not None and d.mentions
            if d.mentions[0] > c.mentions[0]
        ]
        if not after:
            return None
        d = min(after, key=lambda d: d.mentions[0])
        honorific_only = any(
            len(a.split()) == 2 and (honorific_gender(a.split()[0]) or a.split()[0].lower().rstrip(".") == "dr")
            for a in d.aliases
        )
        if d.name is None or len(d.name.split()) != 1 or not honorific_only or not _may_hold(d, c):
            return None
        return d


_FORMER = re.compile(r"(?:(?:a|an|the)\s+)?former\b", re.IGNORECASE)


def _may_hold(d: Cluster, c: Cluster) -> bool:
    """Whether named person ``d`` may hold description ``c``'s post: the article gives them no post, a post once
    held ("a former plant engineer"), or the same one ("the guild's president since 2020"); never another."""
    if c.gender is not None and d.gender is not None and c.gender != d.gender:
        return False
    if c.affiliation and d.affiliation and name_key(c.affiliation) != name_key(d.affiliation):
        return False
    if not d.role_words or all(_FORMER.match(r) for r in d.role_words):
        return True
    posts = {full_title(w) for w in c.role_words if TITLE in word_classes(w)}
    # a description's post is its head noun, the last word before a preposition: "a critic of the mayor" is a critic
    heads = {full_title(_ROLE_TAIL.split(name_key(r))[0].split()[-1]) for r in d.role_words if name_key(r)}
    return bool(posts) and posts <= heads


_ROLE_TAIL = re.compile(r"\s+(?:of|since|at|for|in|from|with|who|on|to)\b.*")


def _merge_into(c: Cluster, d: Cluster) -> None:
    """Merge cluster ``c`` into ``d``: its surface forms and the places it speaks."""
    c.merged = d
    for a in c.aliases:
        d.add_alias(a)
    for p in c.spoke:
        d.note(p, spoke=True)
