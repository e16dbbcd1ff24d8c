"""Editors' work survives a changed article: kept rows move with their words, and the machine's rows never
come back over them, wherever the text moved (inserted, deleted and reordered paragraphs)."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from claims.models import Claim, Quote, Speaker, Status, Tension
from claims.relocation import TextMove, words_key
from claims.services import claim_rate, tension_resolve

pytestmark = pytest.mark.django_db

HEADLINE = "Harbour town braces for budget cuts"
LEAD = (
    "Officials in the coastal town of Marlowe Bay warned on Monday that the harbour budget would be cut by 40% "
    "next year."
)
FERRIES = '"We cannot keep the ferries running on this money," said harbour master Petra Lindqvist.'
HERRERA = 'Councillor Tomas Herrera disagreed. "The ferries will run, and the budget is fair," he told reporters.'
VARGA = "Mayor Ilse Varga said Marlowe Bay had lost 1,200 jobs since 2019."
CLOSE = '"Nobody here wants the harbour to close," said fisherman Jonah Abernathy, 54.'
OSEI = "Union organiser Malik Osei said Marlowe Bay had lost 800 jobs since 2019."
VOTE = "The town council will vote on the plan on Friday, when the budget cut is expected to pass by 7 votes to 2."
NEW_LEAD = '"This is the worst year we have had," said ferry captain Rosa Delgado, who has sailed for 30 years.'


def ingest(*args):
    call_command("ingest", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())


def write(path, paragraphs):
    path.write_text(HEADLINE + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def span_words(article, row):
    return " ".join(words_key(article.body[s:e]) for s, e in row.fragments)


def overlaps(a, b):
    return any(s1 < e2 and s2 < e1 for s1, e1 in a.fragments for s2, e2 in b.fragments)


@pytest.fixture
def edited(tmp_path, editor):
    """The story ingested, then worked on: a quote corrected, one rejected, one added, a claim rated and the
    tension between two figures resolved."""
    path = tmp_path / "harbour.txt"
    write(path, [LEAD, FERRIES, HERRERA, VARGA, CLOSE, OSEI, VOTE])
    ingest(path)
    article = Article.objects.get()
    herrera = Speaker.objects.get(name="Tomas Herrera")

    corrected = Quote.objects.get(text="We cannot keep the ferries running on this money")
    corrected.text = "We cannot keep the ferries running on this money."
    corrected.speaker = herrera  # the editor says the machine had the wrong speaker
    corrected.status = Status.CORRECTED
    corrected.save()
    rejected = Quote.objects.get(text="Nobody here wants the harbour to close")
    rejected.status = Status.REJECTED
    rejected.save()
    start = article.body.index("the budget cut is expected to pass")
    end = start + len("the budget cut is expected to pass by 7 votes to 2")
    added = Quote.objects.create(
        article=article,
        text=article.body[start:end],
        kind="indirect",
        start=start,
        end=end,
        fragments=[[start, end]],
        status=Status.VERIFIED,
        reviewed_by=editor,
    )
    rated = Claim.objects.get(text__contains="1,200 jobs")
    claim_rate(claim=rated, editor=editor, rating_value=2, rating_label="Mostly false")
    tension = Tension.objects.get()
    tension_resolve(tension=tension, editor=editor, note="The council's figure is 800.")
    words = {row.pk: span_words(article, row) for row in (corrected, rejected, added, rated)}
    return path, {"corrected": corrected, "rejected": rejected, "added": added, "rated": rated}, tension, words


def assert_editors_work_kept(rows, tension, words):
    article = Article.objects.get()
    for name, row in rows.items():
        fresh = type(row).objects.get(pk=row.pk)
        assert fresh.status == row.status, name
        # The row now marks the same words in the new text.
        assert span_words(article, fresh) == words[row.pk], name
    corrected = Quote.objects.get(pk=rows["corrected"].pk)
    assert corrected.text.endswith("money.") and corrected.speaker.name == "Tomas Herrera"
    assert Claim.objects.get(pk=rows["rated"].pk).rating_label == "Mostly false"

    machine = list(Quote.objects.filter(status=Status.MACHINE))
    editors = [Quote.objects.get(pk=rows[n].pk) for n in ("corrected", "rejected", "added")]
    for row in machine:
        for kept in editors:
            assert not overlaps(row, kept), (row.text, kept.text)
    machine_words = {words_key(q.text) for q in machine}
    assert words[rows["rejected"].pk] not in machine_words  # the rejected quote does not come back
    assert words[rows["corrected"].pk] not in machine_words  # nor the machine's version of the corrected one
    assert Claim.objects.filter(text__contains="1,200 jobs").count() == 1  # the rated claim, once
    # The resolved tension is the only one, still resolved: no open copies of it.
    assert list(Tension.objects.values_list("pk", "resolved")) == [(tension.pk, True)]


def test_editors_work_moves_with_inserted_deleted_and_reordered_paragraphs(edited):
    path, rows, tension, words = edited

    write(path, [NEW_LEAD, LEAD, FERRIES, HERRERA, VARGA, CLOSE, OSEI, VOTE])  # a paragraph inserted at the top
    ingest(path)
    assert_editors_work_kept(rows, tension, words)
    assert Quote.objects.filter(speaker__name="Rosa Delgado").exists()  # the new paragraph's quote is found

    write(path, [NEW_LEAD, FERRIES, HERRERA, VARGA, CLOSE, OSEI, VOTE])  # one deleted
    ingest(path)
    assert_editors_work_kept(rows, tension, words)

    write(path, [VOTE, CLOSE, OSEI, NEW_LEAD, VARGA, HERRERA, FERRIES])  # reordered
    ingest(path)
    assert_editors_work_kept(rows, tension, words)

    ingest("--reextract")
    assert_editors_work_kept(rows, tension, words)
    assert Article.objects.count() == 1


def test_an_edited_sentence_is_still_found_by_most_of_its_words():
    old = "Intro.\n\n" + CLOSE + "\n\nEnd."
    new = "A new first paragraph.\n\nEnd.\n\n" + CLOSE.replace("Nobody here", "Nobody in this town")
    start = old.index("Nobody")
    end = old.index("close") + len("close")
    moved = TextMove(old, new).locate(start, end)
    assert moved is not None
    assert new[moved[0] : moved[1]] == "Nobody in this town wants the harbour to close"
    assert TextMove(old, "Intro.\n\nSomething else entirely.").locate(start, end) is None
