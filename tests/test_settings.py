"""Settings come from the environment and refuse unsafe production values."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.conftest import REPO


def run_django(args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=clean, capture_output=True, text=True, timeout=120
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_django(["check"], DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_rejects_a_boolean_it_cannot_read():
    result = run_django(["check"], DEBUG="yes")
    assert result.returncode != 0
    assert "DEBUG='yes' is not a boolean" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "x7Kq9" * 10,
        ALLOWED_HOSTS="newsroom.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    from newsroom.settings import env_bool

    monkeypatch.setenv("NEWSROOM_FLAG", "On")
    assert env_bool("NEWSROOM_FLAG", False) is True
    monkeypatch.setenv("NEWSROOM_FLAG", "0")
    assert env_bool("NEWSROOM_FLAG", True) is False
    monkeypatch.setenv("NEWSROOM_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="is not a boolean"):
        env_bool("NEWSROOM_FLAG", True)


def test_web_processes_never_import_spacy():
    code = (
        "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE']='newsroom.settings'; django.setup();"
        "import newsroom.urls, articles.views, claims.admin, claims.services, articles.services;"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "print('spacy' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DEBUG"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
