"""Figures about the same event that differ, within an article or across articles.

``find_tensions(items)`` takes claim texts with keys and returns a :class:`Tension` for each pair
of items that count the same thing for the same event with figures that differ, or with the same
figure at a different precision ("hundreds dead" against "more than 250 people dead"). Identical
figures ("more than 2,000 injured" twice, "£3.2m" and "£3.2 million") are not a tension.

How a figure is read from text, with plain regular expressions (no parse needed):

- the number: digits ("2,000", "1.5 million", "£3.2m", "30%"), number words ("two hundred and
  fifty"), counting words ("hundreds" = 200..999, "dozens", "tens of thousands") and proportions
  ("two out of three", "one in five" = 0.2, comparable with "20%");
- its qualifier: "more than 250" is 250..inf, "nearly 300" is ..300, "about 40" is 36..44;
- the counted thing: the next noun ("troops", "protesters"), where "people dead", "were killed",
  "death toll of" all count the dead and "injured", "wounded", "hurt" the injured;
- the event: shared event nouns ("coup", "earthquake", "protest", "budget") or, failing those,
  shared content words, and no disagreement about which countries or organisations are involved.

Example::

    >>> find_tensions([
    ...     ("p1", "The ferry disaster left hundreds dead and more than 2,000 injured."),
    ...     ("p6", "The March 3 ferry disaster left more than 250 people dead with over 2,000 injured."),
    ... ])
    [Tension(a='p1', b='p6', what="casualty figures differ: 'hundreds dead' vs 'more than 250 people dead'")]
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .lexicon import entries, ordered_words, word_map, words

INF = math.inf

UNITS = {w: int(v) for w, v in word_map("number_unit").items()}  # fmt: skip
SCALES = {w: int(v) for w, v in word_map("number_scale").items()}
SHORT_SCALES = {w: int(v) for w, v in word_map("short_scale").items()}
# Counting words: the range of values each stands for.
VAGUE = {w: (int(low), int(high)) for w, low, high in entries("counting_word")}
LOWER_BOUND = ordered_words("lower_bound")
UPPER_BOUND = ordered_words("upper_bound")
ROUGHLY = ordered_words("roughly")

NUMBER_WORD = r"(?:" + "|".join(sorted([*UNITS, *SCALES], key=len, reverse=True)) + r")"
FIGURE = re.compile(
    r"(?P<qual>(?:" + "|".join(sorted([*LOWER_BOUND, *UPPER_BOUND, *ROUGHLY], key=len, reverse=True)) + r")\s+)?"
    r"(?P<cur>[£$€])?"
    r"(?:(?P<vague>" + "|".join(sorted(VAGUE, key=len, reverse=True)) + r")"
    r"|(?P<prop>(?P<pn>\d+|" + NUMBER_WORD + r")\s+(?:out of|in)\s+(?P<pd>\d+|" + NUMBER_WORD + r"))"
    r"|(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<short>bn|mn|m|k|tn)\b)?"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion)\b)?"
    r"|(?P<words>" + NUMBER_WORD + r"(?:(?:\s+and\s+|[\s-]+)" + NUMBER_WORD + r")*))"
    r"(?P<pct>\s?(?:%|per ?cent\b))?",
    re.IGNORECASE,
)

DEAD = words("dead_word")
INJURED = words("injured_word")
GENERIC = words("counted_filler")
BEFORE_DEAD = re.compile(r"\b(killed|killing|kills|death toll|deaths? of|left)\b[\w\s,]{0,50}$")
BEFORE_INJURED = re.compile(r"\b(injured|injuring|wounded|wounding)\b[\w\s,]{0,50}$")
LEAD_IN = words("counted_lead_in")
EVENT_NOUNS = words("event_noun")
STOP = words("tension_stop_word")


@dataclass(frozen=True)
class Figure:
    """A counted quantity in a text: ``low``..``high`` of ``thing`` (``exact`` when no hedge or rounding)."""

    low: float
    high: float
    exact: bool
    thing: str
    phrase: str


@dataclass(frozen=True)
class Tension:
    """Items ``a`` and ``b`` give different figures for the same thing; ``what`` says which."""

    a: Any
    b: Any
    what: str


@dataclass(frozen=True)
class _Item:
    key: Any
    text: str
    about: tuple[str, ...]
    figures: tuple[Figure, ...]
    events: frozenset[str]
    words: frozenset[str]


def find_tensions(items: Sequence[Any], against: Sequence[Any] = ()) -> list[Tension]:
    """Return the pairs of items whose figures for the same thing and event differ.

    Each item is a ``(key, text)`` or ``(key, text, about)`` tuple, or an object with ``key`` and
    ``text`` attributes (and optionally ``about``: canonical entity names, as claims carry).
    Items are paired with each other and with the items of ``against`` (which are not paired among
    themselves: a new article is checked against the stored ones).
    """
    read = [r for r in map(_read, items) if r.figures]
    others = [r for r in map(_read, against) if r.figures]
    tensions: list[Tension] = []
    for n, a in enumerate(read):
        for b in read[n + 1 :] + others:
            if a.key == b.key or not _same_event(a, b):
                continue
            what = _differences(a, b)
            if what:
                tensions.append(Tension(a.key, b.key, what))
    return tensions


def figures(text: str) -> tuple[Figure, ...]:
    """The counted quantities in ``text`` (dates and years are not figures)."""
    found = []
    for m in FIGURE.finditer(text):
        value = _value(m)
        if value is None:
            continue
        low, high, exact = value
        if m.group("digits") and not m.group("pct") and not m.group("cur") and _looks_like_date(text, m):
            continue
        thing, end = _thing(text, m)
        if not thing:
            continue
        qual = (m.group("qual") or "").strip().lower()
        if qual in LOWER_BOUND:
            low, high, exact = (high if high == low else low), INF, False
        elif qual in UPPER_BOUND:
            low, exact = 0, False
        elif qual in ROUGHLY:
            low, high, exact = low * 0.9, high * 1.1, False
        found.append(Figure(low, high, exact, thing, " ".join(text[m.start() : end].split())))
    return tuple(found)


def _value(m: re.Match[str]) -> tuple[float, float, bool] | None:
    if m.group("vague"):
        low, high = VAGUE[m.group("vague").lower()]
        return low, high, low == high
    if m.group("prop"):
        num, den = _number(m.group("pn")), _number(m.group("pd"))
        if num is None or not den or num > den:
            return None
        return num / den, num / den, True
    if m.group("digits"):
        v = float(m.group("digits").replace(",", ""))
        if m.group("short"):
            v *= SHORT_SCALES[m.group("short").lower()]
        if m.group("scale"):
            v *= SCALES[m.group("scale").lower()]
    else:
        parsed = _number(m.group("words"))
        if parsed is None or m.group("words").lower() in ("one", "hundred", "thousand", "million", "billion"):
            return None
        v = parsed
    if m.group("pct"):
        v /= 100
    return v, v, True


def _number(text: str) -> float | None:
    """2 for "two", 250 for "two hundred and fifty", 12 for "12"."""
    text = text.lower().replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
    return total + current


def _looks_like_date(text: str, m: re.Match[str]) -> bool:
    digits = m.group("digits")
    before = text[max(0, m.start() - 12) : m.start()].lower()
    after = text[m.end() : m.end() + 12].lower()
    if re.fullmatch(r"(1[5-9]|20)\d\d", digits) and not m.group("qual"):
        # "in 2016", "since 1990", "2016." are years; "2000 patients" is a count.
        if re.search(r"\b(in|since|by|until|till|from|before|after|of|year|early|late|mid|and|to)\s*$", before):
            return True
        if re.match(r"\s*([^\w\s]|$)", after):
            return True
    months = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$"
    return bool(
        re.search(months, before)
        or re.match(r"\s*(st|nd|rd|th)?\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", after)
    )


def _thing(text: str, m: re.Match[str]) -> tuple[str, int]:
    """What the figure counts, and where its phrase ends."""
    if m.group("pct"):
        return "percent", m.end()
    if m.group("cur") or m.group("short") in ("bn", "mn", "m", "tn"):
        return "money", m.end()
    if m.group("prop"):
        return "share", m.end()
    after = list(re.finditer(r"[A-Za-z][\w'-]*", text[m.end() : m.end() + 60]))
    for w in after[:4]:  # "250 people dead", "300 were killed", "2000 hurt"
        word = w.group().lower()
        if word in DEAD:
            return "dead", m.end() + w.end()
        if word in INJURED:
            return "injured", m.end() + w.end()
        if word not in GENERIC:
            break
    # The counted noun, past "of the" ("dozens of homes", "3,000 of the protesters").
    k = 0
    while k < min(2, len(after)) and after[k].group().lower() in LEAD_IN:
        k += 1
    noun = after[k].group().lower() if k < len(after) else ""
    if noun and noun not in GENERIC and noun not in STOP and noun not in ("percent", "per"):
        return (noun[:-1] if noun.endswith("s") and len(noun) > 3 else noun), m.end() + after[k].end()
    # A generic or missing noun: the verb before may say what is counted ("killed at least 300 people").
    end = m.end() + (after[k].end() if noun in GENERIC and k < len(after) else 0)
    before = text[max(0, m.start() - 70) : m.start()].lower()
    if BEFORE_DEAD.search(before):
        return "dead", end
    if BEFORE_INJURED.search(before):
        return "injured", end
    if noun in ("people", "persons"):
        return "people", end
    return "", m.end()


def _read(item: Any) -> _Item:
    if isinstance(item, tuple):
        key, text = item[0], item[1]
        about = tuple(item[2]) if len(item) > 2 and item[2] else ()
    else:
        key, text, about = item.key, item.text, tuple(getattr(item, "about", ()) or ())
    return _read_text(key, text, about)


@lru_cache(maxsize=20_000)
def _read_text(key: Any, text: str, about: tuple[str, ...]) -> _Item:
    """Figures, events and content words of one text (cached: stored claims are read again and again)."""
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text)}
    content = frozenset(w.rstrip("s") for w in words if w not in STOP and w not in DEAD and w not in INJURED)
    return _Item(key, text, about, figures(text), frozenset(words & EVENT_NOUNS), content)


def _same_event(a: _Item, b: _Item) -> bool:
    if a.about and b.about and not set(a.about) & set(b.about):
        return False
    if a.events or b.events:
        return bool(a.events & b.events)
    shared = a.words & b.words
    return len(shared) >= 2 and len(shared) / max(1, min(len(a.words), len(b.words))) >= 0.3


LABELS = {"dead": "casualty figures", "injured": "casualty figures", "people": "numbers of people",
          "money": "amounts", "percent": "percentages", "share": "proportions"}  # fmt: skip


def _differences(a: _Item, b: _Item) -> str:
    parts: list[str] = []
    for thing in _things(a.figures):
        mine = [f for f in a.figures if f.thing == thing]
        theirs = [f for f in b.figures if f.thing == thing]
        if not theirs:
            continue
        unmatched_a = [f for f in mine if not any(_same(f, g) for g in theirs)]
        unmatched_b = [g for g in theirs if not any(_same(f, g) for f in mine)]
        if unmatched_a and unmatched_b:
            label = LABELS.get(thing, f"figures for {thing}")
            part = f"{label} differ: {unmatched_a[0].phrase!r} vs {unmatched_b[0].phrase!r}"
            if label in [p.split(" differ")[0] for p in parts]:
                continue
            parts.append(part)
    return "; ".join(parts)


def _things(figs: Iterable[Figure]) -> list[str]:
    out: list[str] = []
    for f in figs:
        if f.thing not in out:
            out.append(f.thing)
    return out


def _same(f: Figure, g: Figure) -> bool:
    """The same figure said the same way (up to rounding in the last digit)."""
    if f.exact != g.exact:
        return False
    if f.high == INF or g.high == INF:
        return f.high == g.high and math.isclose(f.low, g.low, rel_tol=0.01)
    return math.isclose(f.low, g.low, rel_tol=0.01) and math.isclose(f.high, g.high, rel_tol=0.01)
