"""manage.py restore: a backup into an empty database and an empty MEDIA_ROOT, then checked."""

import json
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from lifeskills.platform import backups as b


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the database of DATABASE_URL, which "
        "must be empty (create it first), and into MEDIA_ROOT, which must be empty or absent. "
        "Then check every media file's sha256 and every table's rows against the backup's "
        "manifest, and clear the cache. Exits non-zero on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "backup", help="The backup's directory, e.g. /var/backups/…/20261201T020000Z."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even into a database that has tables: its schema 'public' is dropped "
            "first, with everything in it.",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        backup = Path(options["backup"])
        try:
            manifest = b.read_manifest(backup)
            self.stdout.write(f"checking the files of {backup} against its manifest")
            problems = b.check_artefacts(backup, manifest)
            if problems:
                raise b.BackupError(
                    "The backup is damaged; restore another copy:\n  " + "\n  ".join(problems)
                )
            env = b.pg_environment(connection.settings_dict)
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.exists() and any(media_root.iterdir()):
                raise b.BackupError(
                    f"MEDIA_ROOT {media_root} is not empty. Move it aside "
                    f"(mv {media_root} {media_root}.old) and run again."
                )
            pg_restore = self.prepare_database(options["force"])
            self.stdout.write(f"restoring the database into {env['PGDATABASE']}")
            b.run_tool(
                [
                    pg_restore,
                    "--no-owner",
                    # The new server's roles need not be the old one's: the site's
                    # user owns and may use everything it restores.
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    "--no-password",
                    f"--dbname={env['PGDATABASE']}",
                    str(backup / b.DUMP),
                ],
                env,
                "pg_restore",
            )
            self.stdout.write(f"unpacking the media files into {media_root}")
            b.extract_media(backup / b.MEDIA_ARCHIVE, media_root)
        except (b.BackupError, OSError) as error:
            raise CommandError(str(error)) from error

        # Kept pages, sessions and lookups in the cache belong to the database as
        # it was: a session there could even name another child's account id.
        self.clear_cache()
        problems = self.verify(backup, manifest, media_root)
        self.migration_note(manifest)
        if problems:
            for problem in problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"The restore differs from the backup in {len(problems)} ways.")
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {backup.name} in {time.perf_counter() - started:.1f} s: "
                f"{sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables "
                f"and {manifest['media']['files']} media files, all as in the manifest"
            )
        )

    def clear_cache(self):
        cache = caches["default"]
        if not isinstance(cache, RedisCache):
            self.stdout.write("no shared cache configured (REDIS_URL unset): nothing to clear")
        elif cache.clear() is False:
            self.stderr.write(
                self.style.WARNING(
                    "Redis could not be reached and the cache was not cleared: clear it before "
                    "the site serves (redis-cli -n <db> FLUSHDB on the REDIS_URL database)."
                )
            )
        else:
            self.stdout.write("cache cleared (the REDIS_URL database)")

    def prepare_database(self, force):
        with connection.cursor() as cursor:
            major = b.server_major(cursor)
            pg_restore = b.find_pg_tool("pg_restore", major)
            tables = b.user_tables(cursor)
            if tables and not force:
                raise b.BackupError(
                    f"The database {connection.settings_dict['NAME']} has {len(tables)} tables: "
                    "restore into a new, empty database (createdb -O <user> <name>), or give "
                    "--force to drop everything in it first."
                )
            if tables:
                self.stdout.write(self.style.WARNING("--force: dropping the schema public"))
                cursor.execute("DROP SCHEMA public CASCADE")
                cursor.execute("CREATE SCHEMA public")
        connection.close()
        return pg_restore

    def verify(self, backup, manifest, media_root):
        self.stdout.write("checking every media file and every table against the manifest")
        media = json.loads((backup / b.MEDIA_MANIFEST).read_text())
        problems = b.compare_media(media["files"], media_root)
        with connection.cursor() as cursor:
            counts = b.table_counts(cursor)
        problems += b.compare_counts(manifest["tables"], counts)
        named, skipped = b.files_named_by_database(apps.get_models(), counts)
        if skipped:
            self.stdout.write(f"files not checked, tables not migrated yet: {', '.join(skipped)}")
        missing = sorted(path for path in named if not (media_root / path).is_file())
        # A file deleted between the dump and the media archive (deploy/BACKUPS.md):
        # a warning, not a failure, since the backup holds all there was; an editor
        # uploads the picture or document again.
        for path in missing:
            self.stderr.write(
                self.style.WARNING(f"{named[path]} names a file the backup has not: {path}")
            )
        return problems

    def migration_note(self, manifest):
        code = dict(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
        newer = {
            app: name
            for app, name in manifest.get("migrations", {}).items()
            if app in code and name > code[app]
        }
        if newer:
            self.stderr.write(
                self.style.WARNING(
                    f"The backup was made by newer code ({manifest['app']}): migrations "
                    f"{newer} are unknown here. Run the version that made it."
                )
            )
        elif any(code[app] != manifest.get("migrations", {}).get(app) for app in code):
            self.stdout.write("This code has newer migrations: run `manage.py migrate` next.")
