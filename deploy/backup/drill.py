#!/usr/bin/env python3
"""The restore drill (`make restore-drill`): a backup is only good once it has been restored.

On a throwaway database and media folder it does what a bad day does:

1. seeds a small programme (starter curriculum, schools, classes, children,
   their lesson progress and quiz attempts with the running totals) and
   uploads pictures (with renditions) and a document;
2. records every table's row count and a checksum of its rows, every
   sequence, and the sha256 of every media file;
3. runs `manage.py backup`, then DROPS the database and DELETES the media folder;
4. runs `manage.py restore` into a new database and an empty media folder;
5. compares everything recorded in 2 with the restored copy, runs
   `manage.py verify_totals`, `manage.py check` and `manage.py migrate --check`.

It prints a summary, exits 1 on any difference, and removes what it made
(databases, folders) even when it fails. `--break KIND` (or `--break all`)
then restores again from the same backup with damage done on purpose (a byte
of the dump or of a media file changed, the media left out, a table dropped,
a row changed) and exits 1 unless every such round finds a difference.

Settings: DRILL_DATABASE_URL names the server and the base of the databases'
names (<name>_src_<pid>, <name>_restored_<pid>); DRILL_REDIS_URL, if set, is
used as the site's cache so the restore's clearing of it is checked too.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import dj_database_url  # noqa: E402
import psycopg  # noqa: E402

from lifeskills.platform import backups as b  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lifeskills_drill"
SEED = ["--schools", "2", "--teachers", "4", "--students", "90", "--attempts", "400"]
# A learner table that the seeding always fills: the target of the breaks below.
VICTIM = "classrooms_lessonprogress"
BREAKS = {
    "corrupt-dump": "one byte of database.dump changed after the backup",
    "corrupt-media": "one byte of a restored media file changed",
    "skip-media": "the restored media folder emptied, as if its restore were skipped",
    "drop-table": f"{VICTIM} dropped from the restored database",
    "change-row": f"one row of {VICTIM} changed in the restored database (same row count)",
}
MARKER = "lifeskills-restore-drill-marker"


class DrillFailed(Exception):
    pass


def log(message):
    print(f"[drill {time.strftime('%H:%M:%S')}] {message}", flush=True)


def database_url(base_url, name):
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path="/" + quote(name)))


def connect(url):
    env = b.pg_environment(dj_database_url.parse(url))
    return psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env["PGDATABASE"],
        sslmode=env.get("PGSSLMODE", "prefer"),
        autocommit=True,
    )


def primary_key(cursor, schema, table):
    cursor.execute(
        """
        SELECT a.attname FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = %s::regclass AND i.indisprimary
        ORDER BY array_position(i.indkey::int2[], a.attnum)
        """,
        [f"{b.quote(schema)}.{b.quote(table)}"],
    )
    return [row[0] for row in cursor.fetchall()]


def snapshot(url):
    """Every table's (rows, md5 of its rows in key order) and every sequence's value."""
    tables, sequences = {}, {}
    with connect(url) as conn, conn.cursor() as cursor:
        for schema, table in b.user_tables(cursor):
            key = primary_key(cursor, schema, table)
            order = ", ".join(f"t.{b.quote(column)}" for column in key) or "t::text"
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY {order}), ''))"
                f" FROM {b.quote(schema)}.{b.quote(table)} t"
            )
            tables[b.table_label(schema, table)] = cursor.fetchone()
        cursor.execute(
            "SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2"
        )
        for schema, name, value in cursor.fetchall():
            sequences[b.table_label(schema, name)] = value
    return {"tables": tables, "sequences": sequences}


def flip_byte(path):
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        byte = handle.read(1)
        handle.seek(size // 2)
        handle.write(bytes([byte[0] ^ 0xFF]))


class Drill:
    def __init__(self, base_url, redis_url, breaks, seed):
        self.base_url = base_url
        self.redis_url = redis_url
        self.breaks = breaks
        self.results = {}
        self.seed = seed
        base = dj_database_url.parse(base_url)["NAME"]
        self.source = f"{base}_src_{os.getpid()}"
        self.restored = f"{base}_restored_{os.getpid()}"
        self.created = []
        self.work = Path(tempfile.mkdtemp(prefix="lifeskills-drill-"))
        self.media = self.work / "media"
        self.backups = self.work / "backups"
        self.rows = []
        self.problems = []
        self.timings = {}

    # -- plumbing ------------------------------------------------------------

    def env(self, database):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lifeskills.settings.production",
            "SECRET_KEY": "restore-drill-only",
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": database_url(self.base_url, database),
            "MEDIA_ROOT": str(self.media),
            "LIFESKILLS_BACKUP_DIR": str(self.backups),
            "LOG_LEVEL": "WARNING",
        }
        env.pop("REDIS_URL", None)
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        return env

    def manage(self, database, *args, expect_ok=True):
        command = [sys.executable, str(ROOT / "manage.py"), *args]
        result = subprocess.run(
            command, cwd=ROOT, env=self.env(database), capture_output=True, text=True
        )
        output = (result.stdout + result.stderr).strip()
        if expect_ok and result.returncode != 0:
            raise DrillFailed(f"manage.py {' '.join(args)} failed:\n{output}")
        return result.returncode, output

    def admin(self):
        return connect(database_url(self.base_url, "postgres"))

    def create_database(self, name):
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {b.quote(name)}")
            self.created.append(name)
            # A throwaway database: not waiting for each commit to reach the disk
            # takes minutes off loading the curriculum page by page.
            conn.execute(f"ALTER DATABASE {b.quote(name)} SET synchronous_commit = off")

    def drop_database(self, name):
        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {b.quote(name)} WITH (FORCE)")

    def step(self, name, function, *args):
        started = time.perf_counter()
        log(name)
        result = function(*args)
        self.timings[name] = time.perf_counter() - started
        return result

    # -- the drill -------------------------------------------------------------

    def run(self):
        started = time.perf_counter()
        try:
            self.step("checking the PostgreSQL tools", self.check_tools)
            self.step("seeding a small programme", self.seed_data)
            before = self.step("recording tables, sequences and media", self.record, self.source)
            backup = self.step("backing up (manage.py backup)", self.back_up)
            self.step("dropping the database and deleting the media", self.destroy)
            self.step("restoring and comparing", self.round, None, backup, before)
            for kind in self.breaks:
                self.step(f"restoring with {kind}", self.round, kind, backup, before)
        except DrillFailed as error:
            self.problems.append(str(error))
        finally:
            self.clean_up()
        self.report(time.perf_counter() - started)
        caught = all(self.results.get(kind) for kind in self.breaks)
        return 1 if self.problems or not caught else 0

    def round(self, kind, backup, before):
        """Restore into a new database and empty media folder, then compare with ``before``.

        With ``kind``, something is damaged on the way: the round must then find
        a difference, and what it found is kept in ``self.results``.
        """
        problems = self.problems if kind is None else []
        if self.restored in self.created:
            self.drop_database(self.restored)
            self.created.remove(self.restored)
        shutil.rmtree(self.media, ignore_errors=True)
        if kind == "corrupt-dump":
            damaged = self.work / "damaged" / backup.name
            shutil.copytree(backup, damaged)
            flip_byte(damaged / b.DUMP)
            backup = damaged
        self.create_database(self.restored)
        code, output = self.manage(self.restored, "restore", str(backup), expect_ok=False)
        for line in output.splitlines() if kind is None or code else ():
            log("  " + line)
        if code != 0:
            problems.append(f"manage.py restore failed (exit {code})")
        else:
            if kind is None and self.redis_url:
                import redis

                if redis.Redis.from_url(self.redis_url).exists(MARKER):
                    problems.append("the cache was not cleared by the restore")
            if kind:
                self.break_restored(kind)
            after = self.record(self.restored)
            problems += self.compare(before, after, table_rows=kind is None)
            problems += self.check_site(quiet=kind is not None)
        if kind:
            self.results[kind] = problems
            verdict = f"caught, {len(problems)} differences" if problems else "NOT caught"
            log(f"  {kind}: {verdict}")

    def check_tools(self):
        with connect(self.base_url_for("postgres")) as conn, conn.cursor() as cursor:
            major = b.server_major(cursor)
        try:
            for tool in ("pg_dump", "pg_restore"):
                log(f"  {tool}: {b.find_pg_tool(tool, major)} (server: PostgreSQL {major})")
        except b.BackupError as error:
            raise DrillFailed(str(error)) from error

    def base_url_for(self, name):
        return database_url(self.base_url, name)

    def seed_data(self):
        self.create_database(self.source)
        self.manage(self.source, "migrate", "--noinput", "-v0")
        self.manage(self.source, "load_starter_curriculum", "-v0")
        # A throwaway database on production settings: seed_programme refuses
        # its public password there unless told this is not a real site.
        self.manage(self.source, "seed_programme", "--allow-without-debug", *self.seed)
        result = subprocess.run(
            [sys.executable, __file__, "--make-media"],
            cwd=ROOT,
            env=self.env(self.source),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise DrillFailed(f"uploading the drill's media failed:\n{result.stderr}")
        log("  " + result.stdout.strip())
        if self.redis_url:
            import redis

            redis.Redis.from_url(self.redis_url).set(MARKER, "1")

    def record(self, database):
        recorded = snapshot(self.base_url_for(database))
        recorded["media"] = b.media_files(self.media)
        log(
            f"  {len(recorded['tables'])} tables, "
            f"{sum(rows for rows, _sum in recorded['tables'].values())} rows, "
            f"{len(recorded['sequences'])} sequences, {len(recorded['media'])} media files"
        )
        return recorded

    def back_up(self):
        _code, output = self.manage(self.source, "backup")
        log("  " + output.splitlines()[-1])
        names = b.complete_backups(self.backups)
        if len(names) != 1:
            raise DrillFailed(f"expected one backup in {self.backups}, found {names}")
        return self.backups / names[0]

    def destroy(self):
        self.drop_database(self.source)
        self.created.remove(self.source)
        shutil.rmtree(self.media)
        if self.media.exists():
            raise DrillFailed(f"{self.media} could not be deleted")

    def break_restored(self, kind):
        if kind in ("corrupt-media", "skip-media"):
            files = sorted(p for p in self.media.rglob("*") if p.is_file())
            if kind == "corrupt-media":
                flip_byte(files[0])
            else:
                for path in files:
                    path.unlink()
        elif kind in ("drop-table", "change-row"):
            with connect(self.base_url_for(self.restored)) as conn:
                if kind == "drop-table":
                    conn.execute(f"DROP TABLE {VICTIM} CASCADE")
                else:
                    conn.execute(
                        f"UPDATE {VICTIM} SET seconds = seconds + 1 "
                        f"WHERE id = (SELECT min(id) FROM {VICTIM})"
                    )
        log(f"  broken on purpose: {BREAKS[kind]}")

    def compare(self, before, after, table_rows):
        problems = []
        for table in sorted(before["tables"].keys() | after["tables"].keys()):
            old, new = before["tables"].get(table), after["tables"].get(table)
            same = old == new
            if table_rows:
                self.rows.append((table, old[0] if old else "-", new[0] if new else "-", same))
            if not same:
                if old is None or new is None:
                    what = "missing after the restore" if new is None else "not there before"
                elif old[0] != new[0]:
                    what = f"{old[0]} rows before, {new[0]} after"
                else:
                    what = "same rows counted, different content"
                problems.append(f"table {table}: {what}")
        if before["sequences"] != after["sequences"]:
            for name in sorted(before["sequences"].keys() | after["sequences"].keys()):
                if before["sequences"].get(name) != after["sequences"].get(name):
                    problems.append(
                        f"sequence {name}: {before['sequences'].get(name)} before, "
                        f"{after['sequences'].get(name)} after"
                    )
        for path in sorted(before["media"].keys() | after["media"].keys()):
            old, new = before["media"].get(path), after["media"].get(path)
            if old != new:
                what = "missing" if new is None else "new" if old is None else "different"
                problems.append(f"media {path}: {what} after the restore")
        if table_rows:
            self.media_counts = (len(before["media"]), len(after["media"]))
        return problems

    def check_site(self, quiet=False):
        problems = []
        for args in (["verify_totals"], ["check"], ["migrate", "--check"]):
            code, output = self.manage(self.restored, *args, expect_ok=False)
            for line in output.splitlines() if not quiet or code else ():
                if "AXES:" not in line:
                    log("  " + line)
            if code != 0:
                problems.append(f"manage.py {' '.join(args)} failed (exit {code})")
        return problems

    def clean_up(self):
        for name in [self.source, self.restored]:
            try:
                self.drop_database(name)
            except psycopg.Error as error:
                self.problems.append(f"could not drop the database {name}: {error}")
        shutil.rmtree(self.work, ignore_errors=True)
        if self.redis_url:
            try:
                import redis

                redis.Redis.from_url(self.redis_url).delete(MARKER)
            except Exception as error:  # noqa: BLE001 - cleaning up must not hide the result
                self.problems.append(f"could not remove the drill's Redis key: {error}")
        log(f"dropped the databases {self.source} and {self.restored}, removed {self.work}")

    def report(self, seconds):
        print()
        print(f"{'table':<48} {'rows before':>11} {'rows after':>11}  rows and content")
        for table, old, new, same in self.rows:
            print(f"{table:<48} {old!s:>11} {new!s:>11}  {'same' if same else 'DIFFERENT'}")
        total = sum(row[1] for row in self.rows if isinstance(row[1], int))
        print(f"{len(self.rows)} tables, {total} rows before the backup")
        if hasattr(self, "media_counts"):
            print(f"media files: {self.media_counts[0]} before, {self.media_counts[1]} after")
        print("steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items()))
        print(f"restore drill: {seconds:.0f} s")
        for kind in self.breaks:
            found = self.results.get(kind)
            verdict = f"caught: {found[0]}" if found else "NOT CAUGHT"
            if found and len(found) > 1:
                verdict += f" (and {len(found) - 1} more)"
            print(f"broken on purpose, {kind} ({BREAKS[kind]}): {verdict}")
        if self.problems:
            print(f"FAILED: {len(self.problems)} differences or errors")
            for problem in self.problems:
                print(f"  - {problem}")
        else:
            print("PASSED: the restored database and media are the ones backed up")


def make_media():
    """Upload two pictures with renditions and a document, as an editor would; record lessons."""
    import io

    import django

    django.setup()
    from django.core.files.base import ContentFile
    from PIL import Image as Picture
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    made = []
    for n, (colour, kind) in enumerate((((200, 40, 40), "PNG"), ((40, 90, 200), "JPEG")), 1):
        data = io.BytesIO()
        Picture.new("RGB", (640, 480), colour).save(data, kind)
        image = get_image_model().objects.create(
            title=f"Drill picture {n}",
            file=ContentFile(data.getvalue(), name=f"drill-picture-{n}.{kind.lower()}"),
        )
        image.get_rendition("fill-200x150")
        image.get_rendition("width-400|format-webp")
        made.append(image.file.name)
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    document = get_document_model().objects.create(
        title="Drill leaflet", file=ContentFile(pdf, name="drill-leaflet.pdf")
    )
    made.append(document.file.name)

    # Lessons taught to each class, recorded through the service a teacher's form uses.
    from classrooms.models import Classroom, Membership
    from classrooms.services import record_taught
    from lessons.models import LessonPage

    lesson = LessonPage.objects.live().filter(locale__language_code="en").order_by("path").first()
    delivered = 0
    for classroom in Classroom.objects.order_by("pk"):
        present = Membership.objects.filter(classroom=classroom).count() - 1
        record_taught(classroom, lesson, classroom.teachers.order_by("pk").first(), present)
        delivered += 1
    print(f"uploaded {', '.join(made)} and four renditions; {delivered} lessons taught")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DRILL_DATABASE_URL") or DEFAULT_URL,
        help="Server and base name of the drill's databases (default: $DRILL_DATABASE_URL "
        f"or {DEFAULT_URL}).",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("DRILL_REDIS_URL"),
        help="A Redis database the drill may clear, to check the restore clears the cache.",
    )
    parser.add_argument(
        "--break",
        dest="breaks",
        action="append",
        default=[],
        choices=sorted(BREAKS) + ["all"],
        help="After the clean round, restore again with this damage, which must be caught "
        "(repeat it, or 'all').",
    )
    parser.add_argument("--make-media", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_media:
        make_media()
        return 0
    # A stop from outside (systemd, CI's timeout) still cleans up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    breaks = sorted(BREAKS) if "all" in args.breaks else list(dict.fromkeys(args.breaks))
    return Drill(args.database_url, args.redis_url, breaks, SEED).run()


if __name__ == "__main__":
    sys.exit(main())
