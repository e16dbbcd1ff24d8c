"""Accent-insensitive admin search on PostgreSQL ("Cavu" finds "Çavuşoğlu"); SQLite gets the same
function from the app (see ``claims.apps``), so this does nothing there."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_history_for_entities_aliases_and_editors_rows"),
    ]

    operations = [UnaccentExtension()]
