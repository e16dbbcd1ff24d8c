"""Migration 0010 re-folds stored alias keys as ``name_key`` now folds British spellings, merging a row into a
twin that already holds the new key."""

import importlib

import pytest
from django.apps import apps

from claims.models import Entity, EntityAlias, Speaker, SpeakerAlias
from claims.naming import name_key

pytestmark = pytest.mark.django_db

migration = importlib.import_module("claims.migrations.0010_alias_keys_fold_british_spellings")


def test_old_keys_are_refolded_and_twins_merged_keeping_the_editors_mark():
    who = Speaker.objects.create(name="World Health Organisation", slug="who", kind="organisation")
    SpeakerAlias.objects.create(
        speaker=who, alias="World Health Organisation", key="world health organisation", added_by_editor=True
    )
    SpeakerAlias.objects.create(
        speaker=who, alias="World Health Organization", key=name_key("World Health Organization")
    )
    centre = Speaker.objects.create(name="Centre for Coastal Studies", slug="ccs", kind="organisation")
    SpeakerAlias.objects.create(speaker=centre, alias="Centre for Coastal Studies", key="centre for coastal studies")
    topic = Entity.objects.create(name="Ministry of Defence", slug="mod")
    EntityAlias.objects.create(entity=topic, alias="Ministry of Defence", key="ministry of defence")

    migration.forwards(apps, None)

    assert list(who.aliases.values_list("key", "added_by_editor")) == [("world health organization", True)]
    assert list(centre.aliases.values_list("key", flat=True)) == [name_key("Centre for Coastal Studies")]
    assert (
        list(topic.aliases.values_list("key", flat=True))
        == [name_key("Ministry of Defence")]
        == ["ministry of defense"]
    )
