"""Check-worthy claims: found sentence by sentence, scored from documented features, credited."""

from claims.extraction.checkworthiness import find_claims
from claims.extraction.features import THRESHOLD, WEIGHTS
from claims.extraction.nlp import build_nlp
from claims.extraction.topics import find_entities
from claims.extraction.types import DIRECT, INDIRECT, OUTLET, PERSON, Claim, Fragment, Quote, Speaker


def _nlp():
    """The pipeline every extraction test uses: the one ``build_nlp`` returns (cached, as the ``nlp`` fixture)."""
    return build_nlp()


def _quote(text: str, words: str, speaker: Speaker | None, kind: str = DIRECT) -> Quote:
    start = text.index(words)
    return Quote(text=words, kind=kind, fragments=(Fragment(start, start + len(words)),), speaker=speaker)


def _claims(text: str, quotes=(), **kwargs) -> tuple[Claim, ...]:
    doc = _nlp()(text)
    return find_claims(doc, list(quotes), find_entities(doc), **kwargs)


def _texts(claims) -> list[str]:
    return [c.text for c in claims]


SMITH = Speaker(name="Helen Smith", kind=PERSON, role="Professor", aliases=("Smith", "Professor Smith"))

HEALTH = (
    "A new drug has sharply reduced deaths from heart failure, researchers say.\n\n"
    "The drug cut the risk of death by 30%, according to a study of 2,000 patients published on Monday.\n\n"
    "Professor Helen Smith, who led the trial at Leeds University, was upbeat.\n\n"
    'She said: "I think this is a very exciting moment for patients. '
    "Deaths fell from 12% to 8% in two years. "
    'We hope doctors will start prescribing it soon."\n\n'
    "Will the drug be affordable?\n\n"
    "The NHS is expected to decide next year.\n\n"
    "Heart failure affects around 900,000 people in the UK, according to the British Heart Foundation."
)


def test_a_health_finding_by_the_outlet_is_a_claim_with_its_features():
    claims = _claims(HEALTH)
    sentence = "The drug cut the risk of death by 30%, according to a study of 2,000 patients published on Monday."
    claim = next(c for c in claims if c.text == sentence)
    assert claim.by is None and claim.quote_index is None
    assert {"quantity", "percent", "causal", "evidence"} <= set(claim.features)
    assert THRESHOLD <= claim.checkworthiness <= 1


def test_claim_offsets_point_at_the_claim_text():
    for claim in _claims(HEALTH):
        (fragment,) = claim.fragments
        assert HEALTH[fragment.start : fragment.end] == claim.text


def test_a_statement_of_fact_inside_a_quote_is_credited_to_the_speaker():
    quote = _quote(
        HEALTH,
        "I think this is a very exciting moment for patients. Deaths fell from 12% to 8% in two years. "
        "We hope doctors will start prescribing it soon.",
        SMITH,
    )
    claims = _claims(HEALTH, [quote])
    claim = next(c for c in claims if "Deaths fell" in c.text)
    assert claim.text == "Deaths fell from 12% to 8% in two years."
    assert claim.by == SMITH
    assert claim.quote_index == 0


def test_opinions_hopes_questions_and_predictions_are_not_claims():
    quote = _quote(
        HEALTH,
        "I think this is a very exciting moment for patients. Deaths fell from 12% to 8% in two years. "
        "We hope doctors will start prescribing it soon.",
        SMITH,
    )
    texts = _texts(_claims(HEALTH, [quote]))
    assert not any("very exciting moment" in t for t in texts)
    assert not any("We hope" in t for t in texts)
    assert "Will the drug be affordable?" not in texts
    assert "The NHS is expected to decide next year." not in texts


def test_claims_are_a_minority_of_sentences():
    claims = _claims(HEALTH)
    assert 2 <= len(claims) <= 5  # of 10 sentences
    assert "Professor Helen Smith, who led the trial at Leeds University, was upbeat." not in _texts(claims)


