"""Load the starter curriculum from the YAML files in ``starter_content/``.

The English files are the source. Every other language is loaded as a
wagtail-localize translation of the English pages: the translated strings are
stored segment by segment, exactly as a translator working in the admin would
leave them, so the translation tools show each language's state truthfully.

Loading is all or nothing: every file is read and checked before anything is
written, and the writing happens in one transaction. Pages that already exist
are left alone, so running the loader again changes nothing and never
overwrites an editor's work.

Content apps other than ``curriculum`` (lessons, later quizzes) register the
page types that live under a module with ``register_child_pages``; this module
never imports them.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Collection, Locale, Page, Site
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .models import CurriculumIndexPage, HelpLine, HomePage, ModulePage
from .translation_freshness import refresh_source

STARTER_DIR = Path(__file__).resolve().parent / "starter_content"
SOURCE_LANGUAGE = "en"
COLLECTION_NAME = "Starter curriculum"
# A module's folder also holds its cast list, which the content tests read.
NOT_PAGE_FILES = {"cast.yaml"}
BLOCK_ID_NAMESPACE = uuid.UUID("6f1c7a52-58a4-4f0e-9a53-2c1f3f6b9d10")


class StarterContentError(Exception):
    """A data file is wrong. The message names the file and the field."""


# Field kinds. Translatable kinds are read from every language's file; the
# others come from the English file only.
TEXT, REQUIRED_TEXT, SLUG, INTEGER, CHOICE, IMAGE, STREAM, STRING_LIST = (
    "text",
    "required_text",
    "slug",
    "integer",
    "choice",
    "image",
    "stream",
    "string_list",
)
TRANSLATABLE_KINDS = {TEXT, REQUIRED_TEXT, STREAM, STRING_LIST}
# One entry of a PageSpec: (model field, kind, required).
FieldSpec = tuple[str, str, bool]


@dataclass
class PageSpec:
    """How one YAML mapping becomes one page: which key feeds which model field."""

    model: type
    fields: dict  # yaml key -> (model field, kind, required)


@dataclass
class ChildPages:
    """A kind of page that lives under a module, registered by its app."""

    key: str
    spec: PageSpec


_CHILD_PAGES: dict = {}


def register_child_pages(key: str, model: type[Page], fields: dict[str, FieldSpec]) -> None:
    """Let a content app load its pages (``lessons:``) from a module's file."""
    _CHILD_PAGES[key] = ChildPages(key, PageSpec(model, fields))


class ImageKey(str):
    """An image named by its manifest key, until the loader knows its database id."""


def spec_field(model_field: str, kind: str, required: bool = True) -> FieldSpec:
    """One entry of a PageSpec: the model field a YAML key fills, its kind, if required."""
    return (model_field, kind, required)


HOME_SPEC = PageSpec(
    HomePage,
    {"title": spec_field("title", REQUIRED_TEXT), "intro": spec_field("intro", TEXT, False)},
)
INDEX_SPEC = PageSpec(
    CurriculumIndexPage,
    {"title": spec_field("title", REQUIRED_TEXT), "intro": spec_field("intro", TEXT, False)},
)
MODULE_SPEC = PageSpec(
    ModulePage,
    {
        "slug": spec_field("slug", SLUG),
        "title": spec_field("title", REQUIRED_TEXT),
        "topic": spec_field("topic", CHOICE),
        "age_band": spec_field("age_band", CHOICE),
        "estimated_minutes": spec_field("estimated_minutes", INTEGER),
        "cover_image": spec_field("cover_image", IMAGE, False),
        "summary": spec_field("summary", REQUIRED_TEXT),
        "objectives": spec_field("objectives", STRING_LIST),
    },
)
INDEX_SLUG = "modules"


@dataclass
class Where:
    """A position in a data file, for error messages: ``file: lessons[2].body[4].steps``."""

    path: Path
    parts: tuple = ()

    def __truediv__(self, part: str | int) -> "Where":
        if isinstance(part, int):
            return Where(self.path, self.parts[:-1] + (f"{self.parts[-1]}[{part}]",))
        return Where(self.path, self.parts + (str(part),))

    def error(self, message: str) -> StarterContentError:
        try:
            shown = self.path.relative_to(STARTER_DIR)
        except ValueError:
            shown = self.path
        field_path = ".".join(self.parts) or "(top)"
        return StarterContentError(f"{shown}: {field_path}: {message}")


