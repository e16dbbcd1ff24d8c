"""Checks of speaker identity over whatever is stored, for tests and for ``bench/speakers.py``.

``name_word_breaches`` is the invariant every ingested corpus must keep; ``corpus_outcomes`` scores the
speakers corpus (``tests/speakers_corpus/``) against its key. Both read the database and change nothing.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from articles.models import Article
from claims.models import Quote, SpeakerAlias, Status
from claims.naming import name_key

REPO = Path(__file__).resolve().parents[2]
SPEAKERS_CORPUS = REPO / "tests" / "speakers_corpus"
_WORD = re.compile(r"\w+")


def corpus_files() -> list[Path]:
    return sorted((SPEAKERS_CORPUS / "articles").glob("*.txt"))


def corpus_orders() -> dict[str, list[Path]]:
    """The speakers corpus in three ingest orders: sorted, reversed and one fixed shuffle."""
    files = corpus_files()
    shuffled = list(files)
    random.Random(10).shuffle(shuffled)  # noqa: S311 -- a fixed order, not a secret
    return {"sorted": files, "reversed": files[::-1], "shuffled": shuffled}


def expected_key() -> dict:
    return json.loads((SPEAKERS_CORPUS / "expected.json").read_text(encoding="utf-8"))


def _words(text: str) -> set[str]:
    return set(_WORD.findall(name_key(text)))


def article_words(article: Article) -> set[str]:
    """Every folded word of an article: kicker, headline, standfirst, body and captions."""
    parts = [article.kicker, article.headline, article.standfirst, article.body, *article.captions]
    return _words(" ".join(p for p in parts if p))


@dataclass(frozen=True)
class Breach:
    article: str
    speaker: str
    missing: tuple[str, ...]
    quote: str

    def __str__(self) -> str:
        return f"{self.article}: {self.speaker!r} lacks {', '.join(self.missing)} (quote {self.quote[:40]!r})"


def name_word_breaches(*, exact_alias: bool = True) -> list[Breach]:
    """Quotes whose speaker's canonical name has a word (two letters or more) that their own article lacks.

    A link made by an editor is exempt (a quote an editor touched, a speaker with an alias an editor added),
    and so is one made through an exact alias: a name-like form of the speaker of two words or more
    ("Mrs. Halvorsen", "Governor Ashby") printed in the quote's own article, which is how a surname-only
    article is linked to the one person it can be.
    """
    quotes = Quote.objects.filter(speaker__isnull=False).select_related("speaker", "article")
    aliases: dict[int, list[SpeakerAlias]] = {}
    for alias in SpeakerAlias.objects.filter(speaker__in=quotes.values("speaker")):
        aliases.setdefault(alias.speaker_id, []).append(alias)
    words_of: dict[int, set[str]] = {}
    breaches = []
    for quote in quotes:
        article = quote.article
        if article.pk not in words_of:
            words_of[article.pk] = article_words(article)
        have = words_of[article.pk]
        missing = tuple(w for w in _WORD.findall(name_key(quote.speaker.name)) if len(w) >= 2 and w not in have)
        if not missing or quote.status != Status.MACHINE:
            continue
        own = aliases.get(quote.speaker_id, [])
        if any(a.added_by_editor for a in own):
            continue
        if exact_alias and any(len(a.key.split()) >= 2 and _printed(a.key, article) for a in own):
            continue
        breaches.append(Breach(article.source_name, quote.speaker.name, missing, quote.text))
    return breaches


def _printed(key: str, article: Article) -> bool:
    texts = [article.headline, article.body, *article.captions]
    return any(f" {key} " in f" {name_key(t)} " for t in texts if t)


@dataclass(frozen=True)
class Outcome:
    file: str
    key: str
    person: str
    resolvable: str
    speaker: str | None
    ok: bool
    why: str = ""


def _find(article: Article, key: str) -> Quote | None:
    folded = name_key(key)
    rows = list(article.quotes.exclude(status=Status.REJECTED).select_related("speaker"))
    for row in rows:
        if folded in name_key(row.text):
            return row
    for text, location in ((article.body, "body"), (article.headline, "headline")):
        start = text.find(key)
        if start < 0:
            continue
        end = start + len(key)
        for row in rows:
            if row.location == location and any(a < end and start < b for a, b in row.fragments):
                return row
    return None


def corpus_outcomes(key: dict | None = None) -> list[Outcome]:
    """One outcome per quote of the speakers corpus key: is its stored speaker the right person?

    Right means: a named person's or organisation's quote has a speaker whose canonical name folds to the
    key's name, and that is the one speaker all of that person's quotes of that name share (the most used,
    when they are split); a quote by an ambiguous surname (``resolvable: no``) has a speaker of its own that
    no quote of another person shares and that is not named as one of the people it must not be.
    """
    key = key or expected_key()
    people = key["people"]
    articles = {a.source_name: a for a in Article.objects.all()}
    found: list[tuple[dict, dict, Quote | None]] = []
    for entry in key["articles"]:
        article = articles.get(entry["file"])
        for q in entry["quotes"]:
            found.append((entry, q, _find(article, q["key"]) if article else None))
    by_person: dict[str, Counter] = {}
    persons_of: dict[int, set[str]] = {}
    for _, q, row in found:
        if row is not None and row.speaker_id is not None:
            person = people.get(q["person"])
            if person is not None and name_key(row.speaker.name) == name_key(person["name"]):
                by_person.setdefault(q["person"], Counter())[row.speaker_id] += 1
            persons_of.setdefault(row.speaker_id, set()).add(q["person"])
    outcomes = []
    for entry, q, row in found:
        person = q["person"]
        speaker = row.speaker if row is not None else None
        name = speaker.name if speaker else None

        def out(ok: bool, why: str = "", q=q, name=name, entry=entry) -> Outcome:
            return Outcome(entry["file"], q["key"], q["person"], q["resolvable"], name, ok, why)

        if row is None:
            outcomes.append(out(False, "quote not found"))
        elif speaker is None:
            outcomes.append(out(False, "no speaker"))
        elif person in people:
            if name_key(speaker.name) != name_key(people[person]["name"]):
                outcomes.append(out(False, f"speaker {speaker.name!r}"))
            elif by_person[person].most_common(1)[0][0] != speaker.pk:
                outcomes.append(out(False, "a second speaker of the same name"))
            else:
                outcomes.append(out(True))
        else:
            wrong = {name_key(people[p]["name"]) for p in q.get("must_not_be", [])}
            if name_key(speaker.name) in wrong:
                outcomes.append(out(False, f"linked to {speaker.name!r}"))
            elif persons_of[speaker.pk] != {person}:
                outcomes.append(out(False, f"shared with {sorted(persons_of[speaker.pk] - {person})}"))
            else:
                outcomes.append(out(True))
    return outcomes
