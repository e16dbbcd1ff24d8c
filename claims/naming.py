"""Folding names into lookup keys (plain Python): the one fold lives in ``claims.extraction.text``."""

from claims.extraction.text import is_name_like, name_key

__all__ = ["is_name_like", "name_key"]
