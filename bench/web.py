"""Server time of every page of the site on a database of generated articles (a benchmark, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom .venv/bin/python bench/web.py
    .venv/bin/python bench/web.py --articles 2000 --requests 20      # smaller and quicker
    .venv/bin/python bench/web.py --keep                              # keep the database to look at it
    .venv/bin/python bench/web.py --reuse                             # time again on the kept database

The database is a throwaway one, created beside the one DATABASE_URL names (``<name>_bench_web`` on the
same server, migrated, dropped at the end unless --keep), so a real database is never touched. Without
DATABASE_URL it is a throwaway SQLite file (the targets are for PostgreSQL). With --reuse, a database that
an earlier --keep run built is migrated and timed again without building it (the build takes minutes); the
article list's growth is then not measured, and every page is timed with the big article already there.

It fills the database with generated articles (about 8 quotes and 6 claims each, 3,000 speakers shared
Zipf-like across articles, 500 entities, tensions) through bulk_create, growing it in steps, and prints:

- the article list's median time at 100, 1,000 and the full number of articles, and with one more article
  holding 5,000 quotes;
- for every page, the median and 95th-percentile server time over --requests requests through Django's test
  client (logged in, production settings) and the number of SQL queries; pages this branch does not have
  answer 404 and are printed as "missing";
- the requests per second of the health check, the cheapest view, for scale.

Target on PostgreSQL: median under 50 ms and 95th percentile under 150 ms on every page.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Production settings (no DEBUG query log, no debug pages); the key only lives for this run.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import logging  # noqa: E402
import warnings  # noqa: E402

import django  # noqa: E402

django.setup()
# Pages missing on this branch are reported in the table, not logged; no collected static files are needed.
logging.getLogger("django.request").setLevel(logging.ERROR)
warnings.filterwarnings("ignore", message="No directory at")

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from articles.models import Article, Outlet  # noqa: E402
from claims.counters import counters_refresh  # noqa: E402
from claims.models import (  # noqa: E402
    Claim,
    Entity,
    EntityAlias,
    EntityKind,
    Quote,
    QuoteKind,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    Status,
    Tension,
)
from search.selectors import search_site  # noqa: E402
from search.text import fold  # noqa: E402

BATCH = 2000
LIST_STEPS = (100, 1000)

# Words of news prose: function words take the top ranks of a Zipf-Mandelbrot law; news words are spread
# from rank 60 to about 8,000 (so "membership" is in a few percent of articles, "government" in most, as
# in a real archive); invented words make the long tail of a 30,000-word vocabulary.
FUNCTION_WORDS = (
    "the of and to in a said that for on is was with he it as at by from his be have has are an not they "
    "this but had were which would their been will more also after last there who one two its than other"
).split()
NEWS_WORDS = (
    "government minister country people year president party week security talks deal state officials "
    "police report vote plan support leader economy war peace troops border election court law military "
    "foreign trade budget tax health hospital school council city energy prices inflation market bank "
    "crisis refugees summit alliance treaty sanctions ceasefire agreement parliament opposition protest "
    "strike union workers jobs growth debt interest rates spokesman statement interview press conference "
    "meeting record figures percent million billion rise fall cut increase decision warning threat attack "
    "defence missile aircraft navy army coup reform migrants drought harvest pipeline"
).split()
SYLLABLES = "ka ri to ma len so ver an dal mi ko tur es ba ni gor ul fe ran shi vo ta lek"
SYLLABLES = SYLLABLES.split()
FIRST = (
    "Amara Bilal Cemre Dario Elif Farida Goran Hana Ilkay Jonas Kemal Lucía Mehmet Nadia Oskar Pınar "
    "Rafael Selin Tomás Ulla Viktor Yasmin Zeynep Aylin Björn Çağla Dragan Émile Fatih Grzegorz Hüseyin "
    "Ingrid Józef Kaan Leila Mateus Noor Oğuz Paulo Quentin Rıza Søren Tuğba Umut Vesna Wiktor Xavier Yusuf"
).split()
LAST = (
    "Aksoy Baranov Çelik Demir Eriksen Fontaine Gündoğan Halvorsen Ibáñez Jankowski Kaya Lindqvist Moreau "
    "Nowak Öztürk Petrović Quist Rasmussen Şahin Tanaka Uysal Varga Wójcik Yılmaz Zielinski Acar Bjørnstad "
    "Castellano Doğan Estrada Ferreira Güler Horvat Ivanova Jovanović Kılıç Lemaire Marković Novak Okafor "
    "Pereira Rossi Sørensen Toprak Ünal Vidal Weber Yavuz Zorlu Arslan Çavuşlu Erdoğdu Koç Özdemir"
).split()
ROLES = ("Foreign Minister", "spokesman", "President", "MP", "analyst", "professor", "CEO", "mayor", "", "")
CUES = ("said", "told", "warned", "insisted", "added", "claimed")


def zipf_weights(n: int, s: float = 1.1, q: float = 10.0) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights (a heavy head, but no single item takes most of the mass), for
    ``random.choices(cum_weights=...)``: summed once, not on every draw (drawing words was most of the build)."""
    return list(itertools.accumulate(1 / ((rank + q) ** s) for rank in range(1, n + 1)))


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    """Words by rank: function words first, news words spread geometrically up to rank ~8,000."""
    tail: set[str] = set()
    while len(tail) < size:
        tail.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))))
    words = FUNCTION_WORDS + sorted(tail)[: size - len(FUNCTION_WORDS)]
    news = list(NEWS_WORDS)
    news.insert(int(len(news) * 0.66), "membership")  # about rank 1,500: in a few percent of articles
    for i, word in enumerate(news):
        words.insert(int(60 * (8000 / 60) ** (i / len(news))), word)
    return words


