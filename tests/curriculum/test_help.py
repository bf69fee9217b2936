"""Get help: the help lines of the child's language, linked from every page."""

import pytest
from django.utils.html import escape

from curriculum.models import HelpLine
from lessons.models import LessonPage


@pytest.mark.parametrize("language", ["en", "zh-hans", "ug"])
def test_help_page_lists_every_number_in_the_language(client, language):
    response = client.get(f"/{language}/help/")
    assert response.status_code == 200
    html = response.content.decode()
    for number in ("110", "120", "119", "12355", "12338", "12333"):
        assert f'href="tel:{number}"' in html
    names = HelpLine.objects.filter(locale__language_code=language).values_list("name", flat=True)
    assert all(escape(name) in html for name in names)


def test_help_lines_are_translations_of_each_other(db):
    english = HelpLine.objects.get(locale__language_code="en", number="12355")
    assert english.get_translation_or_none(
        english.locale.__class__.objects.get(language_code="ug")
    ).name.startswith("ياشلار")


@pytest.mark.parametrize("path", ["/en/", "/en/modules/", "/zh-hans/modules/drugs/", "/ug/"])
def test_every_page_footer_links_to_help(client, path):
    html = client.get(path).content.decode()
    prefix = path.split("/")[1]
    assert f'class="help-link" href="/{prefix}/help/"' in html


def test_lesson_help_box_shows_the_lesson_language_numbers(client):
    lessons = LessonPage.objects.live().filter(locale__language_code="zh-hans")
    lesson = next(p for p in lessons if any(b.block_type == "get_help" for b in p.body))
    html = client.get(lesson.url).content.decode()
    assert 'class="block-help"' in html
    assert "报警电话" in html and 'href="tel:110"' in html
