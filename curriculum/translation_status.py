"""How far each module is translated into each language, and whether it is approved.

A module counts with its lessons and quiz. For each module and language:

- **share translated**: the module's text segments (wagtail-localize string
  segments) that have a translation in that language, over all of them;
- **state**: *not started* (no translated page yet), *out of date* (the English
  changed after the translation was last published: children in that language
  still see the old text; see ``translation_freshness``), *in progress* (text left
  to translate), *needs review* (all translated, but a page has changes not
  yet published, or is waiting in the review workflow), *published* (approved:
  everything live and nothing waiting). Children only ever see published
  pages, so a translation is invisible to them until it is approved.

A fixed number of queries whatever the number of modules: one counting
segments per source with one translated-count annotation per language.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from .models import ModulePage


class TranslationState:
    NOT_STARTED = "not_started"
    OUT_OF_DATE = "out_of_date"
    IN_PROGRESS = "in_progress"
    NEEDS_REVIEW = "needs_review"
    PUBLISHED = "published"


@dataclass
class Cell:
    locale: Locale
    pages: int = 0
    translated_pages: list = field(default_factory=list)
    segments: int = 0
    translated: int = 0
    waiting: bool = False
    stale: bool = False
    first_page: Page | None = None

    @property
    def percent(self):
        return round(100 * self.translated / self.segments) if self.segments else 0

    @property
    def state(self):
        if not self.translated_pages:
            return TranslationState.NOT_STARTED
        if self.stale:
            return TranslationState.OUT_OF_DATE
        complete = self.translated >= self.segments and len(self.translated_pages) == self.pages
        if not complete:
            return TranslationState.IN_PROGRESS
        if self.waiting or any(
            not page.live or page.has_unpublished_changes for page in self.translated_pages
        ):
            return TranslationState.NEEDS_REVIEW
        return TranslationState.PUBLISHED


@dataclass
class Row:
    module: ModulePage
    cells: list


def translation_status():
    source_locale = Locale.get_default()
    locales = list(Locale.objects.exclude(pk=source_locale.pk).order_by("language_code"))
    modules = list(ModulePage.objects.filter(locale=source_locale).order_by("path"))
    if not modules:
        return locales, []
    in_modules = Q()
    for module in modules:
        in_modules |= Q(path__startswith=module.path, depth__lte=module.depth + 1)
    source_pages = list(
        Page.objects.filter(in_modules, locale=source_locale).only(
            "id", "path", "depth", "translation_key", "locale_id"
        )
    )
    module_of = {}
    for page in source_pages:
        owner = next(m for m in modules if page.path.startswith(m.path))
        module_of[page.translation_key] = owner.pk
    pages_per_module = defaultdict(int)
    for module_pk in module_of.values():
        pages_per_module[module_pk] += 1

    sources = {}
    source_changed = {}
    for source in TranslationSource.objects.filter(
        object_id__in=list(module_of), locale=source_locale
    ).only("id", "object_id", "last_updated_at"):
        sources[source.pk] = source.object_id
        source_changed[source.object_id] = source.last_updated_at
    counts = (
        StringSegment.objects.filter(source_id__in=list(sources))
        .values("source_id")
        .annotate(
            total=Count("id"),
            **{
                f"done_{locale.pk}": Count(
                    "id",
                    filter=Exists(
                        StringTranslation.objects.filter(
                            translation_of_id=OuterRef("string_id"),
                            context_id=OuterRef("context_id"),
                            locale_id=locale.pk,
                            has_error=False,
                        )
                    ),
                )
                for locale in locales
            },
        )
        .order_by()
    )
    # One read of the translated pages serves both the workflow lookup and the cells.
    translated_pages = list(
        Page.objects.filter(translation_key__in=list(module_of))
        .exclude(locale=source_locale)
        .order_by("path")
        .only(
            "id",
            "path",
            "translation_key",
            "locale_id",
            "live",
            "has_unpublished_changes",
            "title",
            "last_published_at",
        )
    )
    waiting = set(
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in translated_pages],
        )
        .values_list("object_id", flat=True)
    )

    cells = {
        (m.pk, locale.pk): Cell(locale, pages=pages_per_module[m.pk])
        for m in modules
        for locale in locales
    }
    for row in counts:
        module_pk = module_of[sources[row["source_id"]]]
        for locale in locales:
            cell = cells[(module_pk, locale.pk)]
            cell.segments += row["total"]
            cell.translated += row[f"done_{locale.pk}"]
    for page in translated_pages:
        cell = cells.get((module_of[page.translation_key], page.locale_id))
        if cell is None:
            continue
        cell.translated_pages.append(page)
        cell.first_page = cell.first_page or page
        cell.waiting = cell.waiting or str(page.pk) in waiting
        changed = source_changed.get(page.translation_key)
        if changed and (page.last_published_at is None or page.last_published_at < changed):
            cell.stale = True
    return locales, [Row(m, [cells[(m.pk, locale.pk)] for locale in locales]) for m in modules]
