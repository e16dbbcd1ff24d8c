"""Plain-string helpers: name folding, acronyms, paragraphs and sentence ends in plain text.

``name_key`` is the one fold of a name for matching ("Çelik's" -> "celik", "The U.S." -> "us"): speakers,
aliases and the database's lookup keys all use it. ``lookup_key`` keys the gazetteer's surface forms; it
keeps punctuation and case-folds instead, because "US" and "U.S." are listed as different surfaces.
Acronyms: ``acronym_fits`` says whether letters abbreviate a name by its initials (one rule, used for
speakers and topics alike)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .confidence import PAREN_LOOKBACK_CHARS
from .lexicon import words

_POSSESSIVE = re.compile(r"['\u2019]s\b")
_NON_WORD = re.compile(r"[^\w]+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
# British and American spellings of the words bodies are named with: one key ("World Health Organisation" is
# "World Health Organization"; "Centre" is "Center", "Defence" is "Defense").
_SPELLINGS = (
    (re.compile(r"isation(s?)\b"), r"ization\1"),
    (re.compile(r"\bcentre(s?)\b"), r"center\1"),
    (re.compile(r"\bdefence\b"), "defense"),
)


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """Fold a name for lookups: ``"Çelik's"`` -> ``"celik"``; ``"The U.S."`` -> ``"us"``; British spellings
    as American ones (``"Organisation"`` -> ``"organization"``)."""
    text = deaccent(name or "")
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_ARTICLE.sub("", text.strip())
    text = text.replace(".", "")
    key = _NON_WORD.sub(" ", text).strip().lower()
    for spelling, american in _SPELLINGS:
        key = spelling.sub(american, key)
    return key


def is_name_like(alias: str) -> bool:
    """Whether a surface form names someone by itself ("Minister Okafor"), unlike "The Minister" or "he"."""
    words_ = alias.split()
    if not words_:
        return False
    if words_[0].lower() in NOT_A_NAME_START:
        return False
    return any(w[:1].isupper() for w in words_)


NOT_A_NAME_START = words("not_a_name_start")


ACRONYM_TOKEN = re.compile(r"[A-Z][A-Za-z]{0,2}[A-Z]{1,6}s?|[A-Z](?:\.[A-Z])+\.?")


LINK_WORDS = words("acronym_link_word")


def abbreviates(short: str, long: str) -> bool:
    """Whether the one word ``short`` is the acronym of the name ``long`` ("FDA", "Nato", "U.N.", "DOJ")."""
    return " " not in short.strip() and acronym_fits(short, long)


@lru_cache(maxsize=4096)
def acronym_fits(acr: str, name: str) -> bool:
    """Whether ``acr`` abbreviates ``name`` by its word initials: "FDA" for "Food and Drug Administration",
    "DOJ" for "Department of Justice", "CDC" for "Centers for Disease Control and Prevention" (a tail
    after "and" may be left out, as agencies keep an acronym when their name grows)."""
    letters = re.sub(r"[^A-Za-z]", "", acr).lower()
    words = [w for w in re.split(r"[\s\-]+", re.sub(r"^(?i:the)\s+", "", name)) if w]
    if len(letters) < 2 or len(words) < 2:
        return False

    def match(i: int, k: int) -> bool:
        if k == len(letters):
            rest = words[i:]
            return not rest or (rest[0].lower() == "and" and len(rest) <= 3)
        if i == len(words):
            return False
        w = words[i]
        if w.lower() in LINK_WORDS:
            return (w[0].lower() == letters[k] and match(i + 1, k + 1)) or match(i + 1, k)
        if not w[0].isupper() or w[0].lower() != letters[k]:
            return False
        return match(i + 1, k + 1)

    return match(0, 0)


# A paragraph ends at a line break (clean bodies separate paragraphs with a blank line).
_PARA_BREAK = re.compile(r"\s*\n\s*")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty paragraph, white space trimmed."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        if "\n" in m.group():
            _add_para(text, pos, m.start(), out)
            pos = m.end()
    _add_para(text, pos, len(text), out)
    return out


def _add_para(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``start``, ``end`` moved inwards past white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


ABBREVIATIONS = words("abbreviation")


def is_terminator(text: str, i: int) -> bool:
    """Whether the '.', '?' or '!' at i ends a sentence (not 'Mr.' or 'U.S.' or an initial)."""
    if i + 1 < len(text) and not (text[i + 1].isspace() or text[i + 1] in "\"'\u201d\u2019)"):
        return False
    if i + 1 < len(text) and text[i + 1] == ")":
        # "(D-Mich.)" inside a sentence; "(He declined to comment.)" is a sentence of its own
        k = text.rfind("(", max(0, i - PAREN_LOOKBACK_CHARS), i)
        if k >= 0 and ")" not in text[k:i]:
            before = text[max(0, k - 3) : k].rstrip()
            return not before or before[-1:] in '.?!"\u201d\n'
    if text[i] != ".":
        return True
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:i].lower()
    if word in ABBREVIATIONS or (len(word) == 1 and text[j].isupper()):
        return False
    return True


def last_terminator(text: str, a: int, b: int) -> int:
    """Position just after the last sentence end in text[a:b], or a."""
    for i in range(b - 1, a - 1, -1):
        if text[i] in ".?!" and is_terminator(text, i):
            return i + 1
    return a


def first_terminator(text: str, a: int, b: int) -> int:
    for i in range(a, b):
        if text[i] in ".?!" and is_terminator(text, i):
            return i + 1
    return b


def normal_form(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def deaccent(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def lookup_key(text: str) -> str:
    """The lookup key of a surface form: folded, case-free, accent-free, without a leading "the"."""
    key = deaccent(normal_form(text)).casefold()
    return key[4:] if key.startswith("the ") else key


def is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


# A dateline opening a paragraph: "WASHINGTON —", "LONDON (Reuters) -", "SPRINGFIELD, Ill. -", "LAGOS, Nigeria —".
DATELINE = re.compile(
    r"[A-Z][A-Z.'\u2019\-]+(?: [A-Z][A-Z.'\u2019\-]+){0,3}"
    r"(?:, [A-Z][A-Za-z]*\.?(?: [A-Z][A-Za-z]*\.?){0,2})?"
    r"(?: ?\([A-Z][A-Za-z .&\-]{0,30}\))?"
    r" ?(?:[\u2014\u2013\u2015]|--?)\s+(?=\S)"
)


def dateline_end(text: str, start: int) -> int:
    """Where the dateline opening the paragraph at ``start`` ends (its dash included); ``start`` when none."""
    m = DATELINE.match(text, start)
    if m is None or not any(c.isalpha() for c in m.group(0)):
        return start
    return m.end()
