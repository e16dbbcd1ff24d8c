"""Ingest article files (read, extract, store: one transaction per article) and export what is stored."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Prefetch
from django.utils import timezone

from claims.extraction.batch import Failed, Job, extract_many
from claims.models import Claim, Quote, Status
from claims.services import claims_store_extraction, get_nlp, unique_slug

from . import reading
from .models import Article, Outlet

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
NO_SUCH_PATH = "no such file or folder"

EDITABLE_FIELDS = ("outlet", "published")

ProgressCallback = Callable[[int, int, Path], None]


def find_article_files(paths: Iterable[Path]) -> list[Path]:
    """The article files among ``paths``, searching folders recursively, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


@dataclass
class IngestReport:
    stored: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    reextracted: list[Path] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    quotes: int = 0
    claims: int = 0
    dry_run: bool = False

    def fail(self, path: Path, reason: str) -> None:
        """Record a failed file; the reason is folded onto one line (database errors run over several)."""
        self.failures.append((path, " ".join(str(reason).split())))

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        verb = "would store" if self.dry_run else "stored"
        parts = [
            f"{verb} {len(self.stored)} new",
            f"{len(self.updated)} updated",
            f"{len(self.reextracted)} re-extracted",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.failures)} failed",
        ]
        return f"{', '.join(parts)}; {self.quotes} quotes, {self.claims} claims."


@dataclass
class _Pending:
    path: Path
    checksum: str
    draft: reading.ArticleDraft | None  # None: re-extract the stored article as it is
    article: Article | None


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _prepare(path: Path, *, reextract: bool, report: IngestReport) -> _Pending | None:
    """Read one file; return what to extract, or None when it failed or is unchanged."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        report.fail(path, NO_SUCH_PATH)
        return None
    except OSError as exc:
        report.fail(path, f"cannot read: {exc.strerror or exc}")
        return None
    checksum = checksum_of(data)
    existing = Article.objects.filter(checksum=checksum).first()
    if existing is not None:
        if reextract:
            return _Pending(path, checksum, None, existing)
        report.unchanged.append(path)
        return None
    try:
        draft = reading.read_article(data, name=path.name, max_bytes=settings.NEWSROOM_MAX_ARTICLE_BYTES)
    except reading.ReadingError as exc:
        report.fail(path, str(exc))
        return None
    previous = Article.objects.filter(source_name=path.name).order_by("-ingested_at").first()
    return _Pending(path, checksum, draft, previous)


def _job(pending: _Pending) -> Job:
    if pending.draft is None:
        article = pending.article
        return Job(article.body, tuple(article.captions), article.headline)
    draft = pending.draft
    return Job(draft.body, tuple(draft.captions), draft.headline)


def _outlet_for(draft: reading.ArticleDraft) -> Outlet | None:
    if not draft.outlet:
        return None
    outlet, created = Outlet.objects.get_or_create(name=draft.outlet, defaults={"domain": draft.outlet_domain})
    if not created and not outlet.domain and draft.outlet_domain:
        outlet.domain = draft.outlet_domain
        outlet.save(update_fields=["domain"])
    return outlet


def _article_fields(draft: reading.ArticleDraft) -> dict:
    return {
        "outlet": _outlet_for(draft),
        "kicker": draft.kicker[:300],
        "headline": draft.headline,
        "standfirst": draft.standfirst,
        "body": draft.body,
        "captions": list(draft.captions),
        "credits": list(draft.credits),
        "crossheads": list(draft.crossheads),
        "author": draft.author[:300],
        "url": draft.url[:1000],
        "published": draft.published,
    }


@transaction.atomic
def article_store(
    *, path: Path, checksum: str, draft: reading.ArticleDraft | None, article: Article | None, extraction
) -> tuple[Article, dict[str, int]]:
    """Create or update one article and its extraction, all or nothing."""
    if draft is not None:
        fields = _article_fields(draft)
        if article is None:
            article = Article(slug=unique_slug(Article, draft.headline or path.stem, max_length=80))
        for name, value in fields.items():
            # Outlet and date are the two fields editors may set in the admin: a new version of the file
            # fills them only where they are empty.
            if name in EDITABLE_FIELDS and article.pk and getattr(article, name):
                continue
            setattr(article, name, value)
        article.source_name = path.name
        article.checksum = checksum
        article.raw_text = draft.text
    article.extracted_at = timezone.now()
    article.extractor_version = extraction.version[:40]
    fresh = article.pk is None
    article.full_clean(exclude=["slug"])
    article.save()
    counts = claims_store_extraction(article=article, extraction=extraction, fresh=fresh)
    return article, counts


def article_ingest_files(
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    reextract: bool = False,
    workers: int = 1,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read, extract and store each file; a file that fails is reported and leaves nothing behind."""
    report = IngestReport(dry_run=dry_run)
    pending = [p for p in (_prepare(path, reextract=reextract, report=report) for path in paths) if p]
    return _extract_and_store(pending, report, dry_run=dry_run, workers=workers, on_progress=on_progress)


