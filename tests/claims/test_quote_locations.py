"""Where a stored quote was found: the body, a caption or the headline, each a valid choice of the model."""

import pytest

from articles.models import Article
from claims.extraction import build_nlp, extract
from claims.models import Location, Quote
from claims.services import claims_store_extraction

pytestmark = pytest.mark.django_db

BODY = (
    '"We will rebuild the pier by spring," said Mayor Dana Hollis of Port Ellery on Tuesday.\n\n'
    "The storm destroyed the pier in March."
)
HEADLINE = "Hollis: 'We will rebuild the pier by spring'"


def test_a_quote_in_the_headline_is_stored_as_a_valid_headline_location():
    article = Article.objects.create(
        slug="pier", headline=HEADLINE, body=BODY, source_name="pier.txt", checksum="p" * 64, raw_text="raw"
    )
    extraction = extract(BODY, build_nlp(), headline=HEADLINE)
    claims_store_extraction(article=article, extraction=extraction, fresh=True)

    in_headline = Quote.objects.get(article=article, location=Location.HEADLINE)
    assert in_headline.text == "We will rebuild the pier by spring"
    assert in_headline.speaker is not None and in_headline.speaker.name == "Dana Hollis"
    for quote in Quote.objects.filter(article=article):
        quote.full_clean()  # "headline" was once stored although the model did not allow it
