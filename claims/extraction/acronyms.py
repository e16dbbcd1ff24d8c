"""Organisations under their acronyms: spelled out in brackets ("the Centers for Disease Control and Prevention
(CDC)"), set beside the name either way round ("ARC, the Alliance for Rural Clinics,", "the Prairie Seed
Association, or PSA,"), or in capitals the tagger read as a word ("WHO said")."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from . import confidence as conf
from . import types as T
from .coref import Resolution, Resolver
from .text import ACRONYM_TOKEN, LINK_WORDS, acronym_fits, name_key


def spelled_out(doc: Doc) -> dict[int, int]:
    """Acronyms given in parentheses after an organisation's full name: {acronym token: name token}."""
    out = {}
    for ent in doc.ents:
        if ent.label_ != "ORG" or len(ent) < 2:
            continue
        k = ent.end
        if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
            acr = doc[k + 1]
            if ACRONYM_TOKEN.fullmatch(acr.text) and acr.ent_type_ in ("ORG", ""):
                out[k + 1] = ent.root.i
    return out


def link_acronym(resolver: Resolver, ent: Span, doc_no: int, base: int, name_token: int) -> bool:
    """ "the Centers for Disease Control and Prevention (CDC)": the acronym is the full name's alias."""
    full = resolver.by_token.get((doc_no, name_token))
    if full is None:
        return False
    resolver.acronyms[name_key(ent.text)] = full
    full.add_alias(ent.text)
    full.note(base + ent.start_char)
    for t in ent:
        resolver.by_token[(doc_no, t.i)] = full
    return True


def acronyms_beside_names(resolver: Resolver, doc: Doc, doc_no: int, base: int, datelines: frozenset[int]) -> set[int]:
    """An acronym set beside the name it abbreviates, either way round ("ARC, the Alliance for Rural Clinics,",
    "the Prairie Seed Association, or PSA,", "known as ACS"): one organisation under its name, the acronym
    its alias, even where the tagger left the name untagged. Returns the acronym tokens read so."""
    read: set[int] = set()
    for t in doc:
        if t.i in datelines or t.ent_type_ not in ("ORG", "") or not ACRONYM_TOKEN.fullmatch(t.text):
            continue
        for partner in _name_partners(t):
            name = _name_phrase(partner, t)
            if name is None or not acronym_fits(t.text, name.text):
                continue
            cluster = resolver.named(name.text, T.ORGANISATION, base + name.start_char)
            if cluster is None:
                continue
            resolver.acronyms[name_key(t.text)] = cluster
            cluster.add_alias(t.text)
            cluster.note(base + t.idx)
            for k in (t.i, *range(name.start, name.end)):
                resolver.by_token[(doc_no, k)] = cluster
            read.add(t.i)
            break
    return read


def _name_partners(t: Token) -> list[Token]:
    """The words set beside ``t`` as another name for it: an apposition, "or ...", "known as ..."."""
    out = [c for c in t.children if c.dep_ == "appos" or (c.dep_ == "conj" and _or_joined(t, c))]
    if t.dep_ == "appos" or (t.dep_ == "conj" and _or_joined(t.head, t)):
        out.append(t.head)
    if t.dep_ == "pobj" and t.head.lower_ == "as" and t.head.head.lemma_ == "know" and t.head.head.dep_ == "acl":
        out.append(t.head.head.head)  # "the Alliance for Coastal Schools, known as ACS,"
    return [p for p in out if p.pos_ == "PROPN"]


def _or_joined(head: Token, conj: Token) -> bool:
    return any(c.dep_ == "cc" and c.lower_ == "or" for c in head.children)


def _name_phrase(head: Token, acronym: Token) -> Span | None:
    """The proper name headed by ``head`` ("the Alliance for Rural Clinics" -> "Alliance for Rural Clinics"): its
    words from the left edge to the last word of the name, without a leading article, clauses or the acronym."""
    doc = head.doc
    start = head.left_edge.i
    if doc[start].lower_ == "the":
        start += 1
    end = head.i + 1
    while end < len(doc) and end != acronym.i and _name_word(doc[end]):
        if not any(a.i == head.i for a in doc[end].ancestors):
            break
        end += 1
    while end > head.i + 1 and doc[end - 1].pos_ != "PROPN":
        end -= 1
    if start > head.i or not all(_name_word(w) for w in doc[start:end]):
        return None
    return doc[start:end]


def _name_word(t: Token) -> bool:
    """A word of an organisation's name: a proper noun, or a small word between its parts ("for", "of")."""
    return t.pos_ == "PROPN" or t.lower_ in LINK_WORDS


def organisation_by_acronym(resolver: Resolver, h: Token, base: int) -> Resolution | None:
    """ "WHO said": capitals the tagger read as a word ("who") are an organisation's acronym, the organisation
    the article names in full when it does ("the World Health Organization")."""
    if not (h.text.isupper() and len(h.text) > 1 and ACRONYM_TOKEN.fullmatch(h.text)) or h.ent_type_:
        return None
    if h.pos_ not in ("PRON", "ADV", "SCONJ", "DET", "ADP", "AUX", "CCONJ", "PART"):
        return None  # a proper noun the tagger read as one is registered as a name already
    others = [t for t in h.sent if t.is_alpha and t.i != h.i]
    if not others or sum(t.is_upper for t in others) * 2 > len(others):
        return None  # a sentence in capitals ("WHO SAID THAT?") holds no acronym by its capitals
    c = resolver.named(h.text, T.ORGANISATION, base + h.idx)
    if c is None:
        return None
    c.add_alias(h.text)
    return Resolution(c, h.text, conf.NAMED)
