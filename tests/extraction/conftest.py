import pytest


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline, loaded once per test session."""
    from claims.extraction import build_nlp

    return build_nlp()


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than about 20 s; still part of the suite")
