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
