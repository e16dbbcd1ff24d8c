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


def test_quote_marks_component_spans_read_back_as_the_plain_function_finds_them(nlp):
    from claims.extraction.components import QUOTE_SPANS, read_quote_spans
    from claims.extraction.marks import find_quote_spans

    text = (
        "\u201cWe will not move,\u201d she said. He called it \u2018a trap\u2019 and left.\n\n"
        "\u201cNever,\u201d he said."
    )
    doc = nlp(text)
    assert [s.text for s in doc.spans[QUOTE_SPANS]][0] == "\u201cWe will not move,\u201d"
    start, end = doc.spans[QUOTE_SPANS][0]._.newsroom_quote[:2]
    assert text[start:end].startswith("We will not move")
    assert read_quote_spans(doc) == find_quote_spans(text)
    assert len(read_quote_spans(doc)) == 3


def test_entities_component_spans_carry_canonical_names_and_read_back_as_the_index(nlp):
    from claims.extraction.components import ENTITY_SPANS, MENTION_SPANS, read_entity_index
    from claims.extraction.topics import find_entities

    doc = nlp("Kenyan officials met in Nairobi. The country said it would stay.")
    mentions = [(s.text, s.id_, s.label_, s._.newsroom_via) for s in doc.spans[MENTION_SPANS]]
    assert mentions[0] == ("Kenyan", "Kenya", "country", "demonym")
    assert ("Nairobi", "Kenya", "country", "capital") in mentions
    assert [s.id_ for s in doc.spans[ENTITY_SPANS]] == ["Kenya"]
    index, plain = read_entity_index(doc), find_entities(doc)
    assert (index.entities, index.mentions, index.surfaces) == (plain.entities, plain.mentions, plain.surfaces)
    assert index.about(0, 32) == ("Kenya",)


def test_component_settings_live_in_the_config(nlp):
    from claims.extraction.components import ENTITIES_COMPONENT, QUOTE_MARKS_COMPONENT, QUOTE_SPANS, TURNS_COMPONENT

    assert nlp.pipe_names[-3:] == [QUOTE_MARKS_COMPONENT, TURNS_COMPONENT, ENTITIES_COMPONENT]
    assert nlp.config["components"][QUOTE_MARKS_COMPONENT]["single_marks"] is True
    assert nlp.config["components"][QUOTE_MARKS_COMPONENT]["spans_key"] == QUOTE_SPANS


def test_docs_with_component_spans_cross_processes(nlp):
    from spacy.tokens import Doc

    from claims.extraction.components import read_entity_index, read_quote_spans

    doc = nlp("\u201cTurkey will stay,\u201d the Turkish minister said in Ankara.")
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert read_quote_spans(again) == read_quote_spans(doc)
    assert read_entity_index(again).mentions == read_entity_index(doc).mentions
    assert read_entity_index(again).about(0, 20) == ("Turkey",)


def test_turns_component_spans_read_back_as_the_plain_function_finds_them(nlp):
    from claims.extraction.components import TURN_SPANS, read_turns
    from claims.extraction.transcripts import find_turns

    text = "HOST: Welcome back.\n\nSEN. MARA OKAFOR: We will vote no.\n\nThat is final.\n\nHOST: Thank you."
    doc = nlp(text)
    assert [s.text for s in doc.spans[TURN_SPANS]][1].startswith("We will vote no")
    turns = read_turns(doc)
    assert turns == find_turns(text)
    assert [t.label for t in turns] == [t.label for t in find_turns(text)]
    assert len(turns) == 3
