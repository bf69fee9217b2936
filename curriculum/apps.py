from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self):
        from . import (
            editorial,  # noqa: F401  (registers the new-language review)
            translation_freshness,  # noqa: F401  (marks translations out of date)
        )
        from .images import limit_image_decoding
        from .languages import install_custom_languages
        from .page_cache import connect_signals

        install_custom_languages()
        connect_signals()
        limit_image_decoding()
