"""Languages an operator adds in settings that Django itself does not know.

Django serves a language only if it finds a translation catalogue for it, and
falls back to the default language for missing interface strings. A language
such as Dai or Bulang has no catalogue yet, and its speakers read Chinese
better than English. So, for each language in ``settings.CUSTOM_LANGUAGES``:
Django learns its name and direction, accepts its code in URLs, and reads its
interface strings from its own catalogue where one exists (``locale/<code>/``),
then from the fallback language's, then from English.
"""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import trans_real

_catalogue_exists = trans_real.translation_catalog_exists


def _custom():
    return {language["code"]: language for language in getattr(settings, "CUSTOM_LANGUAGES", [])}


def _catalogue_exists_or_custom(lang_code):
    return lang_code in _custom() or _catalogue_exists(lang_code)


# Django clears this cache when settings change in tests.
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