class Generator:
    """Builds the rows: deterministic for a given seed."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.vocabulary = vocabulary(self.rng)
        self.word_weights = zipf_weights(len(self.vocabulary), 1.0, 2.7)
        self.outlets: list[Outlet] = []
        self.speakers: list[Speaker] = []
        self.entities: list[Entity] = []
        self.speaker_weights: list[float] = []
        self.entity_weights: list[float] = []
        self.made = 0

    def _invented_surname(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))).title()

    def words(self, n: int) -> str:
        return " ".join(self.rng.choices(self.vocabulary, cum_weights=self.word_weights, k=n))

    def sentence(self, n: int | None = None) -> str:
        text = self.words(n or self.rng.randint(8, 22))
        return text[0].upper() + text[1:] + "."

    def people(self, outlets: int, speakers: int, entities: int) -> None:
        """Outlets, speakers with aliases, and entities with aliases."""
        rng = self.rng
        self.outlets = Outlet.objects.bulk_create(
            Outlet(name=f"The {w.title()} {kind}", domain=f"{w}.example")
            for w, kind in zip(
                rng.sample(self.vocabulary[200:], outlets), ["Post", "Times", "Herald"] * outlets, strict=False
            )
        )
        rows, seen = [], set()
        while len(rows) < speakers:
            # Common surnames are shared by a few dozen speakers; most surnames by one or two.
            surname = rng.choice(LAST) if rng.random() < 0.3 else self._invented_surname()
            name = f"{rng.choice(FIRST)} {surname}"
            if name in seen:
                continue
            seen.add(name)
            kind = SpeakerKind.PERSON if rng.random() < 0.85 else SpeakerKind.ORGANISATION
            rows.append(
                Speaker(
                    name=name,
                    slug=slugify(name)[:100] + f"-{len(rows)}",
                    kind=kind,
                    role=rng.choice(ROLES),
                    affiliation=rng.choice(LAST) if rng.random() < 0.5 else "",
                )
            )
        self.speakers = Speaker.objects.bulk_create(rows, batch_size=BATCH)
        aliases = []
        for s in self.speakers:
            surname = s.name.split()[-1]
            for alias in {s.name, surname, f"{s.role} {surname}".strip()}:
                aliases.append(SpeakerAlias(speaker=s, alias=alias, key=alias.lower()))
        SpeakerAlias.objects.bulk_create(aliases, batch_size=BATCH)
        rows = []
        for i in range(entities):
            name = " ".join(w.title() for w in (rng.choice(self.vocabulary[150:]), rng.choice(LAST)))[:60]
            rows.append(Entity(name=name, slug=f"{slugify(name)}-{i}", kind=rng.choice(list(EntityKind.values))))
        self.entities = Entity.objects.bulk_create(rows, batch_size=BATCH)
        EntityAlias.objects.bulk_create(
            (EntityAlias(entity=e, alias=e.name, key=e.name.lower()) for e in self.entities), batch_size=BATCH
        )
        self.speaker_weights = zipf_weights(len(self.speakers))
        self.entity_weights = zipf_weights(len(self.entities))

    def articles(self, count: int, *, quotes: tuple[int, int] = (3, 13), claims: tuple[int, int] = (2, 10)) -> None:
        """Add ``count`` articles with their quotes, claims, topics and tensions."""
        rng = self.rng
        done = 0
        while done < count:
            chunk = min(500, count - done)
            article_rows, plans = [], []
            for _ in range(chunk):
                n = self.made
                self.made += 1
                paragraphs, quote_plan = [], []
                offset = 0
                n_quotes = rng.randint(*quotes)
                # A very big article (a transcript, a live blog) is mostly short quotes, a paragraph each.
                huge = n_quotes > 100
                n_paragraphs = n_quotes if huge else max(10, n_quotes + 4)
                quote_at = set(rng.sample(range(n_paragraphs), n_quotes))
                for p in range(n_paragraphs):
                    lead = "" if huge else " ".join(self.sentence() for _ in range(rng.randint(1, 3)))
                    if p in quote_at:
                        speaker = rng.choices(self.speakers, cum_weights=self.speaker_weights)[0]
                        words = self.sentence(rng.randint(5, 9) if huge else None)
                        cue = rng.choice(CUES)
                        start = offset + len(lead) + 2
                        lead += f' "{words}" {speaker.name.split()[-1]} {cue}.'
                        quote_plan.append((speaker, words, cue, start, start + len(words)))
                    paragraphs.append(lead)
                    offset += len(lead) + 2
                body = "\n\n".join(paragraphs)
                headline = self.sentence(rng.randint(6, 11)).rstrip(".")
                article_rows.append(
                    Article(
                        slug=f"{slugify(headline)[:90]}-{n}",
                        outlet=rng.choice(self.outlets),
                        headline=headline,
                        standfirst=self.sentence(),
                        body=body,
                        author=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        published=_date(rng),
                        source_name=f"generated-{n}.txt",
                        checksum=hashlib.sha256(f"bench-{n}".encode()).hexdigest(),
                        raw_text=body,
                    )
                )
                plans.append((quote_plan, rng.randint(*claims)))
            articles = Article.objects.bulk_create(article_rows, batch_size=BATCH)
            self._quotes_and_claims(articles, plans)
            done += chunk

    def _quotes_and_claims(self, articles, plans) -> None:
        rng = self.rng
        quote_rows, claim_rows = [], []
        for article, (quote_plan, n_claims) in zip(articles, plans, strict=True):
            for speaker, words, cue, start, end in quote_plan:
                quote_rows.append(
                    Quote(
                        article=article,
                        speaker=speaker,
                        speaker_mention=speaker.name.split()[-1],
                        text=words,
                        kind=rng.choice([QuoteKind.DIRECT] * 3 + [QuoteKind.MIXED, QuoteKind.INDIRECT]),
                        cue=cue,
                        start=start,
                        end=end,
                        fragments=[[start, end]],
                        confidence=round(rng.uniform(0.3, 1.0), 2),
                        status=_status(rng),
                    )
                )
            for _ in range(n_claims):
                claimed = rng.random() < 0.8
                speaker = rng.choices(self.speakers, cum_weights=self.speaker_weights)[0] if claimed else None
                claim_rows.append(
                    Claim(
                        article=article,
                        claimant=speaker,
                        text=f"{self.sentence()[:-1]} by {rng.randint(2, 99)} percent.",
                        checkworthiness=round(rng.random(), 2),
                        status=_status(rng),
                        rating_label="Mostly true" if rng.random() < 0.03 else "",
                    )
                )
        quotes = Quote.objects.bulk_create(quote_rows, batch_size=BATCH)
        claims = Claim.objects.bulk_create(claim_rows, batch_size=BATCH)
        about = []
        for q in quotes:
            for e in set(rng.choices(self.entities, cum_weights=self.entity_weights, k=rng.randint(1, 3))):
                about.append(Quote.about.through(quote_id=q.pk, entity_id=e.pk))
        Quote.about.through.objects.bulk_create(about, batch_size=BATCH)
        about = []
        for c in claims:
            for e in set(rng.choices(self.entities, cum_weights=self.entity_weights, k=rng.randint(1, 2))):
                about.append(Claim.about.through(claim_id=c.pk, entity_id=e.pk))
        Claim.about.through.objects.bulk_create(about, batch_size=BATCH)
        tensions = []
        by_article: dict[int, list[Claim]] = {}
        for c in claims:
            by_article.setdefault(c.article_id, []).append(c)
        for pair in by_article.values():
            if len(pair) >= 2 and rng.random() < 0.3:
                tensions.append(
                    Tension(claim_a=pair[0], claim_b=pair[1], what="figures differ", resolved=rng.random() < 0.2)
                )
        Tension.objects.bulk_create(tensions, batch_size=BATCH)


def _date(rng: random.Random) -> datetime.date:
    return datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000))


def _status(rng: random.Random) -> str:
    r = rng.random()
    return Status.REJECTED if r < 0.05 else Status.VERIFIED if r < 0.10 else Status.MACHINE


def _article_share(word: str, articles: int) -> float:
    """The share of articles in which ``word`` occurs."""
    results = search_site(query=word, kind="articles")
    return results.groups[0].total / articles


def analyze() -> None:
    """What autovacuum does in production after a large load: fresh statistics, the visibility map set."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


