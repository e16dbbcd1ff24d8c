"""Speaker labels given outright: transcript turns ("SEN. CORINNE VALDEZ:", "KENDRA VOSS, HOST:") and the
dash lines of reaction lists ("― Dana Pryce, president of the Coastal Teachers Union").

A label names its speaker first, with the titles before the name ("Senate Majority Leader Tom Haverly",
"HOST GRANT MILLER") and a description after a comma ("president of ...", "executive director, Access Now").


Interview turns ("SMITH: We never ...", "Q: ...") are found in plain text before any parse."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import types as T
from .lexicon import HONORIFIC, SPOKES, TITLE, org_name_word, word_classes, words
from .text import paragraphs, trim
from .types import Kind

# Broadcast roles that open or close a transcript label: "HOST GRANT MILLER", "KENDRA VOSS, HOST".
BROADCAST = words("broadcast_role")


# Labels for people the transcript does not name.
ANONYMOUS = words("anonymous_label")


# Comma segments that are not who the speaker is: ages, party-state codes, how it was said.
_SKIP_SEGMENT = re.compile(
    r"(?i)^(?:\d{1,3}|[DRI]-[A-Z][\w.\- ]*|(?:in|on|via|from|at|during|through|speaking|writing|said|says|who)\b.*)$"
)


_PARTICLES = words("name_particle")


_PARENS = re.compile(r"\s*[\(\[][^\)\]]{0,40}[\)\]]")


@dataclass
class Label:
    name: str  # the speaker's name in normal case ("Tom Haverly"); "" when the label names no one
    mention: str  # the label's words for the speaker as written ("SEN. CORINNE VALDEZ", "Dana Pryce")
    titles: list[str] = field(default_factory=list)  # title words before or after the name ("Gov.", "Host")
    description: str = ""  # "president of the Coastal Teachers Union"
    affiliation: str = ""
    kind: Kind = Kind.PERSON


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


# "NAME:", "SEN. NAME (D-N.M.):", "KENDRA VOSS, HOST:", "JOHN THUNE (R-S.D.), MAJORITY LEADER:"
_TURN = re.compile(
    r"([A-Z][A-Za-z.'\u2019\- ]{0,40}?)(\s*\([A-Za-z.,'\u2019\- ]{1,30}\))?"
    r"(,\s*[A-Za-z][A-Za-z.'\u2019\- ]{1,40}?)?\s?:\s+(?=\S)"
)


_ROLE_WORDS = words("role_link_word")


# A stage direction closing a turn: "(LAUGHTER)", "[CROSSTALK]"
_STAGE = re.compile(r"\s*[\(\[][A-Z][A-Z ,.'\u2019\-]*[\)\]]\s*$")


# A paragraph between turns that is the writer's, not the speaker's: it reports someone's words.
_NARRATION = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[A-Z][a-z]+) (?:said|says|told|added|asked)\b"
    r"|\b(?:said|says|added|asked) (?:he|she|[A-Z][a-z]+)\b|\baccording to\b|[\"\u201c\u201d]"
)


_NOT_SPEAKER = words("not_a_speaker")


_INTERVIEWER = words("interviewer_label")


# Broadcast roles whose turns are the outlet's own narration ("ILANA VICKERY, BYLINE:", "MARY LOUISE KELLY,
# HOST:"): never quotes by them, though the speech they report is still someone's reported speech.
NARRATOR_ROLES = words("narrator_role")


# A reporter's sign-off: "For NPR News, I'm Ilana Vickery in Harlan, Iowa." / "I'm X, NPR News, Y."
_SIGN_OFF = re.compile(
    r"(?:^|[.?!]\s+)(?:(?:For|From)\s+[A-Z][\w&.'\u2019 ]{1,40},\s+I['\u2019]m\s+[A-Z]"
    r"|I['\u2019]m\s+[A-Z][\w.'\u2019\- ]{1,40},\s+[A-Z][\w&.'\u2019 ]{0,30}News\b)"
)


# A label alone in its paragraph, its words in the next one: "MARY LOUISE KELLY, HOST:"
_LABEL_ONLY = re.compile(
    r"([A-Z][A-Za-z.'\u2019\- ]{0,40}?)(\s*\([A-Za-z.,'\u2019\- ]{1,30}\))?"
    r"(,\s*[A-Za-z][A-Za-z.'\u2019\- ]{1,40}?)?\s?:\s*$"
)


_ANSWER = words("answer_label")  # the interviewee of a Q&A ("Q: ... A: ..."), named earlier in the article


_FUNCTION_WORDS = words("label_function_word")


@dataclass
class Turn:
    label: str
    start: int  # the turn's words
    end: int
    para: int
    interviewer: bool
    more: list[tuple[int, int, int]] = field(
        default_factory=list
    )  # (start, end, para) of paragraphs the turn goes on into
    narrator: bool = False  # the outlet's host or reporter: narration, not a quote
    label_para: int = -1  # the paragraph holding the label when it stands alone


def find_turns(text: str, paras: list[tuple[int, int]] | None = None) -> list[Turn]:
    """Interview turns ("SMITH: We never ...", "Q: ...") when the article reads as a transcript.

    A paragraph is a turn when it opens with a short label of capitalised name words and a colon; the
    article must hold at least two such paragraphs, so a lone "UPDATE:" or crosshead is never a turn.
    """
    paras = paragraphs(text) if paras is None else paras
    turns = []
    pending = None  # a label alone in its paragraph: (match, paragraph)
    for p, (ps, pe) in enumerate(paras):
        m = _TURN.match(text, ps, pe)
        label_para = -1
        if not m:
            only = _LABEL_ONLY.fullmatch(text, ps, pe) if pe - ps <= 80 and text[pe - 1] == ":" else None
            if only is not None:
                pending = (only, p)
                continue
            if pending is None or text[ps] in "([":
                pending = None
                continue
            m, label_para = pending[0], pending[1]
        pending = None
        turn = _turn(text, paras, p, m, label_para)
        if turn is not None:
            turns.append(turn)
    if len(turns) < 2:
        return []
    _continue_turns(text, paras, turns)
    _mark_narrators(text, turns)
    return turns


def _turn(text: str, paras: list[tuple[int, int]], p: int, m: re.Match[str], label_para: int) -> Turn | None:
    """The turn of paragraph ``p`` whose label ``m`` matched (in the paragraph ``label_para`` when it stands
    alone); None when the label names no speaker ("UPDATE:", "The plan:")."""
    label = m.group(1).strip()
    words = label.replace(".", ". ").split()
    low = label.lower()
    if not words or len(words) > 4 or low in _NOT_SPEAKER:
        return None
    if low.strip(".") not in _ANSWER and any(w.lower().strip(".") in _FUNCTION_WORDS for w in words):
        return None
    if not all(w[0].isupper() for w in words):
        return None
    narrator = False
    if m.group(3):
        role = m.group(3).strip(" ,").split()
        if len(role) > 5 or not all(w[0].isupper() or w.lower() in _ROLE_WORDS for w in role):
            return None
        label = m.string[m.start(1) : m.end(3)].strip()
        narrator = any(w.lower().strip(".") in NARRATOR_ROLES for w in role)
    elif m.group(2):
        label = m.string[m.start(1) : m.end(2)].strip()
    if len(words) > 1 and words[0].lower().strip(".") in NARRATOR_ROLES:
        narrator = True  # "HOST GRANT MILLER:"
    ps, pe = paras[p]
    s, e = trim(text, m.end() if label_para < 0 else ps, pe)
    stage = _STAGE.search(text, s, e)
    if stage and stage.start() > s:
        e = stage.start()
    interviewer = low.strip(".") in _INTERVIEWER
    return Turn(label, s, e, p, interviewer, narrator=narrator, label_para=label_para)


def _continue_turns(text: str, paras: list[tuple[int, int]], turns: list[Turn]) -> None:
    """A turn goes on over the paragraphs between it and the next turn, unless one of them is the writer's."""
    for t, nxt in zip(turns, turns[1:], strict=False):
        between = range(t.para + 1, nxt.para)
        if not between or len(between) > 4:
            continue
        more: list[tuple[int, int, int]] = []
        for q in between:
            qs, qe = trim(text, *paras[q])
            piece = text[qs:qe]
            if piece[:1] in "([" or piece[-1:] not in ".?!" or len(piece.split()) < 3 or _NARRATION.search(piece):
                more = []
                break
            more.append((qs, qe, q))
        t.more = more


