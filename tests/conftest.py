"""Shared fixtures: the repository's paths, the answer key, and editor/anonymous personas."""

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED = SEEDS / "000_01d692dc91377d95.txt"
# The seed's answer key, copied into the suite from the team's shared folder (see tests/gold/README.md).
GOLD_DIR = REPO / "tests" / "gold"


def load_gold(name: str = "000_01d692dc91377d95.gold.json") -> dict:
    return json.loads((GOLD_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture
def roles(db):
    """The Editors and Viewers groups (a data migration makes them; this keeps them after a flush)."""
    from claims.services import roles_ensure

    return roles_ensure()


@pytest.fixture
def editor(roles, django_user_model):
    """A staff member in the Editors group: corrects quotes, claims, speakers and entities, rates claims."""
    user = django_user_model.objects.create_user(
        "ed", password="correct horse battery", is_staff=True, first_name="Edda", last_name="Marsh"
    )
    user.groups.add(roles["Editors"])
    return user


@pytest.fixture
def viewer(roles, django_user_model):
    """A staff member in the Viewers group: may browse, may change nothing."""
    user = django_user_model.objects.create_user("vi", password="correct horse battery", is_staff=True)
    user.groups.add(roles["Viewers"])
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def anonymous_client(client):
    """A visitor who has not logged in."""
    return client


def pytest_collection_modifyitems(items):
    """Run the browser tests last, as Django's own runner orders transactional tests after the others: their
    live server's flush empties tables that migrations filled (permissions, the Editors and Viewers groups)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
