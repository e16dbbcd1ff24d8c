"""Editors' work survives re-ingest and re-extraction, with its history: the whole correction loop."""

import io
import re

import pytest
from django.core.management import call_command

from articles.models import Article
from claims import services
from claims.models import Claim, Quote, Speaker, Status
from tests.conftest import SEED

pytestmark = pytest.mark.django_db


def ingest(*args):
    out = io.StringIO()
    call_command("ingest", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def uncovered_sentence(article: Article) -> str:
    """A sentence of the body that no stored quote overlaps (what an editor would add as missed)."""
    spans = [(q.start, q.end) for q in article.quotes.filter(location="body")]
    for match in re.finditer(r"[A-Z][^.!?\n\"“”]{30,120}[.!?]", article.body):
        if not any(s < match.end() and match.start() < e for s, e in spans):
            return match.group(0)
    raise AssertionError("every sentence is already a quote")


def test_the_correction_loop_keeps_everything_with_its_history(editor_client, editor, tmp_path):
    ingest(SEED)
    article = Article.objects.get()
    missed = uncovered_sentence(article)
    speakers = list(Speaker.objects.filter(quotes__article=article).distinct().order_by("pk"))
    assert len(speakers) >= 3

    # 1. Add a missed quote in the admin.
    response = editor_client.post(
        "/admin/claims/quote/add/",
        {
            "article": article.pk,
            "location": "body",
            "caption_index": 0,
            "text": missed,
            "kind": "indirect",
            "speaker": speakers[0].pk,
            "speaker_mention": "",
            "cue": "",
            "about": [],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Quote.objects.get(added_by_editor=True)

    # 2. Correct a speaker.
    machine = list(article.quotes.filter(status=Status.MACHINE).exclude(speaker=speakers[1]).order_by("start"))
    corrected, rejected = machine[0], machine[1]
    data = {
        "text": corrected.text,
        "kind": corrected.kind,
        "cue": corrected.cue,
        "speaker": speakers[1].pk,
        "speaker_mention": corrected.speaker_mention,
        "about": [e.pk for e in corrected.about.all()],
    }
    assert editor_client.post(f"/admin/claims/quote/{corrected.pk}/change/", data).status_code == 302

    # 3. Reject a quote.
    editor_client.post("/admin/claims/quote/", {"action": "reject", "_selected_action": [rejected.pk]})

    # 4. Merge two speakers (the one the corrected quote went to absorbs another).
    keep, gone = speakers[1], speakers[2]
    gone_pk, gone_names = gone.pk, list(gone.aliases.values_list("alias", flat=True))
    moved = list(Quote.objects.filter(speaker=gone).values_list("pk", flat=True))
    editor_client.post(
        "/admin/claims/speaker/",
        {"action": "merge_speakers", "_selected_action": [keep.pk, gone.pk], "confirm": "yes", "keep": keep.pk},
    )
    assert not Speaker.objects.filter(pk=gone_pk).exists()

    # 5. Rate a claim.
    claim = article.claims.filter(status=Status.MACHINE).order_by("start").first()
    data = {
        "text": claim.text,
        "claimant": claim.claimant_id or "",
        "about": [e.pk for e in claim.about.all()],
        "rating_value": 2,
        "rating_label": "Mostly false",
        "rating_note": "Figures disagree",
    }
    assert editor_client.post(f"/admin/claims/claim/{claim.pk}/change/", data).status_code == 302

    touched = {
        "added": (added.pk, Status.CORRECTED),
        "corrected": (corrected.pk, Status.CORRECTED),
        "rejected": (rejected.pk, Status.REJECTED),
    }
    history_counts = {pk: Quote.objects.get(pk=pk).history.count() for pk, _ in touched.values()}

    # 6. Re-extract: everything stays, nothing comes back twice.
    assert "1 re-extracted" in ingest(SEED, "--reextract")
    for name, (pk, status) in touched.items():
        quote = Quote.objects.get(pk=pk)
        assert quote.status == status, name
        assert quote.history.count() == history_counts[pk], name
        assert quote.history.first().history_user == editor, name
    assert Quote.objects.get(pk=corrected.pk).speaker == keep
    assert Quote.objects.get(pk=added.pk).text == missed
    for pk in moved:
        assert Quote.objects.get(pk=pk).speaker == keep
    rejected_text = Quote.objects.get(pk=rejected.pk).text
    assert Quote.objects.filter(article=article, text=rejected_text).count() == 1
    assert Quote.objects.filter(article=article, text=missed).count() == 1
    claim.refresh_from_db()
    assert (claim.rating_label, claim.rated_by, claim.status) == ("Mostly false", editor, Status.VERIFIED)
    assert not Speaker.objects.filter(pk=gone_pk).exists()

    # The history page of every touched object opens.
    urls = [f"/admin/claims/quote/{pk}/history/" for pk, _ in touched.values()]
    urls += [f"/admin/claims/quote/{pk}/history/" for pk in moved]
    urls += [f"/admin/claims/speaker/{keep.pk}/history/", f"/admin/claims/claim/{claim.pk}/history/"]
    for url in urls:
        assert editor_client.get(url).status_code == 200, url

    # A later article naming the merged-away speaker finds the survivor.
    name = max(gone_names, key=lambda n: len(n.split()))
    later = tmp_path / "later.txt"
    later.write_text(f'Talks go on\n\n"We are not done yet," {name} said on Tuesday.\n', encoding="utf-8")
    ingest(later)
    assert Quote.objects.get(article__source_name="later.txt").speaker == keep


def test_a_rejected_quote_does_not_come_back_when_the_file_changes(tmp_path, editor):
    path = tmp_path / "ferry.txt"
    path.write_text('Ferry strike\n\n"We will sail on Monday," said captain Rhea Dunmore.\n', encoding="utf-8")
    ingest(path)
    quote = Quote.objects.get()
    services.quote_reject(quote=quote, editor=editor)
    path.write_text(
        "Ferry strike ends\n\nThe harbour reopened early on Saturday.\n\n"
        '"We will sail on Monday," said captain Rhea Dunmore.\n',
        encoding="utf-8",
    )
    ingest(path)
    assert Quote.objects.filter(text__contains="We will sail").count() == 1
    assert Quote.objects.get(text__contains="We will sail").status == Status.REJECTED
    ingest(path, "--reextract")
    assert list(Quote.objects.filter(text__contains="We will sail").values_list("status", flat=True)) == ["rejected"]


def test_a_quote_added_by_hand_survives_a_new_version_and_reextraction(tmp_path, editor):
    path = tmp_path / "mill.txt"
    path.write_text("Mill closes\n\nThe owner, Piet Garrow, blamed energy costs for the closure.\n", encoding="utf-8")
    ingest(path)
    article = Article.objects.get()
    speaker = services.speaker_create(editor=editor, name="Piet Garrow", kind="person")
    added = services.quote_add(
        article=article, editor=editor, text="blamed energy costs for the closure", speaker=speaker, kind="indirect"
    )
    ingest(path, "--reextract")
    path.write_text(
        "Mill closes after 80 years\n\nWorkers gathered at the gates.\n\n"
        "The owner, Piet Garrow, blamed energy costs for the closure.\n",
        encoding="utf-8",
    )
    ingest(path)
    kept = Quote.objects.get(pk=added.pk)
    assert kept.added_by_editor and kept.speaker == speaker and kept.status == Status.CORRECTED
    assert Quote.objects.filter(text__contains="energy costs").count() == 1


def test_a_rated_claim_survives_reextraction_with_one_history_row_per_change(editor):
    ingest(SEED)
    claim = Claim.objects.filter(status=Status.MACHINE).order_by("start").first()
    services.claim_rate(claim=claim, editor=editor, rating_value=3, rating_label="Half true")
    rows = claim.history.count()
    ingest(SEED, "--reextract")
    claim.refresh_from_db()
    assert claim.rating_label == "Half true" and claim.history.count() == rows == 2
