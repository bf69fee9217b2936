"""The starter curriculum loader: complete, idempotent, and all-or-nothing on bad data."""

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Revision
from wagtail_localize.models import StringTranslation, Translation

from curriculum.models import HelpLine, ModulePage
from curriculum.starter import STARTER_DIR, StarterContentError, build_plan
from lessons.models import LessonPage


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        StringTranslation.objects.count(),
        HelpLine.objects.count(),
        sorted(Page.objects.values_list("pk", "latest_revision_id")),
    )


def test_eight_modules_in_english_chinese_and_uyghur(db):
    for language in ("en", "zh-hans", "ug"):
        modules = ModulePage.objects.live().filter(locale__language_code=language)
        assert modules.count() == 8, language
        for module in modules:
            lessons = LessonPage.objects.child_of(module).live().count()
            assert 2 <= lessons <= 4, module.url_path
            assert module.is_starter_content
            assert module.cover_image is not None
    young = ModulePage.objects.get(locale__language_code="en", slug="keeping-safe")
    assert young.age_band == "6-9"


def test_translations_are_wagtail_localize_translations(db):
    english = ModulePage.objects.get(locale__language_code="en", slug="safe-migration")
    chinese = english.get_translation(english.locale.__class__.objects.get(language_code="zh-hans"))
    assert chinese.translation_key == english.translation_key
    assert chinese.title != english.title
    assert Translation.objects.filter(
        source__object_id=english.translation_key, target_locale__language_code="ug"
    ).exists()


def test_images_are_small_webp_renditions(client, english_module):
    html = client.get(english_module.url).content.decode()
    assert ".webp" in html
    rendition = english_module.cover_image.get_rendition("width-960|format-webp")
    assert rendition.file.size < 60_000


def test_running_twice_changes_nothing(db):
    before = snapshot()
    call_command("load_starter_curriculum", verbosity=0)
    assert snapshot() == before


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "starter"
    shutil.copytree(STARTER_DIR, target)
    return target


def _load(path):
    with pytest.raises(CommandError) as caught:
        call_command("load_starter_curriculum", path=str(path), verbosity=0)
    return str(caught.value)


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def emptied(db):
    """The database after removing the drugs module, so that a load has work to do."""
    for page in ModulePage.objects.filter(slug="drugs"):
        if page.locale.language_code != "en":
            page.delete()
    ModulePage.objects.get(slug="drugs", locale__language_code="en").delete()
    return snapshot()


def test_broken_yaml_names_the_file_and_changes_nothing(emptied, data_copy):
    (data_copy / "modules" / "04-drugs" / "en.yaml").write_text("module: [unclosed\n")
    message = _load(data_copy)
    assert "modules/04-drugs/en.yaml" in message and "not valid YAML" in message
    assert snapshot() == emptied


def test_missing_field_names_the_file_and_field(emptied, data_copy):
    _replace(data_copy / "modules" / "04-drugs" / "en.yaml", "  topic: drugs\n", "")
    message = _load(data_copy)
    assert "modules/04-drugs/en.yaml: module.topic: is required" in message
    assert snapshot() == emptied


def test_unknown_block_type_names_the_block(emptied, data_copy):
    _replace(data_copy / "modules" / "04-drugs" / "en.yaml", "type: story", "type: poem")
    message = _load(data_copy)
    assert "modules/04-drugs/en.yaml: lessons[0].body[" in message
    assert "unknown block type 'poem'" in message
    assert snapshot() == emptied


def test_translation_with_a_different_shape_fails_after_writing_began(emptied, data_copy):
    # This mismatch is only found while translations are written, after the
    # English pages exist: the transaction must undo those too.
    path = data_copy / "modules" / "04-drugs" / "zh-hans.yaml"
    text = path.read_text(encoding="utf-8")
    head, sep, tail = text.partition("</p>")
    path.write_text(head + sep + "<p>多出来的一段。</p>" + tail, encoding="utf-8")
    message = _load(data_copy)
    assert "modules/04-drugs/zh-hans.yaml" in message
    assert "the English file has" in message
    assert snapshot() == emptied


def test_bad_choice_and_unknown_image(data_copy):
    _replace(data_copy / "modules" / "04-drugs" / "en.yaml", 'age_band: "10-13"', 'age_band: "9"')
    with pytest.raises(StarterContentError, match=r"module\.age_band: '9' is not one of"):
        build_plan(data_copy)
    shutil.copy(STARTER_DIR / "modules" / "04-drugs" / "en.yaml", data_copy / "modules/04-drugs")
    _replace(
        data_copy / "modules" / "04-drugs" / "en.yaml",
        "cover_image: cover-drugs",
        "cover_image: nope",
    )
    with pytest.raises(StarterContentError, match="module.cover_image: unknown image 'nope'"):
        build_plan(data_copy)


def test_a_load_after_removal_restores_the_module(emptied):
    call_command("load_starter_curriculum", verbosity=0)
    assert ModulePage.objects.filter(slug="drugs").count() == 3
