"""Pages kept for visitors: served again without the database, never out of date,
never another person's page."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction

from curriculum.models import HelpLine
from lifeskills.platform.page_cache import GENERATION_KEY
from quizzes.models import QuizPage


@pytest.fixture(autouse=True)
def _kept_pages(settings, site):
    settings.PAGE_CACHE_SECONDS = 600
    # Pages are kept only for the hosts of configured sites; the test client's is this one.
    site.hostname = "testserver"
    site.save()


def queries_for(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response, len(captured)


def teacher_note_text(lesson):
    note = next(b for b in lesson.body if b.block_type == "teacher_note")
    # A distinctive stretch of the note's own words, as the page prints it.
    return note.render().split("<p>")[1]


def test_a_visitor_gets_a_kept_lesson_without_a_query(client, english_lesson):
    first, first_queries = queries_for(client, english_lesson.url)
    again, again_queries = queries_for(client, english_lesson.url)
    assert first.status_code == again.status_code == 200
    assert first_queries > 5
    assert again_queries == 0
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Content-Language"] == "en"


def test_each_language_is_kept_apart(client, english_lesson):
    chinese = english_lesson.get_translation(Locale.objects.get(language_code="zh-hans"))
    client.get(english_lesson.url)
    response = client.get(chinese.url)
    assert response["Content-Language"] == "zh-hans"
    assert chinese.title in response.content.decode()
    assert english_lesson.title not in response.content.decode()


def test_publishing_retires_the_kept_page(client, english_lesson):
    client.get(english_lesson.url)
    english_lesson.title = "A story about a job offer, rewritten"
    english_lesson.save_revision().publish()
    response, queries = queries_for(client, english_lesson.url)
    assert queries > 0
    assert "A story about a job offer, rewritten" in response.content.decode()


def test_unpublishing_retires_the_kept_page(client, english_lesson):
    assert client.get(english_lesson.url).status_code == 200
    english_lesson.unpublish()
    assert client.get(english_lesson.url).status_code == 404


def test_moving_a_page_retires_its_old_address(client, english_lesson, english_module):
    old_url = english_lesson.url
    assert client.get(old_url).status_code == 200
    other_module = (
        english_module.get_siblings(inclusive=False)
        .live()
        .filter(locale=english_module.locale)
        .first()
    )
    english_lesson.move(other_module, pos="last-child")
    moved = Page.objects.get(pk=english_lesson.pk)
    # Wagtail leaves a redirect from the old address to the new one.
    old = client.get(old_url)
    assert old.status_code == 301
    assert old["Location"] == moved.url
    assert client.get(moved.url).status_code == 200


def test_changing_a_help_line_retires_kept_pages(client, english_lesson):
    line = HelpLine.objects.filter(locale__language_code="en").first()
    assert line.number in client.get(english_lesson.url).content.decode()
    line.number = "12399"
    line.save()
    assert "12399" in client.get(english_lesson.url).content.decode()


def test_a_signed_in_teacher_is_never_served_the_visitors_page(client, english_lesson, teacher):
    note = teacher_note_text(english_lesson)[:40]
    visitor_page = client.get(english_lesson.url).content.decode()
    assert note not in visitor_page
    client.force_login(teacher)
    response, queries = queries_for(client, english_lesson.url)
    assert queries > 0
    assert note in response.content.decode()


def test_a_signed_in_page_is_never_kept_for_visitors(client, english_lesson, teacher):
    note = teacher_note_text(english_lesson)[:40]
    client.force_login(teacher)
    assert note in client.get(english_lesson.url).content.decode()
    client.logout()
    client.cookies.clear()
    assert note not in client.get(english_lesson.url).content.decode()


def test_a_page_with_a_form_token_is_not_kept(client, english_module):
    quiz = english_module.get_children().live().type(QuizPage).first().specific
    first = client.get(quiz.url)
    assert "csrftoken" in first.cookies
    fresh = client.__class__()
    _response, queries = queries_for(fresh, quiz.url)
    assert queries > 0


def test_query_strings_and_other_methods_are_not_answered_from_the_cache(client, english_lesson):
    client.get(english_lesson.url)
    _response, queries = queries_for(client, english_lesson.url, QUERY_STRING="print=1")
    assert queries > 0
    assert client.head(english_lesson.url).status_code == 200


def test_pages_are_rendered_every_time_when_turned_off(client, english_lesson, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(english_lesson.url)
    _response, queries = queries_for(client, english_lesson.url)
    assert queries > 0


def test_a_lost_generation_renders_again(client, english_lesson):
    client.get(english_lesson.url)
    cache.delete(GENERATION_KEY)
    _response, queries = queries_for(client, english_lesson.url)
    assert queries > 0
    _response, queries = queries_for(client, english_lesson.url)
    assert queries == 0


def test_replacing_an_image_retires_kept_pages(client, english_lesson):
    client.get(english_lesson.url)
    image = get_image_model().objects.first()
    image.title += " (replaced)"
    image.save()
    _response, queries = queries_for(client, english_lesson.url)
    assert queries > 0


def test_uploading_a_recording_retires_kept_pages(client, english_lesson):
    client.get(english_lesson.url)
    get_document_model().objects.create(
        title="Narration", file=ContentFile(b"ID3 not really sound", name="narration.mp3")
    )
    _response, queries = queries_for(client, english_lesson.url)
    assert queries > 0


def test_making_a_page_private_retires_the_kept_page_at_once(client, english_lesson):
    assert client.get(english_lesson.url).status_code == 200
    PageViewRestriction.objects.create(page=english_lesson, restriction_type="login")
    response = client.get(english_lesson.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_password_on_a_module_retires_its_kept_children(client, english_lesson, english_module):
    assert client.get(english_lesson.url).status_code == 200
    PageViewRestriction.objects.create(
        page=english_module, restriction_type="password", password="only-us"
    )
    response = client.get(english_lesson.url)
    assert response.status_code == 200
    assert english_lesson.title not in response.content.decode()


def test_host_variants_share_one_kept_page_and_unknown_hosts_keep_none(
    client, english_lesson, site
):
    # A request for another host is answered with the default site, but never kept.
    for host in ("evil.example", "EVIL.example:8080", "203.0.113.9"):
        _response, queries = queries_for(client, english_lesson.url, HTTP_HOST=host)
        assert queries > 0
        _response, queries = queries_for(client, english_lesson.url, HTTP_HOST=host)
        assert queries > 0, host
    # Spellings of the site's own host are one kept page, not one each.
    first, first_queries = queries_for(client, english_lesson.url, HTTP_HOST=site.hostname)
    assert first_queries > 0
    for host in (site.hostname.upper(), f"{site.hostname}.", f"{site.hostname}:8123"):
        response, queries = queries_for(client, english_lesson.url, HTTP_HOST=host)
        assert queries == 0, host
        assert response.content == first.content
