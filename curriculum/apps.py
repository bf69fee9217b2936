from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self):
        from accounts.backends import refuse_in_production
        from lifeskills.platform.page_cache import shown_on_pages

        from . import (
            demo,
            editorial,  # noqa: F401  (registers the new-language review)
            translation_freshness,  # noqa: F401  (marks translations out of date)
        )
        from .images import limit_image_decoding
        from .models import HelpLine

        # Every page shows the live help lines of its language.
        shown_on_pages(HelpLine, shown=lambda line: line.live)
        limit_image_decoding()
        # The demo accounts' passwords are in the README: no real site lets them in.
        refuse_in_production(*(password for _u, password, _g, _r in demo.DEMO_ACCOUNTS))
