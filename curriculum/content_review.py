"""Whether a local child-protection reviewer has checked each module, in each language.

A check is recorded per module and language (``ModuleCheck``). It counts for what
was live when it was made: once any page of the module in that language is
published again, the module asks for a new check, and prints say so.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Locale, Page

from .models import ModuleCheck, ModulePage


class ReviewState:
    UNCHECKED = "unchecked"
    CHANGED = "changed"
    CHECKED = "checked"


@dataclass
class ModuleReview:
    module: ModulePage | None  # the module in this language; None if not translated
    locale: Locale
    check: ModuleCheck | None
    last_published_at: object = None

    @property
    def state(self):
        if self.check is None:
            return ReviewState.UNCHECKED
        if self.last_published_at and self.last_published_at > self.check.checked_at:
            return ReviewState.CHANGED
        return ReviewState.CHECKED

    @property
    def is_checked(self):
        return self.state == ReviewState.CHECKED


def _last_published(module):
    # The module page and its lessons and quiz: a check covers all of them.
    return Page.objects.filter(
        path__startswith=module.path, depth__lte=module.depth + 1, live=True
    ).aggregate(latest=Max("last_published_at"))["latest"]


def review_of(module):
    """The review state of one module page (in its own language)."""
    check = (
        ModuleCheck.objects.filter(translation_key=module.translation_key, locale=module.locale_id)
        .select_related("checked_by")
        .first()
    )
    return ModuleReview(module, module.locale, check, _last_published(module) if check else None)


def review_table():
    """(locales, rows): for each module, its review in every language, source first."""
    source = Locale.get_default()
    locales = [source, *Locale.objects.exclude(pk=source.pk).order_by("language_code")]
    modules = list(ModulePage.objects.filter(locale=source).order_by("path"))
    keys = [module.translation_key for module in modules]
    pages = {
        (page.translation_key, page.locale_id): page
        for page in ModulePage.objects.filter(translation_key__in=keys)
    }
    checks = {
        (check.translation_key, check.locale_id): check
        for check in ModuleCheck.objects.filter(translation_key__in=keys).select_related(
            "checked_by"
        )
    }
    rows = []
    for module in modules:
        cells = []
        for locale in locales:
            page = pages.get((module.translation_key, locale.pk))
            check = checks.get((module.translation_key, locale.pk))
            latest = _last_published(page) if page is not None and check else None
            cells.append(ModuleReview(page, locale, check, latest))
        rows.append((module, cells))
    return locales, rows


def mark_checked(module, user, note=""):
    with transaction.atomic():
        check, _created = ModuleCheck.objects.update_or_create(
            translation_key=module.translation_key,
            locale_id=module.locale_id,
            defaults={"checked_by": user, "checked_at": timezone.now(), "note": note},
        )
    return check


def withdraw_check(module):
    ModuleCheck.objects.filter(
        translation_key=module.translation_key, locale_id=module.locale_id
    ).delete()
