"""Which parts of each lesson and quiz have a recorded narration, in each language.

Editors read it to see what is left to record. A part is narratable when its
block is a ``NarratedBlock`` (lesson sections, quiz questions), which names
the field that holds its recording; so this module needs to know nothing of
the apps that define them.
"""

from dataclasses import dataclass, field

from wagtail.fields import StreamField, StreamValue
from wagtail.models import Locale, Page

from .blocks import NarratedBlock
from .models import ModulePage


@dataclass
class Coverage:
    locale: Locale
    page: Page | None = None
    parts: int = 0
    missing: list = field(default_factory=list)  # labels of the parts without audio

    @property
    def recorded(self):
        return self.parts - len(self.missing)


@dataclass
class Row:
    module: ModulePage
    page: Page
    cells: list


def _parts(page):
    """(label, has audio) for every narratable part of a page, in order."""
    for stream_field in page._meta.get_fields():
        if not isinstance(stream_field, StreamField):
            continue
        value = getattr(page, stream_field.name)
        if not isinstance(value, StreamValue):
            continue
        for child in value:
            if isinstance(child.block, NarratedBlock):
                yield child.block.narration(child.value)


def narration_status():
    source_locale = Locale.get_default()
    locales = list(Locale.objects.order_by("language_code"))
    locales.sort(key=lambda locale: locale.pk != source_locale.pk)
    modules = list(ModulePage.objects.filter(locale=source_locale).order_by("path"))
    if not modules:
        return locales, []
    depth = modules[0].depth + 1
    index_path = modules[0].path[: -Page.steplen]
    sources = list(
        Page.objects.filter(depth=depth, locale=source_locale, path__startswith=index_path)
        .order_by("path")
        .specific()
    )
    pages = {(page.translation_key, page.locale_id): page for page in sources}
    for page in (
        Page.objects.filter(translation_key__in=[p.translation_key for p in sources])
        .exclude(locale=source_locale)
        .specific()
    ):
        pages[(page.translation_key, page.locale_id)] = page
    rows = []
    for module in modules:
        for page in sorted(
            (
                p
                for p in pages.values()
                if p.locale_id == source_locale.pk and p.path.startswith(module.path)
            ),
            key=lambda p: p.path,
        ):
            cells = []
            for locale in locales:
                translated = pages.get((page.translation_key, locale.pk))
                cell = Coverage(locale, translated)
                if translated is not None:
                    for label, has_audio in _parts(translated):
                        cell.parts += 1
                        if not has_audio:
                            cell.missing.append(label)
                cells.append(cell)
            if any(cell.parts for cell in cells):
                rows.append(Row(module, page, cells))
    return locales, rows
