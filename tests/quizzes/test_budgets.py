"""Budgets for quiz pages: bytes a child downloads and SQL queries the server runs."""

import uuid

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import QuizPage
from quizzes.presenting import question_views
from tests.lessons.test_budgets import BUDGET_BYTES, assets, gz

from .conftest import RIGHT_FORM


def page_bytes(html):
    files = assets(html.decode())
    assert files
    return gz(html) + sum(gz(open(finders.find(f), "rb").read()) for f in files)


@pytest.mark.parametrize("language", ["en", "zh-hans", "ug"])
def test_every_starter_quiz_and_its_result_fit_in_30_kb_compressed(client, language):
    quizzes = QuizPage.objects.live().filter(locale__language_code=language, slug="quiz")
    assert quizzes.exists()
    for quiz in quizzes:
        response = client.get(quiz.url)
        assert page_bytes(response.content) <= BUDGET_BYTES, quiz.url
        # The result page of a full paper repeats every question with its feedback.
        paper = response.context["screen"].paper
        answers = {}
        for view in question_views(quiz, paper, {}):
            q = quiz.scoring_questions[view.id]
            name = f"q-{view.id}"
            if q.options:
                answers[name] = q.option_ids[0]
            elif q.items:
                for n, item in enumerate(q.items, start=1):
                    answers[f"{name}-{item}"] = str(n) if q.kind == "ordering" else item
            else:
                answers[name] = "110"
        result = client.post(
            reverse("quizzes:submit", args=[quiz.pk]), {**paper.as_fields(), **answers}
        )
        assert result.status_code == 200, quiz.url
        assert page_bytes(result.content) <= BUDGET_BYTES, quiz.url


def _queries(client, url, method="get", data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302)
    return len(captured)


def test_quiz_queries_do_not_grow_with_a_students_attempts(client, quiz, student):
    client.force_login(student)
    submit_url = reverse("quizzes:submit", args=[quiz.pk])

    def paper():
        client_id = uuid.uuid4()
        return {"client_id": str(client_id), "questions": ",".join(quiz.draw(client_id))}

    client.post(submit_url, {**paper(), **RIGHT_FORM})
    page_few = _queries(client, quiz.url)
    submit_few = _queries(client, submit_url, "post", {**paper(), **RIGHT_FORM})
    for _ in range(6):
        client.post(submit_url, {**paper(), **RIGHT_FORM})
    assert _queries(client, quiz.url) == page_few
    assert _queries(client, submit_url, "post", {**paper(), **RIGHT_FORM}) == submit_few
    # A submission also adds to the running totals in its transaction: the
    # child's module and her own (an upsert each, and two statements more when
    # it passes) and the quiz's questions (four upserts and whether this child
    # tried it before).
    assert page_few <= 25 and submit_few <= 24
