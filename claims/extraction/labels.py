"""Speaker labels given outright: transcript turns ("SEN. CORINNE VALDEZ:", "KENDRA VOSS, HOST:") and the
dash lines of reaction lists ("― Dana Pryce, president of the Coastal Teachers Union").

A label names its speaker first, with the titles before the name ("Senate Majority Leader Tom Haverly",
"HOST GRANT MILLER") and a description after a comma ("president of ...", "executive director, Access Now").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import types as T
from .cues import HONORIFIC, SPOKES, TITLE, org_name_word, word_classes

# Broadcast roles that open or close a transcript label: "HOST GRANT MILLER", "KENDRA VOSS, HOST".
BROADCAST = {
    "host",
    "co-host",
    "cohost",
    "moderator",
    "anchor",
    "co-anchor",
    "interviewer",
    "correspondent",
    "reporter",
    "presenter",
    "panelist",
    "narrator",
}
# Labels for people the transcript does not name.
ANONYMOUS = {"unidentified", "unknown", "unnamed", "crowd", "audience", "announcer", "voice", "caller"}
# Comma segments that are not who the speaker is: ages, party-state codes, how it was said.
_SKIP_SEGMENT = re.compile(
    r"(?i)^(?:\d{1,3}|[DRI]-[A-Z][\w.\- ]*|(?:in|on|via|from|at|during|through|speaking|writing|said|says|who)\b.*)$"
)
_PARTICLES = {"de", "da", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "bin", "al", "el", "ibn"}
_PARENS = re.compile(r"\s*[\(\[][^\)\]]{0,40}[\)\]]")


@dataclass
class Label:
    name: str  # the speaker's name in normal case ("Tom Haverly"); "" when the label names no one
    mention: str  # the label's words for the speaker as written ("SEN. CORINNE VALDEZ", "Dana Pryce")
    titles: list = field(default_factory=list)  # title words before or after the name ("Gov.", "Host")
    description: str = ""  # "president of the Coastal Teachers Union"
    affiliation: str = ""
    kind: str = T.PERSON


def _title_ish(word: str) -> bool:
    w = word.lower()
    classes = word_classes(w) | word_classes(w.rstrip("."))
    return bool(classes & {TITLE, SPOKES, HONORIFIC}) or w.rstrip(".") in BROADCAST


def _normal_case(words: list[str]) -> list[str]:
    if not any(c.islower() for w in words for c in w):
        return [w.title() if not re.fullmatch(r"(?:[A-Z]\.)+", w) else w for w in words]
    return words


def read_label(text: str) -> Label | None:
    """Read a speaker label; None when it holds no name-like words."""
    text = _PARENS.sub("", text).strip(" \t\n,;:.\u2015\u2014\u2013-")
    if not text:
        return None
    segments = [s.strip() for s in text.split(",") if s.strip()]
    if not segments:
        return None
    mention = segments[0]
    words = mention.split()
    if not words or words[0][:1].islower():
        return None
    if words[0].lower() in ANONYMOUS:
        return Label("", mention)
    # the titles run up to the last title word before the name's last word
    k = -1
    for i, w in enumerate(words[:-1]):
        if _title_ish(w):
            k = i
    role_words, name_words = words[: k + 1], words[k + 1 :]
    if any(w[:1].islower() and w not in _PARTICLES for w in name_words):
        return None  # "Reporting by Jane Doe; Editing by ...": a credit line, not a speaker
    name = " ".join(_normal_case(name_words))
    titles = [w for w in _normal_case(role_words) if not (HONORIFIC in word_classes(w) and not _title_ish_only(w))]
    label = Label(name, mention, titles)
    rest = [s for s in segments[1:] if not _SKIP_SEGMENT.match(s)]
    if rest:
        first = rest[0]
        fwords = first.split()
        if all(_title_ish(w) or w[:1].isupper() for w in fwords) and any(_title_ish(w) for w in fwords):
            # a transcript's "KENDRA VOSS, HOST", "JOHN THUNE, MAJORITY LEADER"
            label.titles = label.titles or _normal_case(fwords)
        elif first[:1].islower() or _title_ish(fwords[0]):
            label.description = first
        if len(rest) > 1 and (label.description or label.titles):
            nxt = rest[1].split()
            if len(nxt) >= 2 and all(w[:1].isupper() or w.lower() in ("of", "for", "the", "and") for w in nxt):
                label.affiliation = rest[1]  # "executive director, Access Now Oregon"
    if not label.titles and org_name_word(name_words[-1]) and len(name_words) >= 2:
        label.kind = T.ORGANISATION
    return label


def _title_ish_only(word: str) -> bool:
    """A word that is a title as well as an honorific ("Dr." is only an honorific; "Lord" both)."""
    classes = word_classes(word.lower())
    return TITLE in classes or SPOKES in classes or word.lower().rstrip(".") in BROADCAST
