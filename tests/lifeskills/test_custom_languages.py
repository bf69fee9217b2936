"""A language Django does not know, added by an operator in settings, works end to end."""

import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from wagtail.models import Locale

DAI = {"code": "tdd", "name": "ᥖᥭᥰ ᥖᥬᥲ ᥑᥨᥒᥰ", "fallback": "zh-hans", "bidi": False}
LANGUAGES = [*settings.LANGUAGES, ("tdd", DAI["name"])]


@pytest.fixture
def dai():
    with override_settings(
        CUSTOM_LANGUAGES=[DAI], LANGUAGES=LANGUAGES, WAGTAIL_CONTENT_LANGUAGES=LANGUAGES
    ):
        locale = Locale.objects.create(language_code="tdd")
        yield locale


def test_a_custom_language_is_served_with_its_fallback_interface(client, dai):
    response = client.get("/tdd/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="tdd" dir="ltr">', html)
    # Interface strings come from Chinese until a Dai catalogue exists.
    assert "单元" in html and "求助" in html
    with translation.override("tdd"):
        assert translation.get_language_info("tdd")["name_local"] == DAI["name"]
        assert translation.gettext("Get help") == "求助"


def test_the_custom_language_reaches_its_pages_and_help(client, dai):
    assert client.get("/tdd/modules/").status_code == 200
    assert client.get("/tdd/help/").status_code == 200


def test_a_right_to_left_custom_language(client):
    rtl = {**DAI, "code": "xrt", "bidi": True}
    languages = [*settings.LANGUAGES, ("xrt", "Right to left")]
    with override_settings(
        CUSTOM_LANGUAGES=[rtl],
        LANGUAGES=languages,
        WAGTAIL_CONTENT_LANGUAGES=languages,
        LANGUAGES_BIDI=[*settings.LANGUAGES_BIDI, "xrt"],
    ):
        Locale.objects.create(language_code="xrt")
        html = client.get("/xrt/").content.decode()
        assert '<html lang="xrt" dir="rtl">' in html


def test_unknown_codes_are_still_refused(client):
    response = client.get("/zz/", follow=True)
    assert response.status_code == 404
    assert response.redirect_chain == [("/en/zz/", 302)]
