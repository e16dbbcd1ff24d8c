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


def nginx_directives():
    """deploy/nginx.conf as (directive, arguments) pairs, with its braces checked."""
    text = "\n".join(line.split("#", 1)[0] for line in (REPO / "deploy" / "nginx.conf").read_text().splitlines())
    depth, pairs, statement = 0, [], ""
    for char in text:
        if char in "{;}":
            words = statement.split()
            if words:
                pairs.append((words[0], " ".join(words[1:])))
            statement = ""
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0
        else:
            statement += char
    assert depth == 0 and not statement.strip()
    return pairs


def test_a_buffering_proxy_stands_in_front_of_gunicorn():
    services = compose()["services"]
    proxy, web = services["proxy"], services["web"]
    assert proxy["image"].startswith("nginx:")
    assert proxy["ports"] == ["8000:8000"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    assert "ports" not in web  # slow clients reach gunicorn only through the proxy
    pairs = nginx_directives()
    directives = dict(pairs)
    assert directives["proxy_pass"] == "http://newsroom" and ("server", "web:8000") in pairs
    assert directives["proxy_buffering"] == "on" and directives["proxy_request_buffering"] == "on"
    for timeout in ("client_header_timeout", "client_body_timeout", "send_timeout", "proxy_read_timeout"):
        assert directives[timeout].endswith("s") and int(directives[timeout][:-1]) <= 60
    assert directives["client_max_body_size"] == "2m"


def test_the_app_trusts_the_client_address_of_its_own_proxy_only():
    compose_file = compose()
    web = compose_file["services"]["web"]
    headers = [args for name, args in nginx_directives() if name == "proxy_set_header"]
    assert "X-Real-IP $remote_addr" in headers  # set by nginx, never passed on from the client
    assert web["environment"]["NEWSROOM_CLIENT_IP_HEADER"] == "X-Real-IP"
    subnet = compose_file["networks"]["backend"]["ipam"]["config"][0]["subnet"]
    assert web["environment"]["NEWSROOM_TRUSTED_PROXIES"] == subnet
    for name in ("db", "migrate", "web", "proxy"):
        assert compose_file["services"][name]["networks"] == ["backend"]


def gunicorn_settings(monkeypatch, **env):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    namespace = {}
    exec((REPO / "gunicorn.conf.py").read_text(), namespace)
    return namespace


def test_gunicorn_runs_threaded_workers_sized_from_the_cpu_count(monkeypatch):
    import os

    assert '"--config", "gunicorn.conf.py"' in (REPO / "Dockerfile").read_text()
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    conf = gunicorn_settings(monkeypatch)
    assert (conf["worker_class"], conf["workers"], conf["threads"]) == ("gthread", 5, 4)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert gunicorn_settings(monkeypatch)["workers"] == 9
    conf = gunicorn_settings(monkeypatch, GUNICORN_WORKERS="3", GUNICORN_THREADS="8")
    assert (conf["workers"], conf["threads"]) == (3, 8)
