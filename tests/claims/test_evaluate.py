"""`manage.py evaluate` measures the extractor against editors' verdicts."""

import datetime
import io

import pytest
from django.core.management import call_command

from articles.models import Article
from claims import services
from claims.evaluation import KEPT, REJECTED, EditorQuote, MachineQuote, Span, compare
from claims.models import Quote, Speaker
from tests.claims.test_editors_work_survives import uncovered_sentence
from tests.conftest import SEED


def evaluate(*args):
    out = io.StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def test_compare_counts_found_missed_wrong_speakers_and_rejected_found_again():
    editors = [
        EditorQuote(Span("body", 0, 0, 20), "We stay in the union", KEPT, 1, "Ana Roe"),
        EditorQuote(Span("body", 0, 40, 60), "Prices will fall soon", KEPT, 2, "Bo Tull"),
        EditorQuote(Span("body", 0, 80, 95), "Read more here", REJECTED),
        EditorQuote(Span("caption", 0, 0, 12), "It was cold", KEPT, None),
    ]
    machine = [
        MachineQuote(Span("body", 0, 3, 20), "stay in the union", 1, "Ana Roe"),
        MachineQuote(Span("body", 0, 40, 60), "Prices will fall soon", 1, "Ana Roe"),
        MachineQuote(Span("body", 0, 85, 95), "more here", None),
    ]
    result = compare("a.txt", editors, machine)
    assert (result.kept, result.found, result.speaker_right, result.rejected_again) == (3, 2, 1, 1)
    assert result.missed == ["It was cold"]
    assert result.wrong_speaker == [("Prices will fall soon", "Bo Tull", "Ana Roe")]
    assert result.back == ["Read more here"]


@pytest.mark.django_db
def test_evaluate_on_the_seed_reflects_each_correction(editor):
    call_command("ingest", str(SEED), stdout=io.StringIO(), stderr=io.StringIO())
    assert "No article has a quote an editor reviewed" in evaluate()
    article = Article.objects.get()
    quotes = list(article.quotes.filter(speaker__isnull=False).order_by("start"))

    services.quote_verify(quote=quotes[0], editor=editor)
    out = evaluate()
    assert "recall of kept quotes: 100.0% (1/1)" in out and "speaker accuracy: 100.0% (1/1)" in out

    wrong = quotes[1]
    other = Speaker.objects.exclude(pk=wrong.speaker_id).exclude(
        quotes__article=article
    ).first() or Speaker.objects.create(name="Odile Frame", slug="odile-frame", kind="person")
    services.quote_reassign(quote=wrong, editor=editor, speaker=other)
    out = evaluate()
    assert "speaker accuracy: 50.0% (1/2)" in out
    assert f"is {other.name}'s, machine says" in out

    services.quote_reject(quote=quotes[2], editor=editor)
    out = evaluate()
    assert "precision against rejected: 66.7% (1 rejected quote(s) extracted again)" in out
    assert "rejected, found again" in out

    services.quote_add(article=article, editor=editor, text=uncovered_sentence(article), kind="indirect")
    stored = Quote.objects.count()
    out = evaluate()
    assert "recall of kept quotes: 66.7% (2/3)" in out and "missed:" in out
    assert Quote.objects.count() == stored  # evaluate stores nothing

    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert "No article has a quote an editor reviewed since" in evaluate("--since", tomorrow)


@pytest.mark.django_db
def test_evaluate_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        evaluate("--since", "last week")
    assert error.value.returncode == 2
