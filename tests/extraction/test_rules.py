"""Grammar rules on hand-built parses: each rule is tested on the tree it is written for, without the model.

``Doc(vocab, words=..., heads=..., deps=..., pos=..., lemmas=..., ents=...)`` fixes the parse, so these tests
do not move when a new model version parses a sentence differently. Heads are absolute token indices.
"""

import pytest
from spacy.tokens import Doc

from claims.extraction.cues import content_span, governing_cue, is_cue, subject_of


def parse(nlp, words, heads, deps, pos, lemmas=None, tags=None, ents=None):
    return Doc(
        nlp.vocab,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=tags or ["VBD" if p == "VERB" else "" for p in pos],
        lemmas=lemmas or [w.lower() for w in words],
        ents=ents,
    )


@pytest.fixture
def said_that(nlp):
    # Mara Ostrova said the bridge would reopen .
    return parse(
        nlp,
        ["Mara", "Ostrova", "said", "the", "bridge", "would", "reopen", "."],
        [1, 2, 2, 4, 6, 6, 2, 2],
        ["compound", "nsubj", "ROOT", "det", "nsubj", "aux", "ccomp", "punct"],
        ["PROPN", "PROPN", "VERB", "DET", "NOUN", "AUX", "VERB", "PUNCT"],
        lemmas=["Mara", "Ostrova", "say", "the", "bridge", "would", "reopen", "."],
        ents=["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O"],
    )


def test_the_subject_of_a_reporting_verb_speaks(said_that):
    cue = said_that[2]
    assert is_cue(cue)
    assert subject_of(cue).text == "Ostrova"


def test_the_clausal_complement_is_what_was_said(said_that):
    first, last = content_span(said_that[2])
    assert said_that[first : last + 1].text == "the bridge would reopen"


def test_a_verb_that_is_no_cue_has_no_content(nlp):
    # Mara Ostrova built the bridge .
    doc = parse(
        nlp,
        ["Mara", "Ostrova", "built", "the", "bridge", "."],
        [1, 2, 2, 4, 2, 2],
        ["compound", "nsubj", "ROOT", "det", "dobj", "punct"],
        ["PROPN", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
        lemmas=["Mara", "Ostrova", "build", "the", "bridge", "."],
    )
    assert not is_cue(doc[2])
    assert content_span(doc[2]) is None


def test_according_to_names_its_object_as_speaker(nlp):
    # The dam is safe , according to engineers .
    doc = parse(
        nlp,
        ["The", "dam", "is", "safe", ",", "according", "to", "engineers", "."],
        [1, 2, 2, 2, 2, 2, 5, 6, 2],
        ["det", "nsubj", "ROOT", "acomp", "punct", "prep", "prep", "pobj", "punct"],
        ["DET", "NOUN", "AUX", "ADJ", "PUNCT", "VERB", "ADP", "NOUN", "PUNCT"],
        lemmas=["the", "dam", "be", "safe", ",", "accord", "to", "engineer", "."],
    )
    assert is_cue(doc[5])
    assert subject_of(doc[5]).text == "engineers"


def test_a_passive_listener_verb_is_no_cue(nlp):
    # Ostrova was told the bridge would reopen .
    doc = parse(
        nlp,
        ["Ostrova", "was", "told", "the", "bridge", "would", "reopen", "."],
        [2, 2, 2, 4, 6, 6, 2, 2],
        ["nsubjpass", "auxpass", "ROOT", "det", "nsubj", "aux", "ccomp", "punct"],
        ["PROPN", "AUX", "VERB", "DET", "NOUN", "AUX", "VERB", "PUNCT"],
        lemmas=["Ostrova", "be", "tell", "the", "bridge", "would", "reopen", "."],
        tags=["NNP", "VBD", "VBN", "DT", "NN", "MD", "VB", "."],
    )
    assert not is_cue(doc[2])


def test_a_relative_clause_cue_is_spoken_by_the_noun_it_describes(nlp):
    # Ostrova , who said the bridge was safe , left .
    doc = parse(
        nlp,
        ["Ostrova", ",", "who", "said", "the", "bridge", "was", "safe", ",", "left", "."],
        [9, 0, 3, 0, 5, 6, 3, 6, 0, 9, 9],
        ["nsubj", "punct", "nsubj", "relcl", "det", "nsubj", "ccomp", "acomp", "punct", "ROOT", "punct"],
        ["PROPN", "PUNCT", "PRON", "VERB", "DET", "NOUN", "AUX", "ADJ", "PUNCT", "VERB", "PUNCT"],
        lemmas=["Ostrova", ",", "who", "say", "the", "bridge", "be", "safe", ",", "leave", "."],
    )
    assert subject_of(doc[3]).text == "Ostrova"


def test_a_quoted_word_inside_the_content_leads_up_to_its_cue(said_that):
    cue, child = governing_cue(said_that[4])  # "bridge", inside the reported clause
    assert cue is not None and cue.text == "said"
    assert child.text == "reopen"