class Timer:
    """Times pages through the test client and counts their SQL queries."""

    def __init__(self, client: Client, requests: int):
        self.client = client
        self.requests = requests
        self.queries = 0

    def _count(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)

    def page(self, url: str) -> tuple[int, float, float, int]:
        """(status, median ms, 95th-percentile ms, queries per request) for ``url``."""
        times = []
        with connection.execute_wrapper(self._count):
            for i in range(self.requests + 2):
                self.queries = 0
                start = time.perf_counter()
                response = self.client.get(url, secure=True)
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code == 404:
                    return 404, 0.0, 0.0, 0
                if i >= 2:  # two warm-up requests
                    times.append(elapsed)
        p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
        return response.status_code, statistics.median(times), p95, self.queries

    def rate(self, url: str, seconds: float = 3.0) -> float:
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            self.client.get(url, secure=True)
            count += 1
        return count / (time.perf_counter() - start)


def line(label: str, result: tuple[int, float, float, int]) -> str:
    status, median, p95, queries = result
    if status == 404:
        return f"  {label:<52} missing (404 on this branch)"
    verdict = "ok" if median < 50 and p95 < 150 else "SLOW"
    note = "" if status == 200 else f"  (status {status})"
    return f"  {label:<52} {median:8.1f} {p95:8.1f} {queries:7d}  {verdict}{note}"


