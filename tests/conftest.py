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
def editor(db, django_user_model):
    return django_user_model.objects.create_user("ed", password="correct horse battery", is_staff=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
