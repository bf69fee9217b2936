"""Budgets for a lesson page: bytes a child downloads and SQL queries the server runs."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from lessons.factories import LessonPageFactory
from lessons.models import LessonPage

BUDGET_BYTES = 30 * 1024


def gz(data):
    return len(gzip.compress(data, compresslevel=6))


def assets(html):
    return re.findall(r'(?:href|src)="/static/([^"?]+\.(?:css|js))"', html)


@pytest.mark.parametrize("language", ["en", "zh-hans", "ug"])
def test_every_starter_lesson_fits_in_30_kb_compressed(client, teacher, language):
    # Teachers get the largest page: it carries the teacher notes too.
    client.force_login(teacher)
    lessons = LessonPage.objects.live().filter(locale__language_code=language)
    assert lessons.exists()
    for lesson in lessons:
        html = client.get(lesson.url).content
        files = assets(html.decode())
        assert files, "the page links its stylesheet"
        total = gz(html) + sum(gz(open(finders.find(f), "rb").read()) for f in files)
        assert total <= BUDGET_BYTES, f"{lesson.url}: {total} bytes compressed"


def _block_set(image_id, n):
    return [
        {"type": "heading", "value": f"Part {n}"},
        {"type": "text", "value": f"<p>Paragraph {n}.</p>"},
        {"type": "image", "value": {"image": image_id, "alt": f"Picture {n}", "caption": ""}},
        {"type": "story", "value": {"title": "S", "body": "<p>Once.</p>", "question": "Q?"}},
        {"type": "key_message", "value": {"text": "Remember this."}},
        {"type": "discussion", "value": {"question": "Why?", "prompts": ["a", "b"]}},
        {
            "type": "activity",
            "value": {"title": "A", "minutes": 5, "materials": ["m"], "steps": ["s1", "s2"]},
        },
        {"type": "teacher_note", "value": {"text": "<p>Note.</p>"}},
        {"type": "glossary", "value": {"term": "T", "definition": "D"}},
        {"type": "get_help", "value": {"heading": "Help", "text": "Call."}},
    ]


def _add_lesson(module, slug, repeats):
    images = list(get_image_model().objects.order_by("pk")[:3])
    body = []
    for n in range(repeats):
        body += _block_set(images[n % len(images)].pk, n)
    return LessonPageFactory(parent=module, title=slug, slug=slug, summary="s", body=body)


def _queries(client, url):
    client.get(url)  # renditions are made on the first view; count the steady state
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_blocks(client, teacher, english_module):
    client.force_login(teacher)
    small = _add_lesson(english_module, "small", 1)
    large = _add_lesson(english_module, "large", 6)
    assert _queries(client, small.url) == _queries(client, large.url)


def test_query_count_does_not_grow_with_lessons(client, teacher, english_module):
    client.force_login(teacher)
    lesson = _add_lesson(english_module, "probe", 1)
    before = _queries(client, lesson.url)
    module_before = _queries(client, english_module.url)
    for i in range(5):
        _add_lesson(english_module, f"extra-{i}", 1)
    assert _queries(client, lesson.url) == before
    assert _queries(client, english_module.url) == module_before


def test_lesson_query_count_is_small(client, english_lesson):
    # Routing walks the tree (home, index, module, lesson); the rest is fixed.
    assert _queries(client, english_lesson.url) <= 20