def test_the_speaker_of_a_quote_named_sentences_earlier_claims_its_figures():
    text = (
        "Maria Lopez runs the city's food bank. She has done so since 2009.\n\n"
        'Asked about demand, she said: "We fed 14,000 families last winter, '
        'twice as many as the year before."'
    )
    lopez = Speaker(name="Maria Lopez", kind=PERSON)
    quote = _quote(text, "We fed 14,000 families last winter, twice as many as the year before.", lopez)
    (claim,) = [c for c in _claims(text, [quote]) if "14,000" in c.text]
    assert claim.by == lopez
    assert claim.text == "We fed 14,000 families last winter, twice as many as the year before."
    assert "comparison" in claim.features


def test_reported_speech_is_credited_to_its_speaker_and_the_rest_to_the_outlet():
    text = (
        "The mayor said the new bridge cost 40 million pounds, more than double the estimate. "
        "The bridge opened in 2019 after 5 years of work."
    )
    mayor = Speaker(name="Tom Reed", kind=PERSON, role="Mayor")
    quote = _quote(text, "the new bridge cost 40 million pounds, more than double the estimate", mayor, INDIRECT)
    claims = _claims(text, [quote])
    by = {c.text: c.by for c in claims}
    assert by == {
        "the new bridge cost 40 million pounds, more than double the estimate": mayor,
        "The bridge opened in 2019 after 5 years of work.": None,
    }


def test_a_modal_inside_reported_speech_does_not_make_a_poll_figure_an_opinion():
    text = "Two out of three voters now say the council should resign, a new poll shows."
    (claim,) = _claims(text)
    assert "deontic" not in claim.features
    assert {"quantity", "percent"} <= set(claim.features)


def test_a_modal_in_the_main_clause_counts_against_a_claim():
    assert _claims("Ministers should spend 2% of the budget on defence.") == ()
    (claim,) = _claims("Ministers spent 2% of the budget on defence.")
    assert "deontic" not in claim.features


def test_first_person_feelings_are_not_claims():
    text = 'Jo Hart, 34, won the race. "I am so proud of the 200 volunteers," she said.'
    quote = _quote(text, "I am so proud of the 200 volunteers", Speaker(name="Jo Hart", kind=PERSON))
    assert not any("proud" in c.text for c in _claims(text, [quote]))


def test_a_line_that_only_introduces_a_quote_is_not_a_claim():
    text = 'The Health Secretary of Britain, Ann Green, said on Monday: "Waiting lists fell by 10,000 in March."'
    quote = _quote(text, "Waiting lists fell by 10,000 in March.", Speaker(name="Ann Green", kind=PERSON))
    claims = _claims(text, [quote])
    assert _texts(claims) == ["Waiting lists fell by 10,000 in March."]


def test_comparisons_and_rankings_are_claims():
    text = "Norway is the second largest exporter of salmon, behind only Chile. The weather was cold."
    claims = _claims(text)
    assert _texts(claims) == ["Norway is the second largest exporter of salmon, behind only Chile."]
    assert "comparison" in claims[0].features


def test_claims_carry_what_they_are_about():
    text = "Turkish exports to Germany rose by 12% last year, official figures show."
    (claim,) = _claims(text)
    assert claim.about == ("Turkey", "Germany")


def test_outlet_claims_go_to_the_outlet_speaker_when_given():
    outlet = Speaker(name="The Daily Planet", kind=OUTLET)
    text = "The factory employs 1,200 people and exported goods worth 3 million pounds in 2022."
    (claim,) = _claims(text, outlet_speaker=outlet)
    assert claim.by == outlet


def test_a_sentence_with_only_names_is_not_a_claim():
    text = "Chancellor Rishi Patel praised President Amara Diallo of Senegal and his friends in France."
    assert _claims(text) == ()


def test_a_figure_and_a_date_make_the_same_statement_check_worthy():
    assert _claims("The plan was approved by the Valmoran parliament after a long debate.") == ()
    (dated,) = _claims("The plan was approved by 130 votes to 41 in the Valmoran parliament in 1992.")
    assert {"quantity", "date"} <= set(dated.features)
    assert dated.checkworthiness >= THRESHOLD


