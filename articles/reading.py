"""Read an article file into an ArticleDraft: decode the bytes, then tell the story from the page around it.

"Read first, parse second": a scraped news page is more than its story. Before any language processing,
this module separates the kicker, headline and standfirst, the body paragraphs, the photo captions and
credits, the crossheads, and the site furniture (skip links, share buttons, newsletter boxes, tip-line
footers, topic lists) that must never reach the body. The rules describe how such pages are built, not
what one page says. No Django here: the services turn a draft into rows.
"""

from __future__ import annotations

import datetime
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from charset_normalizer import from_bytes

if TYPE_CHECKING:
    from collections.abc import Iterable

    from trafilatura.settings import Document

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# User-facing reasons; tests assert on them.
EMPTY_FILE = "empty file"
BINARY_FILE = "binary file, not text"
NO_ARTICLE_TEXT = "no article text found"
TOO_LARGE = "file is {size}, over the {limit} limit"
NOT_A_FILE = "not a regular file"
REPLACED_BYTES = "{count} invalid UTF-8 byte sequence(s) replaced with U+FFFD (the rest of the file is UTF-8)"

HTML_SUFFIXES = {".html", ".htm"}


class ReadingError(ValueError):
    """A file that cannot be read as an article; str(error) is a one-line reason."""


@dataclass(frozen=True)
class ArticleDraft:
    """An article as read from a file, before any language processing."""

    kicker: str = ""
    headline: str = ""
    standfirst: str = ""
    paragraphs: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    crossheads: tuple[str, ...] = ()
    outlet: str = ""
    outlet_domain: str = ""
    url: str = ""
    author: str = ""
    published: datetime.date | None = None
    text: str = ""
    notes: tuple[str, ...] = ()  # what reading had to repair, for the ingest output

    @property
    def body(self) -> str:
        """Return the body paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


# --------------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------------

# English news comes in UTF-8 or a Western single-byte code page; letting charset-normalizer pick among
# every code page makes it guess cp775 or cp1250 for short Latin-1 files.
_WESTERN_ENCODINGS = ["utf_8", "cp1252", "latin_1", "iso8859_15"]
_UNICODE_BOMS = [
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05


def decode(data: bytes, *, name: str = "") -> str:
    """Return the text of ``data`` (UTF-8 with or without BOM, UTF-16, Windows-1252, Latin-1)."""
    return decode_with_notes(data, name=name)[0]


def decode_with_notes(data: bytes, *, name: str = "") -> tuple[str, tuple[str, ...]]:
    """Return the text of ``data`` and what had to be repaired to read it (bytes replaced, if any)."""
    del name  # kept in the signature for callers; the bytes alone decide the encoding
    if not data.strip():
        raise ReadingError(EMPTY_FILE)
    notes: tuple[str, ...] = ()
    text = _decode_unicode_bom(data)
    if text is None:
        if b"\x00" in data:
            raise ReadingError(BINARY_FILE)
        text, notes = _decode_bytes(data)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ReadingError(EMPTY_FILE)
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise ReadingError(BINARY_FILE)
    return text, notes


def _decode_unicode_bom(data: bytes) -> str | None:
    """Return the text of a UTF-16/32 file that starts with a byte order mark, else None."""
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise ReadingError(BINARY_FILE) from None
    return None


def _decode_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Return ``data`` decoded as UTF-8 when it is (nearly all) valid UTF-8, else as the best Western code page."""
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    best = from_bytes(data, cp_isolation=_WESTERN_ENCODINGS).best()
    if best is not None:
        return str(best), ()
    # charset-normalizer gives up on very short files; Windows-1252 then Latin-1 still read them.
    for encoding in ("cp1252", "latin_1"):
        try:
            return data.decode(encoding), ()
        except UnicodeDecodeError:
            continue
    raise ReadingError(BINARY_FILE)  # pragma: no cover - Latin-1 decodes any bytes


# A UTF-8 file damaged in a few places (a truncated copy, one pasted Latin-1 word) is still UTF-8: read as a
# code page instead, every one of its curly quotes and accents would be garbled. It is UTF-8 when its valid
# multi-byte characters outnumber its bad sequences, and those are a small share of the text.
_MAX_BAD_SHARE = 0.01


def _mostly_utf8(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """Return ``data`` as UTF-8 with its few bad bytes replaced, and a note saying so; None if it is not UTF-8."""
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for c in text if ord(c) > 0x7F) - text.count("\ufffd")
    if bad <= 0 or multibyte <= bad or bad > _MAX_BAD_SHARE * len(text):
        return None
    return text, (REPLACED_BYTES.format(count=bad),)


def _human_size(size: int) -> str:
    """Return ``size`` in bytes as a short human reading: '512 bytes', '3.2 KB', '6.2 MB', '5 MB'."""
    if size < 1024:
        return f"{size} bytes"
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"  # pragma: no cover


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def read_file_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return the bytes of the regular file ``path``, refusing before reading anything else or anything larger.

    ``stat`` first: a FIFO or a device would block or never end, and a huge file would be read whole.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ReadingError(NOT_A_FILE)
    if info.st_size > max_bytes:
        raise ReadingError(TOO_LARGE.format(size=_human_size(info.st_size), limit=_human_size(max_bytes)))
    with open(path, "rb") as file:
        data = file.read(max_bytes + 1)  # the file may have grown since
    if len(data) > max_bytes:
        raise ReadingError(TOO_LARGE.format(size=f"over {_human_size(max_bytes)}", limit=_human_size(max_bytes)))
    return data


