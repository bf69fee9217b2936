"""Language routing, <html lang dir>, and a switcher that offers only real translations."""

import re

import pytest
from wagtail.models import Locale

from curriculum.models import ModulePage


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/en/"


def test_a_chinese_browser_lands_on_the_chinese_site(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response["Location"] == "/zh-hans/"


@pytest.mark.parametrize(
    "prefix, lang, direction",
    [("en", "en", "ltr"), ("zh-hans", "zh-hans", "ltr"), ("ug", "ug", "rtl")],
)
def test_every_language_has_its_lang_and_direction(client, prefix, lang, direction):
    for path in (f"/{prefix}/", f"/{prefix}/modules/", f"/{prefix}/help/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert html_tag(response) == f'<html lang="{lang}" dir="{direction}">'


def test_uyghur_lesson_is_right_to_left_and_in_uyghur(client):
    module = ModulePage.objects.get(locale__language_code="ug", slug="safe-migration")
    lesson = module.get_children().live().first()
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert 'dir="rtl"' in html_tag(response)
    assert lesson.url.startswith("/ug/")
    # Uyghur letters, not an English fallback.
    assert re.search("[\u0600-\u06ff]{4,}", response.content.decode())


def _switcher_codes(response):
    nav = re.search(r'<nav class="languages.*?</nav>', response.content.decode(), re.S)
    return set(re.findall(r'lang="([a-z-]+)"', nav.group(0))) if nav else set()


def _withdraw_uyghur(slug):
    """A module whose Uyghur translation is taken down (every starter module has one)."""
    english = ModulePage.objects.get(locale__language_code="en", slug=slug)
    english.get_translation(Locale.objects.get(language_code="ug")).unpublish()
    return english


def test_switcher_offers_only_languages_the_page_exists_in(client):
    translated = ModulePage.objects.get(locale__language_code="en", slug="safe-migration")
    assert _switcher_codes(client.get(translated.url)) == {"en", "zh-hans", "ug"}
    english_only_in_two = _withdraw_uyghur("drugs")
    assert _switcher_codes(client.get(english_only_in_two.url)) == {"en", "zh-hans"}


def test_switcher_links_to_the_same_page_in_the_other_language(client):
    module = ModulePage.objects.get(locale__language_code="en", slug="drugs")
    html = client.get(module.url).content.decode()
    assert 'href="/zh-hans/modules/drugs/"' in html


def test_a_module_missing_in_a_language_is_a_clean_404(client):
    _withdraw_uyghur("drugs")
    assert client.get("/ug/modules/drugs/").status_code == 404


def test_each_language_lists_its_own_modules(client):
    assert client.get("/en/modules/").context["modules"].count() == 8
    assert client.get("/zh-hans/modules/").context["modules"].count() == 8
    _withdraw_uyghur("drugs")
    ug = client.get("/ug/modules/").context["modules"]
    assert len(ug) == 7 and "drugs" not in [m.slug for m in ug]
