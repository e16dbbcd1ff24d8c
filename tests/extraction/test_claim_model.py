"""The learned check-worthiness model: its shipped weights, its dot product, its verdicts, its refit."""

import hashlib
import json
import math

import pytest

from claims.extraction import claim_features as cf
from claims.extraction import claim_model as cm

TRAINING_DATA = cm.MODEL_FILE.parent.parents[1] / "training" / "articles.jsonl"

# An invented article: an invented town, an invented virus, an invented minister.
ARTICLE = (
    "Posts shared widely online in Varnel say that garlic protects against the Dunmore virus.\n\n"
    "Garlic cures the virus, the post claimed. Health officials in Varnel said there is no evidence that "
    "garlic prevents infection.\n\n"
    "The mayor of Varnel opened a new library on Tuesday. Does garlic cure the virus?\n\n"
    "Unemployment in Varnel fell to 4.1 percent in March. The new law bans smoking in public parks. "
    "The economy will recover by spring, the minister predicted."
)


def _sentences(nlp, text: str = ARTICLE):
    doc = nlp(text)
    context = cf.article_context(doc)
    sents = {s.text.strip(): s for s in doc.sents if s.text.strip()}
    return sents, context


def test_the_shipped_file_lists_the_features_the_code_computes():
    data = json.loads(cm.MODEL_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(cf.feature_names(data["hashing"]["buckets"]))
    assert len(data["weights"]) == len(data["features"])
    assert len(data["claim"]["weights"]) == len(data["features"])
    assert 0.0 < data["claim"]["threshold"] < 1.0
    assert data["hashing"]["buckets"] == cf.HASH_BUCKETS
    assert 0.0 < data["threshold"] < 1.0
    assert cm.MODEL_FILE.stat().st_size < 1_000_000
    model = cm.load_model()
    assert model.features == cf.feature_names(model.buckets)


def test_the_shipped_file_was_fitted_on_the_training_data_in_the_repository():
    data = json.loads(cm.MODEL_FILE.read_text(encoding="utf-8"))
    assert data["training"]["sha256"] == hashlib.sha256(TRAINING_DATA.read_bytes()).hexdigest()
    assert data["training"]["split"] == "train"


def test_every_feature_the_function_gives_is_in_the_model_list(nlp):
    names = set(cf.feature_names())
    sents, context = _sentences(nlp)
    seen: set[str] = set()
    for span in sents.values():
        features = cf.sentence_features(span, context)
        assert set(features) <= names
        assert all(value != 0.0 for value in features.values())
        seen.update(features)
    # The article exercises the typology: these named features fire somewhere in it.
    assert {"causal", "quantity", "money_percent", "rule", "future_tense", "question", "reported_speech"} <= seen
    assert any(name.startswith(cf.HASH_PREFIX) for name in seen)


def test_the_probability_is_the_logistic_of_the_dot_product(nlp, tmp_path):
    names = cf.feature_names(16)
    weights = [0.0] * len(names)
    hand = {"causal": 1.5, "question": -2.0, "length": 0.75, "key_word_share": 0.5, "h:3": 0.25, "h:7": -0.5}
    for name, w in hand.items():
        weights[names.index(name)] = w
    path = tmp_path / "model.json"
    path.write_text(
        json.dumps(
            {
                "features": list(names),
                "weights": weights,
                "intercept": -0.4,
                "threshold": 0.5,
                "hashing": {"buckets": 16},
            }
        ),
        encoding="utf-8",
    )
    model = cm.CheckworthinessModel.from_file(path)
    sents, context = _sentences(nlp)
    for text in ("Garlic cures the virus, the post claimed.", "Does garlic cure the virus?"):
        features = cf.sentence_features(sents[text], context, buckets=16)
        z = -0.4 + sum(w * features.get(name, 0.0) for name, w in hand.items())
        assert model.probability(features) == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-12)
        assert model.assess(sents[text], context).probability == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-12)


def test_contributions_add_up_to_the_score(nlp):
    model = cm.load_model()
    sents, context = _sentences(nlp)
    features = cf.sentence_features(sents["Garlic cures the virus, the post claimed."], context)
    parts = model.contributions(features)
    z = model.intercept + sum(value for _, value in parts)
    assert model.probability(features) == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-12)
    assert all(not name.startswith(cf.HASH_PREFIX) for name, _ in parts)
    assert [abs(v) for _, v in parts] == sorted((abs(v) for _, v in parts), reverse=True)


