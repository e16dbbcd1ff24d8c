"""One speaker across articles: name variants and editors' aliases lead later ingests to the same row."""

import io

import pytest
from django.core.management import call_command

from claims.models import Quote, Speaker, SpeakerAlias, Status
from claims.naming import is_name_like, name_key
from claims.services import speaker_add_aliases

pytestmark = pytest.mark.django_db

FIRST = """Port strike enters second week

Dockworkers in Harwich Bay stayed off the job on Monday as talks stalled.

Harbour Minister Dana Whitfield said the government would not reopen the pay deal.

"We have made our final offer," Ms Whitfield told reporters. "It is a fair one."
"""

SECOND = """Strike talks resume

Talks to end the port strike resumed on Friday.

"We are closer than we were," Minister Whitfield said after the meeting.
"""


def ingest(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("ingest", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_name_variants_across_articles_are_one_speaker(tmp_path):
    ingest(tmp_path, "first.txt", FIRST)
    ingest(tmp_path, "second.txt", SECOND)
    whitfield = Speaker.objects.get(name="Dana Whitfield")
    assert whitfield.kind == "person"
    assert Speaker.objects.filter(name__icontains="Whitfield").count() == 1
    spoken = Quote.objects.filter(speaker=whitfield).values_list("article__source_name", flat=True)
    assert set(spoken) == {"first.txt", "second.txt"}
    keys = set(whitfield.aliases.values_list("key", flat=True))
    assert {"dana whitfield", "minister whitfield"} <= keys


def test_an_editors_alias_is_used_by_later_ingests(tmp_path):
    ingest(tmp_path, "first.txt", FIRST)
    whitfield = Speaker.objects.get(name="Dana Whitfield")
    speaker_add_aliases(whitfield, ["D. J. Whitfield-Ames"], by_editor=True)
    ingest(tmp_path, "third.txt", 'Port deal signed\n\n"It is done," said D. J. Whitfield-Ames, smiling.\n')
    quote = Quote.objects.get(article__source_name="third.txt")
    assert quote.speaker == whitfield
    assert SpeakerAlias.objects.get(key=name_key("D. J. Whitfield-Ames")).added_by_editor


def test_a_bare_surname_shared_by_two_people_matches_neither(tmp_path):
    from claims.services import speaker_find

    a = Speaker.objects.create(name="Tom Reyes", slug="tom-reyes", kind="person")
    b = Speaker.objects.create(name="Ana Reyes", slug="ana-reyes", kind="person")
    speaker_add_aliases(a, ["Tom Reyes", "Reyes"])
    speaker_add_aliases(b, ["Ana Reyes", "Reyes"])
    assert speaker_find(name="Reyes", kind="person") is None
    assert speaker_find(name="Ana Reyes", aliases=["Reyes"], kind="person") == b


def test_name_keys_fold_accents_possessives_and_dots():
    assert name_key("Çelik-Şahin's") == "celik sahin"
    assert name_key("the U.S.") == "us"
    assert is_name_like("Minister Whitfield")
    assert not is_name_like("The Minister")
    assert not is_name_like("he")


def test_merging_speakers_moves_their_quotes_and_later_ingests_follow(tmp_path, editor):
    from claims.services import speaker_merge

    ingest(tmp_path, "first.txt", FIRST)
    ingest(tmp_path, "odd.txt", 'Dock pay row\n\n"No deal yet," said Dana Whitfeld-Ames at the port.\n')
    whitfield = Speaker.objects.get(name="Dana Whitfield")
    typo = Speaker.objects.get(quotes__article__source_name="odd.txt")
    assert typo != whitfield
    speaker_merge(keep=whitfield, others=[typo], editor=editor)

    assert not Speaker.objects.filter(pk=typo.pk).exists()
    moved = Quote.objects.get(article__source_name="odd.txt")
    assert moved.speaker == whitfield and moved.status == Status.CORRECTED
    assert moved.history.first().history_user == editor
    ingest(tmp_path, "later.txt", 'Port reopens\n\n"Back to work," said Dana Whitfeld-Ames.\n')
    assert Quote.objects.get(article__source_name="later.txt").speaker == whitfield


def test_the_admin_merge_confirms_what_moves_then_keeps_the_most_quoted_speaker(tmp_path, editor_client):
    ingest(tmp_path, "first.txt", FIRST)
    ingest(tmp_path, "odd.txt", 'Dock pay row\n\n"No deal yet," said Dana Whitfeld-Ames at the port.\n')
    ids = list(Speaker.objects.values_list("pk", flat=True))
    asked = editor_client.post("/admin/claims/speaker/", {"action": "merge_speakers", "_selected_action": ids})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "No deal yet" in page and "Keep Dana Whitfield" in page
    assert Speaker.objects.count() == 2  # nothing happens before the editor confirms
    whitfield = Speaker.objects.get(name="Dana Whitfield")
    response = editor_client.post(
        "/admin/claims/speaker/",
        {"action": "merge_speakers", "_selected_action": ids, "confirm": "yes", "keep": whitfield.pk},
    )
    assert response.status_code == 302
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Dana Whitfield"]
