"""Cue grammar on a spaCy parse: which token reports speech, who its subject is, and what it reports.

The speaker is the subject of a reporting cue ("X said", "said X", "X, who said", "..., saying", "according
to X"); reported speech is the cue's clausal complement, or its noun-phrase content for cues like "accusing
X of ..." and "calling on X to ...". Cue words come from ``data/cues.txt`` through ``lexicon``."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .lexicon import lexicon, words

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


# Dependents of a cue through which a quote is NOT the cue's content.
_NOT_CONTENT = {
    "nsubj",
    "nsubjpass",
    "csubj",
    "csubjpass",
    "aux",
    "auxpass",
    "neg",
    "dative",
    "agent",
    "expl",
}


_RELATIVE = words("relative_pronoun")


def is_verbal(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def is_cue(tok: Token, *, direct: bool = False) -> bool:
    """A reporting verb (or "according"); ``direct`` also admits manner verbs next to a direct quote."""
    lex = lexicon()
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children) or (
            tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
        )
    if not is_verbal(tok) or tok.dep_ == "amod":
        return False
    if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "so":
        return False  # "so-called"
    words = lex.quote_verbs if direct else lex.verbs
    lemma = tok.lemma_.lower()
    if lemma in _LISTENER_VERBS and tok.tag_ in ("VBN", "VBD") and _passive(tok):
        return False  # "Asked whether ...", "was told that ...": the one asked or told is not the speaker
    if lemma in words or tok.lower_ in words:
        return True
    if lemma in _FINDING_VERBS and _finding_subject(tok):
        return True
    if lemma == "put" and _as_put_it(tok):
        return True
    parts = lex.particles.get(lemma, frozenset())
    return bool(parts) and any(c.lower_ in parts for c in tok.children if c.dep_ in ("prep", "prt", "advmod"))


_FINDING_VERBS = words("finding_verb")
_FINDING_SOURCES = words("finding_source")


def _as_put_it(tok: Token) -> bool:
    """'As X put it, "..."': "put it" in an "as" clause reports what follows."""
    kids = list(tok.children)
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) and any(
        c.dep_ == "dobj" and c.lower_ == "it" for c in kids
    )


def manner_cue(tok: Token) -> bool:
    """A manner verb of speech with a "that" clause ("joked that ...", "boasted that ..."): reported speech."""
    if tok.lemma_.lower() not in lexicon().quote_verbs or not is_verbal(tok):
        return False
    return any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in tok.children
    )


def _author(source: Token) -> Token:
    """The named author of a document subject: "a report by the Valmora Institute found ..." credits the
    institute."""
    if source.lemma_.lower() not in _FINDING_SOURCES:
        return source
    found = named_author(source)
    return found if found is not None else source


def named_author(source: Token) -> Token | None:
    """The organisation or person a document is by: "a report by X", "X's audit", "the X poll"."""
    for c in source.children:
        cand = c
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
            cand = next((g for g in c.children if g.dep_ == "pobj"), c)
        elif c.dep_ not in ("poss", "compound"):
            continue
        if cand.ent_type_ in ("ORG", "PERSON") or (cand.pos_ == "PROPN" and cand.ent_type_ not in ("GPE", "NORP")):
            return cand
    return None


def _finding_subject(tok: Token) -> bool:
    """A verb whose subject is a document or data set with a named author: "a report by X found that ...",
    "the X poll shows ..." (an unattributed "the study found" is the writer's summary, not a source)."""
    return any(
        c.dep_ == "nsubj" and c.lemma_.lower() in _FINDING_SOURCES and named_author(c) is not None for c in tok.children
    )


# Cue verbs whose object is the listener: in the passive their subject heard the words.
_LISTENER_VERBS = words("listener_verb")


def _passive(tok: Token) -> bool:
    """A past participle used passively: "was asked", "Asked whether ..., she said", "when told of ..."."""
    kids = list(tok.children)
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in kids):
        return True
    if any(c.dep_ in ("aux", "nsubj") for c in kids):
        return False
    if tok.tag_ == "VBD":  # a sentence-initial participle tagged as a past tense ("Asked whether ...")
        return tok.dep_ in ("advcl", "acl") and tok.i < tok.head.i
    return tok.dep_ in ("advcl", "acl", "ROOT", "conj", "xcomp", "pcomp")


def is_cue_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in lexicon().nouns