# Reading and checking ------------------------------------------------------


def read_yaml(path: str | Path) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise Where(path).error(f"not valid YAML ({exc})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise Where(path).error(f"cannot be read ({exc})") from exc
    if not isinstance(data, dict):
        raise Where(path).error("expected a mapping at the top of the file")
    return data


def _expect(value, kind, where):
    if not isinstance(value, kind):
        names = {str: "text", int: "a whole number", list: "a list", dict: "a mapping"}
        raise where.error(f"expected {names.get(kind, kind.__name__)}, got {value!r:.60}")
    return value


def _check_keys(data, allowed, where):
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise where.error(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")


def _field_values(spec, data, where, *, is_source, images):
    """Check one page's mapping and return {model field: python value} for its fields."""
    _expect(data, dict, where)
    _check_keys(data, list(spec.fields), where)
    values = {}
    for key, (model_field, kind, required) in spec.fields.items():
        if not is_source and kind not in TRANSLATABLE_KINDS:
            continue
        if kind == STREAM:
            continue  # streams are built against their block definitions later
        if key not in data or data[key] in (None, ""):
            if required:
                raise (where / key).error("is required")
            continue
        value = data[key]
        here = where / key
        if kind in (TEXT, REQUIRED_TEXT):
            values[model_field] = _expect(value, str, here).strip()
        elif kind == SLUG:
            if _expect(value, str, here) != slugify(value):
                raise here.error(f"{value!r} is not a slug (lowercase letters, digits, hyphens)")
            values[model_field] = value
        elif kind == INTEGER:
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise here.error(f"expected a positive whole number, got {value!r}")
            values[model_field] = value
        elif kind == CHOICE:
            choices = [c for c, _label in spec.model._meta.get_field(model_field).choices]
            if value not in choices:
                raise here.error(f"{value!r} is not one of {', '.join(choices)}")
            values[model_field] = value
        elif kind == IMAGE:
            if value not in images:
                raise here.error(f"unknown image {value!r}; see images/manifest.yaml")
            values[model_field] = value
        elif kind == STRING_LIST:
            items = _expect(value, list, here)
            for i, item in enumerate(items):
                _expect(item, str, here / i)
            values[model_field] = items
    return values


# Streams --------------------------------------------------------------------


def _block_id(*parts):
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, "/".join(str(p) for p in parts)))


