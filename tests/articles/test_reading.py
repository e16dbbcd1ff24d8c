"""Reading article files: decoding, page furniture, captions, headers, outlets and HTML (no Django)."""

import dataclasses
import datetime
import json
import random
import re
from pathlib import Path

import pytest

from articles.reading import (
    BINARY_FILE,
    DEFAULT_MAX_BYTES,
    EMPTY_FILE,
    NO_ARTICLE_TEXT,
    ArticleDraft,
    ReadingError,
    decode,
    fold_spaces,
    outlet_for_domain,
    parse_date,
    read_article,
    read_html,
    read_text,
)

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_01d692dc91377d95.txt"
GOLD = REPO / "tests" / "gold" / "000_01d692dc91377d95.gold.json"
TEXT_CASES = sorted(path.stem for path in FIXTURES.glob("*.txt"))


def _fold(text: str) -> str:
    """Fold white space and quote characters, as the gold file's comparisons do."""
    text = re.sub(r"[“”„″]", '"', text)
    text = re.sub(r"[‘’‚′]", "'", text)
    return fold_spaces(text)


# ---------------------------------------------------------------------------------------------------
# Golden pages written in the style of scraped news sites
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", TEXT_CASES)
def test_it_reads_each_fixture_page_as_expected(case):
    """Each fixture page gives the header, captions, credits, outlet and body its .expected.json lists."""
    path = FIXTURES / f"{case}.txt"
    expected = json.loads((FIXTURES / f"{case}.expected.json").read_text(encoding="utf-8"))
    draft = read_article(path.read_bytes(), name=path.name)

    for field in ("kicker", "headline", "standfirst", "outlet", "outlet_domain", "author"):
        assert getattr(draft, field) == expected[field], field
    for field in ("captions", "credits", "crossheads"):
        assert list(getattr(draft, field)) == expected[field], field
    if "url" in expected:
        assert draft.url == expected["url"]
    published = expected["published"]
    assert draft.published == (datetime.date.fromisoformat(published) if published else None)
    assert len(draft.paragraphs) == expected["paragraph_count"], draft.paragraphs
    assert draft.paragraphs[0] == expected["first_paragraph"]
    assert draft.paragraphs[-1] == expected["last_paragraph"]
    for text in expected["in_body"]:
        assert text in draft.paragraphs
    for text in expected["not_in_body"]:
        assert text not in draft.body, text


@pytest.mark.parametrize("case", TEXT_CASES)
def test_captions_and_crossheads_never_reach_the_body(case):
    """Whatever is a caption or a crosshead is absent from every body paragraph."""
    path = FIXTURES / f"{case}.txt"
    draft = read_article(path.read_bytes(), name=path.name)
    for item in (*draft.captions, *draft.credits, *draft.crossheads):
        assert all(item not in paragraph for paragraph in draft.paragraphs), item


# ---------------------------------------------------------------------------------------------------
# The seed, against the hand-made answer key
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_draft():
    return read_article(SEED.read_bytes(), name=SEED.name)


