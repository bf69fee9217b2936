import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from classrooms.seeding import PASSWORD, PREFIX, seed_programme


class Command(BaseCommand):
    help = (
        "Fill the database with a programme-sized set of schools, teachers, classes and "
        "children's work, for measuring. Needs the starter curriculum. Running it again "
        "replaces the earlier programme."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=26)
        parser.add_argument("--teachers", type=int, default=1500)
        parser.add_argument("--students", type=int, default=15000)
        parser.add_argument("--attempts", type=int, default=150_000)
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Seed even under production settings (a benchmark or demo server only).",
        )

    def handle(self, *args, **options):
        if settings.LIFESKILLS_REFUSE_DEMO_DATA and not options["allow_without_debug"]:
            raise CommandError(
                f"Refusing to make accounts with the public password {PASSWORD!r} on a "
                "production site. Use --allow-without-debug on a benchmark or demo server."
            )
        for name in ("schools", "teachers", "students"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        if options["attempts"] < 0:
            raise CommandError("--attempts cannot be negative.")
        started = time.perf_counter()
        programme = seed_programme(
            schools=options["schools"],
            teachers=options["teachers"],
            students=options["students"],
            attempts=options["attempts"],
            seed=options["seed"],
            log=self.stdout.write,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Programme ready in {time.perf_counter() - started:.0f} s: "
                f"{programme.schools} schools, {programme.teachers} teachers, "
                f"{programme.students} children, {programme.attempts} attempts. "
                f"Accounts are named {PREFIX}teacher-00001, {PREFIX}child-000001 ...; "
                f"password {PASSWORD!r}."
            )
        )
