"""Folding, query terms and highlighted snippets: plain functions, no database."""

from search.text import START_SEL, STOP_SEL, Terms, fold, highlight, marked_html, match_spans, parse_terms


def test_fold_drops_accents_and_case_including_letters_unicode_does_not_decompose():
    assert fold("Çavuşoğlu") == "cavusoglu"
    assert fold("Yıldıray Kılınçoğlu") == "yildiray kilincoglu"
    assert fold("Łódź Straße Ørsted") == "lodz strasse orsted"
    assert fold(None) is None


def test_query_terms_read_phrases_exclusions_and_or():
    terms = parse_terms('"Open  Door" -Ankara or Talks talks')
    assert terms == Terms(required=("open door", "talks"), excluded=("ankara",))
    assert not parse_terms("-only -exclusions")
    assert not parse_terms("  ")
    assert parse_terms("Çavuşoğlu's").required == ("cavusoglu s",)


def test_marked_html_escapes_text_and_turns_only_the_markers_into_marks():
    text = f"<script>alert(1)</script> said {START_SEL}Ortega{STOP_SEL} & co"
    assert marked_html(text) == "&lt;script&gt;alert(1)&lt;/script&gt; said <mark>Ortega</mark> &amp; co"


def test_marked_html_never_leaves_a_mark_open_or_closes_one_that_is_not_open():
    assert marked_html(f"a{STOP_SEL}b{START_SEL}c{START_SEL}d") == "ab<mark>cd</mark>"


def test_highlight_marks_words_whatever_their_accents_and_keeps_the_original_letters():
    html = highlight("Minister Çavuşoğlu met <b>Cavusoglu</b>'s aide", parse_terms("cavusoglu"))
    assert html == "Minister <mark>Çavuşoğlu</mark> met &lt;b&gt;<mark>Cavusoglu</mark>&lt;/b&gt;&#x27;s aide"


def test_highlight_cuts_a_window_around_the_first_match():
    text = "word " * 200 + "the needle is here " + "word " * 200
    html = highlight(text, parse_terms("needle"), max_chars=120)
    assert "<mark>needle</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")
    assert len(html) < 200


def test_match_spans_need_a_word_start_and_merge_overlaps():
    assert match_spans("the member and membership", parse_terms("member")) == [(4, 10), (15, 21)]
    assert match_spans("remember", parse_terms("member")) == []
    assert match_spans("open door", parse_terms('"open door" open')) == [(0, 9)]
