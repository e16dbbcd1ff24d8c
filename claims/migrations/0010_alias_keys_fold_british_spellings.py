"""Alias keys fold British spellings as American ones ("World Health Organisation" -> "world health
organization"; "centre" -> "center"; "defence" -> "defense"), as ``name_key`` now does: stored keys are
re-folded so that lookups find them. Where a speaker or entity already holds the re-folded key, the two rows
are one alias: the row kept is marked as an editor's when either was."""

import re

from django.db import migrations
from django.db.models import Q

_SPELLINGS = (
    (re.compile(r"isation(s?)\b"), r"ization\1"),
    (re.compile(r"\bcentre(s?)\b"), r"center\1"),
    (re.compile(r"\bdefence\b"), "defense"),
)


def _refold(key):
    for spelling, american in _SPELLINGS:
        key = spelling.sub(american, key)
    return key


def _rekey(model, owner, editor_field=None):
    rows = model.objects.filter(Q(key__contains="isation") | Q(key__contains="centre") | Q(key__contains="defence"))
    for row in rows:
        key = _refold(row.key)
        if key == row.key:
            continue
        twin = model.objects.filter(**{f"{owner}_id": getattr(row, f"{owner}_id"), "key": key}).first()
        if twin is None:
            row.key = key
            row.save(update_fields=["key"])
            continue
        if editor_field and getattr(row, editor_field) and not getattr(twin, editor_field):
            setattr(twin, editor_field, True)
            twin.save(update_fields=[editor_field])
        row.delete()


def forwards(apps, schema_editor):
    _rekey(apps.get_model("claims", "SpeakerAlias"), "speaker", "added_by_editor")
    _rekey(apps.get_model("claims", "EntityAlias"), "entity")


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_visible_rows_and_open_tensions_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