def _yaml_to_raw(block, value, where, id_seed, images, source_raw=None):
    """Turn a YAML value into the raw JSON a StreamField stores, for ``block``.

    With ``source_raw`` (a translation), block and list item ids and every
    value that is not words are copied from the English source, so that the
    translation lines up with it segment for segment.
    """
    translating = source_raw is not None
    if isinstance(block, blocks.StreamBlock):
        items = _expect(value, list, where)
        if translating and len(items) != len(source_raw):
            raise where.error(f"has {len(items)} blocks; the English file has {len(source_raw)}")
        raw = []
        for i, item in enumerate(items):
            here = where / i
            _expect(item, dict, here)
            _check_keys(item, ["type", "value"], here)
            type_name = item.get("type")
            if type_name not in block.child_blocks:
                raise (here / "type").error(
                    f"unknown block type {type_name!r}; allowed: {', '.join(block.child_blocks)}"
                )
            src = source_raw[i] if translating else None
            if translating and src["type"] != type_name:
                raise (here / "type").error(
                    f"is {type_name!r}; the English file has {src['type']!r} here"
                )
            block_id = src["id"] if translating else _block_id(id_seed, i)
            raw.append(
                {
                    "type": type_name,
                    "value": _yaml_to_raw(
                        block.child_blocks[type_name],
                        item.get("value"),
                        here / "value",
                        block_id,
                        images,
                        src["value"] if translating else None,
                    ),
                    "id": block_id,
                }
            )
        return raw
    if isinstance(block, blocks.StructBlock):
        _expect(value, dict, where)
        _check_keys(value, list(block.child_blocks), where)
        return {
            name: _yaml_to_raw(
                child,
                value.get(name),
                where / name,
                f"{id_seed}/{name}",
                images,
                source_raw.get(name) if translating else None,
            )
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        items = [] if value is None else _expect(value, list, where)
        if translating and len(items) != len(source_raw):
            raise where.error(f"has {len(items)} items; the English file has {len(source_raw)}")
        raw = []
        for i, item in enumerate(items):
            item_id = source_raw[i]["id"] if translating else _block_id(id_seed, i)
            raw.append(
                {
                    "type": "item",
                    "value": _yaml_to_raw(
                        block.child_block,
                        item,
                        where / i,
                        item_id,
                        images,
                        source_raw[i]["value"] if translating else None,
                    ),
                    "id": item_id,
                }
            )
        return raw
    if isinstance(block, ImageChooserBlock):
        if translating:
            return source_raw
        if value is None:
            return None
        if value not in images:
            raise where.error(f"unknown image {value!r}; see images/manifest.yaml")
        return ImageKey(value)
    if isinstance(block, blocks.BooleanBlock):
        if translating:
            return source_raw
        if value is None:
            return False
        if not isinstance(value, bool):
            raise where.error(f"expected true or false, got {value!r}")
        return value
    if isinstance(block, blocks.IntegerBlock):
        if translating:
            return source_raw
        if isinstance(value, bool) or not isinstance(value, int):
            raise where.error(f"expected a whole number, got {value!r}")
        return value
    if isinstance(block, blocks.ChooserBlock):
        if translating:
            return source_raw
        if value is not None:
            raise where.error("files cannot be loaded from the starter data; leave this out")
        return None
    if isinstance(block, blocks.FieldBlock):
        if value is None:
            return ""
        text = _expect(value, str, where).strip()
        if not isinstance(block, blocks.RichTextBlock) and "<" in text and ">" in text:
            raise where.error("plain text must not contain HTML")
        return text
    raise where.error(f"block type {type(block).__name__} cannot be loaded from YAML")


def _check_stream(block, raw, where):
    """Let the block definition itself check required fields, lengths and limits."""
    try:
        block.clean(block.to_python(raw))
    except ValidationError as exc:
        raise where.error(f"does not pass the page's checks: {_describe(exc, raw)}") from exc


def _describe(exc, raw):
    """Flatten Wagtail's nested block errors into "body[3].steps: This field is required"."""
    out = []

    def walk(error, prefix):
        if hasattr(error, "block_errors") and error.block_errors:
            items = error.block_errors.items() if isinstance(error.block_errors, dict) else []
            for key, child in items:
                walk(child, f"{prefix}[{key}]" if isinstance(key, int) else f"{prefix}.{key}")
        if getattr(error, "non_block_errors", None):
            out.extend(f"{prefix}: {m}" for e in error.non_block_errors for m in e.messages)
        if not hasattr(error, "block_errors"):
            out.extend(f"{prefix}: {m}" for m in getattr(error, "messages", [str(error)]))

    walk(exc, "")
    return "; ".join(out) or str(exc)


# Plan: everything read and checked before anything is written -------------


@dataclass
class PagePlan:
    spec: PageSpec
    where: Where
    values: dict
    streams: dict  # model field -> raw stream (source) or YAML (translation)
    children: list = field(default_factory=list)
    translations: dict = field(default_factory=dict)  # language -> PagePlan


@dataclass
class Plan:
    images: dict
    home: PagePlan
    index: PagePlan
    modules: list
    help_lines: dict


def _stream_fields(spec):
    return {
        key: model_field for key, (model_field, kind, _r) in spec.fields.items() if kind == STREAM
    }


def _plan_page(spec, data, where, images, id_seed, is_source):
    values = _field_values(spec, data, where, is_source=is_source, images=images)
    streams = {}
    for key, model_field in _stream_fields(spec).items():
        if key not in data:
            raise (where / key).error("is required")
        streams[model_field] = data[key]
    if is_source:
        for model_field, value in list(streams.items()):
            block = spec.model._meta.get_field(model_field).stream_block
            streams[model_field] = _yaml_to_raw(block, value, where / model_field, id_seed, images)
    return PagePlan(spec, where, values, streams)


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def build_plan(base: str | Path = STARTER_DIR) -> Plan:
    """Read and check every file. Raises StarterContentError naming the file and field."""
    base = Path(base)
    manifest_path = base / "images" / "manifest.yaml"
    manifest = read_yaml(manifest_path)
    images = {}
    for key, entry in manifest.items():
        here = Where(manifest_path, (str(key),))
        _expect(entry, dict, here)
        _check_keys(entry, ["file", "title", "origin", "licence"], here)
        for required in ("file", "title", "origin", "licence"):
            if not entry.get(required):
                raise (here / required).error("is required")
        if not (base / "images" / entry["file"]).is_file():
            raise (here / "file").error(f"{entry['file']} is not in images/")
        images[key] = entry

    site_path = base / "site.yaml"
    site = read_yaml(site_path)
    if SOURCE_LANGUAGE not in site:
        raise Where(site_path).error(f"has no {SOURCE_LANGUAGE!r} section")
    pages = {}
    for language, data in site.items():
        here = Where(site_path, (language,))
        if language not in _languages():
            continue  # a language this server does not offer
        _expect(data, dict, here)
        _check_keys(data, ["home", "index"], here)
        is_source = language == SOURCE_LANGUAGE
        pages[language] = (
            _plan_page(HOME_SPEC, data.get("home"), here / "home", images, "home", is_source),
            _plan_page(INDEX_SPEC, data.get("index"), here / "index", images, "index", is_source),
        )
    home, index = pages.pop(SOURCE_LANGUAGE)
    for language, (home_tr, index_tr) in pages.items():
        home.translations[language] = home_tr
        index.translations[language] = index_tr

    modules = []
    module_dirs = sorted(p for p in (base / "modules").iterdir() if p.is_dir())
    slugs = set()
    for module_dir in module_dirs:
        source_path = module_dir / f"{SOURCE_LANGUAGE}.yaml"
        if not source_path.exists():
            raise Where(source_path).error("missing: every module needs its English source file")
        module = _plan_module_file(source_path, images, None)
        if module.values["slug"] in slugs:
            raise (Where(source_path) / "module" / "slug").error("is used by another module")
        slugs.add(module.values["slug"])
        for path in sorted(module_dir.glob("*.yaml")):
            language = path.stem
            if language == SOURCE_LANGUAGE or path.name in NOT_PAGE_FILES:
                continue
            if language not in dict(settings.LANGUAGES):
                if language in settings.KNOWN_LANGUAGES:
                    continue  # shipped, but this server has not switched it on
                raise Where(path).error(f"{language!r} is not a known language code")
            _plan_module_file(path, images, module)
        modules.append(module)

    help_lines = _plan_help_lines(base / "helplines.yaml")
    return Plan(images, home, index, modules, help_lines)


def _plan_module_file(path, images, source):
    data = read_yaml(path)
    where = Where(path)
    _check_keys(data, ["module", *_CHILD_PAGES], where)
    is_source = source is None
    if "module" not in data:
        raise where.error("has no 'module' section")
    slug = data["module"].get("slug") if is_source and isinstance(data["module"], dict) else None
    module = _plan_page(MODULE_SPEC, data["module"], where / "module", images, slug, is_source)
    if is_source:
        module.values.setdefault("slug", slug)
    for key, child in _CHILD_PAGES.items():
        items = data.get(key) or []
        _expect(items, list, where / key)
        if not is_source:
            expected = [c for c in source.children if c.spec is child.spec]
            if len(items) != len(expected):
                raise (where / key).error(
                    f"has {len(items)} pages; the English file has {len(expected)}"
                )
        for i, item in enumerate(items):
            here = where / key / i
            seed = f"{slug}/{item.get('slug') if isinstance(item, dict) else i}"
            plan = _plan_page(child.spec, item, here, images, seed, is_source)
            if is_source:
                module.children.append(plan)
            else:
                expected[i].translations[path.stem] = plan
    if not is_source:
        source.translations[path.stem] = module
    return module


def _plan_help_lines(path):
    data = read_yaml(path)
    if SOURCE_LANGUAGE not in data:
        raise Where(path).error(f"has no {SOURCE_LANGUAGE!r} section")
    lines = {}
    for language, items in data.items():
        here = Where(path, (language,))
        if language not in _languages():
            continue
        _expect(items, list, here)
        rows = []
        for i, item in enumerate(items):
            row_where = here / i
            _expect(item, dict, row_where)
            _check_keys(item, ["name", "number", "description"], row_where)
            for key in ("name", "number"):
                if not isinstance(item.get(key), str) or not item[key].strip():
                    raise (row_where / key).error("is required (as text; quote numbers)")
            rows.append(
                {k: str(item.get(k) or "").strip() for k in ("name", "number", "description")}
            )
        lines[language] = rows
    source_numbers = [r["number"] for r in lines[SOURCE_LANGUAGE]]
    for language, rows in lines.items():
        if [r["number"] for r in rows] != source_numbers:
            raise Where(path, (language,)).error(
                "must list the same numbers in the same order as the English section"
            )
    return lines


# Writing --------------------------------------------------------------------


@dataclass
class Report:
    created: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.created.append(what)


def load_starter_curriculum(base: str | Path = STARTER_DIR) -> Report:
    """Load everything that is not there yet. Returns a Report of what was created."""
    plan = build_plan(base)
    report = Report()
    with transaction.atomic():
        locales = {
            code: Locale.objects.get_or_create(language_code=code)[0] for code in _languages()
        }
        image_ids = _load_images(plan.images, Path(base) / "images", report)
        home = _load_home(plan.home, locales, report)
        index = _ensure_page(plan.index, home, INDEX_SLUG, image_ids, report)
        for module_plan in plan.modules:
            module = _ensure_page(module_plan, index, module_plan.values["slug"], image_ids, report)
            for child_plan in module_plan.children:
                _ensure_page(child_plan, module, child_plan.values["slug"], image_ids, report)
        # Translations after all sources: a translated page needs its parent translated.
        for language in _languages():
            if language == SOURCE_LANGUAGE:
                continue
            for page_plan, page in _walk_sources(plan, home, index):
                if language in page_plan.translations:
                    _ensure_translation(page_plan, page, locales[language], report)
        _load_help_lines(plan.help_lines, locales, report)
    return report


def _walk_sources(plan, home, index):
    yield plan.home, home
    yield plan.index, index
    for module_plan in plan.modules:
        module = index.get_children().get(slug=module_plan.values["slug"]).specific
        yield module_plan, module
        for child_plan in module_plan.children:
            yield child_plan, module.get_children().get(slug=child_plan.values["slug"]).specific


def _load_images(manifest, folder, report):
    Image = get_image_model()
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=COLLECTION_NAME)
    ids = {}
    for key, entry in manifest.items():
        image = Image.objects.filter(collection=collection, title=entry["title"]).first()
        if image is None:
            with open(folder / entry["file"], "rb") as handle:
                image = Image(
                    title=entry["title"],
                    collection=collection,
                    file=ImageFile(handle, name=entry["file"]),
                )
                image.save()
            report.add(f"image {key}")
        ids[key] = image.pk
    return ids


