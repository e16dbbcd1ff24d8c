"""Pipeline behaviour beyond the fixtures: robustness, offsets, versions, parsed-doc entry point."""

from claims.extraction import types as T
from claims.extraction.pipeline import EXTRACTOR_VERSION, extract, extract_doc, parse


def test_empty_and_markless_bodies(nlp):
    assert extract("", nlp).quotes == ()
    result = extract("The council met on Monday. Nothing was decided.", nlp)
    assert result.quotes == ()
    assert result.version == EXTRACTOR_VERSION


def test_unbalanced_marks_do_not_crash_and_keep_offsets(nlp):
    body = 'He said "no.\n\n"And again" "\n\n\u201c\u201d "" \'\' \u2019\n\nShe said: "fine'
    result = extract(body, nlp)
    assert result.quotes
    for q in result.quotes:
        for f in q.fragments:
            assert 0 <= f.start <= f.end <= len(body)
            assert body[f.start : f.end] in q.text


def test_extract_doc_matches_extract(nlp):
    body = '"We will appeal," said Ana Ruiz, the lawyer for the family.\n\nThe judge said the case was closed.'
    caption = "Ana Ruiz said the family would appeal."
    docs = parse(nlp, [body, caption])
    a = extract(body, nlp, captions=[caption])
    b = extract_doc(docs[0], caption_docs=docs[1:])
    assert [(q.text, q.kind, q.speaker) for q in a.quotes] == [(q.text, q.kind, q.speaker) for q in b.quotes]
    assert any(q.fragments[0].field == T.CAPTION for q in a.quotes)


def test_scare_quote_without_cue_is_not_a_quote(nlp):
    body = 'The so-called "Gang of Six" met again on Tuesday to discuss the budget.'
    assert extract(body, nlp).quotes == ()


def test_continuation_paragraph_keeps_previous_speaker(nlp):
    body = (
        '"We are not going anywhere," Mayor Lena Fox said on Monday.\n\n'
        '"This city has been through worse and it will get through this too."'
    )
    result = extract(body, nlp)
    assert [q.speaker.name for q in result.quotes if q.kind == T.DIRECT] == ["Lena Fox", "Lena Fox"]
    assert result.quotes[1].confidence < result.quotes[0].confidence


def test_speakers_merge_name_variants(nlp):
    body = (
        "Governor Sam Okafor said the bridge would reopen in May.\n\n"
        '"We are on schedule," Mr. Okafor told reporters.\n\n'
        '"Okafor is wrong," said Rita Vance, a state engineer.'
    )
    result = extract(body, nlp)
    names = [s.name for s in result.speakers]
    assert names.count("Sam Okafor") == 1
    okafor = next(s for s in result.speakers if s.name == "Sam Okafor")
    assert "Mr. Okafor" in okafor.aliases and okafor.role == "Governor"
    assert "Okafor" not in names


def test_a_demonym_names_the_same_country_in_an_affiliation_and_in_the_topics(nlp):
    result = extract('"We will act," said British Foreign Secretary Maren Oduya.\n\nThe British cabinet met.', nlp)
    (quote,) = result.quotes
    assert quote.speaker.name == "Maren Oduya"
    assert quote.speaker.affiliation == "United Kingdom"
    assert "United Kingdom" in {e.name for e in result.entities}


def test_a_demonym_names_the_country_by_the_name_news_uses(nlp):
    body = '"We are ready," said Turkish Trade Minister Selin Aydemir.\n\nTurkish officials met on Monday.'
    (quote,) = extract(body, nlp).quotes
    assert quote.speaker.affiliation == "Turkey"  # the country table's name, not the ISO name
