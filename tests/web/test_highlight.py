"""Marking quotes in text, and the per-month timeline: plain functions, no database."""

from datetime import date

from django.utils.safestring import SafeString

from claims.charts import fill_months, timeline_svg
from claims.highlight import Span, highlight, highlight_paragraphs, paragraph_bounds


def test_a_span_becomes_a_mark_with_the_speakers_name_linking_to_their_page():
    html = highlight('She said "we win" today', [Span(10, 16, "sp-2", "Nia Rudd", "/speakers/nia-rudd/")])
    assert isinstance(html, SafeString)
    assert html == (
        'She said &quot;<mark class="quote sp-2"><a class="who" href="/speakers/nia-rudd/">Nia Rudd</a> we win</mark>'
        "&quot; today"
    )


def test_a_label_without_a_page_is_plain_text():
    assert highlight("abc", [Span(0, 3, "sp-none", "The spokesman")]) == (
        '<mark class="quote sp-none"><span class="who">The spokesman</span> abc</mark>'
    )


def test_html_in_the_text_labels_and_links_is_escaped():
    text = '<script>alert(1)</script> and <img src=x onerror="go()">'
    html = highlight(text, [Span(0, 25, "sp-0", "<b>Eve</b>", '/x/"><script>')])
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html
    assert 'href="/x/&quot;&gt;&lt;script&gt;"' in html
    assert html.endswith("and &lt;img src=x onerror=&quot;go()&quot;&gt;")


def test_adjacent_spans_are_two_marks_with_nothing_between():
    html = highlight("aaabbb", [Span(3, 6, "sp-1"), Span(0, 3, "sp-0")])
    assert html == '<mark class="quote sp-0">aaa</mark><mark class="quote sp-1">bbb</mark>'


def test_overlapping_spans_the_earlier_wins_and_the_later_is_marked_from_where_it_ends():
    html = highlight("0123456789", [Span(2, 6, "sp-0"), Span(4, 9, "sp-1")])
    assert html == '01<mark class="quote sp-0">2345</mark><mark class="quote sp-1">678</mark>9'


def test_a_span_inside_another_is_dropped_and_a_tie_goes_to_the_longer():
    assert highlight("0123456789", [Span(3, 5, "in"), Span(1, 8, "out")]) == (
        '0<mark class="quote out">1234567</mark>89'
    )
    assert highlight("0123456789", [Span(1, 3, "short"), Span(1, 6, "long")]) == (
        '0<mark class="quote long">12345</mark>6789'
    )


def test_spans_out_of_range_are_clamped_and_empty_ones_dropped():
    assert highlight("hello", [Span(-4, 2, "a"), Span(3, 99, "b")]) == (
        '<mark class="quote a">he</mark>l<mark class="quote b">lo</mark>'
    )
    assert highlight("hello", [Span(7, 9, "a"), Span(3, 3, "b"), Span(4, 2, "c")]) == "hello"
    assert highlight("", [Span(0, 5, "a")]) == ""


def test_no_spans_is_the_escaped_text():
    assert highlight("a & b", []) == "a &amp; b"


def test_paragraph_bounds_skip_blank_paragraphs_and_keep_offsets():
    body = "one two\n\nthree\n\n\n\nfour"
    assert [body[s:e] for s, e in paragraph_bounds(body)] == ["one two", "three", "four"]
    assert paragraph_bounds("") == []


def test_a_quote_over_two_paragraphs_is_marked_in_each_with_its_speaker():
    body = 'He said: "First part.\n\n"Second part." Then more.'
    start, end = body.index("First"), body.index(" Then") - 1
    paragraphs = highlight_paragraphs(body, [Span(start, end, "sp-3", "Rafe Oduya")])
    assert paragraphs == [
        'He said: &quot;<mark class="quote sp-3"><span class="who">Rafe Oduya</span> First part.</mark>',
        '<mark class="quote sp-3"><span class="who">Rafe Oduya</span> &quot;Second part.</mark>&quot; Then more.',
    ]


def test_paragraph_marking_matches_marking_each_paragraph_with_every_span_it_touches():
    import random

    rng = random.Random(3)
    body = "\n\n".join(" ".join("word" for _ in range(rng.randint(3, 30))) for _ in range(40))
    spans = []
    for n in range(300):
        start = rng.randrange(-5, len(body))
        length = rng.randint(0, 400) if n % 20 == 0 else rng.randint(0, 30)  # a few run over paragraphs
        spans.append(Span(start, start + length, f"sp-{n % 8}", f"Speaker {n}"))
    expected = [
        highlight(
            body[start:end],
            [Span(s.start - start, s.end - start, s.css, s.label) for s in spans if s.start < end and start < s.end],
        )
        for start, end in paragraph_bounds(body)
    ]
    assert highlight_paragraphs(body, spans) == expected
    assert sum(p.count("<mark") for p in expected) > 100


def test_months_are_filled_between_the_first_and_the_last():
    months = fill_months([(date(2023, 11, 20), 2), (date(2024, 2, 3), 1), (date(2023, 11, 2), 1)])
    assert months == [(date(2023, 11, 1), 3), (date(2023, 12, 1), 0), (date(2024, 1, 1), 0), (date(2024, 2, 1), 1)]
    assert fill_months([]) == []


def test_the_timeline_is_an_svg_with_one_titled_bar_per_month_and_no_style_attributes():
    svg = timeline_svg([(date(2024, 1, 5), 4), (date(2024, 3, 9), 2)], what="Quotes by <Nia>")
    assert svg.startswith('<svg class="timeline" role="img" aria-label="Quotes by &lt;Nia&gt;: 6 in 3 months')
    assert svg.count("<rect") == 3
    assert "<title>January 2024: 4</title>" in svg and "<title>February 2024: 0</title>" in svg
    assert "style=" not in svg and "<script" not in svg
    heights = [int(h) for h in __import__("re").findall(r'<rect class="bar" [^>]*height="(\d+)"', svg)]
    assert heights[0] > heights[2] > heights[1] == 0


def test_a_long_history_keeps_its_latest_months_and_no_quotes_draws_nothing():
    counts = [(date(2000 + y, m, 1), 1) for y in range(15) for m in (1, 7)]
    months = fill_months(counts)
    assert len(months) == 120 and months[-1][0] == date(2014, 7, 1)
    assert timeline_svg([]) == ""


def test_a_paragraph_with_one_quote_inside_is_marked_as_by_highlight():
    body = "First words here.\n\nShe said we win today.\n\nLast one."
    start = body.index("we win")
    spans = [Span(start, start + 6, "sp-1", "Nia <Rudd>", "/speakers/nia-rudd/"), Span(start, start, "sp-2", "Empty")]
    for given in (spans[:1], spans[1:]):
        expected = [highlight(body[a:b], [Span(s.start - a, s.end - a, *s[2:]) for s in given]) for a, b in
                    paragraph_bounds(body)]  # fmt: skip
        assert highlight_paragraphs(body, given) == expected
    assert "Nia &lt;Rudd&gt;</a> we win</mark> today." in highlight_paragraphs(body, spans[:1])[1]
    assert "<mark" not in "".join(highlight_paragraphs(body, spans[1:]))
