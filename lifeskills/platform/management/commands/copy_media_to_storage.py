"""Copies the media kept on this server's disk into the configured media storage (a bucket).

Run once before switching a site to a bucket, and once after to catch uploads
made meanwhile (deploy/S3.md). Names are kept, so every row (images,
renditions, documents) points at its copy unchanged. A file already in the
storage with the same size is left alone, so the command is safe to re-run.
"""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Copy files under MEDIA_ROOT (or --source) into the media storage, keeping their names."

    def add_arguments(self, parser):
        parser.add_argument("--source", default=str(settings.MEDIA_ROOT), help="default MEDIA_ROOT")

    def handle(self, *args, source, **options):
        root = Path(source)
        if not root.is_dir():
            raise CommandError(f"No directory at {root}.")
        if isinstance(storages["default"], FileSystemStorage):
            raise CommandError("The media storage is the disk: set AWS_STORAGE_BUCKET_NAME first.")
        copied = kept = 0
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            if default_storage.exists(name) and default_storage.size(name) == path.stat().st_size:
                kept += 1
                continue
            if default_storage.exists(name):
                default_storage.delete(name)  # a partial copy from an interrupted run
            with path.open("rb") as content:
                stored = default_storage.save(name, File(content))
            if stored != name:
                raise CommandError(f"{name} was stored as {stored}; stopping.")
            copied += 1
        self.stdout.write(f"Copied {copied} files, {kept} were already there.")
