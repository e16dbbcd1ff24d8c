"""Logging in: the login form, and the client address that login throttling counts failures against."""

import ipaddress

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    """Django's login form, with the username's length checked before anything looks it up.

    Django sets the field's ``max_length`` after the field is built, so no validator enforces it; an
    overlong name then reached the lockout's database row (255 characters) and failed there.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


def _networks(values):
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def client_ip(request) -> str | None:
    """The address a login attempt came from, as django-axes should count it.

    The peer's address (``REMOTE_ADDR``), unless ``NEWSROOM_CLIENT_IP_HEADER`` names a header set by a
    reverse proxy and the peer is one of ``NEWSROOM_TRUSTED_PROXIES``: then the address in that header
    (the right-most one, the address the trusted proxy saw). A client talking to the app directly cannot
    choose the address its failures count against.
    """
    remote = request.META.get("REMOTE_ADDR")
    header = settings.NEWSROOM_CLIENT_IP_HEADER
    if not header or not remote:
        return remote
    try:
        peer = ipaddress.ip_address(remote)
    except ValueError:
        return remote
    if not any(peer in network for network in _networks(settings.NEWSROOM_TRUSTED_PROXIES)):
        return remote
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    candidate = value.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