def read_article(data: bytes, *, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ArticleDraft:
    """Return the ArticleDraft for the file ``name`` whose content is ``data``."""
    if len(data) > max_bytes:
        raise ReadingError(TOO_LARGE.format(size=_human_size(len(data)), limit=_human_size(max_bytes)))
    text, notes = decode_with_notes(data, name=name)
    if PurePath(name).suffix.lower() in HTML_SUFFIXES or looks_like_html(text):
        draft = read_html(text)
    else:
        draft = read_text(text)
    return replace(draft, notes=notes) if notes else draft


_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:html|body|article)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """Return True when ``text`` is an HTML page whatever its file name says."""
    return bool(_HTML_START.match(text) or _HTML_TAG.search(text[:5000]))


# --------------------------------------------------------------------------------------------------
# Plain text: lines and their kinds
# --------------------------------------------------------------------------------------------------

BODY = "body"
FURNITURE = "furniture"
COUNTER = "counter"
CAPTION = "caption"
CAPTION_COPY = "caption copy"
META = "meta"
KICKER = "kicker"
HEADLINE = "headline"
STANDFIRST = "standfirst"
CROSSHEAD = "crosshead"


@dataclass
class _Line:
    """One non-empty line of the page and what it turned out to be."""

    text: str
    kind: str = BODY
    caption: str = ""
    credit: str = ""


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# \s covers no-break and other Unicode spaces; C0/C1 controls become spaces too.
_SPACES = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def fold_spaces(text: str) -> str:
    """Return ``text`` on one line with odd and repeated white space folded to single plain spaces."""
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()


def _lines(text: str) -> list[_Line]:
    """Return the non-empty lines of ``text``, white space folded."""
    return [_Line(folded) for line in text.splitlines() if (folded := fold_spaces(line))]


def _words(text: str) -> int:
    return len(text.split())


def _strip_closers(text: str) -> str:
    return text.rstrip("\"'”’»)] ")


def _ends_with_full_stop(text: str) -> bool:
    """Return True when ``text`` ends like a sentence with a full stop ('... done.' or '... done."')."""
    return _strip_closers(text).endswith((".", "…"))


def _is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def read_text(text: str) -> ArticleDraft:
    """Return the ArticleDraft for a scraped page or a plain article given as text."""
    lines = _lines(text)
    _mark_furniture(lines)
    meta = _mark_meta(lines)
    _mark_captions(lines)
    kicker, headline, standfirst = _mark_header(lines, meta, first_set_apart=_first_line_set_apart(text))
    _mark_crossheads(lines)
    paragraphs = tuple(line.text for line in lines if line.kind == BODY)
    if not paragraphs:
        raise ReadingError(NO_ARTICLE_TEXT)
    outlet, domain = _find_outlet(lines, url=meta.get("url", ""), named=meta.get("outlet", ""))
    return ArticleDraft(
        kicker=kicker,
        headline=headline,
        standfirst=standfirst,
        paragraphs=paragraphs,
        captions=_unique(line.caption for line in lines if line.caption),
        credits=_unique(line.credit for line in lines if line.credit),
        crossheads=tuple(line.text for line in lines if line.kind == CROSSHEAD),
        outlet=outlet,
        outlet_domain=domain,
        url=meta.get("url", ""),
        author=meta.get("author", ""),
        published=parse_date(meta.get("published", "")),
        text=text,
    )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# --------------------------------------------------------------------------------------------------
# Site furniture
# --------------------------------------------------------------------------------------------------


def _full_line(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(patterns) + r")[\s:.!»›>|-]*$", re.I)


_SHARE_TARGETS = r"facebook|twitter|x|whatsapp|e-?mail|linkedin|pinterest|reddit|messenger|flipboard|telegram"

# Whole lines that belong to the page, not the story: skip links, share buttons, newsletter boxes,
# adverts, cookie banners and account links.
_FURNITURE_LINE = _full_line(
    r"(?:skip|jump)(?: directly)? to (?:the )?(?:main )?(?:content|navigation|article|search|footer|menu)",
    r"(?:share|share this|share this (?:article|story|page|post))(?: on| via| to)?(?: (?:" + _SHARE_TARGETS + r"))?",
    r"(?:click|tap) to (?:share|copy|tweet).*",
    r"(?:" + _SHARE_TARGETS + r"|tweet|copy link|link copied|copied|print|comments?|\d+ comments?)",
    r"(?:view|show|hide|load|read) (?:all |more )?comments?(?: \(\d+\))?",
    r"sign (?:up|in|me up)",
    r"(?:subscribe|subscribe now|log in|login|register|my account|menu|search|home|close)",
    r".{0,40}\bback to (?:top|home|homepage|the homepage)",
    r"(?:thanks?|thank you) for (?:subscribing|signing up).*",
    r"we have more newsletters.*|see our privacy (?:notice|policy).*|invalid e-?mail.*",
    r"something went wrong,? please try again(?: later)?.*",
    r"(?:advertisement|advert|sponsored|sponsored content|promoted|paid content)",
    r"(?:story|article) continues (?:below|after)(?: this)?(?: advertisement| ad| advert)?",
    r"listen to this article.*|\d+ min(?:ute)?s? read|follow us on .*|follow .{1,40} on (?:" + _SHARE_TARGETS + r").*",
    r"(?:read more|more|see also|also read|read next|watch|watch more|related|video)\s*:.*",
    r"(?:additional )?reporting by .{2,80}|additional reporting:.*",
    r"(?:all rights reserved|©.*|copyright (?:©\s*)?\d{4}.*|copyright ©.*|\(c\) \d{4}.*)",
    r"(?:previous|next|prev|\d+ of \d+|\d+/\d+)",
    r"(?:accept|reject|decline) (?:all|cookies|all cookies).*|manage (?:cookies|preferences|consent).*",
)

