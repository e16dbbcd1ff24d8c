"""Plain-string helpers for search: folding, query terms, and safe highlighted snippets (no Django models)."""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.naming import unaccent

# Markers that ts_headline puts around matched words; private-use characters, never shown.
START_SEL = "\ue000"
STOP_SEL = "\ue001"
MAX_QUERY_CHARS = 200


def fold_char(char: str) -> str:
    """Fold one character: ``"Ş"`` -> ``"s"``, ``"ß"`` -> ``"ss"``, combining accents -> ``""``."""
    return (unaccent(char) or "").lower()


def fold(text: str | None) -> str | None:
    """Lower-case ``text`` without accents: ``"Çavuşoğlu"`` -> ``"cavusoglu"``; ``None`` stays ``None``.

    The accent fold is ``claims.naming.unaccent``, the one the admin's and the lists' searches use too."""
    if text is None:
        return None
    if text.isascii():
        return text.lower()
    return "".join(fold_char(c) for c in text)


@dataclass(frozen=True)
class Terms:
    """What a query asks for: words and phrases that must all appear, and words that must not."""

    required: tuple[str, ...]
    excluded: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.required)


_TERM = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def parse_terms(query: str) -> Terms:
    """Split a web-style query into folded terms: ``'"open door" -Ankara or talks'``.

    ``"open door"`` is one phrase, ``-ankara`` is excluded, ``or`` is read as a plain word joiner.
    """
    required: list[str] = []
    excluded: list[str] = []
    for match in _TERM.finditer(query[:MAX_QUERY_CHARS]):
        if match.group(2) is not None:
            negative, raw = match.group(1), match.group(2)
        else:
            negative, raw = match.group(3), match.group(4)
        term = " ".join(re.findall(r"\w+", fold(raw) or ""))
        if not term or (not negative and term == "or" and match.group(2) is None):
            continue
        (excluded if negative else required).append(term)
    return Terms(required=tuple(dict.fromkeys(required)), excluded=tuple(dict.fromkeys(excluded)))


def clean_query(raw: str | None) -> str:
    """The query as typed, trimmed, single-spaced and capped in length."""
    return " ".join((raw or "").split())[:MAX_QUERY_CHARS]


def marked_html(text: str) -> SafeString:
    """Escape ``text`` and turn the START_SEL/STOP_SEL markers in it into ``<mark>`` elements.

    The markers come from ts_headline around matched words. Everything else is escaped, so markup in
    the article's own text comes out as text; stray or unbalanced markers never produce broken tags.
    """
    out: list[str] = []
    inside = False
    for piece in re.split(f"([{START_SEL}{STOP_SEL}])", text):
        if piece == START_SEL:
            if not inside:
                out.append("<mark>")
                inside = True
        elif piece == STOP_SEL:
            if inside:
                out.append("</mark>")
                inside = False
        else:
            out.append(escape(piece))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text above is escaped)


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """``text`` folded, and for each folded character the index of the original character it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        piece = fold_char(char)
        folded.append(piece)
        origin.extend([i] * len(piece))
    return "".join(folded), origin


def match_spans(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Where the required terms occur in ``text`` (accents and case ignored), as merged [start, end) spans."""
    folded, origin = _folded_with_map(text)
    spans: list[tuple[int, int]] = []
    for term in terms.required:
        pattern = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in term.split()))
        for m in pattern.finditer(folded):
            if m.end() > m.start():
                spans.append((origin[m.start()], origin[m.end() - 1] + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: Terms, *, max_chars: int | None = None) -> SafeString:
    """``text`` escaped, with the words matching ``terms`` in ``<mark>``; cut to a window around the first match."""
    marked: list[str] = []
    position = 0
    for s, e in match_spans(text, terms):
        marked += [text[position:s], START_SEL, text[s:e], STOP_SEL]
        position = e
    marked.append(text[position:])
    return snippet_html("".join(marked), max_chars=max_chars)


def snippet_html(marked: str, *, max_chars: int | None = None) -> SafeString:
    """Text with START_SEL/STOP_SEL markers as safe HTML, cut to ``max_chars`` around the first marked word."""
    if max_chars is None or len(marked) <= max_chars:
        return marked_html(marked.strip())
    first = max(marked.find(START_SEL), 0)
    start = max(0, first - max_chars // 3)
    prefix = suffix = ""
    if start:
        start = _word_start(marked, start)
        prefix = "… "
    end = min(len(marked), start + max_chars)
    if end < len(marked):
        end = _word_end(marked, end)
        suffix = " …"
    return marked_html(prefix + marked[start:end].strip() + suffix)


def _word_start(text: str, index: int) -> int:
    space = text.find(" ", index)
    return space + 1 if 0 <= space < index + 30 else index


def _word_end(text: str, index: int) -> int:
    space = text.rfind(" ", index - 30, index)
    return space if space > 0 else index
