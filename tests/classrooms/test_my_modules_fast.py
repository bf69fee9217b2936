"""My modules at a bounded cost: few queries whatever the number of modules, the site
around the list kept rendered, the module links kept until an editor publishes, and
the child's own progress and token always their own and never stale."""

import re
import socket

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client, RequestFactory
from django.urls import reverse

from classrooms import queries, services, views
from classrooms.backends import CHILD_BACKEND
from classrooms.demo import take_quiz
from classrooms.factories import SchoolFactory
from curriculum.models import ModulePage
from lifeskills.cache import redis_cache

URL = "/en/my/"
FINISHED = '<span class="visually-hidden">finished:</span>'
# With sessions read from the cache, as in production: the user, the assignments,
# the lessons opened, the quiz attempts, the navigation's areas.
MAX_QUERIES = 6
# A child signed in with her class: her list rendered (her account and Student
# row, the assignments, the lessons opened, the quiz attempts), then kept with
# her identity until something on it changes.
CHILD_FIRST = 4
CHILD_AGAIN = 0


@pytest.fixture
def refused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here any more


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def items(html):
    return re.findall(r'<li class="my-module">.*?</li>', html, re.S)


def token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture
def english_modules(db):
    return list(ModulePage.objects.live().filter(locale__language_code="en").order_by("path"))


@pytest.mark.parametrize("how_many", [1, 7])
def test_the_queries_do_not_grow_with_the_modules(
    cached_sessions, classroom, class_teacher, children, english_modules, how_many,
    django_assert_max_num_queries,
):  # fmt: skip
    for module in english_modules[:how_many]:
        services.assign_module(classroom, module, class_teacher)
    child = children[0].user
    services.record_lesson_event(
        child, english_modules[0].get_children().live().first().specific, completed=True
    )
    browser = signed_in(child)
    first = browser.get(URL)  # keeps the links and the frame
    assert first.status_code == 200 and len(items(first.content.decode())) == how_many
    with django_assert_max_num_queries(MAX_QUERIES):
        response = browser.get(URL)
    assert response.status_code == 200
    assert len(items(response.content.decode())) == how_many


@pytest.mark.parametrize("how_many", [1, 7])
def test_a_child_signed_in_with_her_class_reads_her_kept_list(
    cached_sessions, classroom, class_teacher, children, english_modules, how_many,
    django_assert_num_queries,
):  # fmt: skip
    for module in english_modules[:how_many]:
        services.assign_module(classroom, module, class_teacher)
    classmate = Client()
    classmate.force_login(children[1].user, backend=CHILD_BACKEND)
    classmate.get(URL)  # keeps the links and the frame
    browser = Client()
    browser.force_login(children[0].user, backend=CHILD_BACKEND)
    with django_assert_num_queries(CHILD_FIRST):
        first = browser.get(URL)
    with django_assert_num_queries(CHILD_AGAIN):
        again = browser.get(URL)
    assert len(items(again.content.decode())) == how_many
    assert items(again.content.decode()) == items(first.content.decode())


def test_the_kept_frame_gives_the_page_rendered_whole(client, children, assignment):
    child = children[0].user
    client.force_login(child)
    kept = client.get(URL).content.decode()
    assert client.get(URL).content.decode().replace(token(kept), "") != ""
    # A message is the request's own: that page is rendered whole, frame and all.
    request = RequestFactory().get(URL)
    request.user, request.session = child, {}
    request._messages = FallbackStorage(request)
    messages.info(request, "A note for this child")
    whole = views.my_modules(request).render().content.decode()
    note = (
        '<div class="messages" role="status">\n  <p class="notice">A note for this child</p></div>'
    )
    assert note in whole
    assert whole.replace(note, "").replace(token(whole), "") == kept.replace(token(kept), "")
    assert f'data-learner="{child.pk}"' in kept


def test_ticks_and_the_next_step_follow_a_lesson_and_a_quiz_at_once(
    client, children, assignment, module_lessons, module_quiz
):
    client.force_login(children[0].user)
    html = client.get(URL).content.decode()
    assert f'href="{module_lessons[0].url}"' in html and "0/" in html
    for lesson in module_lessons:
        client.post(reverse("classrooms:complete_lesson", args=[lesson.pk]))
        html = client.get(URL).content.decode()
        assert f">{module_lessons.index(lesson) + 1}/{len(module_lessons) + 1}<" in html
    # Every lesson done: the quiz is next, and the module is not finished yet.
    assert f'class="button button--next" href="{module_quiz.url}"' in html
    assert FINISHED not in html
    take_quiz(children[0].user, module_quiz)
    html = client.get(URL).content.decode()
    assert FINISHED in html and "you have finished this module" in html
    assert "button--next" not in html


