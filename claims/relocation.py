"""Find stretches of an article's old text in its new text, so stored rows move with the words they mark.

Plain Python, no Django. A stretch is matched by its words (case, accents of quotation marks and white space
folded), the copy nearest where the old paragraph went winning; when the words were edited, the paragraph
of the new text sharing most of them (difflib, at least ``FUZZY_MIN`` of the words, in order) is taken.

    >>> moved = TextMove("Hello.\\n\\nShe said 'no'.", "New lead.\\n\\nHello.\\n\\nShe said \\u2018no\\u2019.")
    >>> moved.locate(8, 21)
    (19, 31)
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict

FUZZY_MIN = 0.6  # share of a stretch's words that must survive, in order, for a fuzzy match
_WORD = re.compile(r"\w+")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold()


class _Text:
    """A text's words (folded) with their character offsets, and its paragraphs."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(_WORD.finditer(text))
        self.words = [_fold(m.group()) for m in matches]
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        self.where: dict[str, list[int]] = defaultdict(list)
        for i, word in enumerate(self.words):
            self.where[word].append(i)
        self.paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
        self._para_starts = [s for s, _ in self.paragraphs]
        self.by_paragraph: dict[str, list[int]] = defaultdict(list)
        for s, e in self.paragraphs:
            self.by_paragraph[_key(text[s:e])].append(s)

    def paragraph_at(self, offset: int) -> tuple[int, int] | None:
        i = bisect_right(self._para_starts, offset) - 1
        return self.paragraphs[i] if i >= 0 else None

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        """Indexes [i, j) of the words lying inside text[start:end]."""
        return bisect_right(self.ends, start), bisect_right(self.starts, end - 1)


def _key(text: str) -> str:
    return " ".join(_fold(w) for w in _WORD.findall(text))


class TextMove:
    """Maps offsets of stretches of ``old`` to offsets of the same words in ``new``."""

    def __init__(self, old: str, new: str) -> None:
        self.old = _Text(old)
        self.new = _Text(new)
        self.same = old == new

    def _expected(self, start: int) -> int:
        """Where ``start`` should land: in the same paragraph of the new text if it is still there."""
        para = self.old.paragraph_at(start)
        if para is None:
            return start
        found = self.new.by_paragraph.get(_key(self.old.text[para[0] : para[1]]))
        if not found:
            return start
        new_start = min(found, key=lambda s: abs(s - para[0]))
        return new_start + (start - para[0])

    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """The offsets in the new text of the words at old[start:end], or None when they are gone."""
        if self.same:
            return start, end
        old, new = self.old, self.new
        i, j = old.word_range(start, end)
        words = old.words[i:j]
        fragment = old.text[start:end]
        if not words:
            at = new.text.find(fragment) if fragment else -1
            return (at, at + len(fragment)) if at >= 0 else None
        lead = old.text[start : old.starts[i]]
        trail = old.text[old.ends[j - 1] : end]
        expected = self._expected(start)
        hits = [p for p in new.where.get(words[0], []) if new.words[p : p + len(words)] == words]
        if hits:
            first = min(hits, key=lambda p: abs(new.starts[p] - expected))
            last = first + len(words) - 1
        else:
            found = self._fuzzy(words, expected)
            if found is None:
                return None
            first, last = found
        s, e = new.starts[first], new.ends[last]
        # Keep the punctuation the stretch began or ended with when the new text has it too.
        if lead and new.text[max(0, s - len(lead)) : s] == lead:
            s -= len(lead)
        if trail and new.text[e : e + len(trail)] == trail:
            e += len(trail)
        return s, e

    def _fuzzy(self, words: list[str], expected: int) -> tuple[int, int] | None:
        """First and last word index of the paragraph stretch sharing most of ``words``, in order."""
        new = self.new
        best: tuple[int, int, int, int] | None = None  # (-matched, distance, first, last)
        for s, e in new.paragraphs:
            a, b = new.word_range(s, e)
            if b - a == 0:
                continue
            matcher = difflib.SequenceMatcher(None, words, new.words[a:b], autojunk=False)
            blocks = [blk for blk in matcher.get_matching_blocks() if blk.size]
            matched = sum(blk.size for blk in blocks)
            if not blocks or matched < FUZZY_MIN * len(words):
                continue
            first, last = a + blocks[0].b, a + blocks[-1].b + blocks[-1].size - 1
            candidate = (-matched, abs(new.starts[first] - expected), first, last)
            if best is None or candidate < best:
                best = candidate
        return (best[2], best[3]) if best else None


def words_key(text: str) -> str:
    """``text``'s words folded, for telling whether two stretches say the same thing."""
    return _key(text)
