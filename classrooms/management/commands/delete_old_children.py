from django.core.management.base import BaseCommand, CommandError

from classrooms.services import children_past_retention, delete_child


class Command(BaseCommand):
    help = (
        "Delete the records of children whose every class ended more than --days days ago. "
        "Lists what it would delete unless --yes is given. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            required=True,
            help="How long after a class's end date its children's records are kept.",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Delete; without it nothing is changed."
        )

    def handle(self, *args, days, yes, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        children = list(children_past_retention(days).prefetch_related("memberships__classroom"))
        # Counts per class, never names: the output may end up in a log.
        per_class = {}
        for child in children:
            for membership in child.memberships.all():
                label = f"{membership.classroom} (ended {membership.classroom.ends_on})"
                per_class[label] = per_class.get(label, 0) + 1
        for label, count in sorted(per_class.items()):
            self.stdout.write(f"  {count:5d}  {label}")
        if not yes:
            self.stdout.write(
                f"{len(children)} children would be deleted. Run again with --yes to delete them."
            )
            return
        for child in children:
            delete_child(child)
        self.stdout.write(self.style.SUCCESS(f"{len(children)} children deleted."))