HEADER = f"  {'page':<52} {'median':>8} {'p95':>8} {'queries':>7}  (ms, ms, per request)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--speakers", type=int, default=3_000)
    parser.add_argument("--entities", type=int, default=500)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--big-quotes", type=int, default=5_000, help="quotes in the one very big article")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the pages on the database an earlier --keep run built (migrated first; built if missing); "
        "implies --keep",
    )
    args = parser.parse_args()
    args.keep = args.keep or args.reuse
    sys.stdout.reconfigure(line_buffering=True)

    setup_test_environment()
    db = connection.settings_dict
    db.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        db["TEST"]["NAME"] = str(REPO / "var" / "bench_web.sqlite3")
    else:
        db["TEST"]["NAME"] = f"{db['NAME']}_bench_web"
    reused = args.reuse and _use_built(db)
    if reused:
        name = db["NAME"]
    else:
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    kind = "reused" if reused else "throwaway"
    print(f"database: {connection.vendor} {name} ({kind}{', kept' if args.keep else ''})")
    try:
        with override_settings(
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        ):
            run(args, reused=reused)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(name, verbosity=0)


def _use_built(db: dict) -> bool:
    """Point the connection at the benchmark database a --keep run left, migrated, if it holds its articles."""
    from django.core.management import call_command
    from django.db.utils import DatabaseError

    main_name = db["NAME"]
    db["NAME"] = db["TEST"]["NAME"]
    connection.close()
    try:
        built = (connection.vendor != "sqlite" or Path(db["NAME"]).exists()) and Article.objects.exists()
    except DatabaseError:
        built = False
    if not built:
        connection.close()
        db["NAME"] = main_name
        return False
    call_command("migrate", verbosity=0, interactive=False)
    return True


