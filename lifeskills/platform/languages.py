"""Languages an operator adds in settings that Django itself does not know.

Django serves a language only if it finds a translation catalogue for it, and
falls back to the default language for missing interface strings. A language
such as Dai or Bulang has no catalogue yet, and its speakers read Chinese
better than English. So, for each language in ``settings.CUSTOM_LANGUAGES``:
Django learns its name and direction, accepts its code in URLs, and reads its
interface strings from its own catalogue where one exists (``locale/<code>/``),
then from the fallback language's, then from English.

Why this patches Django's private API
-------------------------------------
Django 5.2 has no public way to do any of the three:

- a language's name and direction come from ``django.conf.locale.LANG_INFO``
  (read by ``get_language_info()`` and the ``{% get_language_info %}`` tag),
  a module-level dict with no setting to extend it: an unknown code raises
  ``KeyError``;
- ``check_for_language()``, which ``LocaleMiddleware`` and ``i18n_patterns``
  ask before serving a code, is true only when a ``.mo`` file exists for it;
  since Django 5.2.17 it calls ``trans_real.translation_catalog_exists()``
  (an ``lru_cache``), looked up in its module on every call, so replacing that
  module attribute is enough;
- a translation falls back to ``LANGUAGE_CODE`` (English) only; the chain
  "own catalogue, then the fallback language's, then English" is made by
  building the ``trans_real.DjangoTranslation`` ourselves, replacing its
  ``_fallback`` (``gettext.NullTranslations``) when its ``_catalog`` is empty,
  and storing it in ``trans_real._translations``, the cache ``translation()``
  reads.

The private names are listed in ``PRIVATE_NAMES``; they were checked on
Django 5.2.19 (5.2.17 is the first release with
``translation_catalog_exists``; earlier 5.2 releases fail at start-up here).
``tests/lifeskills/test_language_patches.py`` fails loudly when any of them
disappears or changes shape: check them again before upgrading Django.
"""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import trans_real

# Every private name this module reads or replaces, as (module, attribute).
PRIVATE_NAMES = (
    ("django.conf.locale", "LANG_INFO"),
    ("django.utils.translation.trans_real", "translation_catalog_exists"),
    ("django.utils.translation.trans_real", "DjangoTranslation"),
    ("django.utils.translation.trans_real", "_translations"),
    # Attributes of a DjangoTranslation instance.
    ("django.utils.translation.trans_real.DjangoTranslation", "_catalog"),
    ("django.utils.translation.trans_real.DjangoTranslation", "_fallback"),
)

_catalogue_exists = trans_real.translation_catalog_exists


def _custom():
    return {language["code"]: language for language in getattr(settings, "CUSTOM_LANGUAGES", [])}


def _catalogue_exists_or_custom(lang_code):
    return lang_code in _custom() or _catalogue_exists(lang_code)


# Django clears this cache when settings change in tests, and when catalogues
# change on disk under the development server.
_catalogue_exists_or_custom.cache_clear = _catalogue_exists.cache_clear


def install_custom_languages():
    for code, language in _custom().items():
        LANG_INFO[code] = {
            "bidi": language["bidi"],
            "code": code,
            "name": language["name"],
            "name_local": language["name"],
        }
        own = trans_real.DjangoTranslation(code)
        if next(iter(own._catalog.keys()), None) is None:
            # Nothing translated yet: the fallback language's strings, then English.
            own._fallback = trans_real.translation(language["fallback"])
        trans_real._translations[code] = own
    # check_for_language() looks this up in its module on every call.
    trans_real.translation_catalog_exists = _catalogue_exists_or_custom


@receiver(setting_changed)
def _reinstall(setting, **kwargs):
    # Django empties its translation caches when these change (in tests).
    if setting in ("LANGUAGES", "LOCALE_PATHS", "CUSTOM_LANGUAGES", "LANGUAGE_CODE"):
        install_custom_languages()