def article_reextract_all(
    *, dry_run: bool = False, workers: int = 1, on_progress: ProgressCallback | None = None
) -> IngestReport:
    """Re-run extraction on every stored article, keeping every row an editor touched."""
    report = IngestReport(dry_run=dry_run)
    pending = [_Pending(Path(a.source_name), a.checksum, None, a) for a in Article.objects.order_by("pk")]
    return _extract_and_store(pending, report, dry_run=dry_run, workers=workers, on_progress=on_progress)


def _extract_and_store(pending, report, *, dry_run, workers, on_progress) -> IngestReport:
    nlp = get_nlp() if pending else None
    if workers > 1:
        # Worker processes are forked from this one and never touch the database; closing idle connections
        # first keeps them from inheriting open sockets (one inside a transaction is left alone).
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()
    results = extract_many((_job(p) for p in pending), model=settings.NEWSROOM_SPACY_MODEL, workers=workers, nlp=nlp)
    for done, (item, extraction) in enumerate(zip(pending, results, strict=True), start=1):
        if isinstance(extraction, Failed):
            report.fail(item.path, extraction.reason)
        elif dry_run:
            _count(report, item, len(extraction.quotes), len(extraction.claims))
        else:
            try:
                _, counts = article_store(
                    path=item.path,
                    checksum=item.checksum,
                    draft=item.draft,
                    article=item.article,
                    extraction=extraction,
                )
            except Exception as exc:  # noqa: BLE001 -- recorded; the transaction rolled this article back
                report.fail(item.path, f"could not store: {type(exc).__name__}: {exc}")
            else:
                _count(report, item, counts["quotes"], counts["claims"])
        if on_progress:
            on_progress(done, len(pending), item.path)
    return report


def _count(report: IngestReport, item: _Pending, quotes: int, claims: int) -> None:
    if item.draft is None:
        report.reextracted.append(item.path)
    elif item.article is None:
        report.stored.append(item.path)
    else:
        report.updated.append(item.path)
    report.quotes += quotes
    report.claims += claims


# ---------------------------------------------------------------- export


def _articles_for_export():
    quotes = Quote.objects.exclude(status=Status.REJECTED).select_related("speaker").prefetch_related("about")
    claims = Claim.objects.exclude(status=Status.REJECTED).select_related("claimant").prefetch_related("about")
    return (
        Article.objects.select_related("outlet")
        .prefetch_related(Prefetch("quotes", queryset=quotes), Prefetch("claims", queryset=claims))
        .order_by("source_name", "pk")
    )


def quote_as_dict(quote: Quote) -> dict:
    speaker = quote.speaker
    return {
        "speaker": speaker.name if speaker else None,
        "speaker_mention": quote.speaker_mention,
        "speaker_kind": speaker.kind if speaker else None,
        "role": speaker.role if speaker else "",
        "affiliation": speaker.affiliation if speaker else "",
        "text": quote.text,
        "kind": quote.kind,
        "cue": quote.cue,
        "about": [e.name for e in quote.about.all()],
        "confidence": quote.confidence,
        "status": quote.status,
        "location": quote.location,
        "caption_index": quote.caption_index,
        "fragments": quote.fragments,
    }


def claim_as_dict(claim: Claim, outlet_name: str) -> dict:
    claimant = claim.claimant
    return {
        "text": claim.text,
        "by": claimant.name if claimant else claim.claimant_mention or outlet_name,
        "by_kind": claimant.kind if claimant else "unknown" if claim.claimant_mention else "outlet",
        "kind": claim.kind,
        "about": [e.name for e in claim.about.all()],
        "checkworthiness": claim.checkworthiness,
        "features": claim.features,
        "status": claim.status,
        "fragments": claim.fragments,
        "rating": {"value": claim.rating_value, "label": claim.rating_label, "note": claim.rating_note}
        if claim.rating_label
        else None,
    }