def test_the_seed_matches_the_gold_article(seed_draft):
    """The seed's kicker, headline, standfirst, crossheads and captions are those of the gold file."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["article"]
    assert _fold(seed_draft.kicker) == _fold(gold["kicker"])
    assert _fold(seed_draft.headline) == _fold(gold["headline"])
    assert _fold(seed_draft.standfirst) == _fold(gold["standfirst"])
    assert [_fold(c) for c in seed_draft.crossheads] == [_fold(c) for c in gold["crossheads"]]
    assert [_fold(c) for c in seed_draft.captions] == [_fold(c) for c in gold["captions"]]
    assert seed_draft.outlet == gold["outlet"]
    for text in gold["not_body"]:
        assert _fold(text) not in _fold(seed_draft.body), text


def test_the_seed_keeps_its_quotes_over_paragraphs_intact(seed_draft):
    """A quote that runs over two paragraphs stays as two whole paragraphs, in order."""
    paragraphs = list(seed_draft.paragraphs)
    opening = next(i for i, p in enumerate(paragraphs) if p.startswith("The Minister said:"))
    assert paragraphs[opening].endswith("up to this point.")
    assert paragraphs[opening + 1].startswith('"But the results we got')
    assert seed_draft.outlet_domain == "the-sun.co.uk"
    assert seed_draft.credits == ("Getty Images",)
    assert "\u00a0" not in seed_draft.body and "  " not in seed_draft.body
    assert seed_draft.paragraphs[-1].startswith("The statement said:")


# ---------------------------------------------------------------------------------------------------
# Plain-text rules, one at a time
# ---------------------------------------------------------------------------------------------------


def test_paragraphs_split_on_single_newlines_too():
    """Every non-empty body line is a paragraph, blank line or not."""
    draft = read_text("A headline of some length\n\nOne paragraph here.\nTwo paragraph here.\n\nThree here.")
    assert draft.paragraphs == ("One paragraph here.", "Two paragraph here.", "Three here.")
    assert draft.body == "One paragraph here.\n\nTwo paragraph here.\n\nThree here."


def test_it_folds_odd_white_space():
    """No-break, zero-width, tab and repeated spaces become single spaces; ends are stripped."""
    draft = read_text("Mayor opens the new\u00a0bridge\n\n  The\u00a0mayor\tsaid  it was\u200b a  good day.  \n")
    assert draft.headline == "Mayor opens the new bridge"
    assert draft.paragraphs == ("The mayor said it was a good day.",)


def test_a_page_that_starts_with_a_paragraph_has_no_headline():
    """A first line that is a whole sentence is body text, not a headline."""
    draft = read_text("The council met on Monday to discuss the budget.\n\nIt agreed to raise fees.")
    assert (draft.kicker, draft.headline, draft.standfirst) == ("", "", "")
    assert len(draft.paragraphs) == 2


def test_an_all_caps_line_before_the_headline_is_the_kicker():
    """A short all-caps line over a headline is a kicker; without it the headline comes first."""
    with_kicker = read_text(
        "SHOCK RESULT\nUnderdogs knock champions out of the cup\nFans stunned\nThe match ended 2-1."
    )
    without = read_text("Underdogs knock champions out of the cup\nFans stunned\nThe match ended 2-1.")
    assert (with_kicker.kicker, with_kicker.headline, with_kicker.standfirst) == (
        "SHOCK RESULT",
        "Underdogs knock champions out of the cup",
        "Fans stunned",
    )
    assert (without.kicker, without.headline, without.standfirst) == (
        "",
        "Underdogs knock champions out of the cup",
        "Fans stunned",
    )


def test_a_quoted_call_us_is_speech_not_a_tip_line():
    """Lines with contact words inside quotation marks stay in the body."""
    text = (
        "Police appeal after warehouse fire\n\n"
        "A fire destroyed a warehouse on Friday.\n\n"
        '"If you saw anything, call us on 101," Inspector Ray Bell said.\n\n'
        "The cause is not yet known.\n\n"
        "Got a story? Email us at news@example-gazette.com or call 01632 960 123\n"
    )
    draft = read_text(text)
    assert '"If you saw anything, call us on 101," Inspector Ray Bell said.' in draft.paragraphs
    assert "Got a story" not in draft.body
    assert draft.outlet_domain == "example-gazette.com"


def test_an_address_inside_the_story_does_not_name_the_outlet():
    """Only the page's own furniture says who published it, never an address quoted in the story."""
    draft = read_text(
        "Charity launches winter appeal\n\n"
        "Donations can be sent to appeal@warmhomes.org.uk until January.\n\n"
        "The charity helped 4,000 families last year."
    )
    assert (draft.outlet, draft.outlet_domain) == ("", "")
    assert "appeal@warmhomes.org.uk" in draft.body


