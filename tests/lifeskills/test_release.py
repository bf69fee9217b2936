"""The release: one version, reported; what is kept in the cache is keyed by it and by
the files that render pages, and an operator can retire every kept page at once."""

import os
import shutil
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import lifeskills
from lifeskills.platform import page_cache, release

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_is_written_once_and_reported(capsys, monkeypatch):
    monkeypatch.delenv("LIFESKILLS_BUILD", raising=False)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    version_from = project["tool"]["setuptools"]["dynamic"]["version"]
    assert version_from == {"attr": "lifeskills.__version__"}
    call_command("lifeskills_version")
    assert capsys.readouterr().out.strip() == lifeskills.__version__
    # The change log names the release being prepared or made.
    assert f"[{lifeskills.__version__}]" in (ROOT / "CHANGELOG.md").read_text()


def test_a_build_named_by_the_operator_is_a_local_label(capsys, monkeypatch):
    monkeypatch.setenv("LIFESKILLS_BUILD", "3f2a9c1")
    call_command("lifeskills_version")
    assert capsys.readouterr().out.strip() == f"{lifeskills.__version__}+3f2a9c1"


@pytest.fixture
def tree(tmp_path, settings):
    """A project folder of a few files, as a server's checkout holds them."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>{{ title }}</p>")
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "site.css").write_text("body { color: #222; }")
    settings.BASE_DIR = tmp_path
    return tmp_path


def test_the_fingerprint_follows_what_a_file_says_not_its_date(tree, monkeypatch):
    monkeypatch.delenv("LIFESKILLS_BUILD", raising=False)
    before = release.fingerprint()
    template = tree / "templates" / "page.html"
    stat = template.stat()
    # Same size, same date (a copy that keeps dates): only the words differ.
    template.write_text("<p>{{ label }}</p>")
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert template.stat().st_size == stat.st_size
    assert release.fingerprint() != before


def test_every_app_server_of_one_release_agrees_on_the_fingerprint(tree, tmp_path, settings):
    first = release.fingerprint()
    second = tmp_path.parent / f"{tmp_path.name}-second-server"
    shutil.copytree(tree, second)  # other dates, same files
    settings.BASE_DIR = second
    try:
        assert release.fingerprint() == first
    finally:
        shutil.rmtree(second)


def test_a_release_of_styles_alone_changes_the_fingerprint(tree):
    before = release.fingerprint()
    (tree / "static" / "css" / "site.css").write_text("body { color: #111; }")
    assert release.fingerprint() != before


def test_a_new_version_changes_the_fingerprint(tree, monkeypatch):
    monkeypatch.setenv("LIFESKILLS_BUILD", "before")
    before = release.fingerprint()
    monkeypatch.setenv("LIFESKILLS_BUILD", "after")
    assert release.fingerprint() != before


def test_kept_pages_are_keyed_by_the_running_release(rf):
    request = rf.get("/en/modules/")
    assert page_cache.RELEASE == release.fingerprint()
    assert page_cache.RELEASE in page_cache._key(request)


def test_retire_kept_pages_renders_every_page_again(client, english_lesson, kept_pages, capsys):
    client.get(english_lesson.url)
    with CaptureQueriesContext(connection) as kept:
        client.get(english_lesson.url)
    assert len(kept) == 0
    call_command("retire_kept_pages")
    assert "retired" in capsys.readouterr().out
    with CaptureQueriesContext(connection) as rendered:
        response = client.get(english_lesson.url)
    assert response.status_code == 200
    assert len(rendered) > 0
    # Safe to run again, with nothing kept.
    call_command("retire_kept_pages")
