"""Every correction is one service: it records who and when, writes one history row, and only on a change."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article
from claims import services
from claims.models import Claim, Entity, EntityAlias, Quote, Speaker, SpeakerAlias, Status, Tension

pytestmark = pytest.mark.django_db

BODY = (
    "Harbour Minister Ines Varga said the port would reopen on Monday.\n\n"
    '"We will not wait any longer," Ms Varga told reporters in Port Ellery.\n\n'
    "Union leader Tobias Brandt said 4,000 workers had walked out."
)


@pytest.fixture
def article():
    return Article.objects.create(slug="port", headline="Port", body=BODY, source_name="port.txt", checksum="p" * 64)


@pytest.fixture
def varga():
    speaker = Speaker.objects.create(name="Ines Varga", slug="ines-varga", kind="person")
    services.speaker_add_aliases(speaker, ["Ines Varga", "Ms Varga"])
    return speaker


@pytest.fixture
def brandt():
    speaker = Speaker.objects.create(name="Tobias Brandt", slug="tobias-brandt", kind="person")
    services.speaker_add_aliases(speaker, ["Tobias Brandt"])
    return speaker


@pytest.fixture
def quote(article, varga):
    start = BODY.index("We will")
    return Quote.objects.create(
        article=article,
        speaker=varga,
        speaker_mention="Ms Varga",
        text="We will not wait any longer,",
        start=start,
        end=start + 28,
        confidence=0.7,
    )


@pytest.fixture
def claim(article, brandt):
    start = BODY.index("4,000")
    return Claim.objects.create(article=article, claimant=brandt, text="4,000 workers had walked out.", start=start)


def rows(obj):
    return obj.history.count()


def test_reassigning_a_quote_corrects_it_with_one_history_row_naming_the_editor(quote, brandt, editor):
    before = rows(quote)
    services.quote_reassign(quote=quote, editor=editor, speaker=brandt)
    quote.refresh_from_db()
    assert quote.speaker == brandt and quote.status == Status.CORRECTED
    assert quote.reviewed_by == editor and quote.reviewed_at is not None
    assert rows(quote) == before + 1
    latest = quote.history.first()
    assert latest.history_user == editor
    assert "speaker: Ines Varga → Tobias Brandt" in latest.history_change_reason


def test_a_change_to_nothing_writes_nothing(quote, varga, editor):
    before = rows(quote)
    services.quote_edit(quote=quote, editor=editor, speaker=varga, text=quote.text)
    quote.refresh_from_db()
    assert quote.status == Status.MACHINE and rows(quote) == before and quote.reviewed_by is None


def test_editing_words_kind_and_topics_is_one_row_with_the_topics_in_it(quote, editor):
    port = Entity.objects.create(name="Port Ellery", slug="port-ellery", kind="other")
    before = rows(quote)
    services.quote_edit(quote=quote, editor=editor, text="We will not wait any longer", kind="mixed", about=[port])
    quote.refresh_from_db()
    assert rows(quote) == before + 1
    latest = quote.history.first()
    assert [link.entity for link in latest.about.all()] == [port]
    assert (quote.text, quote.kind, quote.status) == ("We will not wait any longer", "mixed", Status.CORRECTED)
    # Setting the same topics again is no change.
    services.quote_edit(quote=quote, editor=editor, about=[port])
    assert rows(quote) == before + 1


def test_verify_reject_and_restore(quote, editor):
    services.quote_verify(quote=quote, editor=editor)
    quote.refresh_from_db()
    assert quote.status == Status.VERIFIED
    services.quote_reject(quote=quote, editor=editor)
    quote.refresh_from_db()
    assert quote.status == Status.REJECTED
    services.quote_restore(quote=quote, editor=editor)
    quote.refresh_from_db()
    assert quote.status == Status.VERIFIED  # what it was before the rejection
    assert [h.history_change_reason for h in quote.history.all()[:3]] == ["restored", "rejected", "verified"]
    assert all(h.history_user == editor for h in quote.history.all()[:3])


def test_verifying_a_corrected_quote_keeps_it_corrected(quote, brandt, editor):
    services.quote_reassign(quote=quote, editor=editor, speaker=brandt)
    before = rows(quote)
    services.quote_verify(quote=quote, editor=editor)
    quote.refresh_from_db()
    assert quote.status == Status.CORRECTED and rows(quote) == before


def test_restoring_a_rejected_machine_quote_makes_it_verified(quote, editor):
    services.quote_reject(quote=quote, editor=editor)
    services.quote_restore(quote=quote, editor=editor)
    quote.refresh_from_db()
    assert quote.status == Status.VERIFIED


def test_adding_a_missed_quote_finds_its_offsets(article, brandt, editor):
    quote = services.quote_add(
        article=article, editor=editor, text="“4,000 workers had walked out”", speaker=brandt, kind="indirect"
    )
    assert article.body[quote.start : quote.end] == "4,000 workers had walked out"
    assert quote.fragments == [[quote.start, quote.end]]
    assert quote.added_by_editor and quote.status == Status.CORRECTED and quote.reviewed_by == editor
    (created,) = quote.history.all()
    assert created.history_type == "+" and created.history_user == editor


def test_a_quote_whose_words_are_not_in_the_article_is_refused(article, editor):
    with pytest.raises(ValidationError) as error:
        services.quote_add(article=article, editor=editor, text="Words no one wrote")
    assert error.value.messages == [services.QUOTE_TEXT_NOT_FOUND]
    assert not Quote.objects.exists()


def test_claim_services(claim, article, varga, editor):
    services.claim_reassign(claim=claim, editor=editor, claimant=varga)
    claim.refresh_from_db()
    assert claim.claimant == varga and claim.status == Status.CORRECTED
    services.claim_reject(claim=claim, editor=editor)
    claim.refresh_from_db()
    assert claim.status == Status.REJECTED
    services.claim_restore(claim=claim, editor=editor)
    claim.refresh_from_db()
    assert claim.status == Status.CORRECTED
    added = services.claim_add(article=article, editor=editor, text="the port would reopen on Monday")
    assert added.added_by_editor and article.body[added.start : added.end] == "the port would reopen on Monday"
    other = Claim.objects.create(article=article, text="Port Ellery", start=BODY.index("Port Ellery"))
    services.claim_verify(claim=other, editor=editor)
    other.refresh_from_db()
    assert other.status == Status.VERIFIED and other.history.first().history_user == editor


def test_a_rating_is_one_save_and_one_history_row(claim, editor):
    before = rows(claim)
    services.claim_rate(claim=claim, editor=editor, rating_value=4, rating_label="Mostly true", note="Union count")
    claim.refresh_from_db()
    assert rows(claim) == before + 1
    assert claim.status == Status.VERIFIED and claim.rated_by == editor and claim.rating_in_words == "Mostly true (4/5)"
    assert claim.history.first().history_change_reason == "verified; rated: Mostly true (4/5)"
    services.claim_rate(claim=claim, editor=editor, rating_value=4, rating_label="Mostly true", note="Union count")
    assert rows(claim) == before + 1


def test_resolving_a_tension_records_who(claim, article, editor):
    other = Claim.objects.create(article=article, text="3,000 workers walked out.")
    tension = Tension.objects.create(claim_a=claim, claim_b=other, what="walk-out figures differ")
    services.tension_resolve(tension=tension, editor=editor, note="Union figure")
    tension.refresh_from_db()
    assert tension.resolved and tension.resolved_by == editor and tension.resolved_at and tension.note == "Union figure"


def test_creating_and_editing_a_speaker_makes_the_slug_and_keeps_names_as_aliases(editor):
    speaker = services.speaker_create(editor=editor, name="Óscar Ledesma", kind="person")
    assert speaker.slug == "oscar-ledesma"
    services.speaker_edit(speaker=speaker, editor=editor, name="Óscar Ledesma Ruiz", role="Mayor")
    speaker.refresh_from_db()
    assert speaker.role == "Mayor"
    assert set(speaker.aliases.values_list("key", flat=True)) == {"oscar ledesma", "oscar ledesma ruiz"}
    assert speaker.history.count() == 2 and speaker.history.first().history_user == editor
    alias = services.speaker_alias_add(speaker=speaker, editor=editor, alias="Mayor Ledesma")
    assert alias.added_by_editor and alias.history.first().history_user == editor
    assert services.speaker_alias_add(speaker=speaker, editor=editor, alias="mayor ledesma") is None
    alias_pk = alias.pk
    services.speaker_alias_remove(alias=alias, editor=editor)
    assert SpeakerAlias.history.filter(id=alias_pk, history_type="-").get().history_user == editor


def test_merging_records_what_moved_on_both_speakers(quote, claim, varga, brandt, editor):
    brandt_pk = brandt.pk
    services.speaker_merge(keep=varga, others=[brandt], editor=editor)
    claim.refresh_from_db()
    assert claim.claimant == varga and claim.status == Status.CORRECTED
    kept = varga.history.first()
    assert kept.history_user == editor and f"claim(s) #{claim.pk}" in kept.history_change_reason
    gone = Speaker.history.filter(id=brandt_pk, history_type="-").get()
    assert gone.history_user == editor and gone.history_change_reason.startswith("merged into Ines Varga")
    assert varga.aliases.filter(key="tobias brandt").exists()
    # The alias row moved with its history rather than being made again.
    assert SpeakerAlias.history.filter(key="tobias brandt").values("id").distinct().count() == 1


def test_merging_needs_another_speaker(varga, editor):
    with pytest.raises(ValidationError) as error:
        services.speaker_merge(keep=varga, others=[varga], editor=editor)
    assert error.value.messages == [services.MERGE_NEEDS_TWO]


def test_splitting_moves_chosen_quotes_and_their_claims_to_a_new_speaker(quote, article, varga, editor):
    other = Quote.objects.create(article=article, speaker=varga, text="the port would reopen on Monday", start=35)
    claim = Claim.objects.create(article=article, claimant=varga, quote=quote, text="We will not wait")
    new = services.speaker_split(speaker=varga, quotes=[quote], editor=editor, name="Irena Varga", kind="person")
    quote.refresh_from_db()
    other.refresh_from_db()
    claim.refresh_from_db()
    assert (quote.speaker, claim.claimant, other.speaker) == (new, new, varga)
    assert new.slug == "irena-varga" and quote.status == Status.CORRECTED
    assert f"#{quote.pk}" in varga.history.first().history_change_reason
    assert "from Ines Varga" in new.history.first().history_change_reason


def test_splitting_refuses_someone_elses_quote_and_a_missing_target(quote, brandt, varga, editor):
    with pytest.raises(ValidationError) as error:
        services.speaker_split(speaker=brandt, quotes=[quote], editor=editor, into=varga)
    assert error.value.messages == [services.SPLIT_NOT_THEIR_QUOTE]
    with pytest.raises(ValidationError) as error:
        services.speaker_split(speaker=varga, quotes=[quote], editor=editor)
    assert error.value.messages == [services.SPLIT_NEEDS_TARGET]


def test_entities_merge_with_their_aliases_and_topics(quote, editor):
    ellery = services.entity_create(editor=editor, name="Port Ellery", kind="other")
    typo = services.entity_create(editor=editor, name="Port Elery", kind="other")
    services.quote_edit(quote=quote, editor=editor, about=[typo])
    services.entity_edit(entity=ellery, editor=editor, kind="organisation")
    typo_pk = typo.pk
    services.entity_merge(keep=ellery, others=[typo], editor=editor)
    assert list(quote.about.all()) == [ellery]
    assert set(ellery.aliases.values_list("key", flat=True)) == {"port ellery", "port elery"}
    assert not Entity.objects.filter(pk=typo_pk).exists()
    assert Entity.history.filter(id=typo_pk, history_type="-").get().history_user == editor
    assert "topic Port Elery merged into Port Ellery" == quote.history.first().history_change_reason
    alias = services.entity_alias_add(entity=ellery, editor=editor, alias="the Ellery docks")
    alias_pk = alias.pk
    services.entity_alias_remove(alias=alias, editor=editor)
    assert not EntityAlias.objects.filter(pk=alias_pk).exists()


def test_editor_ensure_makes_a_staff_editor_with_a_kept_password(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    user, password = services.editor_ensure(username="demo")
    again, same = services.editor_ensure(username="demo")
    assert again == user and same == password and user.check_password(password)
    assert user.is_staff and user.groups.filter(name="Editors").exists()
    assert user.has_perm("claims.change_quote") and user.has_perm("claims.rate_claim")
    assert not user.has_perm("claims.delete_quote")


def test_the_migration_makes_the_groups_the_roles_list_describes():
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    migration = importlib.import_module("claims.migrations.0004_editors_and_viewers_groups")
    Group.objects.all().delete()
    migration.create_groups(apps, None)
    made = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    services.roles_ensure()
    wanted = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert made == wanted and set(made) == {"Editors", "Viewers"}
    assert not any(code.startswith(("change_", "add_", "delete_")) for code in made["Viewers"])
    assert "rate_claim" in made["Editors"] and "delete_quote" not in made["Editors"]


def test_status_and_confidence_in_words(quote):
    assert quote.status_explanation.startswith("Found by the machine")
    assert quote.confidence_in_words == "medium (70%)"
    assert "0% to 100%" in quote.confidence_explanation


def test_verifying_with_a_changed_word_is_a_correction(quote, editor):
    services.quote_edit(quote=quote, editor=editor, text="We will not wait", status=Status.VERIFIED)
    quote.refresh_from_db()
    assert quote.status == Status.CORRECTED and quote.history.count() == 2


def test_topics_may_be_given_as_any_iterable(quote, editor):
    port = Entity.objects.create(name="Port Ellery", slug="port-ellery", kind="other")
    services.quote_edit(quote=quote, editor=editor, about=(e for e in [port]))
    assert list(quote.about.all()) == [port]


def test_every_status_has_an_explanation():
    assert all(Status(value).explanation for value in Status.values)
    assert "editor" in Status.CORRECTED.explanation


def test_the_ensure_editor_command_prints_the_login(settings, tmp_path):
    import io

    from django.core.management import call_command

    settings.BASE_DIR = tmp_path
    out = io.StringIO()
    call_command("ensure_editor", "--username", "demo", stdout=out)
    password = (tmp_path / "var" / "demo.password").read_text().strip()
    assert f"username 'demo', password '{password}'" in out.getvalue()


def test_words_that_occur_twice_are_added_where_the_editor_marked_them(article, editor):
    article.body = "Prices will rise, she said.\n\nLater a trader agreed: Prices will rise."
    article.save()
    first = services.quote_add(article=article, editor=editor, text="Prices will rise")
    second = services.quote_add(article=article, editor=editor, text="Prices will rise", near=30)
    assert (first.start, second.start) == (0, article.body.rindex("Prices will rise"))


def test_deleting_is_refused_while_anything_points_at_the_row(quote, varga, editor):
    topic = services.entity_create(editor=editor, name="Port Ellery", kind="other")
    services.quote_edit(quote=quote, editor=editor, about=[topic])
    with pytest.raises(ValidationError) as error:
        services.entity_delete(entity=topic, editor=editor)
    assert error.value.messages == [services.ENTITY_IN_USE]
    with pytest.raises(ValidationError) as error:
        services.speaker_delete(speaker=varga, editor=editor)
    assert error.value.messages == [services.SPEAKER_IN_USE]
    services.quote_edit(quote=quote, editor=editor, about=[], speaker=None)
    topic_pk, varga_pk = topic.pk, varga.pk
    services.entity_delete(entity=topic, editor=editor)
    services.speaker_delete(speaker=varga, editor=editor)
    assert Entity.history.get(id=topic_pk, history_type="-").history_user == editor
    assert Speaker.history.get(id=varga_pk, history_type="-").history_change_reason == "deleted by an editor"


def test_merge_previews_list_what_would_move(quote, claim, varga, brandt):
    preview = services.speaker_merge_preview(keep=varga, others=[brandt])
    assert (preview["quotes"], preview["claims"], preview["names"]) == ([], [claim], ["Tobias Brandt"])
    assert Speaker.objects.count() == 2  # a preview changes nothing
