"""/healthz and /readyz: what a load balancer polls, answered cheaply and before everything else.

Redis and the database are really away here: the cache at a port nothing
listens on, and the app under gunicorn with its database at such a port.
"""

import json
import os
import socket
import urllib.error
import urllib.request

import pytest
from django.test import Client
from django.urls import reverse

from tests.classrooms.test_without_redis import production_cache_at, refused_port  # noqa: F401
from tests.e2e.conftest import gunicorn
from tests.lifeskills.test_settings import PRODUCTION

# The ports these tests may use.
PORTS = range(18500, 18600)


def test_both_are_outside_the_language_prefix():
    assert reverse("healthz") == "/healthz"
    assert reverse("readyz") == "/readyz"


@pytest.mark.parametrize("path", ["/healthz", "/healthz/"])
def test_healthz_answers_ok_and_asks_nothing(client, path, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_healthz_asks_neither_the_database_nor_redis(settings, refused_port):  # noqa: F811
    production_cache_at(settings, refused_port)
    # A database that cannot be reached would fail any query: there is none.
    response = Client().get("/healthz")
    assert response.status_code == 200


def test_probes_set_no_cookie_and_are_not_redirected(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["lifeskills.example.org"]
    client.cookies["lifeskills_language"] = "zh-hans"
    for path in ("/healthz", "/readyz"):
        # Plain HTTP, by the app server's address: as a load balancer probes.
        response = client.get(path, HTTP_HOST="10.0.0.7:8000")
        assert response.status_code == 200, path
        assert not response.cookies, path
        assert "Location" not in response
        assert "Content-Language" not in response
    # People on the same server are still redirected to HTTPS and held to its host names.
    assert client.get("/en/help/", HTTP_HOST="lifeskills.example.org").status_code == 301
    assert client.get("/en/help/", HTTP_HOST="10.0.0.7:8000", secure=True).status_code == 400


def test_probes_need_no_sign_in_and_take_no_form(client, class_teacher):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
    client.force_login(class_teacher)
    assert client.get("/readyz").status_code == 200


def test_readyz_names_each_check_in_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = json.loads(response.content)
    assert body["status"] == "ready"
    assert body["checks"]["database"]["state"] == "ok"
    assert body["checks"]["cache"]["state"] == "ok"
    assert all(isinstance(check["ms"], float) for check in body["checks"].values())


def test_readyz_with_redis_down_is_ready_but_degraded(settings, refused_port):  # noqa: F811
    production_cache_at(settings, refused_port)
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ready"
    assert body["checks"]["database"]["state"] == "ok"
    assert body["checks"]["cache"]["state"] == "degraded"


# The database away: the app under gunicorn, with production settings ----------------


def _free_port(excluding=()):
    for port in PORTS:
        if port in excluding:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 18500-18599")


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.fixture
def app_without_database(tmp_path):
    nothing_there = _free_port()
    port = _free_port(excluding={nothing_there})
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        **PRODUCTION,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{nothing_there}/h5_nothing",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "REDIS_URL": f"redis://127.0.0.1:{nothing_there}/10",
    }
    log_path = tmp_path / "gunicorn.log"
    with gunicorn(env, log_path, port=port, ready_path="/healthz") as url:
        yield url, log_path


def test_without_a_database_the_app_lives_but_is_not_ready(app_without_database):
    url, log_path = app_without_database
    status, body, _headers = _get(f"{url}/healthz")
    assert (status, body) == (200, b"ok\n")

    status, body, headers = _get(f"{url}/readyz")
    assert status == 503
    checks = json.loads(body)["checks"]
    assert checks["database"]["state"] == "down"
    assert checks["database"]["error"] == "OperationalError"
    assert checks["cache"]["state"] == "degraded"
    assert "no-store" in headers["Cache-Control"]
    # Production's logs: the refusal is one JSON line.
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    refusal = [line for line in lines if line["logger"] == "lifeskills.health"]
    assert refusal and refusal[0]["level"] == "ERROR"
    assert "database does not answer" in refusal[0]["message"]