# Headings that open a block of links after (or inside) the article: everything up to the next sentence
# is furniture.
_LINK_BLOCK_HEADING = _full_line(
    r"(?:related )?topics|tags|related|related (?:articles|stories|content|coverage|links|topics)",
    r"more (?:on|about|from) .{1,40}|more (?:stories|news|articles)|more on this story",
    r"most (?:read|popular|viewed|shared)|read (?:more|next)|recommended(?: for you| stories)?",
    r"you (?:may|might) (?:also )?(?:like|be interested in)|trending(?: now)?|top stories",
    r"latest(?: news| stories)?",
    r"in (?:other|case you missed it)(?: news)?|don'?t miss|what'?s hot|explore more",
)

_EMAIL = re.compile(r"\b[\w.+-]+@(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)+)\b", re.I)
_PHONE = re.compile(r"(?<!\w)(?:\+?\d[\d ()-]{7,}\d)(?!\w)")
_URL = re.compile(r"\bhttps?://(?P<host>[^\s/:?#]+)[^\s]*", re.I)
_QUOTE_MARKS = re.compile(r"[\"“”‘’]")
_TIP_LINE = re.compile(
    r"\b(?:we pay for (?:your )?(?:stories|videos|pictures|tips)|do you have a story|got a (?:story|tip)"
    r"|have you got a story|(?:email|e-mail|call|contact|message|text|whatsapp) us\b"
    r"|get in touch with (?:us|our)|contact (?:our|the) news ?(?:desk|team))",
    re.I,
)
_SIGN_UP = re.compile(r"^(?:sign up|subscribe|register) (?:to|for|now)\b", re.I)
_COOKIE = re.compile(r"\bcookies?\b.*\b(?:we use|consent|accept|privacy|preferences)\b|\bwe use cookies\b", re.I)
_NEWSLETTER = re.compile(
    r"\bnewsletters?\b.*\b(?:sign up|subscribe|inbox|e-?mail)\b|\b(?:sign up|subscribe)\b.*\bnewsletters?\b",
    re.I,
)


def _is_furniture(text: str) -> bool:
    """Return True for a line that belongs to the site around the story."""
    if not any(c.isalnum() for c in text):
        return True
    if _FURNITURE_LINE.match(text):
        return True
    if _is_tip_line(text) or _SIGN_UP.match(text) and _is_link_like(text):
        return True
    short = _words(text) <= 40
    if short and not _QUOTE_MARKS.search(text) and (_COOKIE.search(text) or _NEWSLETTER.search(text)):
        return True
    return bool(_URL.fullmatch(text))


def _is_tip_line(text: str) -> bool:
    """Return True for a 'send us your stories' footer: an address or number the reader is asked to use."""
    if _QUOTE_MARKS.search(text):
        return False  # a quoted "call us" is someone speaking, not the page
    has_contact = bool(_EMAIL.search(text) or _PHONE.search(text))
    return bool(_TIP_LINE.search(text)) and (has_contact or _words(text) <= 25)


def _is_link_like(text: str) -> bool:
    """Return True for a short line without a full stop, like a link or a topic name."""
    return _words(text) <= 15 and not _ends_with_full_stop(text)


def _mark_furniture(lines: list[_Line]) -> None:
    """Mark site furniture and the link blocks that follow headings such as 'Topics' or 'Related articles'."""
    in_link_block = False
    for line in lines:
        if _LINK_BLOCK_HEADING.match(line.text):
            line.kind = FURNITURE
            in_link_block = True
        elif in_link_block and (_is_link_like(line.text) or _is_furniture(line.text)):
            line.kind = FURNITURE
        else:
            in_link_block = False
            if _is_furniture(line.text):
                line.kind = FURNITURE


# --------------------------------------------------------------------------------------------------
# Photo captions, credits and counters
# --------------------------------------------------------------------------------------------------

_CREDIT_WORDS = r"(?:Credits?|Pictures?|Pics?|Photos?|Photographs?|Images?|Illustrations?|Composite|Footage)"
# The credit is often glued to the caption without a space ("...the harbourCredit: Getty Images"), so
# the keyword is only required to be capitalised, not to start a word.
_CREDIT_SUFFIX = re.compile(
    r"^(?P<caption>.*?)\s*(?:\(\s*)?" + _CREDIT_WORDS + r"\s*:\s*(?P<credit>[^:()]{2,80}?)\s*\)?$"
)
# BBC pages print "Image source, Reuters" and "Image caption, Protesters in ...".
_SOURCE_LINE = re.compile(r"^(?:Image|Photo|Picture|Video) source\s*,\s*(?P<credit>.{2,80})$", re.I)
_CAPTION_LINE = re.compile(r"^(?:Image|Media|Photo|Video) caption\s*,\s*(?P<caption>.+)$", re.I)
# Tabloids open inline captions with "Pictured:".
_PICTURED = re.compile(r"^(?:Pictured|Picture shows|Above|Below)\s*:\s*(?P<caption>\S.*)$")
_COUNTER = re.compile(r"^(?:\d{1,3}|\d{1,3} ?(?:/|of) ?\d{1,3}|\d{1,3} (?:photos?|images?|pictures?))$", re.I)
_MAX_CREDIT_WORDS = 10
_DUPLICATE_WINDOW = 3  # a caption's plain copy sits within a few lines of its credited copy
_MAX_CAPTION_WORDS = 60