def _big_article(quotes: int) -> Article | None:
    """The very big article of an earlier run: the newest, if it holds ``quotes`` quotes."""
    newest = Article.objects.order_by("-pk").first()
    return newest if quotes and newest and newest.quotes.count() >= quotes else None


def recount() -> float:
    """Recompute every speaker's and topic's stored counters (bulk_create bypasses the services that keep
    them) and return the seconds it took."""
    start = time.perf_counter()
    counters_refresh()
    analyze()
    return time.perf_counter() - start


def build(args, gen: Generator, timer: Timer) -> None:
    """Fill the database in steps, timing the article list at each."""
    start = time.perf_counter()
    gen.people(outlets=25, speakers=args.speakers, entities=args.entities)
    print(f"made {args.speakers} speakers, {args.entities} entities in {time.perf_counter() - start:.1f} s")

    print("\nThe article list as the database grows (issue 13):")
    print(HEADER)
    for step in [s for s in LIST_STEPS if s < args.articles] + [args.articles]:
        start = time.perf_counter()
        gen.articles(step - gen.made)
        analyze()
        made = time.perf_counter() - start
        print(line(f"/articles/ with {gen.made:,} articles", timer.page("/articles/")) + f"  [built in {made:.0f} s]")

    print(f"  counters of every speaker and topic recomputed in {recount():.1f} s")


def big_article_pages(args, gen: Generator, timer: Timer, word: str, *, reused: bool) -> None:
    """Add one article holding --big-quotes quotes (or find the one an earlier run added) and time its pages."""
    start = time.perf_counter()
    big = _big_article(args.big_quotes) if reused else None
    if big is None:
        if not gen.speakers:  # reused: the people are in the database already
            gen.outlets = list(Outlet.objects.order_by("pk"))
            gen.speakers = list(Speaker.objects.order_by("pk"))
            gen.speaker_weights = zipf_weights(len(gen.speakers))
            gen.entities = list(Entity.objects.order_by("pk"))
            gen.entity_weights = zipf_weights(len(gen.entities))
        gen.articles(1, quotes=(args.big_quotes, args.big_quotes), claims=(6, 6))
        recount()
        big = Article.objects.order_by("-pk").first()
    made = time.perf_counter() - start
    print(f"\nWith one more article holding {big.quotes.count():,} quotes [built in {made:.0f} s]:")
    print(HEADER)
    print(line("/articles/", timer.page("/articles/")))
    print(line("/articles/<the big one>/", timer.page(f"/articles/{big.slug}/")))
    print(line(f"/search/?q={word}", timer.page(f"/search/?q={word}")))


