from django.core.management.base import BaseCommand

from lifeskills.platform.page_cache import new_generation


class Command(BaseCommand):
    help = (
        "Retire every page and part of a page kept in the cache, as a publish does. "
        "An upgrade needs it only when a setting that changes pages (languages, say) "
        "changed without the code; safe to run at any time."
    )

    def handle(self, *args, **options):
        new_generation()
        self.stdout.write("Kept pages retired: each is rendered again when next asked for.")
