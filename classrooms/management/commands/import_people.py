from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from classrooms.people_import import (
    ImportRefused,
    apply,
    describe,
    prepare,
    write_sheets,
)


class Command(BaseCommand):
    help = (
        "Create schools and staff (teachers, coordinators, editors) from a spreadsheet "
        "(CSV or XLSX, English or Chinese column names). A dry run unless --commit. New "
        "people get a first password (or with --links a one-time sign-in link) on a "
        "printable sheet per school. Only adds: never changes a password, never removes "
        "anyone from a school."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The spreadsheet: .csv (UTF-8 or GB18030) or .xlsx.")
        parser.add_argument("--commit", action="store_true", help="Write the changes.")
        parser.add_argument(
            "--school-only",
            action="store_true",
            help="Create only the schools named in the school column.",
        )
        parser.add_argument(
            "--out",
            help="Folder for the sign-in sheets (default: next to the file, "
            "<file>-sign-in-sheets-<time>).",
        )
        parser.add_argument(
            "--links",
            action="store_true",
            help="Give new people a one-time sign-in link instead of a first password "
            "(needs the site's address: --base-url or WAGTAILADMIN_BASE_URL).",
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "WAGTAILADMIN_BASE_URL", ""),
            help="The site's address as staff reach it, printed on the sheets.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        base_url = (options["base_url"] or "").strip()
        if options["links"] and not base_url.startswith(("http://", "https://")):
            raise CommandError(
                "--links needs the site's address: pass --base-url https://... "
                "or set WAGTAILADMIN_BASE_URL."
            )
        try:
            plan = prepare(data, path.name, school_only=options["school_only"])
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(
                f"Nothing was imported: {len(refused.problems)} problem(s) in {path.name}. "
                "Correct them and run again."
            ) from None

        verbosity = options["verbosity"]
        if verbosity >= 2:
            for name in plan.schools_to_create:
                self.stdout.write(f"create school {name!r}")
            for change in plan.changes:
                self.stdout.write(describe(change))
        for label, count in plan.summary().items():
            if plan.school_only and label != "schools to create":
                continue
            self.stdout.write(f"{label}: {count}")

        if not options["commit"]:
            self.stdout.write(
                self.style.WARNING("Dry run: nothing was written. Add --commit to import.")
            )
            return

        out = Path(options["out"]) if options["out"] else self._default_out(path)
        with transaction.atomic():
            issued = apply(
                plan,
                links_base_url=base_url if options["links"] else None,
                progress=lambda n: self.stdout.write(f"  {n} people done"),
            )
            # Inside the transaction: if the sheets cannot be written, nobody is
            # created with a first password that no one can read.
            sheets = write_sheets(issued, out, base_url) if issued else []
        self.stdout.write(self.style.SUCCESS("Imported."))
        if sheets:
            self.stdout.write(
                f"First sign-ins of {len(issued)} new people: {len(sheets)} sheet(s) in {out}"
            )
            self.stdout.write(
                "Print them, hand each slip over in person, then delete the folder: "
                "it holds first passwords."
                if not options["links"]
                else "Print them, hand each slip over in person, then delete the folder."
            )

    @staticmethod
    def _default_out(path):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return path.parent / f"{path.stem}-sign-in-sheets-{stamp}"
