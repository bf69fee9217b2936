"""Addresses find their pages in one lookup, and find exactly what Wagtail's walk would."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page

from curriculum.models import HomePage


def route(home, url):
    components = [part for part in url.split("/") if part][1:]  # without the language
    return home.route(RequestFactory().get(url), components)


@pytest.mark.parametrize("language", ["en", "zh-hans", "ug"])
def test_every_live_page_is_found_at_its_address(language):
    home = HomePage.objects.get(locale__language_code=language)
    pages = Page.objects.live().descendant_of(home).specific()
    assert pages.count() > 5
    for page in pages:
        assert route(home, page.url).page == page, page.url


def test_a_lesson_is_found_in_three_queries_with_its_module(
    english_home, english_lesson, english_module, django_assert_num_queries
):
    url = english_lesson.url
    with django_assert_num_queries(3):
        found = route(english_home, url).page
        assert found.get_parent() == english_module
        assert found.module.title == english_module.title


def test_unknown_addresses_are_not_found(client, english_home, english_lesson):
    for url in [
        english_lesson.url + "no-such-part/",
        "/en/modules/no-such-module/",
        "/en/modules/safe-migration/no-such-lesson/",
    ]:
        with pytest.raises(Http404):
            route(english_home, url)
        assert client.get(url).status_code == 404


def test_an_unpublished_lesson_is_not_found(client, english_home, english_lesson):
    english_lesson.unpublish()
    with pytest.raises(Http404):
        route(english_home, english_lesson.url)
    assert client.get(english_lesson.url).status_code == 404


def test_a_page_of_another_language_is_not_found_under_this_one(english_home):
    chinese_home = HomePage.objects.get(locale__language_code="zh-hans")
    chinese_lesson = Page.objects.live().descendant_of(chinese_home).filter(depth=5).first()
    english_address = "/en/" + chinese_lesson.url.split("/", 2)[2]
    found = None
    try:
        found = route(english_home, english_address).page
    except Http404:
        pass
    assert found is None or found.locale.language_code == "en"