def test_a_related_links_box_inside_the_story_is_dropped_and_the_story_goes_on():
    """Links after a 'Related articles' heading go; the next full sentence is body again."""
    draft = read_text(
        "Zoo welcomes twin panda cubs\n\n"
        "Two panda cubs were born at the zoo on Sunday.\n"
        "Related articles\n"
        "Zoo's oldest elephant dies aged 58\n"
        "Keepers hand-rear orphaned otters\n"
        "The cubs are said to be healthy.\n"
        "Topics\n"
        "Zoos\n"
        "Pandas\n"
    )
    assert draft.paragraphs == (
        "Two panda cubs were born at the zoo on Sunday.",
        "The cubs are said to be healthy.",
    )


def test_a_self_named_outlet_without_a_known_domain_is_named_from_the_text():
    """A footer naming the news team gives the outlet's name, ' Online' stripped."""
    draft = read_text(
        "Bakery wins national award\n\n"
        "A family bakery has won a national award for its sourdough.\n\n"
        "Do you have a story for the Northbridge Echo Online news team? Email us at desk@nbecho.example\n"
    )
    assert draft.outlet == "The Northbridge Echo"
    assert draft.outlet_domain == "nbecho.example"


def test_a_copyright_line_names_a_known_outlet():
    """'© 2024 The Guardian' names the outlet and its domain from the table."""
    draft = read_text("Rail strike called off\n\nThe union accepted the offer on Monday.\n\n© 2024 The Guardian\n")
    assert (draft.outlet, draft.outlet_domain) == ("The Guardian", "theguardian.com")
    assert "©" not in draft.body


def test_sentences_that_start_like_furniture_stay_in_the_body():
    """Body sentences that begin like a byline, a sign-up box or a copyright line are still body."""
    draft = read_text(
        "Leader quits after election defeat\n"
        "The party leader resigned on Friday after losing 40 seats.\n"
        "WHAT HAPPENS NEXT?\n"
        "A contest will be held over the summer.\n"
        "Copyright lawyers were not involved in the decision.\n"
        "Sign up for the leadership race closes in June.\n"
        "By the time the results came in, he had already left.\n"
        "Pictures: the count was filmed by voters and shared online.\n"
        'He said: "I take full responsibility."\n'
    )
    assert draft.crossheads == ("WHAT HAPPENS NEXT?",)
    assert draft.captions == () and draft.author == ""
    assert draft.paragraphs == (
        "The party leader resigned on Friday after losing 40 seats.",
        "A contest will be held over the summer.",
        "Copyright lawyers were not involved in the decision.",
        "Sign up for the leadership race closes in June.",
        "By the time the results came in, he had already left.",
        "Pictures: the count was filmed by voters and shared online.",
        'He said: "I take full responsibility."',
    )


def test_menu_lines_above_the_headline_are_not_a_kicker():
    """A run of short menu items, even an all-caps 'US', is navigation; a lone caps line is a kicker."""
    menu = read_text("World\nEurope\nUS\nTalks collapse as deadline passes\nThe talks ended on Monday.\nMore.")
    assert (menu.kicker, menu.headline) == ("", "Talks collapse as deadline passes")
    tabloid = read_text("News\nPolitics\nEXCLUSIVE\nTalks collapse as deadline passes\nThe talks ended.\nMore.")
    assert (tabloid.kicker, tabloid.headline) == ("EXCLUSIVE", "Talks collapse as deadline passes")


def test_a_page_of_furniture_only_has_no_article_text():
    """A page with nothing but site furniture is refused with a clear reason."""
    with pytest.raises(ReadingError, match=f"^{NO_ARTICLE_TEXT}$"):
        read_text("Skip to main content\nShare\nFacebook\nSign up to our newsletter\nTopics\nWorld\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 March 2024", datetime.date(2024, 3, 12)),
        ("Published: 22:01 BST, 3rd March 2024", datetime.date(2024, 3, 3)),
        ("Mar 12, 2024", datetime.date(2024, 3, 12)),
        ("2024-03-12T18:04:11Z", datetime.date(2024, 3, 12)),
        ("31 February 2024", None),
        ("no date here", None),
        ("", None),
    ],
)
def test_parse_date_reads_common_news_dates(text, expected):
    """Dates come in the usual newspaper spellings; impossible dates give None."""
    assert parse_date(text) == expected