# --- health and science news: anchors, study design, plans, topics ------------------------------------

STUDY = (
    "Eating oily fish twice a week cut the risk of stroke by 18%, according to a large new study.\n\n"
    "Researchers at the Tarn Institute of Health followed 52,000 adults for an average of 12 years.\n\n"
    "The study was published in the journal Vascular Reports and funded by the Tarn Foundation.\n\n"
    "People who ate no fish had 1.4 strokes per 100 people, compared with 1.1 among regular fish eaters.\n\n"
    "The team will start a second study of 8,000 adults next year.\n\n"
    "Shares in Fennel Foods, a fishmonger chain, rose 4% on the news.\n\n"
    "Surveys suggest that two in three adults eat fish less than once a week."
)


def _study_claims():
    doc = _nlp()(STUDY)
    unnamed = Speaker(name=None, aliases=("Surveys",))
    surveys = _quote(STUDY, "two in three adults eat fish less than once a week", unnamed, INDIRECT)
    return find_claims(doc, [surveys], find_entities(doc))


def test_a_study_finding_is_a_claim_but_its_design_and_funding_are_not():
    texts = _texts(_study_claims())
    assert any(t.startswith("Eating oily fish twice a week cut the risk") for t in texts)
    assert any(t.startswith("People who ate no fish had 1.4 strokes") for t in texts)
    assert not any("followed 52,000 adults" in t for t in texts)
    assert not any("funded by" in t for t in texts)


def test_a_planned_study_with_a_number_is_a_prediction_not_a_claim():
    assert not any("second study" in t for t in _texts(_study_claims()))


def test_a_figure_off_the_articles_topics_is_held_back():
    claims = _claims(STUDY)
    assert not any(c.text.startswith("Shares in Fennel Foods") for c in claims)
    finding = next(c for c in claims if c.text.startswith("People who ate no fish"))
    assert "off_topic" not in finding.features


def test_more_than_a_number_is_a_quantity_and_the_design_it_describes_stays_method():
    text = (
        "Asthma attacks in children fell sharply after the smoking ban, a study found.\n\n"
        "The researchers pooled hospital records for more than 90,000 children with asthma."
    )
    doc = _nlp()(text)
    pieces = find_claims(doc, [], find_entities(doc))
    assert not any("pooled" in c.text for c in pieces)


def test_a_persons_age_is_not_a_quantity():
    text = "Dr. Lena Ortiz, 52, grew up in Lisbon and studied chemistry in Porto."
    assert _claims(text) == ()


def test_a_claim_from_an_unnamed_source_that_is_no_person_goes_to_the_outlet():
    (claim,) = [c for c in _study_claims() if "two in three" in c.text]
    assert claim.by is None and claim.quote_index == 0


def test_an_unnamed_person_keeps_their_claim():
    text = 'A spokesperson said: "The plant released 40 tonnes of ammonia in 2021."'
    person = Speaker(name=None, kind=PERSON, aliases=("A spokesperson",))
    quote = _quote(text, "The plant released 40 tonnes of ammonia in 2021.", person)
    (claim,) = _claims(text, [quote])
    assert claim.by == person


def test_the_hand_marked_health_dev_set_scores_above_its_floor(nlp):
    """Sentence-level F1 and claimer accuracy on the ten invented health and science articles."""
    from bench.scoring import score_dev

    score = score_dev(nlp)
    assert score.f1 >= 0.35, score.line()
    assert score.claimer >= 0.65, score.line()
    baseline = score_dev(nlp, baseline=True)
    assert score.f1 > baseline.f1 + 0.15, (score.line(), baseline.line())


def test_the_documented_weight_table_is_the_one_the_code_uses():
    import re

    from claims.extraction import checkworthiness

    table = dict(re.findall(r"^(\w+)\s+([+-]\d\.\d\d)\s", checkworthiness.__doc__, re.MULTILINE))
    assert {name: float(weight) for name, weight in table.items()} == WEIGHTS
