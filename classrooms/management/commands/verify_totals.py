import time

from django.core.management.base import BaseCommand, CommandError

from classrooms import totals
from quizzes import totals as question_totals
from quizzes.models import QuestionTotal


def verify_question_totals(repair=False, batch=None, log=None):
    """The quizzes' totals per question, one quiz at a time (quizzes/totals.py)."""
    differences = question_totals.verify_question_totals(repair=repair)
    return totals.Check(
        "question totals",
        checked=QuestionTotal.objects.count(),
        wrong=len(differences),
        repaired=len(differences) if repair else 0,
        examples=differences[:5],
    )


# Every kind of running total, by name, with the function that recounts it from
# the raw rows: verify(repair=bool, batch=int, log=callable) -> totals.Check.
# A new kind of total adds its line here.
CHECKS = [
    ("module totals", totals.verify),
    ("child totals", totals.verify_children),
    ("question totals", verify_question_totals),
]


class Command(BaseCommand):
    help = (
        "Recount the running totals from the raw rows (lesson progress, quiz attempts) and "
        "show where they differ; exits with status 1 if any do. --repair rewrites them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Rewrite the totals that differ.")
        parser.add_argument(
            "--batch", type=int, default=totals.BATCH, help="Accounts recounted at a time."
        )
        parser.add_argument(
            "--only", choices=[name for name, _check in CHECKS], help="Check one kind only."
        )

    def handle(self, *args, **options):
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        log = self.stdout.write if options["verbosity"] > 1 else None
        any_wrong = False
        for name, verify in CHECKS:
            if options["only"] and name != options["only"]:
                continue
            started = time.perf_counter()
            check = verify(repair=options["repair"], batch=options["batch"], log=log)
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"{name}: {check.checked} rows checked, {check.wrong} differ"
                + (f", {check.repaired} rewritten" if options["repair"] else "")
                + f" ({seconds:.1f} s)"
            )
            for example in check.examples:
                self.stdout.write(f"  {example}")
            any_wrong = any_wrong or (check.wrong and not options["repair"])
        if any_wrong:
            raise CommandError(
                "Totals differ from the raw rows; run with --repair to rewrite them.", returncode=1
            )
