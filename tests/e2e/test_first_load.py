"""A lesson's first load, as a child on a weak connection meets it: few requests, few bytes.

Measured as production serves it: static files collected with hashed names,
compressed and cached for long (whitenoise), pages compressed by the app. The
server here is the browser tests' own, on the same database, started again
with collected static files. Every request the page causes is counted, the
service worker's included, until the network is quiet (bench/first_load.py).
"""

import subprocess
import sys

import pytest

from bench.first_load import measure

from .conftest import ROOT, SERVER_ENV, gunicorn

pytestmark = pytest.mark.browser

MAX_REQUESTS = 5
MAX_NON_IMAGE_BYTES = 20_000
LESSON = "modules/safe-migration/too-good-to-be-true/"


@pytest.fixture(scope="module")
def production_static_server(server, tmp_path_factory):
    static_root = tmp_path_factory.mktemp("collected-static")
    env = {**SERVER_ENV, "LIFESKILLS_COLLECTED_STATIC": str(static_root)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    with gunicorn(env, static_root.parent / "gunicorn-collected.log") as url:
        yield url


def table(load):
    return "\n".join(
        f"{row.get('bytes', 0):>7} {row['type']:<10} {row['url']}" for row in load["requests"]
    )


@pytest.mark.parametrize("language", ["en", "zh-hans", "ug"])
def test_a_lessons_first_load_is_small(production_static_server, browser, language):
    result = measure(f"{production_static_server}/{language}/{LESSON}", browser=browser)
    first, second = result["first"], result["second"]
    rows = first["requests"]
    assert not [row for row in rows if row.get("failed") or row["status"] >= 400], table(first)
    assert first["count"] <= MAX_REQUESTS, table(first)
    assert first["non_image_bytes"] <= MAX_NON_IMAGE_BYTES, table(first)
    # Production's compression: the page by the app (gzip), styles and scripts by
    # whitenoise (Brotli where the brotli package is installed, gzip otherwise).
    for row in rows:
        if row["type"] == "document":
            assert row["encoding"] == "gzip", table(first)
        elif row["type"] in ("stylesheet", "script"):
            assert row["encoding"] in ("gzip", "br"), table(first)
    # The 192 px icon is for installing only.
    assert not [row for row in rows if "icon-192" in row["url"] or "icon-512" in row["url"]]

    # Again in the same browser: styles, scripts and the icon come from its cache.
    page_rows = [row for row in second["requests"] if row["by"] == "page"]
    static = [row for row in page_rows if "/static/" in row["url"]]
    assert static, table(second)
    assert all(row["bytes"] == 0 for row in static), table(second)


def test_the_measure_sees_the_service_worker_once_installed(production_static_server, browser):
    # The worker comes with a browser's second page: its fetches are counted there.
    result = measure(f"{production_static_server}/en/{LESSON}", browser=browser)
    by_worker = [row for row in result["second"]["requests"] if row["by"] == "service worker"]
    assert any(row["url"].endswith("/sw.js") for row in result["second"]["requests"]), table(
        result["second"]
    )
    assert by_worker
