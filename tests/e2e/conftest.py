"""A real Chromium driven by Playwright against the app served by gunicorn.

The server runs on its own database (a fresh SQLite file, or a fresh PostgreSQL
database beside the test one when DATABASE_URL is set), set up with the same
commands as ``make run``. The browser tests never skip: with no Chromium they
fail and say how to install one.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dj_database_url
import pytest

# Lets the offline tests cut a service worker's own requests too; Playwright
# reads it when it starts.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


def chromium_path():
    for candidate in (os.environ.get("LIFESKILLS_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None  # Playwright's own browser, if one is installed


def _free_port():
    """A free port: one from LIFESKILLS_E2E_PORTS ("18600-18699") when set, else any."""
    low, _dash, high = os.environ.get("LIFESKILLS_E2E_PORTS", "0-0").partition("-")
    for port in range(int(low), int(high or low) + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    pytest.fail(f"No free port in LIFESKILLS_E2E_PORTS={low}-{high}")


def _database_url(tmp_dir):
    base = os.environ.get("DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_dir / 'e2e.sqlite3'}"
    import psycopg

    config = dj_database_url.parse(base)
    name = f"{config['NAME']}_e2e"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + f"/{name}"


@contextlib.contextmanager
def gunicorn(env, log_path, port=None, ready_path="/en/help/"):
    """The app under gunicorn with ``env``, as in production; yields its address.

    ``port``: the same one again, for a server restarted at the address a
    browser already knows (its service worker and storage are per address).
    ``ready_path``: what must answer before the server counts as started; a
    server started without its database can answer only /healthz.
    """
    port = port or _free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "lifeskills.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(150):
                try:
                    urllib.request.urlopen(f"{url}{ready_path}", timeout=2)
                    break
                except OSError:
                    if process.poll() is not None:
                        pytest.fail(f"gunicorn exited: {log_path.read_text()}")
                    time.sleep(0.2)
            else:
                pytest.fail(f"gunicorn did not answer in 30 s: {log_path.read_text()}")
            yield url
        finally:
            process.terminate()
            process.wait(timeout=20)


# The test server's environment, for a test that must put back what it changed.
SERVER_ENV = {}


def server_manage(*command):
    """Run a management command on the test server's database."""
    subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=SERVER_ENV, check=True, timeout=120
    )


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lifeskills.settings.test",
        "DATABASE_URL": _database_url(tmp_dir),
        "MEDIA_ROOT": str(tmp_dir / "media"),
    }
    manage = [sys.executable, "manage.py"]
    SERVER_ENV.update(env)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_starter_curriculum", "-v0"],
        ["load_demo_accounts", "--allow-without-debug", "-v0"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, timeout=600)
    with gunicorn(env, tmp_dir / "gunicorn.log") as url:
        yield url


# Module scope: Playwright's sync API holds an event loop open in this thread,
# which Django's database layer refuses to work beside in later tests.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(),
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
        except Error as exc:
            pytest.fail(
                "Chromium could not start for the browser tests. Install it with "
                "'apt-get install chromium fonts-wqy-microhei fonts-noto-core' or "
                f"'.venv/bin/playwright install chromium'. ({exc})"
            )
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser):
    contexts = []

    def open_page(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