def cue_text(tok: Token) -> str:
    """The cue as written ("said", "calling on", "according to")."""
    if tok.lower_ == "according":
        return "according to"
    parts = lexicon().particles.get(tok.lemma_.lower(), ())
    for c in tok.children:
        if c.lower_ in parts and c.dep_ in ("prep", "prt", "advmod") and c.i == tok.i + 1:
            return f"{tok.text} {c.text}"
    return tok.text


def subject_of(tok: Token, depth: int = 0) -> Token | None:
    """The token naming who speaks through cue ``tok`` (the head of its subject), or None."""
    if tok.lower_ == "according":
        return _according_to_whom(tok)
    outer = next((c for c in tok.children if c.lower_ == "according" and c.i < tok.i), None)
    if outer is not None and _according_to_whom(outer) is not None:
        return _according_to_whom(outer)  # "According to the agency, the spokesman said ...": the outer source
    for found in (_own_subject(tok), _agent_of(tok)):
        if found is not None:
            return found
    return _subject_above(tok, depth)


def _according_to_whom(tok: Token) -> Token | None:
    """The object of "according to"."""
    for c in tok.children:
        if c.lower_ == "to":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for g in nxt.children:
            if g.dep_ == "pobj":
                return g
    return None


def _own_subject(tok: Token) -> Token | None:
    """The cue's own subject; for a relative clause ("X, who said"), the noun it describes."""
    subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1:
        # a broken parse of "Calloway's co-sponsor, Senator Marcus Webb, said" or "Climate Action Now, a
        # coalition of groups, said": the named one, else the nearest
        subjects.sort(key=lambda c: (c.ent_type_ != "PERSON", c.pos_ != "PROPN", abs(tok.i - c.i)))
    for c in subjects:
        if c.lower_ in _RELATIVE:
            rel = tok
            while rel.dep_ == "conj" and rel.head.i != rel.i:
                rel = rel.head  # "X, who is ... and who joked that": the second clause describes X too
            if rel.dep_ == "relcl":
                described = rel.head
                if described.dep_ == "appos" and described.head.pos_ == "PROPN":
                    return described.head  # "Paul Grady, a former regulator who warned that ..."
                return described
            # a misparsed "X, a former regulator who ... and who warned": the person named just before
            person = next((t for t in reversed(tok.doc[tok.sent.start : c.i]) if t.ent_type_ == "PERSON"), None)
            if c.lower_ == "who" and person is not None:
                return person
        if c.dep_ == "nsubjpass" and any(a.dep_ == "agent" for a in tok.children):
            return None  # "was told by X": the agent speaks
        return _author(c)
    return None


def _agent_of(tok: Token) -> Token | None:
    """The "by" phrase of a passive cue: "was told by X"."""
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _subject_above(tok: Token, depth: int) -> Token | None:
    """The subject a cue with none of its own shares with the clause or noun it hangs on."""
    if depth >= 4 or tok.head.i == tok.i:
        return None
    head = tok.head
    if tok.dep_ == "relcl":
        return head
    if tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        publisher = _publisher(head)
        return publisher if publisher is not None else head  # "a statement saying ...", "Smith, saying ..."
    if tok.dep_ == "pcomp":  # "after saying ...", "with X accusing ..."
        head = head.head
    if tok.dep_ in ("conj", "advcl", "xcomp", "pcomp", "ccomp", "acl"):
        if head.pos_ in ("NOUN", "PROPN", "PRON") and tok.dep_ == "pcomp":
            return None
        return subject_of(head, depth + 1)
    return None


_PUBLISHING = words("publishing_verb")