def _load_home(plan, locales, report):
    source_locale = locales[SOURCE_LANGUAGE]
    home = HomePage.objects.filter(locale=source_locale, depth=2).first()
    root = Page.get_first_root_node()
    if home is None:
        # A fresh Wagtail database has a placeholder "Welcome" page; the
        # curriculum's home page takes its place.
        for page in root.get_children().filter(
            content_type__app_label="wagtailcore", content_type__model="page"
        ):
            page.delete()
        home = HomePage(slug="home", locale=source_locale, **plan.values)
        root.add_child(instance=home)
        home.save_revision().publish()
        report.add("home page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Lifeskills",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site.site_name or "Lifeskills"
        site.save()
    return home


def _ensure_page(plan, parent, slug, image_ids, report):
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    values = dict(plan.values)
    for model_field, (_key, kind) in _field_kinds(plan.spec).items():
        if kind == IMAGE and model_field in values:
            values[f"{model_field}_id"] = image_ids[values.pop(model_field)]
        elif kind == STRING_LIST and model_field in values:
            values[model_field] = _string_list_stream(values[model_field], f"{slug}/{model_field}")
    for model_field, raw in plan.streams.items():
        raw = _with_image_ids(raw, image_ids)
        # Checked here, once the images exist; a failure still undoes the whole load.
        _check_stream(
            plan.spec.model._meta.get_field(model_field).stream_block, raw, plan.where / model_field
        )
        values[model_field] = raw
    values["slug"] = slug
    if plan.spec.model is ModulePage:
        values["is_starter_content"] = True
    page = plan.spec.model(**values)
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.add(f"{page._meta.verbose_name} {page.url_path}")
    return page


def _field_kinds(spec):
    return {model_field: (key, kind) for key, (model_field, kind, _r) in spec.fields.items()}


def _string_list_stream(items, seed):
    # The objectives field is a StreamField of one-line items; stable ids keep
    # translations aligned with the source.
    return [
        {"type": "objective", "value": text, "id": _block_id(seed, i)}
        for i, text in enumerate(items)
    ]


def _with_image_ids(raw, image_ids):
    """Stream data carries image keys until the images exist; swap in their ids."""
    if isinstance(raw, dict):
        return {k: _with_image_ids(v, image_ids) for k, v in raw.items()}
    if isinstance(raw, list):
        return [_with_image_ids(v, image_ids) for v in raw]
    if isinstance(raw, ImageKey):
        return image_ids[raw]
    return raw


def _ensure_translation(source_plan, source_page, locale, report):
    if source_page.get_translation_or_none(locale) is not None:
        return
    plan = source_plan.translations[locale.language_code]
    translated = _translated_instance(source_plan, plan, source_page)
    source, created = TranslationSource.get_or_create_from_instance(source_page)
    if not created:
        # Refreshed only if the page changed: a refresh marks every translation
        # published before it as out of date.
        refresh_source(source_page)
    wanted = _strings_by_path(extract_segments(translated))
    have = _strings_by_path(extract_segments(source_page))
    for path, source_strings in have.items():
        got = wanted.get(path, [])
        if len(got) != len(source_strings):
            raise plan.where.error(
                f"{_friendly(path, source_page)} has {len(got)} paragraph(s) or text(s); "
                f"the English file has {len(source_strings)}"
            )
    segments_by_path = defaultdict(list)
    for segment in (
        StringSegment.objects.filter(source=source)
        .select_related("string", "context")
        .order_by("order")
    ):
        segments_by_path[segment.context.path].append(segment)
    for path, segments in segments_by_path.items():
        for segment, text in zip(segments, wanted[path], strict=True):
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text},
            )
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # wagtail-localize defers publishing to the end of the transaction, when
    # the page objects it holds are stale (their child counts predate the
    # translated children added since); publish now, from a fresh copy.
    translation.save_target(publish=False)
    source_page.get_translation(locale).get_latest_revision().publish()
    report.add(f"{locale.language_code} translation of {source_page.url_path}")


