"""manage.py backup: the database and the media files, then rotation (deploy/BACKUPS.md)."""

import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from lifeskills.platform import backups as b

LOCAL_FILES = "django.core.files.storage.FileSystemStorage"


def _env_int(name, default):
    value = os.environ.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise CommandError(f"{name} must be a whole number, not {value!r}.") from error


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump, one snapshot) and MEDIA_ROOT into a new "
        "directory named by UTC time under --dir, with a manifest; then delete the backups "
        "that rotation no longer keeps. Exits non-zero, keeping every earlier backup, if "
        "anything fails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=os.environ.get("LIFESKILLS_BACKUP_DIR"),
            help="Where backups are kept (default: $LIFESKILLS_BACKUP_DIR).",
        )
        parser.add_argument(
            "--keep-daily",
            type=int,
            default=_env_int("LIFESKILLS_BACKUP_KEEP_DAILY", 7),
            help="Keep the newest backup of this many most recent days "
            "(default: $LIFESKILLS_BACKUP_KEEP_DAILY or 7).",
        )
        parser.add_argument(
            "--keep-weekly",
            type=int,
            default=_env_int("LIFESKILLS_BACKUP_KEEP_WEEKLY", 4),
            help="Keep the newest backup of this many most recent weeks "
            "(default: $LIFESKILLS_BACKUP_KEEP_WEEKLY or 4).",
        )
        parser.add_argument(
            "--no-rotate", action="store_true", help="Delete no earlier backup this time."
        )

    def handle(self, *args, **options):
        if not options["dir"]:
            raise CommandError("Say where backups go: --dir or LIFESKILLS_BACKUP_DIR.")
        if options["keep_daily"] < 1 or options["keep_weekly"] < 0:
            raise CommandError("--keep-daily must be at least 1 and --keep-weekly at least 0.")
        directory = Path(options["dir"])
        try:
            env = b.pg_environment(connection.settings_dict)
            os.umask(0o077)  # children's data: readable by the site's own account only
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            with b.Lock(directory):
                for name in b.remove_partials(directory):
                    self.stdout.write(f"removed {name}, left half-written by an interrupted run")
                name = self.make_backup(directory, env)
                if not options["no_rotate"]:
                    self.rotate(directory, options["keep_daily"], options["keep_weekly"])
        except (b.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        return None

    def make_backup(self, directory, env):
        started = time.perf_counter()
        moment = datetime.now(UTC)
        name = b.backup_name(moment)
        if (directory / name).exists():
            raise b.BackupError(f"{directory / name} exists already: wait a second and run again.")
        partial = directory / f"{b.PARTIAL}{name}"
        partial.mkdir(mode=0o700)
        try:
            snapshot_taken = time.perf_counter()
            manifest = self.dump_database(partial, env)
            manifest["created_at"] = moment.isoformat()
            manifest["name"] = name
            storage = settings.STORAGES["default"]["BACKEND"]
            if storage != LOCAL_FILES:
                self.stderr.write(
                    self.style.WARNING(
                        f"Media files are stored by {storage}: this backup holds only what is "
                        "under MEDIA_ROOT. Back up that storage with its own tools "
                        "(deploy/BACKUPS.md)."
                    )
                )
            media = b.archive_media(settings.MEDIA_ROOT, partial / b.MEDIA_ARCHIVE)
            b.write_json(partial / b.MEDIA_MANIFEST, media)
            for skipped in media["skipped"]:
                self.stderr.write(f"not a regular file, left out of the backup: {skipped}")
            manifest["media"] = {
                "storage": storage,
                "files": len(media["files"]),
                "bytes": sum(item["size"] for item in media["files"]),
                # The gap in which a deleted file could be missed (deploy/BACKUPS.md).
                "seconds_after_snapshot": round(time.perf_counter() - snapshot_taken, 1),
            }
            manifest["artefacts"] = {
                artefact: b.describe(partial / artefact)
                for artefact in (b.DUMP, b.MEDIA_ARCHIVE, b.MEDIA_MANIFEST)
            }
            for artefact in (b.DUMP, b.MEDIA_ARCHIVE):
                b.fsync_file(partial / artefact)
            b.write_json(partial / b.MANIFEST, manifest)
            b.fsync_directory(partial)
            partial.rename(directory / name)
            b.fsync_directory(directory)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        artefacts = manifest["artefacts"]
        self.stdout.write(
            self.style.SUCCESS(
                f"backup {directory / name} in {time.perf_counter() - started:.1f} s: "
                f"database {artefacts[b.DUMP]['size'] / 1e6:.1f} MB "
                f"({sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables), "
                f"media {artefacts[b.MEDIA_ARCHIVE]['size'] / 1e6:.1f} MB "
                f"({manifest['media']['files']} files)"
            )
        )
        return name

    def dump_database(self, partial, env):
        """pg_dump, with the manifest's row counts read from the very snapshot it dumps.

        The snapshot is exported from a repeatable-read transaction that counts
        the rows and stays open until pg_dump has finished, so the counts are
        those of the dump even while children keep submitting answers.
        """
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            major = b.server_major(cursor)
            pg_dump = b.find_pg_tool("pg_dump", major)
            counts = b.table_counts(cursor)
            heads = b.migration_heads(cursor)
            tool_version = b.run_tool([pg_dump, "--version"], {}, "pg_dump --version")
            b.run_tool(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={partial / b.DUMP}",
                ],
                env,
                "pg_dump",
            )
        # A dump that pg_restore cannot list is caught now, not on the day it is needed.
        b.run_tool(
            [b.find_pg_tool("pg_restore", major), "--list", str(partial / b.DUMP)],
            {},
            "pg_restore --list (reading the new dump back)",
        )
        return {
            "format": b.FORMAT_VERSION,
            "app": b.code_version(settings.BASE_DIR),
            "database": {
                "name": env["PGDATABASE"],
                "server_version": server_version,
                "pg_dump": tool_version.stdout.strip(),
            },
            "migrations": heads,
            "tables": counts,
        }

    def rotate(self, directory, keep_daily, keep_weekly):
        names = b.complete_backups(directory)
        for name in b.backups_to_delete(names, keep_daily, keep_weekly):
            shutil.rmtree(directory / name)
            self.stdout.write(f"deleted {name} (rotation)")
