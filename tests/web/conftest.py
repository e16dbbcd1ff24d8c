"""Browser fixtures: Debian's Chromium, a live server that keeps its data for a whole module, screenshots."""

import os
from pathlib import Path

import pytest

from .browser import CHROMIUM, REPO

# Playwright's sync API runs an event loop in the test thread; the ORM calls here are plain sync code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where browser tests save their screenshots: $NEWSROOM_SCREENSHOTS, else var/screenshots/."""
    folder = Path(os.environ.get("NEWSROOM_SCREENSHOTS") or REPO / "var" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def module_live_server(django_db_setup, django_db_blocker):
    """A live server over the test database whose rows last for the module (pytest-django's ``live_server``
    empties the database after every test). Everything is flushed when the module is done."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
