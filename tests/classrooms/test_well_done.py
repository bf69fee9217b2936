"""Finishing a lesson: a well-done page with ticks, how far the child is, and what next.

Also the ticks a child sees on the module page and in My modules, and who may
see any of it: only the child, and only their own.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from classrooms import queries, services
from classrooms.demo import take_quiz
from classrooms.models import LessonProgress
from lifeskills import js_strings
from tests.lifeskills.test_js_strings import blob

FINISHED = '<span class="visually-hidden">finished:</span>'


def finish(client, lesson):
    return client.post(reverse("classrooms:complete_lesson", args=[lesson.pk]))


def well_done_url(lesson, language="en"):
    with translation.override(language):
        return reverse("classrooms:lesson_finished", args=[lesson.pk])


@pytest.fixture
def mei(client, children, assignment):
    client.force_login(children[0].user)
    return children[0].user


def test_finishing_a_lesson_says_well_done_without_javascript(client, mei, module_lessons):
    first, second = module_lessons[:2]
    response = finish(client, first)
    assert response.status_code == 302 and response["Location"] == well_done_url(first)
    assert LessonProgress.objects.get().completed_at is not None
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Well done!" in html and first.title in html
    assert f"1 of {len(module_lessons)} lessons done" in html and "then the quiz" in html
    # The next step is a button to the next lesson; ticks say "finished" in words too.
    assert f'class="button button--next" href="{second.url}"' in html
    assert html.count(FINISHED) == 1 and html.count('class="tick" aria-hidden="true">✓') == 1


def test_after_the_last_lesson_the_quiz_is_next(client, mei, module_lessons, module_quiz):
    for lesson in module_lessons:
        finish(client, lesson)
    html = client.get(well_done_url(module_lessons[-1])).content.decode()
    count = len(module_lessons)
    assert f"{count} of {count} lessons done" in html and "quiz next" in html
    assert f'class="button button--next" href="{module_quiz.url}"' in html
    assert html.count(FINISHED) == count


def test_a_lesson_skipped_comes_next_before_the_quiz(client, mei, module_lessons, module_quiz):
    first, second, *rest = module_lessons
    for lesson in [first, *rest]:
        finish(client, lesson)
    html = client.get(well_done_url(rest[-1])).content.decode()
    assert f'class="button button--next" href="{second.url}"' in html


def test_a_finished_module_leads_to_my_modules(client, mei, module_lessons, module_quiz):
    take_quiz(mei, module_quiz)
    for lesson in module_lessons:
        finish(client, lesson)
    html = client.get(well_done_url(module_lessons[0])).content.decode()
    assert "quiz passed" in html and "you have finished this module" in html
    assert f'class="button" href="{reverse("classrooms:my_modules")}"' in html
    assert html.count(FINISHED) == len(module_lessons) + 1


def test_the_well_done_page_speaks_the_childs_language(client, mei, module_lessons, locales):
    chinese = module_lessons[0].get_translation(locales["zh-hans"])
    response = client.post(f"/zh-hans/progress/lessons/{chinese.pk}/done/")
    assert response["Location"] == well_done_url(chinese, "zh-hans")
    html = client.get(response["Location"]).content.decode()
    assert 'lang="zh-hans"' in html and chinese.title in html


def test_a_lesson_not_yet_finished_goes_back_to_the_lesson(client, mei, module_lessons):
    response = client.get(well_done_url(module_lessons[1]))
    assert response.status_code == 302 and response["Location"] == module_lessons[1].url


def test_only_a_signed_in_child_has_a_well_done_page(client, children, teacher, module_lessons):
    services.record_lesson_event(children[0].user, module_lessons[0], completed=True)
    url = well_done_url(module_lessons[0])
    # Signed out: the class-code page, where a child signs in.
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("classrooms:join")
    client.force_login(teacher)
    assert client.get(url).status_code == 404


def test_a_child_sees_only_her_own_ticks(client, children, assignment, module_lessons):
    mei, alim = children[0].user, children[1].user
    for lesson in module_lessons:
        services.record_lesson_event(mei, lesson, completed=True)
    services.record_lesson_event(alim, module_lessons[0], completed=True)
    client.force_login(alim)
    html = client.get(well_done_url(module_lessons[0])).content.decode()
    assert html.count(FINISHED) == 1 and f"1 of {len(module_lessons)} lessons done" in html


def test_the_well_done_page_costs_the_same_queries_whatever_is_done(
    client, mei, module_lessons, django_assert_max_num_queries
):
    finish(client, module_lessons[0])
    with django_assert_max_num_queries(20):
        client.get(well_done_url(module_lessons[0]))


# Ticks on the module page and in My modules ----------------------------------------


def test_the_module_page_shows_a_child_ticks_and_how_far(
    client, mei, english_module, module_lessons
):
    finish(client, module_lessons[0])
    html = client.get(english_module.url).content.decode()
    assert html.count(FINISHED) == 1
    assert f"1 of {len(module_lessons)} lessons done" in html
    assert f'class="button" href="{module_lessons[1].url}"' in html


def test_the_module_page_has_no_ticks_for_others(client, children, teacher, english_module):
    for lesson in queries.outlines([english_module.translation_key], "en")[
        english_module.translation_key
    ].lessons:
        services.record_lesson_event(children[0].user, lesson, completed=True)
    for user in (None, teacher):
        if user:
            client.force_login(user)
        html = client.get(english_module.url).content.decode()
        assert FINISHED not in html and "lessons done" not in html


def test_my_modules_ticks_a_finished_module(client, mei, module_lessons, module_quiz):
    html = client.get(reverse("classrooms:my_modules")).content.decode()
    assert FINISHED not in html
    for lesson in module_lessons:
        finish(client, lesson)
    take_quiz(mei, module_quiz)
    html = client.get(reverse("classrooms:my_modules")).content.decode()
    assert html.count(FINISHED) == 1


def test_my_modules_signed_out_leads_to_the_class_code_page(client):
    response = client.get(reverse("classrooms:my_modules"))
    assert response.status_code == 302 and response["Location"] == reverse("classrooms:join")


def test_a_kept_lesson_copy_has_the_words_for_finishing_offline(client, children, module_lessons):
    client.force_login(children[0].user)
    response = client.get(module_lessons[0].url, headers={"X-Lifeskills-Copy": "1"})
    strings = blob(response.content.decode())
    assert strings["sync.finished"] == str(js_strings.GROUPS["sync"]["finished"])
    assert strings["sync.waiting"]


# The quiz result's next step ----------------------------------------------------------


def test_a_child_who_passed_is_sent_on_to_my_modules_first(client, mei, module_quiz):
    attempt = take_quiz(mei, module_quiz)
    url = reverse("quizzes:result", args=[module_quiz.pk, attempt.client_id])
    html = client.get(url).content.decode()
    my_modules = f'class="button" href="{reverse("classrooms:my_modules")}">My modules'
    assert "You passed!" in html
    assert html.index("You passed!") < html.index(my_modules) < html.index("Your answers, and why")
