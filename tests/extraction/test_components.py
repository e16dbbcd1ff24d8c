"""The spaCy components ``build_nlp`` adds: their spans, their settings in the config, and that reading
their spans gives what the plain functions give."""

from claims.extraction.gazetteer import KNOWN_COMPONENT, KNOWN_SPANS


def test_lexicon_ruler_marks_known_names_with_their_canonical_name(nlp):
    doc = nlp("Turkish officials met in Ankara with the World Health Organization, then flew to the U.K.")
    found = {(s.text, s.id_, s.label_) for s in doc.spans[KNOWN_SPANS]}
    assert ("Turkish", "Turkey", "country") in found
    assert ("Ankara", "Turkey", "country") in found
    assert ("World Health Organization", "WHO", "organisation") in found
    assert any(s.id_ == "United Kingdom" for s in doc.spans[KNOWN_SPANS])
    assert not any(s.text == "officials" for s in doc.spans[KNOWN_SPANS])


def test_lexicon_ruler_settings_live_in_the_config(nlp):
    assert nlp.pipe_names[0] == KNOWN_COMPONENT
    config = nlp.config["components"][KNOWN_COMPONENT]
    assert config["factory"] == "span_ruler"
    assert config["spans_key"] == KNOWN_SPANS
    assert config["phrase_matcher_attr"] == "LOWER"
