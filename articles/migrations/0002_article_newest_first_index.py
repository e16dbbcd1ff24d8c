"""An index in the order of the article list (newest first, undated last), for the site's lists.

PostgreSQL only: SQLite cannot put NULLS LAST in an index, and its databases here are small.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS article_newest_first "
    "ON articles_article (published DESC NULLS LAST, ingested_at DESC, id DESC)"
)
DROP = "DROP INDEX IF EXISTS article_newest_first"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
