import pytest


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline, loaded once per test session."""
    from claims.extraction import build_nlp

    return build_nlp()