def test_outlet_for_domain_knows_subdomains():
    """A news subdomain or www. still finds the outlet."""
    assert outlet_for_domain("www.news.bbc.co.uk") == ("BBC News", "bbc.co.uk")
    assert outlet_for_domain("edition.cnn.com") == ("CNN", "cnn.com")
    assert outlet_for_domain("example.org") == ("", "")


def test_article_draft_is_frozen():
    """A draft cannot be changed after reading."""
    draft = ArticleDraft(paragraphs=("One.", "Two."))
    assert draft.body == "One.\n\nTwo."
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.headline = "x"  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html_draft():
    path = FIXTURES / "guardian_style.html"
    return read_article(path.read_bytes(), name=path.name)


def test_html_gives_metadata_from_the_page(html_draft):
    """Headline, standfirst, author, date, URL and outlet come from the page's metadata."""
    assert html_draft.headline == "Council votes to close libraries after budget shortfall"
    assert html_draft.standfirst == (
        "Campaigners say the decision will leave thousands of children without a place to study"
    )
    assert html_draft.author == "Hannah Lowell"
    assert html_draft.published == datetime.date(2024, 3, 12)
    assert html_draft.url == "https://www.theguardian.com/uk-news/2024/mar/12/council-votes-to-close-libraries"
    assert (html_draft.outlet, html_draft.outlet_domain) == ("The Guardian", "theguardian.com")


def test_html_keeps_body_captions_and_crossheads_apart(html_draft):
    """Paragraphs are the story; the figcaption and the sub-heading are kept apart; no furniture."""
    assert len(html_draft.paragraphs) == 6
    assert html_draft.paragraphs[0].startswith("A town council has voted to close seven")
    assert html_draft.crossheads == ("Petition with 12,000 names",)
    assert html_draft.captions == ("Readers at Eastbrook central library, one of seven branches due to close.",)
    assert html_draft.credits == ("Tom Keane/PA",)
    for junk in (
        "Skip to",
        "cookies",
        "Opinion",
        "Related stories",
        "Libraries face",
        "Share",
        "newsletter",
        "©",
    ):
        assert junk not in html_draft.body, junk
    assert html_draft.text.startswith("<!DOCTYPE html>")


def test_html_tabloid_page_gives_kicker_standfirst_crosshead_and_drops_the_tip_line():
    """A tabloid template's kicker, standfirst, bold crosshead and credited figure are read apart."""
    path = FIXTURES / "sun_style_dog.html"
    draft = read_article(path.read_bytes(), name=path.name)
    assert draft.kicker == "PUP HERO"
    assert draft.headline == "Dog saves owner from burning house by barking until neighbours came"
    assert draft.standfirst == "Labrador Max raised the alarm as smoke filled the kitchen"
    assert draft.crossheads == ("BRAVE BOY: Max is given a medal by the fire service",)
    assert draft.captions == ("Max the labrador with owner Jill Price at home in Kent",)
    assert draft.credits == ("Kennedy News",)
    assert (draft.outlet, draft.outlet_domain) == ("The Sun", "thesun.co.uk")
    assert draft.published == datetime.date(2023, 11, 2)
    assert draft.paragraphs[2:4] == (
        'She said: "He is my hero. I would not be here without him.',
        '"He just kept barking and barking until the whole street was awake."',
    )
    for junk in ("Jump directly", "We pay for your stories", "tips@", "WhatsApp", "PUP HERO", "Credit"):
        assert junk not in draft.body, junk


def test_html_is_recognised_whatever_the_file_name():
    """An HTML page saved as .txt is still read as HTML."""
    data = (FIXTURES / "guardian_style.html").read_bytes()
    draft = read_article(data, name="saved-page.txt")
    assert draft.headline == "Council votes to close libraries after budget shortfall"
    assert "<p>" not in draft.body


def test_html_without_an_article_is_refused():
    """A page with no story in it gives 'no article text found'."""
    with pytest.raises(ReadingError, match=f"^{NO_ARTICLE_TEXT}$"):
        read_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")


