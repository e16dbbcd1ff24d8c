"""Small factories for website tests: articles with quotes, claims, speakers and entities (invented people)."""

from __future__ import annotations

import datetime as dt

from model_bakery import baker

from articles.models import Article, Outlet
from claims.counters import counters_refresh
from claims.models import Claim, Entity, Quote, Speaker, SpeakerAlias, Status, Tension

SPEAKERS = [
    ("Ada Vance", "person", "Mayor", "Port Alden"),
    ("Bruno Keel", "person", "Harbour Master", "Port Alden"),
    ("Port Alden Council", "organisation", "", ""),
    ("Corin Ash", "person", "Finance Minister", "Velmark"),
    ("Dana Orr", "person", "Spokesperson", "Northline Ferries"),
    ("Velmark", "country", "", ""),
]
ENTITIES = [
    ("Velmark", "country"),
    ("Northline Ferries", "organisation"),
    ("Port Alden", "other"),
    ("Ada Vance", "person"),
]


def make_cast() -> tuple[list[Speaker], list[Entity], Outlet]:
    """The speakers, entities and outlet the generated articles share."""
    speakers = []
    for name, kind, role, affiliation in SPEAKERS:
        slug = name.lower().replace(" ", "-")
        speaker = baker.make(Speaker, name=name, slug=slug, kind=kind, role=role, affiliation=affiliation)
        baker.make(SpeakerAlias, speaker=speaker, alias=name.split()[-1], key=name.split()[-1].lower())
        speakers.append(speaker)
    entities = [
        baker.make(Entity, name=name, slug=name.lower().replace(" ", "-"), kind=kind) for name, kind in ENTITIES
    ]
    return speakers, entities, baker.make(Outlet, name="The Alden Gazette", domain="gazette.example")


def make_article(n: int, *, speakers: list[Speaker], entities: list[Entity], outlet: Outlet | None = None) -> Article:
    """Article ``n``: three quotes by two speakers, a rejected quote, three claims (one rated, one rejected)
    and a tension between two of them. Offsets point at the quoted words in the body."""
    first, second = speakers[n % len(speakers)], speakers[(n + 1) % len(speakers)]
    paragraphs = [
        f'{first.name} said: "The ferry to the islands will run again by spring {n}."',
        f"{second.name} said the harbour would need 40 million to repair.",
        f'"Nobody has asked the fishermen," {second.name} added.',
        "The council said the repairs would cost 90 million.",
        f'A reader wrote in: "I made this up {n}."',
    ]
    body = "\n\n".join(paragraphs)
    article = baker.make(
        Article,
        slug=f"ferry-story-{n}",
        outlet=outlet,
        headline=f"Ferry story number {n}",
        standfirst="The harbour's future is in doubt",
        body=body,
        captions=[f"{first.name} on the quay"],
        source_name=f"ferry-{n}.txt",
        checksum=f"{n:064d}",
        raw_text=body,
        published=dt.date(2024, 1, 1) + dt.timedelta(days=7 * n),
    )

    def span(words: str) -> list[int]:
        start = body.index(words)
        return [start, start + len(words)]

    quotes = [
        (first, f"The ferry to the islands will run again by spring {n}.", "direct", entities[0]),
        (second, "the harbour would need 40 million to repair", "indirect", entities[1]),
        (second, "Nobody has asked the fishermen,", "direct", entities[2]),
    ]
    made = []
    for speaker, words, kind, about in quotes:
        start, end = span(words)
        quote = baker.make(
            Quote,
            article=article,
            speaker=speaker,
            speaker_mention=speaker.name,
            text=words,
            kind=kind,
            start=start,
            end=end,
            fragments=[[start, end]],
            confidence=0.8,
        )
        quote.about.add(about)
        made.append(quote)
    start, end = span(f"I made this up {n}.")
    rejected = baker.make(
        Quote, article=article, speaker=first, text=f"I made this up {n}.", start=start, end=end,
        fragments=[[start, end]], status=Status.REJECTED,
    )  # fmt: skip
    rejected.about.add(entities[0])
    baker.make(
        Quote, article=article, speaker=first, text=first.name, kind="indirect", location="caption",
        caption_index=0, start=0, end=len(first.name), fragments=[[0, len(first.name)]], confidence=0.4,
    )  # fmt: skip

    claim_a = baker.make(
        Claim, article=article, claimant=second, quote=made[1], text="the harbour would need 40 million to repair",
        checkworthiness=0.9, kind="prediction",
    )  # fmt: skip
    claim_a.about.add(entities[1])
    claim_b = baker.make(
        Claim, article=article, claimant=None, text="The council said the repairs would cost 90 million.",
        checkworthiness=0.7, rating_value=2, rating_label="Mostly false", kind="quantity",
    )  # fmt: skip
    claim_b.about.add(entities[2])
    hidden = baker.make(
        Claim, article=article, claimant=first, text=f"Rejected claim {n}", checkworthiness=1.0,
        status=Status.REJECTED,
    )  # fmt: skip
    hidden.about.add(entities[0])
    baker.make(Tension, claim_a=claim_a, claim_b=claim_b, what="repair cost differs: 40 million vs 90 million")
    return article


def make_newsroom(count: int) -> list[Article]:
    speakers, entities, outlet = make_cast()
    articles = [make_article(n, speakers=speakers, entities=entities, outlet=outlet) for n in range(count)]
    counters_refresh()  # the rows were written directly, not through the services that keep the counters
    return articles
