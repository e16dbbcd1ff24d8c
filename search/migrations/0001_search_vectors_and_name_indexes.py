"""Full-text and name search on PostgreSQL; nothing on SQLite (its fold function is registered per connection).

- extensions ``unaccent`` and ``pg_trgm``;
- ``nr_fold(text)``: ``lower(unaccent(text))``, immutable so that indexes can use it;
- text search configuration ``nr_english``: English stemming over unaccented words;
- a stored generated ``search_vector`` column with a GIN index on articles, quotes and claims (the database
  keeps it right on every insert and update), and ``search_title`` (headline and standfirst) on articles to
  rank them;
- trigram GIN indexes on the folded names of speakers and their aliases.

The GIN indexes are built without ``fastupdate``: rows are indexed as they are written rather than parked in
a pending list until the next vacuum. Ingest pays a little; searches never scan an unsorted pending list,
and the planner does not shun the index because of one (it did after bulk inserts: a sequential scan
that unpacked every article's vector, 150 ms for a word in no article).
"""

from django.db import migrations

# Long texts are cut before indexing: a tsvector is limited to 1 MB, and a longer article must still be stored.
MAX_INDEXED_CHARS = 400_000

VECTORS = {
    ("articles", "Article"): (
        "setweight(to_tsvector('nr_english'::regconfig, coalesce(headline, '')), 'A')"
        " || setweight(to_tsvector('nr_english'::regconfig, coalesce(standfirst, '')), 'B')"
        f" || setweight(to_tsvector('nr_english'::regconfig, left(coalesce(body, ''), {MAX_INDEXED_CHARS})), 'C')"
    ),
    ("claims", "Quote"): f"to_tsvector('nr_english'::regconfig, left(coalesce(text, ''), {MAX_INDEXED_CHARS}))",
    ("claims", "Claim"): f"to_tsvector('nr_english'::regconfig, left(coalesce(text, ''), {MAX_INDEXED_CHARS}))",
}
# Articles are ranked on their headline and standfirst: a small vector, stored inline, cheap to read.
TITLE_VECTOR = (
    "setweight(to_tsvector('nr_english'::regconfig, coalesce(headline, '')), 'A')"
    " || setweight(to_tsvector('nr_english'::regconfig, coalesce(standfirst, '')), 'B')"
)
NAME_INDEXES = {("claims", "Speaker"): "name", ("claims", "SpeakerAlias"): "alias"}


def _table(apps, app_label, model):
    return apps.get_model(app_label, model)._meta.db_table


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run("CREATE EXTENSION IF NOT EXISTS unaccent")
    run("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
    # Schema-qualified, so that the function means the same whatever the search_path (dumps, restores).
    run(
        "CREATE OR REPLACE FUNCTION nr_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS"
        f" $$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$"
    )
    run(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'nr_english') THEN"
        " CREATE TEXT SEARCH CONFIGURATION nr_english (COPY = pg_catalog.english);"
        " ALTER TEXT SEARCH CONFIGURATION nr_english ALTER MAPPING FOR hword, hword_part, word"
        f" WITH {schema}.unaccent, english_stem; END IF; END $$"
    )
    for (app_label, model), expression in VECTORS.items():
        table = _table(apps, app_label, model)
        run(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED")
        run(f"CREATE INDEX {table}_search_vector ON {table} USING gin (search_vector) WITH (fastupdate = off)")
    table = _table(apps, "articles", "Article")
    run(f"ALTER TABLE {table} ADD COLUMN search_title tsvector GENERATED ALWAYS AS ({TITLE_VECTOR}) STORED")
    for (app_label, model), column in NAME_INDEXES.items():
        table = _table(apps, app_label, model)
        run(
            f"CREATE INDEX {table}_{column}_trgm ON {table} USING gin (nr_fold({column}) gin_trgm_ops)"
            " WITH (fastupdate = off)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    for (app_label, model), column in NAME_INDEXES.items():
        run(f"DROP INDEX IF EXISTS {_table(apps, app_label, model)}_{column}_trgm")
    for app_label, model in VECTORS:
        table = _table(apps, app_label, model)
        run(f"DROP INDEX IF EXISTS {table}_search_vector")
        run(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    run(f"ALTER TABLE {_table(apps, 'articles', 'Article')} DROP COLUMN IF EXISTS search_title")
    run("DROP TEXT SEARCH CONFIGURATION IF EXISTS nr_english")
    run("DROP FUNCTION IF EXISTS nr_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_newest_first_index"),
        ("claims", "0004_editors_and_viewers_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