def _publisher(noun: Token) -> Token | None:
    """Who put out a document: "X issued a statement saying ..." credits X, not the statement."""
    verb = noun.head
    if noun.dep_ != "dobj" or noun.lemma_.lower() not in lexicon().nouns or verb.lemma_.lower() not in _PUBLISHING:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def subject_near(cue: Token, lo: int, hi: int) -> Token | None:
    """Fallback when the parse gives a cue no subject: a pronoun or name right next to it in tokens lo..hi."""
    doc = cue.doc
    for i in (cue.i + 1, cue.i - 1, cue.i + 2, cue.i - 2):
        if lo <= i < hi:
            t = doc[i]
            if t.pos_ == "PRON" and t.lower_ in ("he", "she", "they", "it", "i", "we"):
                return t
            if t.pos_ == "PROPN" or (t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")):
                return t.head if t.dep_ in ("compound", "flat") and t.head.i in range(lo, hi) else t
    return None


def governing_cue(tok: Token, limit: int = 8) -> tuple[Token | None, Token | None]:
    """Walk up from a quoted token to a cue whose content holds it; return (cue, child) or (None, None).

    The child is the cue's dependent on the path; a quote in the cue's subject ("The 'Squad' said") is not
    the cue's content.
    """
    t = tok
    for _ in range(limit):
        parent = t.head
        if parent.i == t.i:
            return None, None
        if t.dep_ not in _NOT_CONTENT and not _beside_particle(parent, t):
            if is_cue(parent) and not _passive_no_agent(parent):
                if _unspoken(parent):
                    # 'said the state would appeal "immediately"': a cue not (yet) spoken is the content of
                    # the reporting verb above it
                    outer, child = governing_cue(parent, limit=4)
                    if outer is not None and not _unspoken(outer):
                        return outer, child
                return parent, t
            if is_cue_noun(parent) and t.dep_ in ("acl", "ccomp", "prep", "relcl", "appos", "advcl"):
                if not (parent.dep_ == "dobj" and is_cue(parent.head)):  # 'branded the proposal "a disgrace"'
                    return parent, t
        elif is_cue(parent):
            return None, None
        t = parent
    return None, None


def _beside_particle(cue: Token, child: Token) -> bool:
    """A phrasal cue's other prepositions are not its content: 'spoke with X on "Morning Brief" about ...'."""
    lemma = cue.lemma_.lower()
    lex = lexicon()
    return lemma not in lex.verbs and child.dep_ == "prep" and child.lower_ not in lex.particles.get(lemma, ())


def _unspoken(tok: Token) -> bool:
    """A cue in a future, conditional or infinitive form inside a clause ("would appeal", "to warn")."""
    return tok.dep_ in ("ccomp", "xcomp", "advcl", "conj") and any(
        c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ == "to") for c in tok.children
    )


def _passive_no_agent(tok: Token) -> bool:
    """A cue in the passive with no one speaking it: "had been promised service 'by Christmas'"."""
    kids = list(tok.children)
    return any(c.dep_ == "auxpass" for c in kids) and not any(c.dep_ == "agent" for c in kids)


def _conjoined_content(cue: Token, first: int, last: int) -> tuple[int, int]:
    """Widen a cue's content over a second reported clause: 'said X, and that Y' (one statement)."""
    doc = cue.doc
    for c in cue.children:
        if c.dep_ != "conj" or not is_verbal(c) or is_cue(c):
            continue
        if c.i > last:
            j = last + 1
            while j < c.i and (doc[j].is_punct or doc[j].is_space):
                j += 1
            if j + 1 < c.i and doc[j].lower_ in ("and", "but") and doc[j + 1].lower_ == "that":
                last = c.right_edge.i
    return first, last


_WHEN_WORDS = words("when_word")


def content_span(cue: Token, child: Token | None = None) -> tuple[int, int] | None:
    """Token bounds (first, last) of what cue ``cue`` reports, or None.

    With ``child`` (the path from a quote) the content is that dependent's subtree, from the cue's direct
    object on ("called the plan 'a dead end'"). Without it: the clausal complement ("said the meeting was
    ..."), or for noun-phrase cues the object and its complements ("accusing X of ...").
    """
    if child is None:
        comps = _complements(cue)
        if not comps:
            return None
        first = min(c.left_edge.i for c in comps)
        last = max(c.right_edge.i for c in comps)
    else:
        first, last = _path_content(cue, child)
    first, last = _conjoined_content(cue, first, last)
    if child is None:
        last = _without_closing_comment(cue.doc, first, last)
    return _trimmed_content(cue, first, last)