def _split_credit(text: str) -> tuple[str, str] | None:
    """Return (caption, credit) for a line that ends with a photo credit, else None."""
    for pattern in (_SOURCE_LINE, _CREDIT_SUFFIX):
        match = pattern.match(text)
        if match:
            caption = match.groupdict().get("caption", "").strip()
            credit = match["credit"].strip().rstrip(".")
            # Credits are names ("Getty Images", "AFP/Reuters", "©PA"), never a lower-case phrase.
            if 0 < _words(credit) <= _MAX_CREDIT_WORDS and not credit[0].islower() and not _QUOTE_MARKS.search(credit):
                return caption, credit
    return None


def _caption_key(text: str) -> str:
    return _strip_closers(text).rstrip(".").casefold()


def _mark_captions(lines: list[_Line]) -> None:
    """Mark photo captions (each kept once, credit apart), credit lines and photo counters."""
    for line in lines:
        if line.kind != BODY:
            continue
        if _COUNTER.match(line.text):
            line.kind = COUNTER
        elif match := _CAPTION_LINE.match(line.text):
            line.kind, line.caption = CAPTION, match["caption"]
        elif match := _PICTURED.match(line.text):
            line.kind, line.caption = CAPTION, match["caption"]
        elif split := _split_credit(line.text):
            line.kind, (line.caption, line.credit) = CAPTION, split

    for i, line in enumerate(lines):
        if line.kind != CAPTION or not line.caption:
            continue
        # The same caption printed again without its credit is the same photo: drop the copy.
        key = _caption_key(line.caption)
        for other in lines[max(0, i - _DUPLICATE_WINDOW) : i + _DUPLICATE_WINDOW + 1]:
            if other is not line and other.kind == BODY and _caption_key(other.text) == key:
                other.kind = CAPTION_COPY

    for i, line in enumerate(lines):
        before = lines[i - 1] if i > 0 else None
        after = lines[i + 1] if i + 1 < len(lines) else None
        lone_credit = line.kind == CAPTION and not line.caption and bool(line.credit)
        if lone_credit and after is not None and after.kind == CAPTION and after.caption and not after.credit:
            # "Image source, PA" then "Image caption, ...": the credit comes first.
            after.credit, line.credit, line.kind = line.credit, "", FURNITURE
            continue
        # A lone credit ("Credit: Reuters") or a photo counter followed by a credited line belongs to the
        # photo whose caption is the line just before it.
        leads_to_credit = line.kind == COUNTER and after is not None and after.kind == CAPTION
        if (leads_to_credit or lone_credit) and before is not None and _could_be_caption(before):
            before.kind, before.caption = CAPTION, before.text
            if lone_credit:
                before.credit, line.credit, line.kind = line.credit, "", FURNITURE


def _could_be_caption(line: _Line) -> bool:
    return line.kind == BODY and _words(line.text) <= _MAX_CAPTION_WORDS


# --------------------------------------------------------------------------------------------------
# Bylines, dates, URLs and "Key: value" headers
# --------------------------------------------------------------------------------------------------

# The name must start with a capital: "By the time..." is a sentence, not a byline.
_BYLINE = re.compile(r"^(?i:by|written by|words by)\s+(?P<author>[A-Z][^|•]{1,80}?)\s*(?:[|•].*)?$")
_DATELINE = re.compile(r"^(?:published|updated|posted|first published|last updated|last modified|date)\b", re.I)
_HEADER_FIELD = re.compile(
    r"^(?P<key>title|headline|url|link|source url|author|byline|date|published|outlet|publication|site)"
    r"\s*:\s*(?P<value>.+)$",
    re.I,
)
_HEADER_KEYS = {
    "title": "headline",
    "headline": "headline",
    "url": "url",
    "link": "url",
    "source url": "url",
    "author": "author",
    "byline": "author",
    "date": "published",
    "published": "published",
    "outlet": "outlet",
    "publication": "outlet",
    "site": "outlet",
}


def _author_from(text: str) -> str:
    """Return the name in a byline: 'By JANE SMITH, Political Editor' -> 'JANE SMITH'."""
    name = re.split(r",| - | – | \| |(?i:\bfor\b|\bin\b)", text)[0]
    return name.strip(" .")


