"""A page that cannot be shown says why in the visitor's language, in the site's design,
and offers a way back: refused (403), missing (404), broken (500), a stale form (CSRF)."""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from classrooms.factories import StudentFactory
from lifeskills import errors

LANGUAGES = [("en", "ltr"), ("zh-hans", "ltr"), ("ug", "rtl")]


def heading(language, text):
    with translation.override(language):
        return gettext(text)


def assert_page(response, language, direction, title):
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}"' in html
    assert f"<h1>{heading(language, title)}</h1>" in html
    assert 'href="/static/css/site.css"' in html
    assert f'href="/{language}/">' in html  # the start page, in the same language
    return html


@pytest.fixture
def child(classroom):
    return StudentFactory(classroom=classroom)


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_child_on_a_teacher_page_is_refused_and_sent_to_their_modules(
    client, child, language, direction
):
    client.force_login(child.user)
    response = client.get(f"/{language}/teach/")
    assert response.status_code == 403
    html = assert_page(response, language, direction, "You cannot open this page")
    with translation.override(language):
        my_modules = reverse("classrooms:my_modules")
        assert f'<a class="button" href="{my_modules}">{gettext("My modules")}</a>' in html
        assert gettext("If you need it, ask your teacher.") in html
    assert "Forbidden" not in html


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_teacher_on_a_coordinator_page_is_sent_to_their_classes(
    client, class_teacher, classroom, language, direction
):
    client.force_login(class_teacher)
    response = client.get(f"/{language}/reports/")
    assert response.status_code == 403
    html = assert_page(response, language, direction, "You cannot open this page")
    with translation.override(language):
        assert f'href="{reverse("classrooms:teacher_home")}">{gettext("My classes")}' in html


def test_a_child_on_a_printed_lesson_plan_gets_the_same_page(client, child, english_lesson):
    client.force_login(child.user)
    response = client.get(f"/ug/print/lessons/{english_lesson.pk}/plan/")
    assert response.status_code == 403
    assert_page(response, "ug", "rtl", "You cannot open this page")


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_missing_page(client, language, direction):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = assert_page(response, language, direction, "Page not found")
    with translation.override(language):
        assert gettext("Go to the start page") in html


def test_a_missing_page_for_a_signed_in_child_leads_to_their_modules(client, child):
    client.force_login(child.user)
    response = client.get("/en/teach/classes/999999/")  # no such class: the same as not theirs
    assert response.status_code in (403, 404)
    response = client.get("/zh-hans/no-such-page/")
    assert response.status_code == 404
    with translation.override("zh-hans"):
        assert reverse("classrooms:my_modules") in response.content.decode()


@override_settings(ROOT_URLCONF="tests.lifeskills.error_urls")
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_broken_page(language, direction):
    client = Client(raise_request_exception=False)
    response = client.get(f"/{language}/broken/")
    assert response.status_code == 500
    html = assert_page(response, language, direction, "Something went wrong")
    assert heading(language, "Nothing you saved before is lost.") in html
    assert "<script" not in html


def test_the_500_page_needs_no_database_and_no_signed_in_user(django_assert_num_queries):
    # No user, no session: a context processor asking for the user's roles would fail.
    request = RequestFactory().get("/ug/modules/")
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert 'lang="ug" dir="rtl"' in response.content.decode()


def test_the_500_page_without_a_language_in_the_address_speaks_the_default_language():
    response = errors.server_error(RequestFactory().get("/sw.js"))
    assert 'lang="en" dir="ltr"' in response.content.decode()


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_stale_sign_in_form_is_refused_with_a_way_back(child, classroom, language, direction):
    client = Client(enforce_csrf_checks=True)
    page = f"/{language}/join/{classroom.join_code}/{child.pk}/"
    assert client.get(page).status_code == 200
    # The form's token is missing, as after the cookie was lost or the page kept open too long.
    response = client.post(page, {"pick": "sun"}, HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 403
    html = assert_page(response, language, direction, "Please try again")
    with translation.override(language):
        assert f'<a class="button" href="http://testserver{page}">' in html
        assert gettext("Go back and try again") in html
        assert gettext("Nothing you saved before is lost.") in html


def test_a_stale_form_from_another_site_does_not_link_back_there(child, classroom):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/en/join/{classroom.join_code}/{child.pk}/",
        {"pick": "sun"},
        HTTP_REFERER="https://elsewhere.example/trap/",
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "elsewhere.example" not in html
    assert '<a class="button" href="/en/">' in html
