"""The installable app, server side: its service worker, manifest and offline pages."""

import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from PIL import Image

from lifeskills.platform import pwa


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_the_service_worker_is_served_from_the_root_and_always_checked(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert '"/en/offline/?copy=1"' in body and '"/en/offline/downloads/?copy=1"' in body
    # One worker for every language: a change of language installs nothing new.
    assert '"/ug/offline/?copy=1"' in body and '"/zh-hans/offline/downloads/?copy=1"' in body
    assert client.get("/sw.js?lang=ug").content.decode() == body
    # Workbox comes from this server, never from a CDN.
    for url in pwa.workbox_urls():
        assert url in body
        assert client.get(url).status_code == 200
    assert "googleapis" not in body and "cdn" not in body.lower()
    assert client.post("/sw.js").status_code == 405


def test_the_precache_revisions_follow_the_files(client):
    entries = {e["url"]: e["revision"] for e in pwa.precache_entries()}
    assert len(set(entries.values())) > 1
    shell = pwa.shell_revision()
    assert entries["/ug/offline/?copy=1"] == entries["/ug/offline/downloads/?copy=1"] == shell


@pytest.mark.parametrize(
    ("language", "direction"), [("en", "ltr"), ("zh-hans", "ltr"), ("ug", "rtl")]
)
def test_the_manifest_speaks_the_visitors_language(client, language, direction):
    response = client.get(f"/{language}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == language and manifest["dir"] == direction
    assert manifest["start_url"] == f"/{language}/" and manifest["display"] == "standalone"
    sizes = set()
    for icon in manifest["icons"]:
        image = Image.open(io.BytesIO(b"".join(client.get(icon["src"]).streaming_content)))
        assert f"{image.width}x{image.height}" == icon["sizes"]
        sizes.add((icon["sizes"], icon.get("purpose", "any")))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_manifest_description_is_translated(client):
    english = json.loads(client.get("/en/manifest.webmanifest").content)["description"]
    chinese = json.loads(client.get("/zh-hans/manifest.webmanifest").content)["description"]
    assert english != chinese


@pytest.mark.parametrize("name", ["offline", "offline_downloads"])
@pytest.mark.parametrize("language", ["en", "zh-hans", "ug"])
def test_the_offline_pages_open_for_everyone_in_every_language(client, student, name, language):
    with translation.override(language):
        url = reverse(name)
    assert url.startswith(f"/{language}/")
    for user in (None, student):
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'lang="{language}"' in html and "data-offline-copy" in html
    if language != "en":
        assert "No connection" not in html and "My downloads" not in html
