"""Logging in with throttling on: lockout per (username, address), proxies trusted only when configured,
and no input at the login form makes a server error."""

import random
import string

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "correct horse battery"


@pytest.fixture
def axes(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


@pytest.fixture
def users(django_user_model):
    return [django_user_model.objects.create_user(name, password=PASSWORD) for name in ("alma", "bruno")]


def login(username, password, **meta):
    return Client(**meta).post(LOGIN, {"username": username, "password": password})


def logged_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_failures_lock_out_one_username_from_one_address_only(axes, users):
    office = {"REMOTE_ADDR": "198.51.100.7"}
    for _ in range(3):
        login("alma", "wrong", **office)
    assert not logged_in(login("alma", PASSWORD, **office))  # locked out, even with the right password
    assert logged_in(login("bruno", PASSWORD, **office))  # a colleague behind the same address is not
    assert logged_in(login("alma", PASSWORD, REMOTE_ADDR="203.0.113.9"))  # nor alma from elsewhere


def test_a_client_address_header_counts_only_from_a_configured_proxy(axes, users):
    # Not configured: a client cannot dodge the lockout by sending the header with new addresses.
    for n in range(3):
        login("alma", "wrong", REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP=f"192.0.2.{n}")
    assert not logged_in(login("alma", PASSWORD, REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="192.0.2.99"))
    AccessAttempt.objects.all().delete()

    axes.NEWSROOM_CLIENT_IP_HEADER = "X-Real-IP"
    axes.NEWSROOM_TRUSTED_PROXIES = ["172.30.0.0/24"]
    proxy = {"REMOTE_ADDR": "172.30.0.5"}
    for _ in range(3):
        login("alma", "wrong", HTTP_X_REAL_IP="192.0.2.1", **proxy)
    assert not logged_in(login("alma", PASSWORD, HTTP_X_REAL_IP="192.0.2.1", **proxy))
    # Through the proxy, alma at another address is another client.
    assert logged_in(login("alma", PASSWORD, HTTP_X_REAL_IP="192.0.2.2", **proxy))
    # A request not from the proxy is counted by its own address, whatever header it sends.
    assert AccessAttempt.objects.filter(ip_address="192.0.2.1").exists()
    login("alma", "wrong", REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="192.0.2.2")
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").exists()


def test_an_overlong_username_is_a_form_error(axes, users):
    response = login("a" * 300, "wrong")
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters (it has 300)." in response.context["form"].errors["username"]


def test_fuzzed_login_forms_never_make_a_server_error(axes, users):
    rng = random.Random(13)
    alphabet = string.printable + "\u00e9\u2019\u200b\U0001f600\x00\ud7ff"
    samples = ["", " ", "\x00", "a" * 256, "a" * 5000, "' OR 1=1 --", "alma\x00", "ALMA", "\u0430lma"]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 20, 151, 254, 255, 256, 1000]))) for _ in range(40)
    ]
    client = Client(raise_request_exception=False)
    for username in samples:
        for password in ("", "wrong", rng.choice(samples)):
            response = client.post(LOGIN, {"username": username, "password": password})
            assert response.status_code in (200, 302, 403, 429), (username[:40], response.status_code)
    # Field names and values the form never asked for.
    for data in (
        {},
        {"username": ["alma", "bruno"]},
        {"password": "x"},
        {"username": "alma", "next": "//evil.example"},
    ):
        assert client.post(LOGIN, data).status_code in (200, 302, 403, 429)
