from django.core.management.base import BaseCommand

from lifeskills.platform.release import version


class Command(BaseCommand):
    # Django keeps "manage.py version" for its own version.
    help = "Print the release of Lifeskills installed here (CHANGELOG.md says what each changed)."

    def handle(self, *args, **options):
        self.stdout.write(version())