# ---------------------------------------------------------------------------------------------------
# Encodings and refusals
# ---------------------------------------------------------------------------------------------------

STORY = "Headline about the café\n\nThe mayor said it was “a good day” for Zürich’s ferry.\n"


def test_utf8_with_a_bom_loses_the_bom():
    """A UTF-8 byte order mark is not part of the text."""
    text = decode(b"\xef\xbb\xbf" + STORY.encode("utf-8"))
    assert text == STORY


def test_windows_1252_curly_quotes_decode_to_curly_quotes():
    """0x93/0x94 in a Windows-1252 file are curly quotation marks."""
    data = "He said \u201cwe will not leave\u201d \u2013 and it\u2019s final.\n".encode("cp1252")
    assert b"\x93" in data
    assert decode(data) == "He said \u201cwe will not leave\u201d \u2013 and it\u2019s final.\n"


def test_a_very_short_windows_1252_file_still_decodes():
    """Too short for detection, a Windows-1252 file falls back to Windows-1252."""
    assert decode("\u201cNo\u201d".encode("cp1252")) == "\u201cNo\u201d"


def test_latin_1_accents_decode():
    """A Latin-1 file with é and ü reads as those letters."""
    text = "M\u00fcller visited the caf\u00e9 in Z\u00fcrich on Friday. The r\u00e9sum\u00e9 was sent.\n"
    assert decode(text.encode("latin-1")) == text


def test_utf16_with_a_bom_decodes():
    """Windows 'Unicode' files (UTF-16 with a byte order mark) are text, not binary."""
    assert decode(STORY.encode("utf-16")) == STORY


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_files_are_refused(data):
    """Empty or blank files give 'empty file'."""
    with pytest.raises(ReadingError, match=f"^{EMPTY_FILE}$"):
        decode(data)


@pytest.mark.parametrize(
    "data",
    [
        random.Random(0).randbytes(4096),
        bytes(b for b in random.Random(1).randbytes(4096) if b),  # no NUL bytes to give it away
        b"Some text\x00with a NUL byte in it",
        b"%PDF-1.4\n" + bytes(range(1, 32)) * 20,
    ],
    ids=["random", "random-without-nul", "nul", "control-characters"],
)
def test_binary_files_are_refused(data):
    """Binary content gives 'binary file, not text'."""
    with pytest.raises(ReadingError, match=f"^{BINARY_FILE}$"):
        decode(data)


def test_files_over_the_limit_are_refused_with_size_and_limit():
    """A file over the size limit says how big it is and what the limit is."""
    data = b"a" * int(6.2 * 1024 * 1024)
    with pytest.raises(ReadingError) as error:
        read_article(data, name="big.txt")
    assert str(error.value) == "file is 6.2 MB, over the 5 MB limit"
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024


def test_a_smaller_limit_can_be_given():
    """max_bytes sets the limit; small sizes read in KB or bytes."""
    with pytest.raises(ReadingError, match=r"^file is 2 KB, over the 1000 bytes limit$"):
        read_article(b"x" * 2048, name="a.txt", max_bytes=1000)


def test_reading_errors_are_value_errors_with_one_line():
    """Callers may catch ValueError; the reason fits on one line."""
    with pytest.raises(ValueError) as error:
        read_article(b"", name="empty.txt")
    assert "\n" not in str(error.value)


def test_read_article_keeps_the_decoded_text():
    """The draft keeps the decoded text as read, for storage."""
    data = b"\xef\xbb\xbf" + STORY.encode("utf-8")
    draft = read_article(data, name="story.txt")
    assert draft.text == STORY
    assert draft.headline == "Headline about the café"
    assert draft.paragraphs == ("The mayor said it was “a good day” for Zürich’s ferry.",)


