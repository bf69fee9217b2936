"""Backups of the database and the media files, and their restore (deploy/BACKUPS.md).

A backup is one directory named by its UTC time, e.g. ``20261201T020000Z``:

- ``database.dump``: ``pg_dump --format=custom`` of the site's database;
- ``media.tar.gz``: every file under MEDIA_ROOT, read right after the dump;
- ``media-manifest.json``: path, size and sha256 of every file in the archive;
- ``manifest.json``: the version of the code, the migrations applied, the rows
  of every table at the dump's snapshot, and the size and sha256 of each file above.

It is written under a temporary name (``.partial-<time>``) and renamed when
complete, so a half-written backup is never taken for a good one. Functions
here that take no Django connection are pure and tested on their own.
"""

import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA_ARCHIVE = "media.tar.gz"
MEDIA_MANIFEST = "media-manifest.json"
PARTIAL = ".partial-"
LOCK = ".lock"
NAME_FORMAT = "%Y%m%dT%H%M%SZ"
NAME_PATTERN = re.compile(r"^\d{8}T\d{6}Z$")
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


# -- the database's connection, for the PostgreSQL tools -----------------------


def pg_environment(database):
    """The libpq environment for a Django DATABASES entry.

    The password travels in PGPASSWORD, which only the same user (and root)
    can read, never as an argument that every user sees in ``ps``.
    """
    if "postgresql" not in database.get("ENGINE", ""):
        raise BackupError(
            "Backups are made of PostgreSQL only: DATABASE_URL names "
            f"{database.get('ENGINE', 'no database')!r}."
        )
    env = {"PGDATABASE": str(database["NAME"])}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[variable] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    options = database.get("OPTIONS") or {}
    for key, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def major_version(text):
    """16 from 'pg_dump (PostgreSQL) 16.4 (Debian ...)', 15 from '15.20', or None."""
    found = re.search(r"(\d+)(?:\.\d+)?", text)
    return int(found.group(1)) if found else None


def find_pg_tool(name, server_major, search=None):
    """The path of ``name`` (pg_dump, pg_restore) for a server of ``server_major``.

    A pg_dump older than the server refuses to dump it, and Debian's
    /usr/bin wrapper may pick another version: so the tool of the server's own
    version is looked for first, in LIFESKILLS_PG_BIN and the usual places.
    """
    places = search if search is not None else _pg_bin_places(server_major)
    tried = []
    for directory in places:
        candidate = shutil.which(name, path=str(directory)) if directory else shutil.which(name)
        if not candidate or candidate in tried:
            continue
        tried.append(candidate)
        result = subprocess.run([candidate, "--version"], capture_output=True, text=True)
        version = major_version(result.stdout)
        if result.returncode == 0 and version is not None and version >= server_major:
            return candidate
    raise BackupError(
        f"No {name} for PostgreSQL {server_major} (tried: {', '.join(tried) or 'none found'}). "
        f"Install the client tools of the server's version (Debian: apt-get install "
        f"postgresql-client-{server_major}) or point LIFESKILLS_PG_BIN at their directory."
    )


def _pg_bin_places(server_major):
    places = []
    if os.environ.get("LIFESKILLS_PG_BIN"):
        places.append(os.environ["LIFESKILLS_PG_BIN"])
    places += [
        f"/usr/lib/postgresql/{server_major}/bin",
        f"/usr/pgsql-{server_major}/bin",
        None,  # PATH
    ]
    return places


def run_tool(command, env, what):
    """Run a PostgreSQL tool with the connection in its environment; its errors, if any."""
    result = subprocess.run(
        command,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}):\n{result.stderr.strip()}")
    return result


# -- files -------------------------------------------------------------------


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def describe(path):
    """Size and sha256 of one file, as the manifest records it."""
    return {"size": os.path.getsize(path), "sha256": sha256_of(path)}