def article_as_dict(article: Article) -> dict:
    outlet_name = article.outlet.name if article.outlet else ""
    return {
        "source": article.source_name,
        "slug": article.slug,
        "outlet": outlet_name or None,
        "kicker": article.kicker,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "author": article.author,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "body": article.body,
        "captions": article.captions,
        "crossheads": article.crossheads,
        "quotes": [quote_as_dict(q) for q in article.quotes.all()],
        "claims": [claim_as_dict(c, outlet_name) for c in article.claims.all()],
    }


CSV_COLUMNS = [
    "source",
    "headline",
    "outlet",
    "item",
    "speaker",
    "speaker_mention",
    "speaker_kind",
    "kind",
    "cue",
    "text",
    "about",
    "score",
    "status",
]


def article_export(out: TextIO, *, fmt: str = "jsonl") -> int:
    """Write every stored article to ``out`` as JSON Lines or CSV; return how many articles."""
    articles = _articles_for_export()
    if fmt == "jsonl":
        n = 0
        for article in articles.iterator(chunk_size=100):
            out.write(json.dumps(article_as_dict(article), ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        n = 0
        for article in articles.iterator(chunk_size=100):
            row = article_as_dict(article)
            base = {"source": row["source"], "headline": row["headline"], "outlet": row["outlet"] or ""}
            for q in row["quotes"]:
                writer.writerow(
                    {
                        **base,
                        "item": "quote",
                        "speaker": q["speaker"] or "",
                        "speaker_mention": q["speaker_mention"],
                        "speaker_kind": q["speaker_kind"] or "",
                        "kind": q["kind"],
                        "cue": q["cue"],
                        "text": q["text"],
                        "about": "; ".join(q["about"]),
                        "score": q["confidence"],
                        "status": q["status"],
                    }
                )
            for c in row["claims"]:
                writer.writerow(
                    {
                        **base,
                        "item": "claim",
                        "speaker": c["by"],
                        "speaker_mention": "",
                        "speaker_kind": c["by_kind"],
                        "kind": "claim",
                        "cue": "",
                        "text": c["text"],
                        "about": "; ".join(c["about"]),
                        "score": c["checkworthiness"],
                        "status": c["status"],
                    }
                )
            n += 1
        return n
    raise ValueError(f"unknown export format {fmt!r}")


# ---------------------------------------------------------------- ClaimReview

CLAIMREVIEW_BEST, CLAIMREVIEW_WORST = 5, 1


def claimreview_as_dict(claim: Claim, *, reviewer: str) -> dict:
    """One reviewed claim as a schema.org ClaimReview (JSON-LD)."""
    article = claim.article
    claimant = claim.claimant
    outlet = article.outlet.name if article.outlet else ""
    if claimant is not None:
        author = {"@type": "Person" if claimant.kind == "person" else "Organization", "name": claimant.name}
    else:
        author = {"@type": "Organization", "name": outlet or "unknown outlet"}
    appearance = {"@type": "CreativeWork", "headline": article.headline}
    if article.url:
        appearance["url"] = article.url
    if outlet:
        appearance["publisher"] = {"@type": "Organization", "name": outlet}
    item = {"@type": "Claim", "author": author, "appearance": appearance}
    if article.published:
        item["datePublished"] = article.published.isoformat()
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.text,
        "datePublished": (claim.rated_at or claim.reviewed_at).date().isoformat(),
        "author": {"@type": "Organization", "name": reviewer},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": claim.rating_value,
            "bestRating": CLAIMREVIEW_BEST,
            "worstRating": CLAIMREVIEW_WORST,
            "alternateName": claim.rating_label,
        },
        "itemReviewed": item,
        "url": f"{article.url or ''}#claim-{claim.pk}" if article.url else f"urn:newsroom:claim:{claim.pk}",
    }
    if claim.rating_note:
        review["reviewBody"] = claim.rating_note
    if claim.rated_by is not None:
        review["editor"] = {
            "@type": "Person",
            "name": claim.rated_by.get_full_name() or claim.rated_by.get_username(),
        }
    return review


def claimreview_export(out: TextIO, *, reviewer: str) -> int:
    """Write the reviewed claims as a JSON-LD array of ClaimReview objects; return how many."""
    claims = (
        Claim.objects.reviewed()
        .exclude(status=Status.REJECTED)
        .select_related("article__outlet", "claimant", "rated_by")
        .order_by("article__source_name", "start", "pk")
    )
    reviews = [claimreview_as_dict(c, reviewer=reviewer) for c in claims]
    out.write(json.dumps(reviews, ensure_ascii=False, indent=2) + "\n")
    return len(reviews)