def _mark_meta(lines: list[_Line]) -> dict[str, str]:
    """Mark bylines, date lines, lone URLs and leading 'Title: ...' fields; return what they say."""
    meta: dict[str, str] = {}
    at_top = True
    for line in lines:
        if at_top and line.kind == FURNITURE and (url := _URL.fullmatch(line.text)):
            meta.setdefault("url", url[0])  # a scraper's note of where the page came from
            continue
        if line.kind != BODY:
            continue
        field = _HEADER_FIELD.match(line.text) if at_top else None
        if field and parse_date(field["value"]) is None and _HEADER_KEYS[field["key"].lower()] == "published":
            field = None  # "Date: the talks went on" is not a header
        if field:
            key = _HEADER_KEYS[field["key"].lower()]
            value = field["value"].strip()
            meta.setdefault(key, _author_from(value) if key == "author" else value)
            line.kind = META
            continue
        at_top = False
        if _words(line.text) > 16 or _ends_with_full_stop(line.text) and not _DATELINE.match(line.text):
            continue
        if byline := _BYLINE.match(line.text):
            meta.setdefault("author", _author_from(byline["author"]))
            line.kind = META
            if date := _find_date_text(line.text):
                meta.setdefault("published", date)
        elif _is_only_a_date(line.text) or _DATELINE.match(line.text) and _find_date_text(line.text):
            meta.setdefault("published", _find_date_text(line.text))
            line.kind = META
        elif _DATELINE.match(line.text) and _words(line.text) <= 6 and not _ends_with_full_stop(line.text):
            line.kind = META  # "Updated 2 hours ago"
    if "headline" in meta:
        meta["headline"] = fold_spaces(meta["headline"])
    return meta


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),  # also '2024-03-12T18:04'
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
]
_WEEKDAY = r"(?:\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?)"
_TIME = r"(?:\b\d{1,2}[:.]\d{2}(?:\s*[ap]m)?,?)"


def _find_date_text(text: str) -> str:
    """Return the first date-looking part of ``text``, or ''."""
    for pattern in _DATE_PATTERNS:
        if match := pattern.search(text):
            return match[0]
    return ""


def _is_only_a_date(text: str) -> bool:
    """Return True for a line that is nothing but a date, maybe with a weekday and a time."""
    date = _find_date_text(text)
    if not date:
        return False
    rest = text.replace(date, " ")
    rest = re.sub(_WEEKDAY + "|" + _TIME + r"|\b(?:at|on|gmt|bst|utc|et|est|edt)\b|[|,•–-]", " ", rest, flags=re.I)
    return not rest.strip()