def _label_surname(label: str) -> str:
    words = [w for w in _LABEL_PARENS.sub("", label.split(",")[0]).replace(".", " ").split() if w]
    return words[-1].lower() if words else ""


_LABEL_PARENS = re.compile(r"\s*\([^)]*\)")


def _mark_narrators(text: str, turns: list[Turn]) -> None:
    """The host's and reporter's turns: labelled with a broadcast role or signing off, and every later
    turn labelled with the same name ("ILANA VICKERY, BYLINE:" ... "VICKERY:")."""
    names = set()
    for t in turns:
        pieces = [(t.start, t.end)] + [(a, b) for a, b, _q in t.more]
        if not t.narrator and any(_SIGN_OFF.search(text[a:b]) for a, b in pieces):
            t.narrator = True
        if t.narrator:
            names.add(_label_surname(t.label))
    names.discard("")
    if names:
        for t in turns:
            if not t.narrator and _label_surname(t.label) in names:
                t.narrator = True


# A speaker label inside one quotation ('"HOST: Why ...? OKORO: Because ..."'): capitals, or "Q"/"A", at the
# start of the quote or of a sentence in it.
_QUOTED_LABEL = re.compile(r"(?:^|(?<=[.?!]\s))([A-Z][A-Z.'\u2019\- ]{0,30}[A-Z.]|[QA]):\s+(?=\S)")


def quoted_turns(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The turns of a transcript quoted whole in one pair of marks: (label, start, end) each; [] unless the
    quote opens with a label and holds at least two. The interviewer's turns are left out."""
    piece = text[start:end]
    found = list(_QUOTED_LABEL.finditer(piece))
    if len(found) < 2 or found[0].start() != 0:
        return []
    turns = []
    for k, m in enumerate(found):
        label = m.group(1).strip()
        a = start + m.end()
        b = start + (found[k + 1].start() if k + 1 < len(found) else len(piece))
        a, b = trim(text, a, b)
        low = label.lower().strip(".")
        if b > a and low not in _INTERVIEWER and low not in NARRATOR_ROLES:
            turns.append((label, a, b))
    return turns