class _HashingReader(io.RawIOBase):
    """Hands a file to tarfile and hashes the bytes as they are read: each file is read once."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.handle.read(len(buffer))
        self.digest.update(data)
        buffer[: len(data)] = data
        return len(data)


def archive_media(media_root, archive_path):
    """Write every regular file under media_root into a tar.gz; return the media manifest.

    Pictures, sound and documents are compressed already: gzip's fastest level
    saves most of what can be saved at a fraction of the time.
    """
    media_root = Path(media_root)
    files, skipped = [], []
    with tarfile.open(archive_path, "w:gz", compresslevel=1) as archive:
        if media_root.is_dir():
            for directory, dirnames, filenames in os.walk(media_root):
                dirnames.sort()
                for filename in sorted(filenames):
                    path = Path(directory) / filename
                    relative = path.relative_to(media_root).as_posix()
                    if path.is_symlink() or not path.is_file():
                        skipped.append(relative)
                        continue
                    info = archive.gettarinfo(str(path), arcname=relative)
                    with open(path, "rb") as handle:
                        reader = _HashingReader(handle)
                        archive.addfile(info, io.BufferedReader(reader, CHUNK))
                    files.append(
                        {"path": relative, "size": info.size, "sha256": reader.digest.hexdigest()}
                    )
    return {"files": files, "skipped": skipped}


def media_files(media_root):
    """{relative path: {size, sha256}} of every regular file under media_root."""
    media_root = Path(media_root)
    found = {}
    if not media_root.is_dir():
        return found
    for directory, _dirnames, filenames in os.walk(media_root):
        for filename in filenames:
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(media_root).as_posix()] = describe(path)
    return found


def compare_media(expected_files, media_root):
    """Differences between the media manifest's files and what is under media_root."""
    expected = {item["path"]: item for item in expected_files}
    present = media_files(media_root)
    problems = []
    for path in sorted(expected.keys() - present.keys()):
        problems.append(f"media file missing: {path}")
    for path in sorted(present.keys() - expected.keys()):
        problems.append(f"media file not in the backup: {path}")
    for path in sorted(expected.keys() & present.keys()):
        if present[path]["sha256"] != expected[path]["sha256"]:
            problems.append(f"media file differs from the backup: {path}")
    return problems


def extract_media(archive_path, media_root):
    """Unpack the archive into media_root; tarfile's 'data' filter refuses paths outside it."""
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(media_root, filter="data")


def compare_counts(expected, actual):
    """Differences between two {table: rows} maps."""
    problems = []
    for table in sorted(expected.keys() | actual.keys()):
        if table not in actual:
            problems.append(f"table missing: {table} ({expected[table]} rows in the backup)")
        elif table not in expected:
            problems.append(f"table not in the backup: {table}")
        elif expected[table] != actual[table]:
            problems.append(f"{table}: {actual[table]} rows, {expected[table]} in the backup")
    return problems


def check_artefacts(backup_dir, manifest):
    """Size and sha256 of each file of a backup against its manifest: what differs."""
    problems = []
    for name, recorded in sorted(manifest.get("artefacts", {}).items()):
        path = Path(backup_dir) / name
        if not path.is_file():
            problems.append(f"{name} is missing")
            continue
        if os.path.getsize(path) != recorded["size"]:
            problems.append(f"{name}: {os.path.getsize(path)} bytes, {recorded['size']} recorded")
        elif sha256_of(path) != recorded["sha256"]:
            problems.append(f"{name}: sha256 differs from the manifest (the file is damaged)")
    required = {DUMP, MEDIA_ARCHIVE, MEDIA_MANIFEST}
    for name in sorted(required - manifest.get("artefacts", {}).keys()):
        problems.append(f"{name} is not in the manifest")
    return problems


def read_manifest(backup_dir):
    path = Path(backup_dir) / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{backup_dir} has no {MANIFEST}: it is not a complete backup (or not a backup)."
        )
    try:
        manifest = json.loads(path.read_text())
    except ValueError as error:
        raise BackupError(f"{path} cannot be read: {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}.")
    return manifest