def test_transcript_turns_are_body_not_crossheads():
    """Speaker labels that start several paragraphs are turns of an interview, questions included."""
    draft = read_text(
        "Transcript: Mayor on housing\n\n"
        "The following is an edited transcript of an interview with Mayor Dana Oak, recorded Tuesday.\n\n"
        "HOST TIM BELL: Mayor, thanks for coming in.\n\n"
        "OAK: Happy to be here.\n\n"
        "BELL: Let's start with housing. You promised 10,000 new units. What happened?\n\n"
        "OAK: Interest rates happened. That changes the math.\n\n"
        "BELL: How do you pay for that?\n\n"
        "OAK: With bonds.\n\n"
        "WHAT COMES NEXT: A vote in the spring\n\n"
        "The council votes in April.\n"
    )
    assert draft.crossheads == ("WHAT COMES NEXT: A vote in the spring",)
    assert "BELL: How do you pay for that?" in draft.paragraphs
    assert len([p for p in draft.paragraphs if p.startswith(("BELL:", "OAK:", "HOST"))]) == 6


def test_a_title_case_first_line_with_a_full_stop_is_the_headline():
    """A short title-case first line set apart by a blank line is the headline, its full stop dropped."""
    draft = read_text(
        "Councillor Brisk Vows To Reopen Fenwick Ferry Route.\n\n"
        "Councillor Ada Brisk said on Monday that the ferry would sail again by spring.\n"
        "The route closed last year."
    )
    assert draft.headline == "Councillor Brisk Vows To Reopen Fenwick Ferry Route"
    assert draft.paragraphs[0].startswith("Councillor Ada Brisk said")
    assert "Vows To Reopen" not in draft.body


def test_a_title_line_with_a_full_stop_over_a_byline_and_date_keeps_them_as_metadata():
    """A byline and a date line right under a full-stop title are metadata, not body."""
    draft = read_text(
        "Quarry Owners Fined Over Dust At Holloway Pit.\n"
        "By Piet Marwood\n"
        "14 May 2025\n"
        "The owners of the Holloway pit were fined on Tuesday.\n"
        "Residents had complained for years."
    )
    assert draft.headline == "Quarry Owners Fined Over Dust At Holloway Pit"
    assert draft.author == "Piet Marwood"
    assert draft.published == datetime.date(2025, 5, 14)
    assert draft.paragraphs == (
        "The owners of the Holloway pit were fined on Tuesday.",
        "Residents had complained for years.",
    )


def test_a_title_line_without_a_full_stop_followed_by_a_blank_line_is_the_headline():
    """A title-case first line without sentence-ending punctuation is the headline; byline and date are metadata."""
    draft = read_text(
        "Senators Rip Orla Venn Over Harbor Levy\n\nBy Cato Imrie\nMarch 4, 2025\n\n"
        "Two senators criticised the levy on Tuesday.\n\nSen. Orla Venn defended it."
    )
    assert draft.headline == "Senators Rip Orla Venn Over Harbor Levy"
    assert draft.author == "Cato Imrie"
    assert draft.paragraphs == ("Two senators criticised the levy on Tuesday.", "Sen. Orla Venn defended it.")


def test_an_ordinary_first_sentence_with_a_full_stop_stays_body():
    """A first line in sentence case that ends with a full stop is a paragraph even when a blank line follows."""
    draft = read_text("Police closed the Marrow Lane bridge on Sunday.\n\nDivers searched the river for hours.")
    assert draft.headline == ""
    assert draft.paragraphs == (
        "Police closed the Marrow Lane bridge on Sunday.",
        "Divers searched the river for hours.",
    )


def test_a_long_title_case_line_with_a_full_stop_stays_body():
    """A title-case line longer than a title is not a headline."""
    line = " ".join(["Word"] * 30) + "."
    draft = read_text(f"{line}\n\nThe second paragraph.")
    assert draft.headline == ""
    assert draft.paragraphs[0] == line


def test_a_title_case_line_with_a_full_stop_run_into_the_body_stays_body():
    """Without a blank line or a metadata line under it, a full-stop line is not taken as a title."""
    draft = read_text("Mayor Quill Opens Dunmore Bridge.\nThe crowd cheered.")
    assert draft.headline == ""
    assert draft.paragraphs == ("Mayor Quill Opens Dunmore Bridge.", "The crowd cheered.")