def test_a_child_stuck_on_a_question_needs_help_as_the_teacher_sees_it(
    client, classroom, children, assignment, module_lessons, module_quiz
):
    mei, alim, _aygul = children
    for n in range(3):
        take_quiz(alim.user, module_quiz, wrong_kinds={"single"}, n=n)
    services.record_lesson_event(mei.user, module_lessons[0], completed=True)
    take_quiz(mei.user, module_quiz)
    teacher_sees = queries.class_overview(classroom, "en").rows
    for student, [cell] in teacher_sees:
        [mine] = queries.my_modules(student.user, "en")
        for name in ("state", "done", "steps", "attempts", "failed", "best_score", "percent"):
            assert getattr(mine.cell, name) == getattr(cell, name), (student.name, name)
        assert mine.cell.lessons_opened == cell.lessons_opened
    client.force_login(alim.user)
    assert "needs help" in client.get(URL).content.decode()


def test_an_editors_publish_shows_on_the_next_request(client, children, assignment, english_module):
    client.force_login(children[0].user)
    assert english_module.title in client.get(URL).content.decode()
    english_module.title = "Safe journeys, new title"
    english_module.save_revision().publish()
    assert "Safe journeys, new title" in client.get(URL).content.decode()


def withdraw(page):
    for copy in page.get_translations(inclusive=True).live():
        copy.unpublish()


def test_a_withdrawn_module_disappears_and_a_lesson_withdrawn_leaves_the_steps(
    client, children, assignment, english_module, module_lessons
):
    client.force_login(children[0].user)
    steps = len(module_lessons) + 1
    html = client.get(URL).content.decode()
    assert f">0/{steps}<" in html and f'href="{module_lessons[0].url}"' in html
    # Taken out of English only: the lesson is still there, in the best language left.
    module_lessons[0].unpublish()
    html = client.get(URL).content.decode()
    assert f">0/{steps}<" in html and f'href="{module_lessons[0].url}"' not in html
    withdraw(module_lessons[0])
    html = client.get(URL).content.decode()
    assert f">0/{steps - 1}<" in html and f'href="{module_lessons[1].url}"' in html
    withdraw(english_module)
    html = client.get(URL).content.decode()
    assert not items(html) and "has not given you a module yet" in html


def test_two_children_get_their_own_list_name_and_token(
    children, assignment, module_lessons, module_quiz
):
    mei, alim, _aygul = children
    for lesson in module_lessons:
        services.record_lesson_event(mei.user, lesson, completed=True)
    take_quiz(mei.user, module_quiz)
    first, second = signed_in(mei.user), signed_in(alim.user)
    mei_html = first.get(URL).content.decode()  # keeps the frame
    alim_html = second.get(URL).content.decode()  # from the kept frame
    assert f'data-learner="{mei.user.pk}"' in mei_html
    assert f'data-learner="{alim.user.pk}"' in alim_html
    assert f'data-learner="{mei.user.pk}"' not in alim_html
    assert token(mei_html) != token(alim_html)
    assert FINISHED in mei_html and FINISHED not in alim_html
    # Each token is its own browser's: signing out with it works, with the other's it does not.
    logout = reverse("accounts:logout")
    refused = Client(enforce_csrf_checks=True)
    refused.force_login(alim.user)
    refused.get(URL)
    assert refused.post(logout, {"csrfmiddlewaretoken": token(mei_html)}).status_code == 403


def test_a_child_of_another_class_sees_their_own_modules_only(
    client, classroom, class_teacher, children, assignment, english_modules
):
    hill = SchoolFactory(name="Hill School")
    hill.teachers.add(class_teacher)
    other_class = services.create_classroom(hill, "Class 6C", class_teacher)
    [tursun] = services.add_students(other_class, services.parse_student_lines("Tursun"))
    drugs = next(m for m in english_modules if m.slug == "drugs")
    services.assign_module(other_class, drugs, class_teacher)
    client.force_login(children[0].user)
    mine = client.get(URL).content.decode()
    client.force_login(tursun.user)
    theirs = client.get(URL).content.decode()
    assert assignment.module.title in mine and drugs.title not in mine
    assert drugs.title in theirs and assignment.module.title not in theirs
    assert "Tursun" not in mine and children[0].name not in theirs


def test_a_teacher_gets_the_teachers_navigation_not_a_childs(
    client, class_teacher, children, assignment
):
    client.force_login(children[0].user)
    client.get(URL)
    client.force_login(class_teacher)
    html = client.get(URL).content.decode()
    assert 'data-learner=""' in html and reverse("classrooms:teacher_home") in html
    assert "has not given you a module yet" in html


def test_with_redis_down_the_page_is_still_served(
    settings,
    refused_port,
    children,
    assignment,
    module_lessons,
):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{refused_port}/13")}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    browser = signed_in(children[0].user)
    for _ in range(2):
        html = browser.get(URL).content.decode()
        assert f'href="{module_lessons[0].url}"' in html
        assert f'data-learner="{children[0].user.pk}"' in html
    services.record_lesson_event(children[0].user, module_lessons[0], completed=True)
    assert f'href="{module_lessons[1].url}"' in browser.get(URL).content.decode()