def test_every_sentence_of_a_body_is_assessed_once(nlp):
    doc = nlp(ARTICLE)
    verdicts = cm.assess_sentences(doc)
    assert [sent.text.strip() for sent, _ in verdicts] == [s.text.strip() for s in doc.sents if s.text.strip()]
    context = cf.article_context(doc)
    for sent, verdict in verdicts:
        assert verdict == cm.load_model().assess(sent, context)
        assert verdict.kind in cf.KINDS


def test_a_weights_file_with_another_feature_list_is_refused(tmp_path):
    names = list(cf.feature_names(16))[::-1]
    path = tmp_path / "model.json"
    path.write_text(
        json.dumps(
            {
                "features": names,
                "weights": [0.0] * len(names),
                "intercept": 0,
                "threshold": 0.5,
                "hashing": {"buckets": 16},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="feature list"):
        cm.CheckworthinessModel.from_file(path)


def test_a_causal_health_claim_outscores_a_plain_event(nlp):
    model = cm.load_model()
    sents, context = _sentences(nlp)
    claim = model.assess(sents["Garlic cures the virus, the post claimed."], context)
    event = model.assess(sents["The mayor of Varnel opened a new library on Tuesday."], context)
    assert claim.probability > event.probability
    assert claim.checkworthy and not event.checkworthy


def test_a_question_scores_below_the_claim_it_asks_about(nlp):
    model = cm.load_model()
    sents, context = _sentences(nlp)
    claim = model.assess(sents["Garlic cures the virus, the post claimed."], context)
    question = model.assess(sents["Does garlic cure the virus?"], context)
    assert question.probability < claim.probability
    assert not question.checkworthy


def test_the_kind_follows_the_claim_typology(nlp):
    sents, context = _sentences(nlp)
    model = cm.load_model()
    kinds = {text: model.assess(span, context).kind for text, span in sents.items()}
    assert kinds["Garlic cures the virus, the post claimed."] == cf.CAUSAL
    assert kinds["Unemployment in Varnel fell to 4.1 percent in March."] == cf.QUANTITY
    assert kinds["The new law bans smoking in public parks."] == cf.RULE
    assert kinds["The economy will recover by spring, the minister predicted."] == cf.PREDICTION
    assert kinds["The mayor of Varnel opened a new library on Tuesday."] == cf.OTHER


def test_ngram_buckets_use_a_hash_that_is_the_same_in_every_process():
    # CRC-32 of "u:garlic", "u:cures" and "b:garlic cures" are fixed numbers; Python's salted hash() is not.
    assert cf.ngram_buckets(["garlic"], 1000) == {3697107393 % 1000}
    assert cf.ngram_buckets(["garlic", "cures"], 1 << 32) == {3697107393, 2187156048, 1921246359}


def test_the_word_lists_are_read_by_the_lexicon_loader():
    from claims.extraction.lexicon import claim_model_words, rows

    words = claim_model_words()
    assert all(len(row) == 2 for row in rows("claim_model_words.tsv"))
    assert words.has("causal", "cause") and "causal" in words.sections("cause")
    assert words.phrase("framing_phrases", "there is no evidence that it works")
    # phrase lists are matched in the sentence's text, never as a token's lemma
    assert not any(name.endswith("_phrases") for names in words.sections_of.values() for name in names)


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_weights(nlp):
    """bench/train_claims.py fitted on the repository's data gives the shipped file to 1e-6."""
    from bench.train_claims import train

    shipped = json.loads(cm.MODEL_FILE.read_text(encoding="utf-8"))
    refit = train(nlp)
    assert refit["features"] == shipped["features"]
    assert refit["threshold"] == shipped["threshold"]
    assert refit["training"]["C"] == shipped["training"]["C"]
    assert refit["intercept"] == pytest.approx(shipped["intercept"], abs=1e-6)
    assert max(abs(a - b) for a, b in zip(refit["weights"], shipped["weights"], strict=True)) < 1e-6
    claim, shipped_claim = refit["claim"], shipped["claim"]
    assert claim["threshold"] == shipped_claim["threshold"]
    assert claim["intercept"] == pytest.approx(shipped_claim["intercept"], abs=1e-6)
    assert max(abs(a - b) for a, b in zip(claim["weights"], shipped_claim["weights"], strict=True)) < 1e-6
