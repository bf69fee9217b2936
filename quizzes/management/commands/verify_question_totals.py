from django.core.management.base import BaseCommand, CommandError

from quizzes.totals import verify_question_totals


class Command(BaseCommand):
    help = (
        "Check the running totals behind the quiz item statistics against a recount of the "
        "stored attempts, one quiz at a time. With --repair, rewrite the totals of every quiz "
        "that differs. Exits non-zero while a difference remains. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Rewrite the totals of quizzes that differ from their attempts.",
        )

    def handle(self, *args, repair, **options):
        differences = verify_question_totals(repair=repair)
        for line in differences:
            self.stdout.write(f"  {line}")
        if not differences:
            self.stdout.write("The quiz statistics totals match the attempts.")
            return
        if not repair:
            raise CommandError(
                f"{len(differences)} totals differ from the attempts. "
                "Run again with --repair to rewrite them."
            )
        remaining = verify_question_totals(repair=False)
        if remaining:
            raise CommandError(f"{len(remaining)} totals still differ after the repair.")
        self.stdout.write(f"Repaired {len(differences)} totals; they now match the attempts.")
