"""Which language a reader sees a page in when it is not written in theirs.

A module reaches a class before every language has it: a Uyghur child may
meet a module that exists only in English and Chinese. The reader's language
comes first, then the language their class chose as its fallback, then the
source language, then the others in the order the site lists them.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant

T = TypeVar("T")


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def source_language() -> str:
    """The language content is written in first (the default locale).

    Worked out as Wagtail's ``Locale.get_default`` does, without its query:
    the teacher's pages ask for it once per module.
    """
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def language_rank(
    language: str, fallback: str | None = None, source: str | None = None
) -> Callable[[str], int]:
    """A sort key for language codes: the best for a reader of ``language`` first."""
    order = [language, fallback, source or source_language(), *language_codes()]
    ranks: dict[str, int] = {}
    for code in order:
        if code and code not in ranks:
            ranks[code] = len(ranks)
    return lambda code: ranks.get(code, len(ranks))


def best(
    copies: Iterable[T],
    code_of: Callable[[T], str],
    language: str,
    fallback: str | None = None,
    source: str | None = None,
) -> T | None:
    """The copy a reader of ``language`` should see, by ``language_rank``; None if none."""
    rank = language_rank(language, fallback, source)
    return min(copies, key=lambda copy: rank(code_of(copy)), default=None)


def direction(code: str) -> str:
    return "rtl" if code.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"


def own_name(code: str) -> str:
    """The language's name in itself, as the language switcher shows it."""
    return dict(settings.LANGUAGES).get(code) or get_language_info(code)["name_local"]


def name_in_current_language(code: str) -> str:
    """The language's name in the language being read: "Chinese" to an English reader."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return own_name(code)


def in_language_label(code: str) -> str:
    """What marks a page shown in another language than the reader's: "In Chinese"."""
    return _("In %(language)s") % {"language": name_in_current_language(code)}
