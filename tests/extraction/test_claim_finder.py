"""Claims from the learned model: whole sentences as units, labels split off, each claim credited."""

from dataclasses import replace

from claims.extraction.claim_features import article_context
from claims.extraction.claim_finder import claim_units, find_claims
from claims.extraction.claim_model import load_model
from claims.extraction.topics import find_entities
from claims.extraction.types import DIRECT, INDIRECT, ORGANISATION, PERSON, UNKNOWN, Fragment, Quote, Speaker

ORR = Speaker(name="Dana Orr", kind=PERSON, aliases=("Orr",))


def _quote(text: str, words: str, speaker: Speaker | None, kind=DIRECT, mention: str = "") -> Quote:
    start = text.index(words)
    return Quote(
        text=words, kind=kind, fragments=(Fragment(start, start + len(words)),), speaker=speaker, mention=mention
    )


def _units(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [doc.text[u.start : u.end] for u in claim_units(doc)]


def _claims(nlp, text: str, quotes=()):
    doc = nlp(text)
    return {c.text: c for c in find_claims(doc, list(quotes), find_entities(doc))}


def test_label_lines_are_split_into_their_own_units_without_the_label(nlp):
    text = (
        "Health officials in Varnel answered the rumours.\n\n"
        "Myth: Garlic cures the Dunmore virus Truth: No food prevents infection with the virus."
    )
    units = _units(nlp, text)
    assert "Garlic cures the Dunmore virus" in units
    assert "No food prevents infection with the virus." in units
    assert not any(u.startswith(("Myth", "Truth")) for u in units)


def test_a_sentence_around_a_quote_is_one_unit(nlp):
    text = 'The vaccine, Orr said, "cut hospital admissions by 40 percent" in the first year.'
    assert _units(nlp, text) == [text]


def test_the_claimant_is_the_speaker_of_the_quote_covering_most_of_the_sentence(nlp):
    text = (
        "Unemployment in Varnel fell to 4.1 percent in March, the lowest figure in a decade. "
        '"Wages in Varnel rose by 12 percent last year because of the new port," Orr said.'
    )
    quote = _quote(text, "Wages in Varnel rose by 12 percent last year because of the new port,", ORR)
    claims = _claims(nlp, text, [quote])
    wages = next(c for t, c in claims.items() if t.startswith("Wages"))
    assert wages.by == ORR and wages.quote_index == 0
    outlet = next(c for t, c in claims.items() if t.startswith("Unemployment"))
    assert outlet.by is None and outlet.quote_index is None


def test_the_speaker_is_carried_through_the_rest_of_their_paragraph(nlp):
    text = (
        "Orr said the new port had doubled exports from Varnel since 2019. "
        "Exports of timber alone rose by 300 percent in four years.\n\n"
        "Exports to Dunmore fell by 20 percent in the same period."
    )
    quote = _quote(text, "the new port had doubled exports from Varnel since 2019", ORR, INDIRECT)
    claims = _claims(nlp, text, [quote])
    timber = claims["Exports of timber alone rose by 300 percent in four years."]
    assert timber.by == ORR
    assert claims["Exports to Dunmore fell by 20 percent in the same period."].by is None


def test_a_source_that_says_a_short_thing_at_length_still_makes_the_claim(nlp):
    """The reported words are the shorter part of "X said Y": the claim is still X's."""
    text = "The Varnel regional health ministry said on Tuesday evening that six of the dead were children."
    ministry = Speaker(name="Varnel regional health ministry", kind=ORGANISATION)
    quote = _quote(
        text, "six of the dead were children", ministry, INDIRECT, mention="The Varnel regional health ministry"
    )
    quote = replace(quote, cue="said")
    (claim,) = _claims(nlp, text, [quote]).values()
    assert claim.by == ministry and claim.quote_index == 0


def test_a_short_report_inside_the_outlets_own_sentence_leaves_it_the_outlets(nlp):
    """The main verb is not the quote's cue: the sentence is the outlet's, whoever it names."""
    text = "Exports from Varnel fell by 20 percent in 2019, with Orr calling for new tariffs on timber."
    quote = replace(_quote(text, "for new tariffs on timber", ORR, INDIRECT, mention="Orr"), cue="calling")
    claims = _claims(nlp, text, [quote])
    assert claims and all(c.by is None for c in claims.values())


def test_an_unnamed_source_keeps_its_claim_with_its_mention(nlp):
    text = "The scientists said that garlic does not protect against the Dunmore virus in any dose."
    scientists = Speaker(name=None, kind=UNKNOWN, aliases=("The scientists",))
    quote = _quote(
        text,
        "garlic does not protect against the Dunmore virus in any dose",
        scientists,
        INDIRECT,
        mention="The scientists",
    )
    (claim,) = _claims(nlp, text, [quote]).values()
    assert claim.by == scientists and claim.mention == "The scientists"


def test_claims_carry_the_models_probability_and_kind(nlp):
    text = (
        "Unemployment in Varnel fell to 4.1 percent in March. The new law bans smoking in public parks. "
        "Thank you all for coming tonight."
    )
    model = load_model()
    doc = nlp(text)
    context = article_context(doc)
    claims = _claims(nlp, text)
    for sent in doc.sents:
        verdict = model.assess(sent, context)
        assert (sent.text.strip() in claims) == verdict.stored
        if verdict.stored:
            assert claims[sent.text.strip()].checkworthiness == round(verdict.probability, 3)
    assert claims["Unemployment in Varnel fell to 4.1 percent in March."].kind == "quantity"
    assert "Thank you all for coming tonight." not in claims
    assert all("h:" not in name for c in claims.values() for name in c.features)


def test_a_sentence_is_kept_when_it_is_a_claim_or_check_worthy_each_at_its_cross_validated_threshold(nlp):
    import json

    model = load_model()
    data = json.loads(model_file().read_text(encoding="utf-8"))
    assert model.threshold == data["training"]["cross_validation"]["threshold"]
    assert model.claim_threshold == data["claim"]["cross_validation"]["threshold"]
    doc = nlp("Garlic cures the virus, the post claimed. Does garlic cure the virus? Thank you all for coming.")
    context = article_context(doc)
    verdicts = [model.assess(sent, context) for sent in doc.sents]
    for v in verdicts:
        assert v.stored == (v.probability >= model.threshold or v.claim_probability >= model.claim_threshold)
    assert verdicts[0].stored and not verdicts[2].stored


def model_file():
    from claims.extraction.claim_model import MODEL_FILE

    return MODEL_FILE


def test_claim_spreading_wording_credits_its_source(nlp):
    from claims.extraction.claim_sources import spread_source

    cases = {
        "A group of local activists promoted the idea that garlic cures the virus.": "A group of local activists",
        "Claims by the Varnel ministry that the water is safe were rejected by residents.": "the Varnel ministry",
        "As the Orr report points out, exports fell by 20 percent in 2019.": "the Orr report",
        "A flier saying the vaccine contains microchips was handed out in Varnel.": "A flier",
    }
    for text, source in cases.items():
        found = spread_source(nlp(text)[:])
        assert found is not None and found.text == source, text
    assert spread_source(nlp("The mayor of Varnel opened a new library on Tuesday.")[:]) is None
    assert spread_source(nlp("He spread the rumour that the dam would burst.")[:]) is None  # a pronoun is no source


def test_a_spread_claim_is_its_sources_not_the_outlets(nlp):
    text = "A group of local activists promoted the idea that garlic cures the Dunmore virus."
    (claim,) = _claims(nlp, text).values()
    assert claim.by is not None and claim.by.name is None and claim.mention == "A group of local activists"


def test_a_label_word_is_never_a_claimant(nlp):
    text = "Truth: No food prevents infection with the Dunmore virus, and garlic does not cure it."
    label = Speaker(name="Truth", kind=UNKNOWN)
    quote = _quote(text, "No food prevents infection with the Dunmore virus, and garlic does not cure it.", label)
    claims = _claims(nlp, text, [quote])
    assert claims and all(c.by is None and c.quote_index is None for c in claims.values())


def test_hearsay_with_no_reporter_is_credited_to_reports(nlp):
    from claims.extraction.claim_sources import hearsay

    assert hearsay(nlp("It was reported that six people died in the fire at the Varnel plant.")[:])
    assert hearsay(nlp("The Varnel mayor is said to have resigned on Monday.")[:])
    assert not hearsay(nlp("No deaths were reported at the Varnel plant.")[:])  # an event, no reported clause
    assert not hearsay(nlp("It was reported by the Varnel Post that six people died.")[:])  # a named reporter
    text = "It was reported that six people died in the fire at the Varnel plant on Monday."
    (claim,) = _claims(nlp, text).values()
    assert claim.by is not None and claim.by.name is None and claim.mention == "reports"


def test_the_sentences_after_a_source_stay_with_it_to_the_end_of_the_paragraph(nlp):
    text = (
        "A group of local activists promoted the idea that garlic cures the Dunmore virus. "
        "Infections fell by 40 percent among people who ate garlic daily.\n\n"
        "Infections in Dunmore fell by 20 percent in the same period."
    )
    claims = _claims(nlp, text)
    follow = claims["Infections fell by 40 percent among people who ate garlic daily."]
    assert follow.mention == "A group of local activists"
    assert claims["Infections in Dunmore fell by 20 percent in the same period."].by is None
