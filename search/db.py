"""Database pieces of search: the accent fold as SQL on both backends, and the stored search vectors.

On PostgreSQL, migration 0001 creates ``nr_fold(text)`` (lower-cased ``unaccent``), the ``nr_english``
text search configuration (English stemming over unaccented words), and a stored generated ``search_vector``
column with a GIN index on articles, quotes and claims (and ``search_title``, headline and standfirst only, on
articles, for ranking). The columns are computed by the database on every
insert and update, whichever code path writes the row (``save``, ``create``, ``bulk_create``).

On SQLite the same ``nr_fold`` is a deterministic Python function registered on each new connection.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.backends.signals import connection_created
from django.db.models import Func, TextField
from django.db.models.expressions import Expression

from .text import fold

TS_CONFIG = "nr_english"


class Fold(Func):
    """``nr_fold(expression)``: lower case without accents, the same on PostgreSQL and SQLite."""

    function = "nr_fold"
    output_field = TextField()


class StoredVector(Expression):
    """A generated vector column of a model's table (not a model field: the database maintains it)."""

    output_field = SearchVectorField()

    def __init__(self, model, column: str = "search_vector"):
        super().__init__()
        self.table = model._meta.db_table
        self.column = column

    def as_sql(self, compiler, connection):
        return f"{connection.ops.quote_name(self.table)}.{connection.ops.quote_name(self.column)}", []


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the ``nr_fold`` function that PostgreSQL gets from the migration."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("nr_fold", 1, fold, deterministic=True)


def connect_signals() -> None:
    connection_created.connect(register_sqlite_fold, dispatch_uid="search.register_sqlite_fold")
