"""The words JavaScript shows: declared once (lifeskills/js_strings.py), one blob per page."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import translation

from lifeskills import js_strings
from lifeskills.platform import pwa as offline
from quizzes.models import QuizPage

JS = Path(settings.BASE_DIR) / "static" / "js"
PLACEHOLDER = re.compile(r"%\(\w+\)s")
BLOB = re.compile(r'<script id="js-strings" type="application/json">(.*?)</script>', re.S)


def names_used_in_scripts():
    used = set()
    for path in JS.glob("*.js"):
        used |= set(re.findall(r'\bt\("([\w.]+)"', path.read_text()))
    return used


def declared():
    return set(js_strings.strings(*js_strings.GROUPS))


def blob(html):
    found = BLOB.findall(html)
    assert len(found) <= 1, "one blob per page"
    return json.loads(found[0]) if found else None


def test_every_string_a_script_shows_is_declared_and_every_declared_one_is_shown():
    used = names_used_in_scripts()
    assert used, "the scripts read their words with t()"
    assert used == declared()


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_every_string_is_translated_with_the_same_placeholders(language):
    english = js_strings.strings(*js_strings.GROUPS)
    with translation.override(language):
        translated = js_strings.strings(*js_strings.GROUPS)
    for name, text in english.items():
        # Each msgid is one the catalogues already translate: a new spelling would show English.
        assert translated[name] != text, (language, name)
        placeholders = sorted(PLACEHOLDER.findall(text))
        assert sorted(PLACEHOLDER.findall(translated[name])) == placeholders, (language, name)


def test_texts_written_first_in_templates_keep_their_placeholders():
    # {% translate %} doubled the % of these msgids; the blob has Python's placeholders.
    strings = js_strings.strings("download", "downloads", "result")
    assert strings["download.size"] == "On this phone: %(size)s"
    assert strings["downloads.deleted"] == "Deleted: %(title)s"


def test_the_blob_holds_only_the_groups_asked_for_and_cannot_end_its_script():
    html = Template(
        '{% load js_strings %}{% js_strings "quiz" %}{% js_strings "quiz" "present" %}'
        "{% js_strings_script %}"
    ).render(Context())
    strings = blob(html)
    assert set(strings) == set(js_strings.strings("quiz", "present"))
    assert "</" not in html[len('<script id="js-strings" type="application/json">') : -9]
    assert Template("{% load js_strings %}{% js_strings_script %}").render(Context()) == ""


def test_an_unknown_group_fails_where_the_template_names_it():
    with pytest.raises((KeyError, TemplateSyntaxError)):
        Template('{% load js_strings %}{% js_strings "nonsense" %}').render(Context())


def test_the_text_is_escaped_for_a_script_element():
    html = js_strings.script("quiz")
    body = html[html.index(">") + 1 : html.rindex("<")]
    assert "<" not in body and ">" not in body and "&" not in body


def test_a_lesson_carries_present_mode_words_and_a_childs_page_her_sync_words(
    client, english_lesson, children
):
    # A visitor's lesson is what a device keeps: a child finishes it offline.
    visitor = blob(client.get(english_lesson.url).content.decode())
    assert set(visitor) == set(js_strings.strings("present", "sync"))
    client.force_login(children[0].user)
    child = blob(client.get(english_lesson.url).content.decode())
    assert set(child) == set(js_strings.strings("sync"))


def test_a_kept_copy_carries_the_blob_without_anything_of_who_asked(
    client, english_lesson, children
):
    client.force_login(children[0].user)
    response = client.get(english_lesson.url, headers={offline.COPY_HEADER: "1"})
    assert response[offline.RENDERED_FOR] == "visitor"
    assert set(blob(response.content.decode())) == set(js_strings.strings("present", "sync"))


def test_the_offline_quiz_carries_its_words_in_its_language(client, english_module, locales):
    starter = QuizPage.objects.child_of(english_module).get()
    html = client.get(reverse("quizzes:offline", args=[starter.pk])).content.decode()
    assert set(blob(html)) == set(js_strings.strings("quiz", "result"))
    chinese = starter.get_translation(locales["zh-hans"])
    html = client.get(f"/zh-hans/quizzes/{chinese.pk}/offline/").content.decode()
    assert blob(html)["quiz.next"] != "Next question"


def test_the_downloads_page_and_a_module_page_carry_theirs(client, english_module):
    page = client.get(f"/en/offline/downloads/?{offline.COPY_PARAMETER}=1").content.decode()
    assert set(blob(page)) == set(js_strings.strings("downloads"))
    module = client.get(english_module.url).content.decode()
    assert set(blob(module)) == set(js_strings.strings("download"))


def test_a_page_without_scripts_that_need_words_has_no_blob(client):
    assert blob(client.get(reverse("get_help")).content.decode()) is None
