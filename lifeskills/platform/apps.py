from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformConfig(AppConfig):
    """The plumbing every app uses: kept pages, the installable app, extra languages.

    It imports no project app: apps tell it what it needs to know (for
    example, ``page_cache.shown_on_pages``) when they start.
    """

    name = "lifeskills.platform"
    label = "platform"
    verbose_name = _("Platform")

    def ready(self):
        from .languages import install_custom_languages
        from .page_cache import connect_signals

        install_custom_languages()
        connect_signals()
