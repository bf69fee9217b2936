from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from curriculum.editorial import ensure_editorial_setup
from curriculum.starter import STARTER_DIR, StarterContentError, load_starter_curriculum


class Command(BaseCommand):
    help = (
        "Load the starter curriculum (modules, lessons, help lines, images) and set up the "
        "editorial groups and review workflow. Safe to run again: what exists is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", default=str(STARTER_DIR), help="Folder of starter data files."
        )

    def handle(self, *args, **options):
        ensure_editorial_setup()
        try:
            report = load_starter_curriculum(options["path"])
        except StarterContentError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        if report.created:
            for item in report.created:
                self.stdout.write(f"  created {item}")
            self.stdout.write(self.style.SUCCESS(f"Loaded {len(report.created)} items."))
        else:
            self.stdout.write("The starter curriculum is already loaded; nothing changed.")
        call_command("update_index", verbosity=0)
