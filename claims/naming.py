"""Folding names (plain Python): the one name fold lives in ``claims.extraction.text`` and is re-exported here;
``unaccent`` folds text for search the way PostgreSQL's unaccent does."""

import unicodedata

from claims.extraction.text import is_name_like, name_key

__all__ = ["is_name_like", "name_key", "unaccent"]

# Letters that do not decompose into a base letter and a mark, folded as PostgreSQL's unaccent does.
_UNACCENT_EXTRA = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"})


def unaccent(text: str | None) -> str | None:
    """Strip accents and keep everything else: ``"Çavuşoğlu"`` -> ``"Cavusoglu"`` (None stays None)."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNACCENT_EXTRA))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
