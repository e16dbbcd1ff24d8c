"""An organisation under its acronym: capitals the tagger reads as a word ("WHO") are an acronym only in a
sentence written in lower case."""

from claims.extraction.pipeline import extract


def speakers_of(body, nlp):
    return {q.text: (q.speaker.name if q.speaker else None) for q in extract(body, nlp).quotes}


def test_capitals_read_as_a_pronoun_are_an_organisation_in_ordinary_text(nlp):
    found = speakers_of('"We will fight this in every court," WHO said in a statement.', nlp)
    assert found == {"We will fight this in every court": "WHO"}


def test_a_sentence_in_capitals_holds_no_acronym_by_its_capitals(nlp):
    body = 'The mayor spoke on Monday.\n\n"WE WILL FIGHT THIS IN EVERY COURT," WHO SAID AT THE RALLY.'
    assert "WHO" not in speakers_of(body, nlp).values()
