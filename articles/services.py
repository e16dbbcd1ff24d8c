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
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from claims.models import Claim, Quote, Speaker, Status
from claims.serializers import claim_as_dict, quote_as_dict
from claims.services import (
    ExtractionFailed,
    ExtractionJob,
    article_texts,
    claims_extract,
    claims_store_extraction,
    speakers_prune,
    unique_slug,
)

from . import reading
from .models import Article, Outlet

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
NO_SUCH_PATH = "no such file or folder"
TEXT_TOO_LONG = "its text is {chars:,} characters, over the {limit:,}-character limit (NEWSROOM_MAX_ARTICLE_CHARS)"

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


def source_of(path: Path) -> str:
    """An article's source: the absolute path of the file it was read from."""
    return str(path.absolute())


@dataclass
class IngestReport:
    stored: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    reextracted: list[Path] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[tuple[Path, str]] = field(default_factory=list)
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


def _prepare(path: Path, *, reextract: bool, report: IngestReport, seen: set[str]) -> _Pending | None:
    """Read one file; return what to extract, or None when it failed or is unchanged."""
    try:
        data = reading.read_file_bytes(path, max_bytes=settings.NEWSROOM_MAX_ARTICLE_BYTES)
    except FileNotFoundError:
        report.fail(path, NO_SUCH_PATH)
        return None
    except OSError as exc:
        report.fail(path, f"cannot read: {exc.strerror or exc}")
        return None
    except reading.ReadingError as exc:
        report.fail(path, str(exc))
        return None
    checksum = checksum_of(data)
    if checksum in seen:  # the same content twice in one run (a copy in another folder)
        report.unchanged.append(path)
        return None
    seen.add(checksum)
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
    longest = max((len(t) for t in (draft.body, draft.headline, *draft.captions)), default=0)
    if longest > settings.NEWSROOM_MAX_ARTICLE_CHARS:
        report.fail(path, TEXT_TOO_LONG.format(chars=longest, limit=settings.NEWSROOM_MAX_ARTICLE_CHARS))
        return None
    report.notes.extend((path, note) for note in draft.notes)
    source = source_of(path)
    # Articles stored before sources were kept are known by file name only: one of those is the next best.
    candidates = Article.objects.filter(Q(source_path=source) | Q(source_path="", source_name=path.name))
    previous = min(candidates.order_by("-ingested_at"), key=lambda a: a.source_path != source, default=None)
    return _Pending(path, checksum, draft, previous)


def _job(pending: _Pending) -> ExtractionJob:
    if pending.draft is None:
        article = pending.article
        return ExtractionJob(article.body, tuple(article.captions), article.headline)
    draft = pending.draft
    return ExtractionJob(draft.body, tuple(draft.captions), draft.headline)


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
    previous = None
    if draft is not None:
        fields = _article_fields(draft)
        if article is None:
            article = Article(slug=unique_slug(Article, draft.headline or path.stem, max_length=80))
        else:
            previous = article_texts(article)  # where the stored rows' offsets point, before the new text
        for name, value in fields.items():
            # Outlet and date are the two fields editors may set in the admin: a new version of the file
            # fills them only where they are empty.
            if name in EDITABLE_FIELDS and article.pk and getattr(article, name):
                continue
            setattr(article, name, value)
        article.source_name = path.name
        article.source_path = source_of(path)[:2000]
        article.checksum = checksum
        article.raw_text = draft.text
    article.extracted_at = timezone.now()
    article.extractor_version = extraction.version[:40]
    fresh = article.pk is None
    # The checksum's uniqueness is the database's to check (a concurrent ingest may store the same content
    # between a query and the insert): see _store.
    article.full_clean(exclude=["slug"], validate_unique=False)
    article.save()
    counts = claims_store_extraction(article=article, extraction=extraction, fresh=fresh, previous=previous)
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
    seen: set[str] = set()
    pending = [p for p in (_prepare(path, reextract=reextract, report=report, seen=seen) for path in paths) if p]
    return _extract_and_store(pending, report, dry_run=dry_run, workers=workers, on_progress=on_progress)


def article_reextract_all(
    *, dry_run: bool = False, workers: int = 1, on_progress: ProgressCallback | None = None
) -> IngestReport:
    """Re-run extraction on every stored article, keeping every row an editor touched."""
    report = IngestReport(dry_run=dry_run)
    pending = [_Pending(Path(a.source_name), a.checksum, None, a) for a in Article.objects.order_by("pk")]
    _extract_and_store(pending, report, dry_run=dry_run, workers=workers, on_progress=on_progress)
    if not dry_run and report.ok:
        # Speakers that earlier runs left with nothing said (and no editor touched) go too.
        speakers_prune(Speaker.objects.values_list("pk", flat=True))
    return report


def _extract_and_store(pending, report, *, dry_run, workers, on_progress) -> IngestReport:
    if workers > 1:
        # Worker processes are forked from this one and never touch the database; closing idle connections
        # first keeps them from inheriting open sockets (one inside a transaction is left alone).
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()
    seconds = settings.NEWSROOM_EXTRACTION_SECONDS or None
    results = claims_extract((_job(p) for p in pending), workers=workers, seconds=seconds) if pending else iter(())
    for done, (item, extraction) in enumerate(zip(pending, results, strict=True), start=1):
        if isinstance(extraction, ExtractionFailed):
            report.fail(item.path, extraction.reason)
        elif dry_run:
            _count(report, item, len(extraction.quotes), len(extraction.claims))
        else:
            _store(report, item, extraction)
        if on_progress:
            on_progress(done, len(pending), item.path)
    return report


def _store(report: IngestReport, item: _Pending, extraction) -> None:
    """Store one article; the loser of a race with another ingest of the same content skips it as unchanged."""
    for attempt in (1, 2):
        try:
            _, counts = article_store(
                path=item.path, checksum=item.checksum, draft=item.draft, article=item.article, extraction=extraction
            )
        except (IntegrityError, ValidationError) as exc:
            if item.draft is not None and Article.objects.filter(checksum=item.checksum).exists():
                report.unchanged.append(item.path)
                return
            if attempt == 2:  # a clash of slugs with a concurrent ingest is tried once more
                report.fail(item.path, f"could not store: {type(exc).__name__}: {exc}")
                return
            if item.article is not None and item.article.pk is not None:
                item.article.refresh_from_db()
        except Exception as exc:  # noqa: BLE001 -- recorded; the transaction rolled this article back
            report.fail(item.path, f"could not store: {type(exc).__name__}: {exc}")
            return
        else:
            _count(report, item, counts["quotes"], counts["claims"])
            return


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


def article_as_dict(article: Article) -> dict:
    outlet_name = article.outlet.name if article.outlet else ""
    return {
        "source": article.source_name,
        "source_path": article.source_path,
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


# A spreadsheet runs a cell that starts with one of these as a formula: such cells get a leading apostrophe
# (OWASP's advice for CSV export), which spreadsheets show as text and do not display.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(row: dict) -> dict:
    """``row`` with every text cell that a spreadsheet would run as a formula made plain text."""
    return {k: f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v for k, v in row.items()}


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
        writer = _SafeWriter(out, fieldnames=CSV_COLUMNS)
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


class _SafeWriter(csv.DictWriter):
    def writerow(self, rowdict):
        return super().writerow(csv_safe(rowdict))
