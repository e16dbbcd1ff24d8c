"""Identity across articles needs evidence (issue 10): a full name, an alias, or one compatible person."""

import io

import pytest
from django.core.management import call_command

from claims.models import Quote, Speaker
from claims.naming import identity_key, parse_name, unaccent
from search.text import fold

pytestmark = pytest.mark.django_db


def ingest(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("ingest", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def speaker_of(name: str, words: str) -> Speaker:
    return Quote.objects.get(article__source_name=name, text__contains=words).speaker


WIFE = """First lady opens library

The first lady, Mary Roe, opened a new library in Dover on Monday.

"Every child deserves a shelf of books," Mrs. Roe said.
"""

HUSBAND = """Tax bill signed

The president signed the tax bill on Friday.

"This bill is for working families," Mr. Roe said at the ceremony.
"""

TWO_SENATORS = """Farm bill advances

Senator Thomas Brandt of Kansas and Senator Daniel Brandt of Oregon both backed the farm bill on Tuesday.

"Farmers need certainty," Thomas Brandt said. "This gives it to them."

"It is a start," Daniel Brandt said.
"""

TOWN_HALL = """Town hall on clinics

A senator met voters in Millbrook on Saturday.

"We will keep the clinic open," Mr. Brandt told the crowd.
"""


# ---- names, parsed


def test_a_name_is_parsed_into_honorific_title_given_names_surname_and_suffix():
    name = parse_name("Gov. Robert A. Ashby Jr.")
    assert (name.titles, name.given, name.surname, name.suffix) == (("governor",), ("robert", "a"), "ashby", "jr")
    assert identity_key(name) == "robert ashby jr" != identity_key(parse_name("Robert Ashby"))
    assert parse_name("Mrs. Halvorsen").gender == "f" and not parse_name("Mrs. Halvorsen").is_full
    assert parse_name("Councilman Quist").gender == "m"
    assert parse_name("Emre Çelik").key == parse_name("Emre Celik").key == "emre celik"
    assert parse_name("Ursula von der Leyen").surname == "von der leyen"
    assert not parse_name("J. Smith").is_full


def test_one_accent_fold_serves_names_and_search():
    assert unaccent("Çavuşoğlu Straße") == "Cavusoglu Strasse"
    assert fold("Çavuşoğlu Straße") == unaccent("Çavuşoğlu Straße").lower()


# ---- across articles


def test_mr_never_links_to_a_woman_of_that_surname(tmp_path):
    ingest(tmp_path, "wife.txt", WIFE)
    ingest(tmp_path, "husband.txt", HUSBAND)
    mary = speaker_of("wife.txt", "shelf of books")
    assert mary.name == "Mary Roe" and mary.gender == "f"
    assert speaker_of("husband.txt", "working families") != mary


def test_a_surname_goes_to_the_one_person_whose_gender_fits(tmp_path):
    ingest(tmp_path, "wife.txt", WIFE)
    ingest(
        tmp_path,
        "john.txt",
        "Tax bill signed\n\nPresident John Roe signed the tax bill on Friday.\n\n"
        '"This bill is for working families," Mr. Roe said at the ceremony.\n',
    )
    ingest(tmp_path, "wife2.txt", 'Library tour\n\n"Read every night," Mrs. Roe told pupils in Kent.\n')
    ingest(tmp_path, "john2.txt", 'Bill tour\n\n"Taxes will fall," Mr. Roe told workers in Leeds.\n')
    mary, john = speaker_of("wife.txt", "shelf of books"), speaker_of("john.txt", "working families")
    assert (mary.name, john.name) == ("Mary Roe", "John Roe")
    assert speaker_of("wife2.txt", "every night") == mary
    assert speaker_of("john2.txt", "Taxes will fall") == john


def test_a_surname_first_resolves_to_its_own_articles_fuller_mention(tmp_path):
    ingest(tmp_path, "charlie.txt", 'Charlie King runs\n\n"I am running," Charlie King said in Leeds.\n')
    ingest(
        tmp_path,
        "larry.txt",
        "Broadcaster retires\n\nLarry King, the broadcaster, said goodbye on Friday.\n\n"
        '"It was a good run," Mr. King, 82, said.\n',
    )
    larry = speaker_of("larry.txt", "good run")
    assert larry.name == "Larry King"
    assert larry != speaker_of("charlie.txt", "I am running")


def test_an_ambiguous_surname_is_a_new_speaker_flagged_with_who_it_could_be(tmp_path):
    ingest(tmp_path, "senators.txt", TWO_SENATORS)
    ingest(tmp_path, "townhall.txt", TOWN_HALL)
    thomas = speaker_of("senators.txt", "Farmers need certainty")
    daniel = speaker_of("senators.txt", "It is a start")
    brandt = speaker_of("townhall.txt", "keep the clinic open")
    assert brandt not in (thomas, daniel)
    assert brandt.needs_review
    (evidence,) = brandt.review_evidence
    assert evidence["why"] == "ambiguous" and evidence["article"] == "townhall.txt"
    assert {c["name"] for c in evidence["candidates"]} == {"Thomas Brandt", "Daniel Brandt"}
    assert not thomas.needs_review and not daniel.needs_review


def test_re_extracting_keeps_the_flagged_speaker_instead_of_making_another(tmp_path):
    ingest(tmp_path, "senators.txt", TWO_SENATORS)
    ingest(tmp_path, "townhall.txt", TOWN_HALL)
    before = set(Speaker.objects.values_list("pk", "name", "needs_review"))
    call_command("ingest", "--reextract", stdout=io.StringIO(), stderr=io.StringIO())
    assert set(Speaker.objects.values_list("pk", "name", "needs_review")) == before


def test_a_title_picks_the_person_who_holds_it(tmp_path):
    ingest(
        tmp_path,
        "ashbys.txt",
        "Pipeline row\n\nGov. Robert Ashby approved the permit. His son, Rep. Robert Ashby Jr., opposed it.\n\n"
        '"It is safe," Gov. Robert Ashby said.\n\n"It is not," Rep. Robert Ashby Jr. said.\n',
    )
    ingest(
        tmp_path,
        "flood.txt",
        "Governor tours flooded towns\n\nGovernor Ashby toured three flooded towns on Monday and promised state "
        'aid to families.\n\n"We will rebuild," Governor Ashby said. He did not say how much the state would spend.\n',
    )
    governor = speaker_of("ashbys.txt", "It is safe")
    son = speaker_of("ashbys.txt", "It is not")
    assert governor != son and son.name == "Robert Ashby Jr."
    assert speaker_of("flood.txt", "We will rebuild") == governor


def test_a_name_printed_with_and_without_accents_is_one_speaker(tmp_path):
    ingest(
        tmp_path,
        "a.txt",
        "Ardent orders freighters\n\nEmre Çelik, the chief executive of Ardent Shipping, said on Monday that the "
        'company had ordered six ships.\n\n"We are ready," Mr. Çelik said.\n',
    )
    ingest(
        tmp_path,
        "b.txt",
        "Ardent profit falls\n\nArdent Shipping chief executive Emre Celik said on Tuesday that profit fell by a "
        'third.\n\n"Rates will recover," Mr. Celik said.\n',
    )
    assert speaker_of("a.txt", "We are ready") == speaker_of("b.txt", "Rates will recover")
    assert Speaker.objects.filter(name__in=["Emre Çelik", "Emre Celik"]).count() == 1


# ---- editors see the flagged speakers and merge them


def test_the_speakers_page_lists_the_flagged_ones_with_their_evidence(tmp_path, editor_client):
    ingest(tmp_path, "senators.txt", TWO_SENATORS)
    ingest(tmp_path, "townhall.txt", TOWN_HALL)
    flagged = Speaker.objects.get(needs_review=True)
    page = editor_client.get("/speakers/?review=1").content.decode()
    assert "1 speaker match" in page and flagged.get_absolute_url() in page
    assert "townhall.txt" in page and "Thomas Brandt" in page and "Daniel Brandt" in page
    assert f"/admin/claims/speaker/{flagged.pk}/merge-with/" in page
    assert "Daniel Brandt" in editor_client.get("/speakers/").content.decode()


def test_viewers_see_the_evidence_without_merge_links(tmp_path, viewer_client):
    ingest(tmp_path, "senators.txt", TWO_SENATORS)
    ingest(tmp_path, "townhall.txt", TOWN_HALL)
    page = viewer_client.get("/speakers/?review=1").content.decode()
    assert "Thomas Brandt" in page and "merge-with" not in page


def test_the_admin_filters_flagged_speakers_and_merges_one_with_a_candidate(tmp_path, editor_client, editor):
    ingest(tmp_path, "senators.txt", TWO_SENATORS)
    ingest(tmp_path, "townhall.txt", TOWN_HALL)
    flagged = Speaker.objects.get(needs_review=True)
    thomas = Speaker.objects.get(name="Thomas Brandt")
    listed = editor_client.get("/admin/claims/speaker/?needs_review__exact=1").content.decode()
    assert f"/admin/claims/speaker/{flagged.pk}/merge-with/{thomas.pk}/" in listed
    assert "Daniel Brandt" in listed  # as a candidate of the flagged speaker
    url = f"/admin/claims/speaker/{flagged.pk}/merge-with/{thomas.pk}/"
    asked = editor_client.get(url)
    assert asked.status_code == 200 and "keep the clinic open" in asked.content.decode()
    assert Speaker.objects.filter(pk=flagged.pk).exists()  # nothing happens before the editor confirms
    done = editor_client.post(url, {"confirm": "yes", "keep": thomas.pk})
    assert done.status_code == 302
    assert not Speaker.objects.filter(pk=flagged.pk).exists()
    assert speaker_of("townhall.txt", "keep the clinic open") == thomas
    thomas.refresh_from_db()
    assert not thomas.needs_review


def test_viewers_cannot_merge(tmp_path, viewer_client):
    ingest(tmp_path, "senators.txt", TWO_SENATORS)
    ingest(tmp_path, "townhall.txt", TOWN_HALL)
    flagged = Speaker.objects.get(needs_review=True)
    thomas = Speaker.objects.get(name="Thomas Brandt")
    url = f"/admin/claims/speaker/{flagged.pk}/merge-with/{thomas.pk}/"
    assert viewer_client.post(url, {"confirm": "yes", "keep": thomas.pk}).status_code == 403
    assert Speaker.objects.filter(pk=flagged.pk).exists()


CHAIRMAN = """Grid council warns of shortfall

The council's chairman, Walter Innes, said the grid was under strain.
"""

ENGINEER = """Grid council testifies

Mr. Innes, a former utility engineer who has led the council since 2021, said the delays were costly.
"""

SENATOR = """Budget vote

Senator Paul Innes said the budget was balanced.
"""


def test_a_post_once_held_does_not_rule_a_person_out(tmp_path):
    ingest(tmp_path, "chairman.txt", CHAIRMAN)
    ingest(tmp_path, "engineer.txt", ENGINEER)
    assert speaker_of("engineer.txt", "delays") == speaker_of("chairman.txt", "grid was under strain")


def test_a_current_post_that_differs_still_rules_a_person_out(tmp_path):
    ingest(tmp_path, "senator.txt", SENATOR)
    ingest(tmp_path, "chairman.txt", CHAIRMAN.replace("Walter Innes", "Mr. Innes"))
    assert speaker_of("chairman.txt", "grid was under strain") != speaker_of("senator.txt", "budget")


WHO_US = """Measles cases triple

The World Health Organization said on Friday that measles cases in Europe had tripled in a year.

"This is a warning we cannot ignore," WHO said in a statement.
"""

WHO_UK = """Cholera spreads after floods

The World Health Organisation has warned that cholera is spreading in five countries.

The organisation said clean water was the most urgent need.
"""

WHO_ONLY = """Vaccine stocks run low

WHO said on Tuesday that vaccine stocks in the region would run out by March.
"""

SEAWALL = """Seawall plan draws fire

ORCA, the Ocean Research and Conservation Alliance, said on Tuesday that the seawall would destroy an oyster reef.

Orca Marine, which is building the wall, said it would protect 400 homes.
"""

ORCA_ONLY = """Reef survey published

The reef had shrunk by a third since 2015, ORCA said in a report on Monday.
"""


def test_one_body_under_both_spellings_and_its_acronym_is_one_speaker(tmp_path):
    for name, text in (("us.txt", WHO_US), ("uk.txt", WHO_UK), ("only.txt", WHO_ONLY)):
        ingest(tmp_path, name, text)
    who = speaker_of("us.txt", "measles cases in Europe")
    assert who is not None and who.name in ("World Health Organization", "World Health Organisation")
    assert speaker_of("us.txt", "a warning we cannot ignore") == who
    assert speaker_of("uk.txt", "clean water was the most urgent need") == who
    assert speaker_of("only.txt", "vaccine stocks in the region") == who


def test_a_company_that_shares_an_acronyms_letters_stays_apart(tmp_path):
    ingest(tmp_path, "seawall.txt", SEAWALL)
    ingest(tmp_path, "orca.txt", ORCA_ONLY)
    alliance = speaker_of("seawall.txt", "destroy an oyster reef")
    company = speaker_of("seawall.txt", "protect 400 homes")
    assert alliance is not None and alliance.name == "Ocean Research and Conservation Alliance"
    assert company is not None and company.name == "Orca Marine"
    assert speaker_of("orca.txt", "The reef had shrunk") == alliance