def _complements(cue: Token) -> list[Token]:
    """The dependents holding what a cue reports: its clausal complement, a "that" clause hung on a document
    noun ("said in a statement that ..."), or the noun-phrase content of a cue that takes one."""
    lex = lexicon()
    kids = list(cue.children)
    comps = [c for c in kids if c.dep_ == "ccomp"]
    if comps:
        return comps
    # "said in a statement that ...": the parser hangs the clause on the document noun
    for c in kids:
        if c.dep_ == "prep" and c.i > cue.i:
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in lex.documents:
                    comps.extend(
                        x
                        for x in g.children
                        if x.dep_ in ("acl", "relcl", "ccomp")
                        and any(m.dep_ == "mark" and m.lower_ == "that" for m in x.children)
                    )
    if comps:
        return comps
    lemma = cue.lemma_.lower()
    np_ok = lemma in lex.np_verbs or any(
        f"{lemma}_{c.lower_}" in lex.np_verbs for c in kids if c.dep_ in ("prep", "prt")
    )
    if not np_ok or not _reports(cue):
        return []
    if any(c.dep_ == "agent" for c in kids):
        # "The plan was condemned by the guild": what was condemned is the passive subject
        return [c for c in kids if c.dep_ == "nsubjpass"]
    parts = lex.particles.get(lemma, frozenset())
    for c in kids:
        if c.i < cue.i:
            continue
        if c.dep_ in ("dobj", "xcomp", "oprd"):
            comps.append(c)
        elif c.dep_ == "prep" and c.lower_ in parts:
            comps.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
        elif c.dep_ == "prep" and c.lower_ in ("of", "for", "as") and (c.lower_ != "as" or comps):
            comps.append(c)  # "praised X for ...", "slammed the offer as an insult"
    return comps


def _reports(cue: Token) -> bool:
    """A cue that reports a noun phrase: said, in the main clause or a participle on it ("..., calling on X
    to ..."); not an intention ("met to discuss the budget") or a background clause ("X, who has advised
    agencies on ...", "as Republicans praised her record")."""
    if any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ == "to") for c in cue.children):
        return False
    t = cue
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ == "ccomp":  # "said she had criticised the plan"; a ccomp with no subject is a misparse
        return any(c.dep_ in SUBJECT_DEPS for c in t.children)
    return t.dep_ in ("ROOT", "parataxis") or (t.dep_ in ("advcl", "acl", "pcomp") and t.tag_ == "VBG")


def _path_content(cue: Token, child: Token) -> tuple[int, int]:
    """The content reached from a quote through the cue's dependent ``child``, from the direct object on."""
    kids = list(cue.children)
    first, last = child.left_edge.i, child.right_edge.i
    for c in kids:
        if c.dep_ in ("dobj", "oprd") and cue.i < c.i < child.i:
            first = min(first, c.left_edge.i)
    if child.dep_ == "conj":
        # 'said X and that it was "Y"': the quote is in the second clause of one statement
        earlier = [c for c in kids if c.dep_ == "ccomp" and cue.i < c.i < child.i]
        j = child.left_edge.i
        if earlier and j >= 1 and cue.doc[j].lower_ == "that" and cue.doc[j - 1].lower_ in ("and", "but"):
            first = min(first, earlier[0].left_edge.i)
    return first, last


def _without_closing_comment(doc: Doc, first: int, last: int) -> int:
    """'..., a move that drew criticism': a closing appositive is the writer's comment, not the content."""
    for t in doc[first : last + 1]:
        if (
            t.dep_ == "appos"
            and t.pos_ == "NOUN"
            and t.right_edge.i == last
            and doc[t.left_edge.i].lower_ in ("a", "an")
            and t.left_edge.i > first
            and doc[t.left_edge.i - 1].text == ","
            and any(c.dep_ == "relcl" for c in t.children)
        ):
            return t.left_edge.i - 2
    return last


def _trimmed_content(cue: Token, first: int, last: int) -> tuple[int, int] | None:
    """Content bounds without leading "that", punctuation and the day the cue happened; None if empty."""
    doc = cue.doc
    while first <= last and (doc[first].dep_ in ("mark", "punct", "cc") or doc[first].is_space):
        if doc[first].is_quote and doc[first].dep_ == "punct":
            break
        first += 1
    # "said Monday it will ...": the day the cue happened, not the content
    j = first + (1 if doc[first].lower_ == "on" else 0)
    if first == cue.i + 1 and j < last and doc[j].lower_ in _WHEN_WORDS:
        first = j + 1
        while first <= last and (doc[first].dep_ in ("mark", "punct") or doc[first].is_space):
            first += 1
    while last >= first and (doc[last].is_punct and not doc[last].is_quote or doc[last].is_space):
        last -= 1
    if last < first or cue.i in range(first, last + 1):
        return None
    return first, last