def write_json(path, data):
    with open(path, "w") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def fsync_file(path):
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_directory(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# -- the backups directory and rotation -----------------------------------------


def backup_name(moment):
    return moment.astimezone(UTC).strftime(NAME_FORMAT)


def backup_time(name):
    """The UTC time of a backup from its directory name, or None for anything else."""
    if not NAME_PATTERN.match(name):
        return None
    return datetime.strptime(name, NAME_FORMAT).replace(tzinfo=UTC)


def complete_backups(directory):
    """Names of the complete backups (named by time, with a manifest), oldest first."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(
        entry.name
        for entry in directory.iterdir()
        if entry.is_dir() and backup_time(entry.name) and (entry / MANIFEST).is_file()
    )


def backups_to_delete(names, keep_daily, keep_weekly):
    """Which backups rotation deletes, from the names of the complete ones.

    Kept: the newest backup of each of the ``keep_daily`` most recent days
    that have one, and the newest of each of the ``keep_weekly`` most recent
    ISO weeks that have one. Counting days that have a backup, not calendar
    days, means a server that was off for a fortnight still keeps its last
    ``keep_daily`` backups. The newest backup is always kept.
    """
    if keep_daily < 1:
        raise ValueError("keep_daily must be at least 1: the newest backup is always kept.")
    if keep_weekly < 0:
        raise ValueError("keep_weekly cannot be negative.")
    dated = sorted(((backup_time(n), n) for n in names if backup_time(n)), reverse=True)
    keep = set()
    for period, count in ((_day, keep_daily), (_week, keep_weekly)):
        seen = []
        for moment, name in dated:
            key = period(moment)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(name)
    return sorted(name for _moment, name in dated if name not in keep)


def _day(moment):
    return moment.date()


def _week(moment):
    return moment.isocalendar()[:2]


@dataclass
class Lock:
    """One backup or restore at a time in a backups directory (an flock, freed if killed)."""

    directory: Path

    def __enter__(self):
        self.handle = open(Path(self.directory) / LOCK, "w")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            self.handle.close()
            raise BackupError(f"Another backup is running in {self.directory}.") from error
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def remove_partials(directory):
    """Remove backups an interrupted run left half-written; call only while holding the Lock."""
    removed = []
    for entry in Path(directory).iterdir():
        if entry.name.startswith(PARTIAL) and entry.is_dir():
            shutil.rmtree(entry)
            removed.append(entry.name)
    return sorted(removed)


def code_version(base_dir):
    """The package version and, in a git checkout, its commit (LIFESKILLS_COMMIT wins)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = version("lifeskills")
    except PackageNotFoundError:
        package = None
    commit = os.environ.get("LIFESKILLS_COMMIT")
    if not commit:
        try:
            result = subprocess.run(
                ["git", "-C", str(base_dir), "rev-parse", "HEAD"],
                capture_output=True,
                text=True,
                timeout=10,
            )
            commit = result.stdout.strip() if result.returncode == 0 else None
        except (OSError, subprocess.SubprocessError):
            commit = None
    return {"version": package, "commit": commit}


# -- what the database holds ------------------------------------------------------


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def user_tables(cursor):
    """(schema, table) of every ordinary table outside PostgreSQL's own schemas."""
    cursor.execute(
        """
        SELECT n.nspname, c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema'
          AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY 1, 2
        """
    )
    return cursor.fetchall()


def table_label(schema, table):
    return table if schema == "public" else f"{schema}.{table}"


def table_counts(cursor):
    """{table: rows} of every table, read in the cursor's transaction."""
    counts = {}
    for schema, table in user_tables(cursor):
        cursor.execute(f"SELECT count(*) FROM {quote(schema)}.{quote(table)}")
        counts[table_label(schema, table)] = cursor.fetchone()[0]
    return counts


def migration_heads(cursor):
    """{app: the last migration applied}, or {} before the first migrate."""
    cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return {}
    cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
    return dict(cursor.fetchall())


def server_major(cursor):
    cursor.execute("SHOW server_version_num")
    return int(cursor.fetchone()[0]) // 10000


def files_named_by_database(models, tables):
    """Every file a FileField names (images, renditions, documents): ({path: 'app.Model'}, skipped).

    Models whose table is not in ``tables`` (a backup older than the code,
    before `migrate`), or whose file column is missing, are skipped and named.
    """
    from django.db import DatabaseError
    from django.db.models import FileField

    named, skipped = {}, []
    for model in models:
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
        if not fields:
            continue
        if model._meta.db_table not in tables:
            skipped.append(model._meta.label)
            continue
        for field in fields:
            rows = model._base_manager.exclude(**{field.name: ""}).values_list(field.name)
            try:
                for (value,) in rows.iterator():
                    if value:
                        named[value] = model._meta.label
            except DatabaseError:
                skipped.append(f"{model._meta.label}.{field.name}")
    return named, skipped
