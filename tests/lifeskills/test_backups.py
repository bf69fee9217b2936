"""Backups (lifeskills/platform/backups.py): rotation, the database's connection, the manifests.

The full round trip (seed, back up, drop, restore, compare) is `make restore-drill`;
here are its pure parts, and one backup of the test database on PostgreSQL.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import Page

from lifeskills.platform import backups as b

# Asked for here, not only by the suite's autouse fixture, so that the test
# database is set up when this file runs on its own.
pytestmark = pytest.mark.django_db


def names(*stamps):
    return [f"{stamp}Z" for stamp in stamps]


class TestRotation:
    def test_keeps_the_newest_of_each_recent_day_and_week(self):
        # Daily at 02:00 for three weeks (Mon 2026-11-09 to Mon 2026-11-30), and a
        # second, manual backup on the last day.
        daily = [f"202611{day:02d}T020000" for day in range(9, 31)]
        existing = names(*daily, "20261130T150000")

        deleted = b.backups_to_delete(existing, keep_daily=3, keep_weekly=2)

        kept = sorted(set(existing) - set(deleted))
        # Days: 30 Nov (its newest, 15:00), 29 Nov, 28 Nov. Weeks: the newest of
        # the week of 30 Nov (the 15:00 one again) and of the week before (Sun 29 Nov).
        assert kept == names("20261128T020000", "20261129T020000", "20261130T150000")
        assert "20261130T020000Z" in deleted

    def test_weekly_reaches_back_past_the_daily(self):
        existing = names(*(f"202611{day:02d}T020000" for day in range(1, 31)))

        deleted = b.backups_to_delete(existing, keep_daily=2, keep_weekly=4)

        kept = sorted(set(existing) - set(deleted))
        # Sundays end ISO weeks: 29, 22, 15 Nov, plus the two newest days.
        assert kept == names(
            "20261115T020000", "20261122T020000", "20261129T020000", "20261130T020000"
        )

    def test_days_without_a_backup_do_not_count(self):
        # The server was off for two weeks: the last backups before it are still kept.
        existing = names("20261101T020000", "20261102T020000", "20261120T020000")

        assert b.backups_to_delete(existing, keep_daily=3, keep_weekly=0) == []
        assert b.backups_to_delete(existing, keep_daily=2, keep_weekly=0) == names(
            "20261101T020000"
        )

    def test_the_newest_backup_is_always_kept(self):
        existing = names("20261101T020000", "20261201T020000")

        assert b.backups_to_delete(existing, keep_daily=1, keep_weekly=0) == names(
            "20261101T020000"
        )
        with pytest.raises(ValueError):
            b.backups_to_delete(existing, keep_daily=0, keep_weekly=4)

    def test_only_complete_backups_are_counted(self, tmp_path):
        for name in ("20261101T020000Z", "20261102T020000Z", ".partial-20261103T020000Z"):
            (tmp_path / name).mkdir()
        (tmp_path / "20261101T020000Z" / b.MANIFEST).write_text("{}")
        (tmp_path / "notes.txt").write_text("mine")

        # The second has no manifest: half-written or damaged, never a good backup.
        assert b.complete_backups(tmp_path) == ["20261101T020000Z"]
        assert b.remove_partials(tmp_path) == [".partial-20261103T020000Z"]
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "20261101T020000Z",
            "20261102T020000Z",
            "notes.txt",
        ]


class TestConnection:
    URL = "postgres://lifeskills:p%40ss%3Aw%2Fd@db.example.org:6543/lifeskills?sslmode=require"

    def test_a_url_with_a_password_and_a_port(self):
        env = b.pg_environment(dj_database_url.parse(self.URL))

        assert env == {
            "PGHOST": "db.example.org",
            "PGPORT": "6543",
            "PGUSER": "lifeskills",
            "PGPASSWORD": "p@ss:w/d",
            "PGDATABASE": "lifeskills",
            "PGSSLMODE": "require",
        }

    def test_a_url_without_a_password_or_a_host(self):
        env = b.pg_environment(dj_database_url.parse("postgres:///lifeskills"))

        assert env == {"PGDATABASE": "lifeskills"}

    def test_sqlite_is_refused(self):
        with pytest.raises(b.BackupError, match="PostgreSQL only"):
            b.pg_environment(dj_database_url.parse("sqlite:///db.sqlite3"))

    def test_a_tool_older_than_the_server_is_refused(self, tmp_path):
        # pg_dump refuses a newer server, and Debian's /usr/bin wrapper may pick
        # an older one: the message must say what to install.
        old = tmp_path / "old"
        old.mkdir()
        tool = old / "pg_dump"
        tool.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 14.11'\n")
        tool.chmod(0o755)

        with pytest.raises(b.BackupError, match="postgresql-client-15"):
            b.find_pg_tool("pg_dump", 15, search=[old])
        assert b.find_pg_tool("pg_dump", 14, search=[old]) == str(tool)

    def test_versions(self):
        assert b.major_version("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)") == 15
        assert b.major_version("pg_restore (PostgreSQL) 17.2") == 17
        assert b.major_version("nothing") is None


class TestMedia:
    def make_media(self, root):
        (root / "original_images").mkdir(parents=True)
        (root / "original_images" / "cover.webp").write_bytes(b"RIFF" + bytes(range(256)) * 8)
        (root / "documents").mkdir()
        (root / "documents" / "leaflet.pdf").write_bytes(b"%PDF-1.4 leaflet")
        (root / "empty-folder").mkdir()

    def test_archive_and_manifest_restore_every_file(self, tmp_path):
        media, restored = tmp_path / "media", tmp_path / "restored"
        self.make_media(media)

        manifest = b.archive_media(media, tmp_path / b.MEDIA_ARCHIVE)
        b.extract_media(tmp_path / b.MEDIA_ARCHIVE, restored)

        assert [item["path"] for item in manifest["files"]] == [
            "documents/leaflet.pdf",
            "original_images/cover.webp",
        ]
        assert manifest["files"][0]["size"] == len(b"%PDF-1.4 leaflet")
        assert manifest["files"][0]["sha256"] == b.sha256_of(media / "documents/leaflet.pdf")
        assert b.compare_media(manifest["files"], restored) == []

    def test_a_changed_missing_or_extra_file_is_found(self, tmp_path):
        media = tmp_path / "media"
        self.make_media(media)
        manifest = b.archive_media(media, tmp_path / b.MEDIA_ARCHIVE)

        cover = media / "original_images" / "cover.webp"
        data = bytearray(cover.read_bytes())
        data[100] ^= 0xFF
        cover.write_bytes(bytes(data))
        (media / "documents" / "leaflet.pdf").unlink()
        (media / "stray.txt").write_text("?")

        assert b.compare_media(manifest["files"], media) == [
            "media file missing: documents/leaflet.pdf",
            "media file not in the backup: stray.txt",
            "media file differs from the backup: original_images/cover.webp",
        ]

    def test_an_archive_cannot_write_outside_media_root(self, tmp_path):
        import io
        import tarfile

        with tarfile.open(tmp_path / "evil.tar.gz", "w:gz") as archive:
            info = tarfile.TarInfo("../outside.txt")
            info.size = 3
            archive.addfile(info, io.BytesIO(b"bad"))

        with pytest.raises(tarfile.TarError):
            b.extract_media(tmp_path / "evil.tar.gz", tmp_path / "media")
        assert not (tmp_path / "outside.txt").exists()


class TestManifest:
    def test_a_damaged_artefact_is_found(self, tmp_path):
        for name, data in ((b.DUMP, b"dump"), (b.MEDIA_ARCHIVE, b"tar"), (b.MEDIA_MANIFEST, b"{}")):
            (tmp_path / name).write_bytes(data)
        manifest = {
            "artefacts": {
                n: b.describe(tmp_path / n) for n in (b.DUMP, b.MEDIA_ARCHIVE, b.MEDIA_MANIFEST)
            }
        }
        assert b.check_artefacts(tmp_path, manifest) == []

        (tmp_path / b.DUMP).write_bytes(b"dumP")
        (tmp_path / b.MEDIA_ARCHIVE).write_bytes(b"tar, longer")

        assert b.check_artefacts(tmp_path, manifest) == [
            "database.dump: sha256 differs from the manifest (the file is damaged)",
            "media.tar.gz: 11 bytes, 3 recorded",
        ]

    def test_row_counts(self):
        assert b.compare_counts({"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 5, "d": 0}) == [
            "b: 5 rows, 2 in the backup",
            "table missing: c (3 rows in the backup)",
            "table not in the backup: d",
        ]

    def test_no_manifest_is_no_backup(self, tmp_path):
        with pytest.raises(b.BackupError, match="not a complete backup"):
            b.read_manifest(tmp_path)


def manage(*args, env):
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL only")
def test_backup_of_the_test_database_and_a_restore_refused(tmp_path):
    """The curriculum loaded for the session is committed: a backup in another process sees it."""
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "a.webp").write_bytes(b"picture")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lifeskills.settings.test",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
    }
    if database.get("PASSWORD"):
        env["DATABASE_URL"] = url.replace("@", f":{database['PASSWORD']}@", 1)

    result = manage("backup", "--dir", str(tmp_path / "backups"), env=env)

    assert result.returncode == 0, result.stderr
    [name] = b.complete_backups(tmp_path / "backups")
    backup = tmp_path / "backups" / name
    manifest = b.read_manifest(backup)
    assert b.check_artefacts(backup, manifest) == []
    assert manifest["tables"]["wagtailcore_page"] == Page.objects.count()
    assert manifest["migrations"]["classrooms"].startswith("00")
    assert json.loads((backup / b.MEDIA_MANIFEST).read_text())["files"] == [
        {
            "path": "original_images/a.webp",
            "size": 7,
            "sha256": b.sha256_of(media / "original_images/a.webp"),
        }
    ]

    # The test database has tables: restoring over it needs --force.
    refused = manage("restore", str(backup), env={**env, "MEDIA_ROOT": str(tmp_path / "new")})

    assert refused.returncode != 0
    assert "restore into a new, empty database" in refused.stderr
    assert Page.objects.count() == manifest["tables"]["wagtailcore_page"]
