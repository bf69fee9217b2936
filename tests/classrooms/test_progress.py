"""Progress as children work, and the teacher's figures checked against a hand-built class."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classrooms import queries, services
from classrooms.demo import take_quiz
from classrooms.models import LessonProgress
from classrooms.queries import State

START = timezone.now() - datetime.timedelta(hours=5)


def at(minutes):
    return START + datetime.timedelta(minutes=minutes)


def test_opening_a_lesson_page_records_progress_for_a_child_only(
    client, children, module_lessons, teacher
):
    lesson = module_lessons[0]
    client.force_login(teacher)
    client.get(lesson.url)
    assert not LessonProgress.objects.exists()
    client.force_login(children[0].user)
    client.get(lesson.url)
    progress = LessonProgress.objects.get()
    assert progress.learner == children[0].user and progress.completed_at is None
    assert progress.module_key == lesson.get_parent().translation_key
    assert "I have finished this lesson" in client.get(lesson.url).content.decode()


def test_finishing_a_lesson_says_well_done_before_going_on(client, children, module_lessons):
    client.force_login(children[0].user)
    first, second = module_lessons[:2]
    response = client.post(reverse("classrooms:complete_lesson", args=[first.pk]))
    assert response["Location"] == reverse("classrooms:lesson_finished", args=[first.pk])
    assert second.url in client.get(response["Location"]).content.decode()
    assert LessonProgress.objects.get().completed_at is not None


def test_only_children_record_lessons_finished(client, teacher, module_lessons):
    url = reverse("classrooms:complete_lesson", args=[module_lessons[0].pk])
    assert client.post(url)["Location"] == reverse("classrooms:join")  # to sign in
    client.force_login(teacher)
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    assert not LessonProgress.objects.exists()


def test_time_spent_is_estimated_from_the_gaps_between_events(children, module_lessons):
    user = children[0].user
    first, second = module_lessons[:2]
    services.record_lesson_event(user, first, now=at(0))
    services.record_lesson_event(user, first, completed=True, now=at(6))  # 6 minutes reading
    services.record_lesson_event(user, second, now=at(9))  # 3 more on the first lesson
    services.record_lesson_event(user, second, now=at(90))  # a long break: not counted
    services.record_lesson_event(user, second, completed=True, now=at(94))
    rows = {p.lesson_key: p for p in LessonProgress.objects.all()}
    assert rows[first.translation_key].seconds == 9 * 60
    assert rows[second.translation_key].seconds == 4 * 60
    assert rows[second.translation_key].first_opened_at == at(9)


def build_class(children, module_lessons, module_quiz):
    """The hand-built class of the figures below.

    Mei:      every lesson finished, quiz passed            -> completed
    Alim:     first lesson opened, quiz failed twice        -> needs help
    阿依古丽:  nothing                                        -> not started
    """
    mei, alim, _aygul = children
    for n, lesson in enumerate(module_lessons):
        services.record_lesson_event(mei.user, lesson, now=at(10 * n))
        services.record_lesson_event(mei.user, lesson, completed=True, now=at(10 * n + 5))
    take_quiz(mei.user, module_quiz)
    services.record_lesson_event(alim.user, module_lessons[0], now=at(100))
    take_quiz(alim.user, module_quiz, wrong_kinds={"single", "multiple", "scenario"}, n=0)
    take_quiz(alim.user, module_quiz, wrong_kinds={"single", "multiple", "true_false"}, n=1)


def test_the_class_overview_against_a_hand_built_class(
    classroom, children, assignment, module_lessons, module_quiz
):
    build_class(children, module_lessons, module_quiz)
    overview = queries.class_overview(classroom, "en")
    cells = {student.name: row[0] for student, row in overview.rows}
    steps = len(module_lessons) + 1
    assert cells["Mei"].state == State.COMPLETED and cells["Mei"].done == steps
    assert cells["Mei"].best_score == 100 and cells["Mei"].percent == 100
    assert cells["Alim"].state == State.NEEDS_HELP and cells["Alim"].failed == 2
    assert cells["Alim"].lessons_opened == 1 and cells["Alim"].done == 0
    assert cells["阿依古丽"].state == State.NOT_STARTED
    assert [s.name for s in overview.needs_help] == ["Alim"]


def test_three_wrong_answers_to_one_question_need_help(
    classroom, children, assignment, module_quiz
):
    mei = children[0]
    for n in range(3):
        # Right enough to pass, always wrong on the matching question.
        take_quiz(mei.user, module_quiz, wrong_kinds={"matching"}, n=n)
    cell = queries.class_overview(classroom, "en").rows[1][1][0]  # Mei sorts after Alim
    assert cell.state == State.NEEDS_HELP
    assert [reason for reason, _value in cell.help_reasons] == ["question"]


def test_the_module_view_lists_learners_and_difficult_questions(
    client, classroom, children, assignment, module_lessons, module_quiz, class_teacher
):
    build_class(children, module_lessons, module_quiz)
    outline, learners, questions = queries.module_detail(classroom, assignment.module_key, "en")
    by_name = {learner.student.name: learner for learner in learners}
    assert by_name["Mei"].cell.lessons_done == len(module_lessons)
    assert by_name["Mei"].cell.lesson_seconds == (len(module_lessons) * 10 - 5) * 60
    assert by_name["Alim"].cell.attempts == 2
    assert by_name["Alim"].quiz_seconds == 2 * 12 * 60  # two attempts of 12 minutes
    hardest = questions[0]
    assert hardest.label == "Single choice" and hardest.answered == 2
    assert [s.name for s in hardest.not_yet_right] == ["Alim"]
    assert hardest.wrong_count == 2 and hardest.wrong_answer
    single_only_once = next(q for q in questions if q.label == "True or false")
    assert [s.name for s in single_only_once.not_yet_right] == []

    client.force_login(class_teacher)
    url = reverse("classrooms:module_detail", args=[classroom.pk, assignment.module_key])
    html = client.get(url).content.decode()
    assert "Difficult questions" in html and "1 child has not answered it right yet" in html
    csv = client.get(url, {"format": "csv", "table": "questions"}).content.decode("utf-8")
    assert csv.startswith("\ufeff") and "Alim" in csv


def test_csv_downloads_keep_chinese_names(
    client, classroom, children, assignment, module_lessons, module_quiz, class_teacher
):
    build_class(children, module_lessons, module_quiz)
    client.force_login(class_teacher)
    response = client.get(
        reverse("classrooms:class_overview", args=[classroom.pk]), {"format": "csv"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="' in response["Content-Disposition"]
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0].startswith("\ufeffName,")
    assert any(line.startswith("阿依古丽,not started,0/") for line in lines)
    assert any(line.startswith("Mei,completed,") for line in lines)
    module = reverse("classrooms:module_detail", args=[classroom.pk, assignment.module_key])
    text = client.get(module, {"format": "csv"}).content.decode("utf-8")
    assert "Alim,needs help,0/4,no," in text  # the safe-migration module has four lessons


def test_the_overview_runs_the_same_queries_for_a_small_and_a_large_class(
    client, classroom, children, assignment, module_lessons, module_quiz, class_teacher, settings
):
    # The overview as rendered, each time: not the body kept between reloads.
    settings.PAGE_CACHE_SECONDS = 0
    build_class(children, module_lessons, module_quiz)
    client.force_login(class_teacher)
    url = reverse("classrooms:class_overview", args=[classroom.pk])
    module = reverse("classrooms:module_detail", args=[classroom.pk, assignment.module_key])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    with CaptureQueriesContext(connection) as small_module:
        client.get(module)
    more = services.add_students(
        classroom, services.parse_student_lines("\n".join(f"Child {n}" for n in range(30)))
    )
    for n, child in enumerate(more):
        services.record_lesson_event(child.user, module_lessons[n % 3], now=at(n))
        if n % 4 == 0:
            take_quiz(child.user, module_quiz, wrong_kinds={"single"} if n % 8 else set())
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as large_module:
        client.get(module)
    assert len(large) == len(small)
    assert len(large_module) == len(small_module)


def test_my_modules_shows_a_child_their_own_progress_and_next_step(
    client, classroom, children, assignment, module_lessons, module_quiz
):
    build_class(children, module_lessons, module_quiz)
    url = reverse("classrooms:my_modules")
    assert client.get(url).status_code == 302
    client.force_login(children[1].user)  # Alim
    response = client.get(url)
    [item] = response.context["modules"]
    assert item.cell.state == State.NEEDS_HELP
    assert item.next_step.pk == module_lessons[0].pk
    client.force_login(children[0].user)  # Mei: nothing left to do
    [item] = client.get(url).context["modules"]
    assert item.next_step is None and "Well done" in client.get(url).content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_a_child_reading_in_another_language_counts_in_the_same_module(
    classroom, children, assignment, locales, module_lessons, language
):
    translated = module_lessons[0].get_translation(locales[language])
    services.record_lesson_event(children[0].user, translated, completed=True)
    cell = queries.class_overview(classroom, "en").rows[1][1][0]
    assert cell.lessons_done == 1 and cell.state == State.IN_PROGRESS
