"""Folding names into lookup keys and slugs (plain Python, shared by services and extraction)."""

import re
import unicodedata

_POSSESSIVE = re.compile(r"['\u2019]s\b")
_NON_WORD = re.compile(r"[^\w]+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


# Letters that do not decompose into a base letter and a mark, folded as PostgreSQL's unaccent does.
_UNACCENT_EXTRA = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"})


def unaccent(text: str | None) -> str | None:
    """Strip accents and keep everything else: ``"Çavuşoğlu"`` -> ``"Cavusoglu"`` (None stays None)."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNACCENT_EXTRA))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def name_key(name: str) -> str:
    """Fold a name for lookups: ``"Çelik's"`` -> ``"celik"``; ``"The U.S."`` -> ``"us"``."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_ARTICLE.sub("", text.strip())
    text = text.replace(".", "")
    return _NON_WORD.sub(" ", text).strip().lower()


def is_name_like(alias: str) -> bool:
    """Whether a surface form names someone by itself ("Minister Okafor"), unlike "The Minister" or "he"."""
    words = alias.split()
    if not words:
        return False
    if words[0].lower() in {"the", "a", "an", "he", "she", "they", "it", "we", "i", "his", "her", "their"}:
        return False
    return any(w[:1].isupper() for w in words)