def run(args, *, reused: bool = False) -> None:
    users = get_user_model().objects
    user = users.filter(username="bench").first() or users.create_user(
        "bench", password=secrets.token_urlsafe(16), is_staff=True
    )
    client = Client()
    client.force_login(user)
    timer = Timer(client, args.requests)
    gen = Generator()

    if reused:
        gen.made = Article.objects.count()
        big = _big_article(args.big_quotes)
        analyze()
        print(f"reused the built database: {gen.made:,} articles{', the big one among them' if big else ''}")
        print(HEADER)
        print(line(f"/articles/ with {gen.made:,} articles", timer.page("/articles/")))
    else:
        build(args, gen, timer)
    counts = {m._meta.verbose_name_plural: m.objects.count() for m in (Article, Quote, Claim, Speaker, Entity, Tension)}
    print("  rows: " + ", ".join(f"{n:,} {k}" for k, n in counts.items()))

    speaker = Speaker.objects.order_by("pk").first()  # the most quoted: weights follow creation order
    entity = Entity.objects.order_by("pk").first()
    article = Article.objects.order_by("pk")[len(LIST_STEPS) * 7]
    word, common = "membership", "government"
    share = {w: _article_share(w, gen.made) for w in (word, common)}
    # A name to look for: the most quoted speaker whose surname is long enough to misspell.
    named = next(s for s in Speaker.objects.order_by("pk")[:50] if len(s.name.split()[-1]) >= 6)
    name_query = named.name.split()[-1]
    misspelled = fold(name_query)[:-2] + fold(name_query)[-1]  # no accents, one letter left out
    pages = [
        ("/", "/"),
        ("/articles/", "/articles/"),
        (f"/articles/?q={word}", f"/articles/?q={word}"),
        ("/articles/<slug>/", f"/articles/{article.slug}/"),
        ("/speakers/", "/speakers/"),
        ("/speakers/<slug>/ (most quoted)", f"/speakers/{speaker.slug}/"),
        ("/topics/", "/topics/"),
        ("/topics/<slug>/ (most talked about)", f"/topics/{entity.slug}/"),
        ("/quotes/", "/quotes/"),
        ("/quotes/?speaker=..&about=..", f"/quotes/?speaker={speaker.slug}&about={entity.slug}"),
        ("/claims/", "/claims/"),
        (f"/search/?q={word} (in {share[word]:.0%} of articles)", f"/search/?q={word}"),
        (f"/search/?q={common} (in {share[common]:.0%} of articles)", f"/search/?q={common}"),
        (f"/search/?q={name_query} (a name)", f"/search/?q={name_query}"),
        (f"/search/?q={misspelled} (misspelt, no accents)", f"/search/?q={misspelled}"),
        (f"/search/?q={word}&kind=quotes (all quotes)", f"/search/?q={word}&kind=quotes"),
    ]
    print(f"\nEvery page with {gen.made:,} articles ({args.requests} requests each, logged in):")
    print(HEADER)
    for label, url in pages:
        print(line(label, timer.page(url)))
    print(f"  /healthz (trivial view, for scale): {timer.rate('/healthz'):.0f} requests/s")

    if args.big_quotes:
        big_article_pages(args, gen, timer, word, reused=reused)
    print("\nTarget on PostgreSQL: median < 50 ms and p95 < 150 ms on every page.")


if __name__ == "__main__":
    main()
