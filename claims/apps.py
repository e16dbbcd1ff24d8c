from django.apps import AppConfig
from django.db.backends.signals import connection_created

from .naming import unaccent


def _sqlite_unaccent(sender, connection, **kwargs):
    """Give SQLite the UNACCENT() function that PostgreSQL's extension provides, for accent-insensitive search."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("UNACCENT", 1, unaccent, deterministic=True)


class ClaimsConfig(AppConfig):
    name = "claims"

    def ready(self):
        connection_created.connect(_sqlite_unaccent, dispatch_uid="claims_sqlite_unaccent")
