"""Item statistics, checked against a worked example, and who may see them."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.factories import LearnerFactory, UserFactory
from accounts.roles import LEARNERS, TRANSLATION_REVIEWERS
from quizzes.papers import Paper
from quizzes.queries import item_statistics
from quizzes.services import submit_attempt

from .conftest import RIGHT_JSON, Q


def take(quiz, username, language="en", **changes):
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.groups.add(Group.objects.get(name=LEARNERS))
    ids = quiz.draw(uuid.uuid4())
    answers = {qid: RIGHT_JSON.get(qid) for qid in ids}
    answers.update(changes)
    outcome = submit_attempt(
        quiz, user, Paper(uuid.uuid4(), ids, timezone.now()), answers, language
    )
    return outcome.attempt


S, M = Q["single"], Q["multiple"]

# The worked example: every answer right except the single-choice (S) and the
# multiple-response (M) questions, which are worth 1 point each of 7.
#
#   learner  S      M                    points  score
#   l1       right  pay+secret (1)       7       100.00
#   l2       right  pay (1/2)            6.5      92.86
#   l3       right  pay+contract (0)     6        85.71
#   l4       wrong  pay+secret (1)       6        85.71
#   l5       wrong  pay (1/2)            5.5      78.57
#   l6-l8    wrong  contract (0)         5        71.43
#
# 8 attempts: the top and bottom 27% are round(2.16) = 2 attempts each,
# upper = l1, l2; the lower group needs 2 of the 3 attempts tied at 71.43
# (l6-l8), so each counts for 2/3, and they answered alike.
#   S: facility 3/8 = 37.5%; upper 2/2, lower 0/2: discrimination 1.0;
#      most chosen wrong answer "Nobody", 5 times.
#   M: facility 2/8 = 25%; upper 1/2, lower 0/2: discrimination 0.5;
#      most chosen wrong answer "A written contract", 3 times.
#   mean score (100 + 92.86 + 2 * 85.71 + 78.57 + 3 * 71.43) / 8 = 82.14.
EXAMPLE = [
    ("l1", "s-right", ["m-pay", "m-secret"]),
    ("l2", "s-right", ["m-pay"]),
    ("l3", "s-right", ["m-pay", "m-contract"]),
    ("l4", "s-wrong", ["m-pay", "m-secret"]),
    ("l5", "s-wrong", ["m-pay"]),
    ("l6", "s-wrong", ["m-contract"]),
    ("l7", "s-wrong", ["m-contract"]),
    ("l8", "s-wrong", ["m-contract"]),
]


@pytest.fixture
def example(quiz):
    for username, single, multiple in EXAMPLE:
        take(quiz, username, **{S: single, M: multiple})
    return quiz


def by_id(stats):
    return {q.id: q for q in stats.questions}


def test_the_worked_example(example):
    stats = item_statistics(example)
    assert (stats.attempts, stats.students, stats.group_size) == (8, 8, 2)
    assert stats.mean_score == pytest.approx(82.14, abs=0.01)
    assert stats.pass_rate == 1.0
    single, multiple = by_id(stats)[S], by_id(stats)[M]
    assert single.facility == 0.375 and single.discrimination == 1.0
    assert (single.wrong_answer, single.wrong_count) == ("Nobody", 5)
    assert multiple.facility == 0.25 and multiple.discrimination == 0.5
    assert multiple.mean_points == pytest.approx((1 + 0.5 + 0 + 1 + 0.5) / 8)
    assert (multiple.wrong_answer, multiple.wrong_count) == ("A written contract", 3)
    short = by_id(stats)[Q["short"]]
    assert short.facility == 1.0 and short.discrimination == 0.0 and short.wrong_count == 0
    reflection = by_id(stats)[Q["open"]]
    assert not reflection.scored and reflection.facility is None and reflection.answered == 8


# Ties at a group's edge: 7 attempts, groups of round(1.89) = 2.
#
#   learner  S      M                    score
#   u1       right  pay+secret (1)       100.00
#   t1       right  contract (0)          85.71
#   t2, t3   wrong  pay+secret (1)        85.71
#   b1-b3    wrong  contract (0)          71.43
#
# The upper group is u1 and one of the three attempts tied at 85.71, which
# each count for 1/3: 1 + 3 * 1/3 = 2 answers to each question, of which
#   S: 1 + 1/3 right, facility 2/3;  M: 1 + 2/3 right, facility 5/6.
# The lower group needs 2 of b1-b3, 2/3 each, none right: facility 0.
# The first submitted (t1) alone would have given S 1 and M 1/2.
TIES = [
    ("u1", "s-right", ["m-pay", "m-secret"]),
    ("t1", "s-right", ["m-contract"]),
    ("t2", "s-wrong", ["m-pay", "m-secret"]),
    ("t3", "s-wrong", ["m-pay", "m-secret"]),
    ("b1", "s-wrong", ["m-contract"]),
    ("b2", "s-wrong", ["m-contract"]),
    ("b3", "s-wrong", ["m-contract"]),
]


def test_attempts_tied_at_a_groups_edge_count_in_proportion(quiz):
    for username, single, multiple in TIES:
        take(quiz, username, **{S: single, M: multiple})
    stats = item_statistics(quiz)
    assert (stats.attempts, stats.group_size) == (7, 2)
    single, multiple = by_id(stats)[S], by_id(stats)[M]
    assert single.discrimination == 2 / 3
    assert multiple.discrimination == 5 / 6
    assert single.facility == 2 / 7 and multiple.facility == 3 / 7


def test_wrong_answers_are_described_in_words(example):
    take(example, "l9", **{Q["ordering"]: ["o-tell", "o-stop", "o-check"]})
    take(example, "l10", **{Q["matching"]: {"p-police": "p-youth", "p-youth": "p-police"}})
    take(example, "l11", **{Q["true_false"]: "true", Q["short"]: " 120 "})
    stats = by_id(item_statistics(example))
    assert stats[Q["ordering"]].wrong_answer == "Tell → Stop → Check"
    assert stats[Q["matching"]].wrong_answer == "Danger → 12355; Worries → 110"
    assert stats[Q["true_false"]].wrong_answer == "True"
    assert stats[Q["short"]].wrong_answer == "120"


def test_few_attempts_give_no_discrimination(quiz):
    for username, single, multiple in EXAMPLE[:3]:
        take(quiz, username, **{S: single, M: multiple})
    stats = item_statistics(quiz)
    assert stats.group_size == 0
    assert by_id(stats)[S].facility == 1.0 and by_id(stats)[S].discrimination is None


def test_an_unanswered_quiz_has_empty_statistics(quiz):
    stats = item_statistics(quiz)
    assert stats.attempts == 0 and stats.mean_score is None
    assert all(q.facility is None for q in stats.questions)


def test_attempts_in_every_language_count_together(english_module, locales):
    english = english_module.get_children().get(slug="quiz").specific
    chinese = english.get_translation(locales["zh-hans"]).specific
    uyghur = english.get_translation(locales["ug"]).specific
    for n, page in enumerate([english, chinese, uyghur]):
        user = LearnerFactory(username=f"lang-{n}", password=None)
        ids = page.draw(uuid.uuid4())
        answers = {}
        for qid in ids:
            question = page.scoring_questions[qid]
            if question.kind == "multiple":
                answers[qid] = [question.option_ids[0]]
            elif question.options:
                answers[qid] = question.option_ids[0]
            elif question.kind == "ordering":
                answers[qid] = question.items
            elif question.items:
                answers[qid] = {i: i for i in question.items}
            else:
                answers[qid] = "110"
        paper = Paper(uuid.uuid4(), ids, timezone.now())
        submit_attempt(page, user, paper, answers, page.locale.language_code)
    for page in (english, chinese, uyghur):
        stats = item_statistics(page)
        assert stats.attempts == 3
        assert {q.answered for q in stats.questions} == {3}


def test_the_statistics_cost_the_same_queries_for_any_number_of_attempts(example):
    with CaptureQueriesContext(connection) as few:
        item_statistics(example)
    for n in range(12):
        take(example, f"more-{n}", **{S: "s-wrong" if n % 2 else "s-right"})
    with CaptureQueriesContext(connection) as many:
        stats = item_statistics(example)
    assert stats.attempts == 20
    assert len(many) == len(few) <= 4


# The admin view -----------------------------------------------------------------


def statistics_url(quiz):
    return reverse("quizzes_statistics", args=[quiz.pk])


def test_editors_see_the_statistics(client, editor, example, django_assert_max_num_queries):
    client.force_login(editor)
    url = statistics_url(example)
    with django_assert_max_num_queries(40) as few:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Item statistics per question" in html
    assert "37%" in html or "38%" in html  # the single-choice facility
    assert "A written contract" in html and "1.00" in html
    for n in range(10):
        take(example, f"extra-{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_quiz_edit_page_links_to_the_statistics(client, editor, quiz):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk])).content.decode()
    assert statistics_url(quiz) in html


def test_people_outside_the_admin_cannot_see_statistics(client, quiz, student, teacher):
    url = statistics_url(quiz)
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    for user in (student, teacher):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Item statistics" not in response.content


def test_statistics_of_a_page_that_is_not_a_quiz_are_not_found(client, editor, english_lesson):
    client.force_login(editor)
    url = reverse("quizzes_statistics", args=[english_lesson.pk])
    assert client.get(url, follow=True).status_code == 404


def test_statistics_are_for_editors_and_moderators_only(
    client, english_module, locales, editor, moderator, translator
):
    # Programme-wide results are not the translators' business, even on a quiz
    # in a language they may edit.
    reviewer = UserFactory(username="reviewer-r", password=None, groups=(TRANSLATION_REVIEWERS,))
    superuser = UserFactory(username="operator", password=None, is_staff=True, is_superuser=True)
    english = english_module.get_children().get(slug="quiz").specific
    chinese = english.get_translation(locales["zh-hans"])
    for user in (translator, reviewer):
        client.force_login(user)
        for quiz in (english, chinese):
            response = client.get(statistics_url(quiz))
            assert response.status_code == 302 and response["Location"] == "/admin/"
            assert b"Item statistics" not in response.content
        html = client.get(reverse("wagtailadmin_pages:edit", args=[chinese.pk])).content.decode()
        assert statistics_url(chinese) not in html
    for user in (editor, moderator, superuser):
        client.force_login(user)
        for quiz in (english, chinese):
            assert client.get(statistics_url(quiz)).status_code == 200, user.username