def parse_date(text: str) -> datetime.date | None:
    """Return the first date in ``text`` ('12 March 2024', 'Mar 12, 2024', '2024-03-12'), else None."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text or "")
        if not match:
            continue
        parts = match.groupdict()
        month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower()]
        try:
            return datetime.date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------------------------------
# Kicker, headline, standfirst and crossheads
# --------------------------------------------------------------------------------------------------

_MAX_KICKER_WORDS = 10
_MAX_HEADLINE_WORDS = 35
_MAX_STANDFIRST_WORDS = 60
_MAX_CROSSHEAD_WORDS = 25
_MAX_PLAIN_CROSSHEAD_WORDS = 10
# "IT'S OVER: Mayor concedes the race": a capitalised lead-in and a colon.
_CAPS_LEAD_IN = re.compile(r"^(?P<lead>[^:a-z]{2,60}):\s+\S")


def _could_be_headline(text: str) -> bool:
    return 3 <= _words(text) <= _MAX_HEADLINE_WORDS and not _ends_with_full_stop(text)


# A title line may end with a full stop (some outlets set "Mayor Opens New Bridge." as the first line of a
# plain-text file); it is still a title when it is short, set in title case and set apart from the body.
_MAX_TITLE_LINE_WORDS = 25
_MIN_TITLE_CASE_SHARE = 0.75
_TITLE_MINOR_WORDS = frozenset(
    "a an the and or nor but as at by for from in into of off on onto out over per to up upon via vs with"
    " is are was be its it his her their after before about against amid than that".split()
)


def _first_line_set_apart(text: str) -> bool:
    """Return True when the first non-empty line of ``text`` is followed by a blank line."""
    seen_first = False
    for line in text.splitlines():
        folded = fold_spaces(line)
        if not seen_first:
            seen_first = bool(folded)
            continue
        return not folded
    return False


def _is_title_case(text: str) -> bool:
    """Return True when most words of ``text`` that carry meaning start with a capital ("Mayor Opens Bridge")."""
    words = [w.strip("\"'“”‘’()[],:;.!?…—–-") for w in text.split()]
    content = [w for w in words if w and w[0].isalpha() and w.lower() not in _TITLE_MINOR_WORDS]
    if len(content) < 2:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised >= _MIN_TITLE_CASE_SHARE * len(content)


def _is_title_line(text: str, *, set_apart: bool) -> bool:
    """Return True for a first line that is a title ending with a full stop: short, title case, set apart."""
    return (
        set_apart
        and 3 <= _words(text) <= _MAX_TITLE_LINE_WORDS
        and text.endswith(".")
        and not text.endswith("..")
        and _is_title_case(text)
    )


def _mark_header(lines: list[_Line], meta: dict[str, str], *, first_set_apart: bool = False) -> tuple[str, str, str]:
    """Mark the kicker, headline and standfirst at the top of the story; return them.

    ``first_set_apart`` says that the page's first line is followed by a blank line (plain text only).
    """
    index = [i for i, line in enumerate(lines) if line.kind == BODY]
    # Breadcrumbs and section names ("News", "World") sit above the story's own lines. A lone all-caps
    # word over the headline ("EXCLUSIVE") is a kicker; after a menu, an abbreviation ("US") is a menu item.
    in_menu = False
    while index and _words(first := lines[index[0]].text) <= 2:
        next_is_short = len(index) > 1 and _words(lines[index[1]].text) <= 2
        abbreviation = sum(c.isalpha() for c in first) <= 3
        if _is_all_caps(first) and not next_is_short and not (in_menu and abbreviation):
            break
        lines[index.pop(0)].kind = FURNITURE
        in_menu = True
    texts = [lines[i].text for i in index]
    kicker = headline = standfirst = ""
    pos = 0
    if "headline" not in meta:
        if (
            len(texts) > 2
            and _is_all_caps(texts[0])
            and _words(texts[0]) <= _MAX_KICKER_WORDS
            and not _ends_with_full_stop(texts[0])
            and _could_be_headline(texts[1])
            and not _is_all_caps(texts[1])
        ):
            kicker = texts[0]
            lines[index[0]].kind = KICKER
            pos = 1
        if len(texts) > pos + 1 and _could_be_headline(texts[pos]):
            headline = texts[pos]
            lines[index[pos]].kind = HEADLINE
            pos += 1
        elif len(texts) > pos + 1 and _is_title_line(
            texts[pos], set_apart=_first_is_set_apart(lines, index, pos, first_set_apart=first_set_apart)
        ):
            headline = texts[pos].removesuffix(".").rstrip()
            lines[index[pos]].kind = HEADLINE
            pos += 1
    else:
        headline = meta["headline"]
    if headline and len(texts) > pos + 1:
        candidate = texts[pos]
        # A standfirst has no full stop, or is set apart from the body by a byline or date line.
        set_apart = any(line.kind == META for line in lines[index[pos] + 1 : index[pos + 1]])
        if (
            _words(candidate) <= _MAX_STANDFIRST_WORDS
            and (not _ends_with_full_stop(candidate) or set_apart)
            and not _CAPS_LEAD_IN.match(candidate)
        ):
            standfirst = candidate
            lines[index[pos]].kind = STANDFIRST
            pos += 1
    # Short lines between the header and the first paragraph are bylines and labels, not crossheads.
    while headline and pos < len(texts) - 1 and _is_crosshead(texts[pos]) and not _CAPS_LEAD_IN.match(texts[pos]):
        lines[index[pos]].kind = META
        pos += 1
    return kicker, headline, standfirst


def _first_is_set_apart(lines: list[_Line], index: list[int], pos: int, *, first_set_apart: bool) -> bool:
    """Return True when the header candidate ``index[pos]`` is the page's first line followed by a blank line,
    or is followed by a byline or date line."""
    here = index[pos]
    if here == 0 and first_set_apart:
        return True
    return here + 1 < len(lines) and lines[here + 1].kind == META


def _is_crosshead(text: str) -> bool:
    """Return True for a sub-heading inside the story: short, no full stop, not a quote."""
    if _words(text) > _MAX_CROSSHEAD_WORDS or _strip_closers(text)[-1:] in (".", ",", ";", ":", "…", ""):
        return False
    lead_in = _CAPS_LEAD_IN.match(text)
    if lead_in and re.search(r"[.!?]\s+[A-Z]", text[lead_in.end("lead") :]):
        return False  # several sentences after the colon: a turn of speech or a paragraph
    if (lead_in and _is_all_caps(lead_in["lead"])) or _is_all_caps(text):
        return True  # "WHAT HAPPENS NEXT?" may end with a question mark
    if _QUOTE_MARKS.search(text) or text[-1] in "!?":
        return False
    return _words(text) <= _MAX_PLAIN_CROSSHEAD_WORDS and text[0].isupper()


def _label(text: str) -> str:
    """The last word of an all-caps lead-in ("HOST TIM BELL: ..." -> "BELL"), or ""."""
    lead_in = _CAPS_LEAD_IN.match(text)
    if not lead_in or not _is_all_caps(lead_in["lead"]):
        return ""
    words = re.findall(r"[^\W\d_]+", lead_in["lead"])
    return words[-1] if words else ""


def _mark_crossheads(lines: list[_Line]) -> None:
    """Mark sub-headings standing alone between body paragraphs."""
    body = [line for line in lines if line.kind == BODY]
    # In an interview transcript the same speaker label starts several paragraphs ("HOST TIM BELL:", then
    # "BELL:"): those are turns of speech, never sub-headings.
    labels = Counter(label for line in body if (label := _label(line.text)))
    for i in range(1, len(body) - 1):
        if labels[_label(body[i].text)] >= 2:
            continue
        # A run of short lines is a list, not a heading; a heading always has a paragraph after it.
        if _is_crosshead(body[i].text) and not any(_is_crosshead(body[j].text) for j in (i - 1, i + 1)):
            body[i].kind = CROSSHEAD


# --------------------------------------------------------------------------------------------------
# Outlet
# --------------------------------------------------------------------------------------------------

# Registrable domain -> the name editors know the outlet by.
OUTLETS = {
    "thesun.co.uk": "The Sun",
    "the-sun.co.uk": "The Sun",
    "thesun.ie": "The Irish Sun",
    "the-sun.com": "The US Sun",
    "mirror.co.uk": "Daily Mirror",
    "dailymail.co.uk": "Daily Mail",
    "dailymail.com": "Daily Mail",
    "express.co.uk": "Daily Express",
    "dailystar.co.uk": "Daily Star",
    "metro.co.uk": "Metro",
    "standard.co.uk": "Evening Standard",
    "telegraph.co.uk": "The Telegraph",
    "thetimes.co.uk": "The Times",
    "thetimes.com": "The Times",
    "independent.co.uk": "The Independent",
    "theguardian.com": "The Guardian",
    "guardian.co.uk": "The Guardian",
    "ft.com": "Financial Times",
    "economist.com": "The Economist",
    "bbc.co.uk": "BBC News",
    "bbc.com": "BBC News",
    "news.sky.com": "Sky News",
    "itv.com": "ITV News",
    "channel4.com": "Channel 4 News",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "nypost.com": "New York Post",
    "usatoday.com": "USA Today",
    "latimes.com": "Los Angeles Times",
    "cnn.com": "CNN",
    "foxnews.com": "Fox News",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News",
    "npr.org": "NPR",
    "politico.com": "Politico",
    "politico.eu": "Politico Europe",
    "thehill.com": "The Hill",
    "axios.com": "Axios",
    "bloomberg.com": "Bloomberg",
    "cnbc.com": "CNBC",
    "businessinsider.com": "Business Insider",
    "newsweek.com": "Newsweek",
    "time.com": "Time",
    "theatlantic.com": "The Atlantic",
    "huffpost.com": "HuffPost",
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "ap.org": "Associated Press",
    "afp.com": "AFP",
    "aljazeera.com": "Al Jazeera",
    "dw.com": "DW",
    "france24.com": "France 24",
    "euronews.com": "Euronews",
    "irishtimes.com": "The Irish Times",
    "independent.ie": "Irish Independent",
    "rte.ie": "RTÉ News",
    "cbc.ca": "CBC News",
    "theglobeandmail.com": "The Globe and Mail",
    "abc.net.au": "ABC News (Australia)",
    "smh.com.au": "The Sydney Morning Herald",
    "theage.com.au": "The Age",
    "nzherald.co.nz": "The New Zealand Herald",
    "scmp.com": "South China Morning Post",
    "timesofindia.indiatimes.com": "The Times of India",
    "hindustantimes.com": "Hindustan Times",
}
# Other names pages call themselves by, folded to lower case.
_OUTLET_ALIASES = {
    "bbc": "bbc.co.uk",
    "the mirror": "mirror.co.uk",
    "mirror": "mirror.co.uk",
    "mail": "dailymail.co.uk",
    "mailonline": "dailymail.co.uk",
    "the daily mail": "dailymail.co.uk",
    "the daily telegraph": "telegraph.co.uk",
    "guardian news & media": "theguardian.com",
    "the new york times": "nytimes.com",
    "the associated press": "apnews.com",
    "ap": "apnews.com",
    "sky": "news.sky.com",
}
_NAME_TO_DOMAIN = {name.casefold(): domain for domain, name in reversed(OUTLETS.items())} | _OUTLET_ALIASES
_WEBMAIL = {"gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "yahoo.com", "icloud.com", "aol.com"}

# A capitalised name of up to six words; a dot only inside a word ("U.S."), never a full stop.
_NAME_WORD = r"[A-Z][\w'&-]*(?:\.\w+)*"
_NAME = r"(?P<name>(?:[Tt]he\s+)?" + _NAME_WORD + r"(?:\s+(?:of\s+|and\s+|&\s+)?" + _NAME_WORD + r"){0,5})"
# How pages name themselves: "a story for The Sun Online news team", "© 2024 The Guardian".
_SELF_NAMING = [
    re.compile(
        r"\b(?:story|stories|tip|tips|video|pictures?)\s+(?:for|to)\s+"
        + _NAME
        + r"\s+(?:news\s*team|news\s*desk|newsdesk|team)\b"
    ),
    re.compile(r"(?i:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?" + _NAME),
    re.compile(r"\b(?i:follow|like)\s+" + _NAME + r"\s+on\s+(?i:" + _SHARE_TARGETS + r")\b"),
]
_NAME_NOISE = re.compile(r"(?:\s+(?:online|digital|news team|ltd|limited|plc|llc|inc|group|company))+\.?$", re.I)


def outlet_for_domain(host: str) -> tuple[str, str]:
    """Return (name, registrable domain) for a host such as 'www.bbc.co.uk', or ('', '') when unknown."""
    host = host.lower().strip(". ").removeprefix("www.")
    labels = host.split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in OUTLETS:
            return OUTLETS[candidate], candidate
    return "", ""


def _clean_outlet_name(name: str) -> str:
    """Return a display name: 'The Sun Online' -> 'The Sun'."""
    name = _NAME_NOISE.sub("", fold_spaces(name)).strip(" .,")
    if name.startswith("the "):
        name = "The " + name[4:]  # "a story for the Echo news team" names "The Echo"
    return name if any(c.isalpha() for c in name) else ""


def outlet_from(*, domains: list[str], names: list[str]) -> tuple[str, str]:
    """Return (outlet name, domain) from the domains and names a page gives for itself."""
    for domain in domains:
        name, known = outlet_for_domain(domain)
        if name:
            return name, known
    for raw in names:
        name = _clean_outlet_name(raw)
        if name:
            known = _NAME_TO_DOMAIN.get(name.casefold(), "")
            if known:
                return OUTLETS[known], known
            return name, _registrable(domains[0]) if domains else ""
    return "", _registrable(domains[0]) if domains else ""


def _registrable(host: str) -> str:
    return host.lower().strip(". ").removeprefix("www.")


def _find_outlet(lines: list[_Line], *, url: str, named: str) -> tuple[str, str]:
    """Return (outlet name, domain) from what the page says about itself in its furniture and header."""
    domains = [urlsplit(url).hostname or ""] if url else []
    names = [named] if named else []
    for line in lines:
        if line.kind not in (FURNITURE, META):
            continue  # an address quoted in the story says nothing about who published it
        # Links in furniture point anywhere (social networks, partners); a tip-line address is the outlet's.
        domains += [m["domain"] for m in _EMAIL.finditer(line.text) if m["domain"].lower() not in _WEBMAIL]
        names += [m["name"] for pattern in _SELF_NAMING if (m := pattern.search(line.text))]
    return outlet_from(domains=[d for d in domains if d], names=names)


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------


def read_html(html: str) -> ArticleDraft:
    """Return the ArticleDraft for an HTML page, read through trafilatura."""
    import trafilatura  # imported here: it is slow to import and plain text never needs it

    # with output_format="python" the result is a Document, never the dict of output_format="json"
    document = cast(
        "Document | None",
        trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            output_format="python",
        ),
    )
    if document is None or document.body is None:
        raise ReadingError(NO_ARTICLE_TEXT)

    lines: list[_Line] = []
    for element in document.body.iter("p", "head", "item", "quote"):
        if element.tag == "quote" and element.find(".//p") is not None:
            continue  # its paragraphs come on their own
        text = fold_spaces(element.xpath("string()"))
        if text:
            lines.append(_Line(text, kind=CROSSHEAD if element.tag == "head" else BODY))

    extras = _page_extras(html)
    captions, credits = extras.captions, extras.credits
    headline = fold_spaces(document.title or "")
    standfirst = extras.standfirst or fold_spaces(document.description or "")
    # Captions and header lines repeated inside the extracted text are not body.
    seen_elsewhere = {_caption_key(t) for t in [*captions, headline, standfirst, extras.kicker] if t}
    for line in lines:
        if _caption_key(line.text) in seen_elsewhere:
            line.kind = FURNITURE
    # The same rules as for scraped text catch the furniture trafilatura lets through.
    _mark_furniture(lines)
    _mark_captions(lines)
    captions += [line.caption for line in lines if line.caption]
    credits += [line.credit for line in lines if line.credit]
    if not standfirst:
        standfirst = _mark_header(lines, {"headline": headline})[2]
    _mark_crossheads(lines)

    paragraphs = tuple(line.text for line in lines if line.kind == BODY)
    if not paragraphs:
        raise ReadingError(NO_ARTICLE_TEXT)
    # Many pages put the opening of the first paragraph in their description: not a standfirst.
    if _caption_key(paragraphs[0]).startswith(_caption_key(standfirst.rstrip(".… "))):
        standfirst = ""
    domains = [d for d in (document.hostname, urlsplit(document.url or "").hostname) if d]
    outlet, domain = outlet_from(domains=domains, names=[document.sitename or ""])
    return ArticleDraft(
        kicker=extras.kicker,
        headline=headline,
        standfirst=standfirst,
        paragraphs=paragraphs,
        captions=_unique(captions),
        credits=_unique(credits),
        crossheads=tuple(line.text for line in lines if line.kind == CROSSHEAD),
        outlet=outlet,
        outlet_domain=domain,
        url=document.url or "",
        author=fold_spaces(document.author or ""),
        published=parse_date(document.date or ""),
        text=html,
    )


# Class names news templates give the lines around the headline, which trafilatura leaves out.
_KICKER_CLASSES = {"kicker", "flag", "eyebrow", "overline"}
_STANDFIRST_CLASSES = {"standfirst", "dek", "deck", "strapline", "subtitle", "subheadline", "sub-headline"}
_MAX_HEADER_WORDS = 60


@dataclass
class _PageExtras:
    """What the page shows outside trafilatura's body: figure captions, credits, kicker and standfirst."""

    captions: list[str]
    credits: list[str]
    kicker: str = ""
    standfirst: str = ""


def _page_extras(html: str) -> _PageExtras:
    """Return the page's <figcaption> captions and credits and its kicker and standfirst by class name."""
    from trafilatura import load_html

    extras = _PageExtras(captions=[], credits=[])
    tree = load_html(html)
    if tree is None:
        return extras
    for figcaption in tree.iter("figcaption"):
        text = fold_spaces(figcaption.text_content())
        split = _split_credit(text) if text else None
        caption, credit = split if split else (text, "")
        if caption:
            extras.captions.append(caption)
        if credit:
            extras.credits.append(credit)
    for element in tree.iter("p", "div", "span", "h2", "h3", "a"):
        classes = set(re.split(r"[\s_]+|--", (element.get("class") or "").lower()))
        classes |= {c.split("-")[-1] for c in classes}  # "article-kicker" -> "kicker"
        text = fold_spaces(element.text_content())
        if not text or _words(text) > _MAX_HEADER_WORDS:
            continue
        if not extras.kicker and classes & _KICKER_CLASSES and _words(text) <= _MAX_KICKER_WORDS:
            extras.kicker = text
        elif not extras.standfirst and classes & _STANDFIRST_CLASSES:
            extras.standfirst = text
    return extras