def _translated_instance(source_plan, plan, source_page):
    """An unsaved copy of the source page holding the translated words."""
    instance = source_page.specific_class.objects.get(pk=source_page.pk)
    for model_field, value in plan.values.items():
        kind = _field_kinds(plan.spec)[model_field][1]
        if kind == STRING_LIST:
            source_items = list(getattr(source_page, model_field).raw_data)
            if len(value) != len(source_items):
                raise (plan.where / model_field).error(
                    f"has {len(value)} items; the English file has {len(source_items)}"
                )
            value = [
                {"type": s["type"], "value": text, "id": s["id"]}
                for s, text in zip(source_items, value, strict=True)
            ]
        setattr(instance, model_field, value)
    for model_field, yaml_value in plan.streams.items():
        block = source_page._meta.get_field(model_field).stream_block
        source_raw = list(getattr(source_page, model_field).raw_data)
        raw = _yaml_to_raw(
            block, yaml_value, plan.where / model_field, None, {}, source_raw=source_raw
        )
        _check_stream(block, raw, plan.where / model_field)
        setattr(instance, model_field, raw)
    return instance


def _strings_by_path(segments):
    grouped = defaultdict(list)
    for segment in segments:
        if isinstance(segment, StringSegmentValue):
            grouped[segment.path].append(segment.string.data)
    return grouped


def _friendly(path, page):
    """Turn a segment path with block ids into something a content writer can find."""
    parts = path.split(".")
    if parts and hasattr(page, parts[0]) and len(parts) > 1:
        raw = getattr(page, parts[0]).raw_data
        for i, item in enumerate(raw):
            if item.get("id") == parts[1]:
                return ".".join([f"{parts[0]}[{i}]"] + parts[2:])
    return path


def _load_help_lines(lines, locales, report):
    source_locale = locales[SOURCE_LANGUAGE]
    for position, row in enumerate(lines[SOURCE_LANGUAGE]):
        line = HelpLine.objects.filter(locale=source_locale, number=row["number"]).first()
        if line is None:
            line = HelpLine.objects.create(locale=source_locale, sort_order=position, **row)
            line.save_revision().publish()
            report.add(f"help line {row['number']}")
        for language, rows in lines.items():
            if language == SOURCE_LANGUAGE or line.get_translation_or_none(locales[language]):
                continue
            translated = line.copy_for_translation(locales[language])
            for key, value in rows[position].items():
                setattr(translated, key, value)
            translated.save()
            translated.save_revision().publish()
            report.add(f"help line {row['number']} ({language})")
