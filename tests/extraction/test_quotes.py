"""The quote-span finder and transcript turns: plain text in, offsets out, no spaCy."""

import random

from claims.extraction.marks import find_quote_spans, group_quotes
from claims.extraction.text import paragraphs
from claims.extraction.transcripts import find_turns


def texts(text):
    return [[text[s.start : s.end] for s in g] for g in group_quotes(find_quote_spans(text))]


def test_paragraph_offsets_skip_blank_lines():
    text = "One.\n\n  Two.  \n\n\nThree."
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two.", "Three."]


def test_straight_and_curly_marks():
    text = 'She said "we won" and \u201cwe will win again\u201d today.'
    assert texts(text) == [["we won"], ["we will win again"]]


def test_offsets_are_exact_and_exclude_marks():
    text = 'A "b c" d'
    (span,) = find_quote_spans(text)
    assert (span.start, span.end, span.outer_start, span.outer_end) == (3, 6, 2, 7)


def test_multi_paragraph_quote_is_one_group():
    text = 'He said: "First part.\n\n"Second part.\n\n"Third part."\n\nNarration.'
    assert texts(text) == [["First part.", "Second part.", "Third part."]]


def test_open_quote_not_continued_closes_at_paragraph_end():
    text = 'He said "it was wrong.\n\nThen he left. "Bye," he said.'
    groups = group_quotes(find_quote_spans(text))
    assert [[text[s.start : s.end] for s in g] for g in groups] == [["it was wrong."], ["Bye,"]]
    assert groups[0][0].closed is False


def test_odd_marks_never_raise():
    rng = random.Random(7)
    alphabet = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "''", " ", "a", "\n\n", ".", ","]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for s in find_quote_spans(text):
            assert 0 <= s.start <= s.end <= len(text)


def test_double_single_quote_marks():
    text = "''We have never seen this,'' she said. ''Never.''"
    assert texts(text) == [["We have never seen this,"], ["Never."]]


def test_single_quotes_in_headline_but_not_apostrophes():
    text = "Senator Calls Plan A 'Total Disaster' As Owners' Offer Stalls"
    assert texts(text) == [["Total Disaster"]]


def test_apostrophes_are_not_quotes():
    text = "Canada's leaders don't like the '90s music the players' union chose, rock 'n' roll."
    assert texts(text) == []


def test_single_quotes_nested_in_double_are_part_of_the_quote():
    text = "\"He called it 'a sham' yesterday,\" she said."
    assert texts(text) == [["He called it 'a sham' yesterday,"]]


def test_stray_closing_mark_is_ignored():
    text = "The vote was close\u201d and nobody knew why."
    assert texts(text) == []


def test_transcript_turns():
    text = "Edited for length.\n\nQ: Why run?\n\nJANE ROE: Because it matters.\n\nROE: Really."
    turns = find_turns(text)
    assert [(t.label, text[t.start : t.end], t.interviewer) for t in turns] == [
        ("Q", "Why run?", True),
        ("JANE ROE", "Because it matters.", False),
        ("ROE", "Really.", False),
    ]


def test_a_lone_label_or_crosshead_is_not_a_transcript():
    assert find_turns("UPDATE: The vote was delayed.\n\nMore text.") == []
    assert find_turns("IT'S US OR HIM: a crosshead.\n\nNOTE: something.") == []
