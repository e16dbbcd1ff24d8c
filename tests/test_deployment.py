"""The production compose file and image, checked without a Docker engine."""

import yaml

from tests.conftest import REPO


def compose():
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_postgres_17_has_a_healthcheck_and_a_named_volume():
    config = compose()
    db = config["services"]["db"]
    assert db["image"] == "postgres:17"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in config["volumes"]


def test_web_waits_for_a_healthy_database_and_a_finished_migration():
    services = compose()["services"]
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    depends = services["web"]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    for name in ("migrate", "web"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")


def test_the_image_serves_gunicorn_with_static_files_collected_at_build_time():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "collectstatic --noinput" in dockerfile
    assert "--require-hashes" in dockerfile
    assert '"gunicorn", "newsroom.wsgi"' in dockerfile
    assert "USER newsroom" in dockerfile


def test_the_web_healthcheck_asks_as_the_proxy_would(client, settings, db):
    """The container's own health probe passes with production security settings on."""
    probe = compose()["services"]["web"]["healthcheck"]["test"][-1]
    assert "X-Forwarded-Proto" in probe and "ALLOWED_HOSTS" in probe
    settings.ALLOWED_HOSTS = ["newsroom.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/healthz", HTTP_HOST="newsroom.example.org", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert client.get("/healthz", HTTP_HOST="newsroom.example.org").status_code == 301
