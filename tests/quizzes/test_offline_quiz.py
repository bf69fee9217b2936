"""The quiz as a downloaded module keeps it, and attempts that a device sends later."""

import json
import re
import uuid

from django.urls import reverse

from quizzes.forms import new_paper
from quizzes.models import Attempt, QuizPage
from quizzes.offline import feedback_texts, scoring_key


def _json(html, element_id):
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


def test_the_offline_quiz_carries_every_question_its_key_and_its_feedback(client, quiz):
    response = client.get(reverse("quizzes:offline", args=[quiz.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<fieldset class="question') == quiz.questions_asked + sum(
        1 for q in quiz.scoring_questions.values() if not q.scored
    )
    assert "data-offline-quiz" in html and "data-quiz-step" not in html
    assert _json(html, "quiz-key") == json.loads(json.dumps(scoring_key(quiz)))
    feedback = _json(html, "quiz-feedback")
    assert set(feedback) == set(quiz.scoring_questions)
    assert feedback == json.loads(json.dumps(feedback_texts(quiz)))
    strings = _json(html, "js-strings")
    assert strings["result.sent"] == "Sent to your teacher."


def test_the_offline_quiz_shows_no_childs_own_attempts(client, quiz, student):
    client.force_login(student)
    html = client.get(reverse("quizzes:offline", args=[quiz.pk])).content.decode()
    assert "Your attempts" not in html


def test_the_offline_quiz_is_only_for_live_quizzes_and_only_read(client, quiz):
    url = reverse("quizzes:offline", args=[quiz.pk])
    assert client.post(url).status_code == 405
    quiz.unpublish()
    assert client.get(url).status_code == 404


def test_the_offline_quiz_is_translated(client, english_module, locales):
    starter = QuizPage.objects.child_of(english_module).get()
    chinese = starter.get_translation(locales["zh-hans"])
    html = client.get(f"/zh-hans/quizzes/{chinese.pk}/offline/").content.decode()
    assert _json(html, "js-strings")["result.sent"] != "Sent to your teacher."
    assert 'lang="zh-hans"' in html


def _submission(quiz):
    paper = new_paper(quiz)
    answers = {}
    for qid in paper.question_ids:
        question = quiz.scoring_questions[qid]
        if question.options:
            answers[qid] = (
                [question.options[0].id] if question.kind == "multiple" else question.options[0].id
            )
        elif question.items:
            answers[qid] = (
                {item: item for item in question.items}
                if question.kind == "matching"
                else list(question.items)
            )
        else:
            answers[qid] = "110"
    return {
        "client_id": str(uuid.uuid4()),
        "questions": paper.question_ids,
        "started": "2026-01-01T08:00:00+08:00",
        "answers": answers,
    }


def test_a_replay_from_the_device_is_stored_once(client, quiz, student):
    client.force_login(student)
    url = reverse("quizzes:submit", args=[quiz.pk])
    body = json.dumps(_submission(quiz))
    headers = {"HTTP_X_LIFESKILLS_LEARNER": str(student.pk)}
    first = client.post(url, body, content_type="application/json", **headers)
    again = client.post(url, body, content_type="application/json", **headers)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["replayed"] is True
    assert Attempt.objects.filter(learner=student).count() == 1


def test_work_saved_for_another_child_waits_for_that_child(client, quiz, student, teacher):
    url = reverse("quizzes:submit", args=[quiz.pk])
    body = json.dumps(_submission(quiz))
    client.force_login(student)
    response = client.post(
        url, body, content_type="application/json", HTTP_X_LIFESKILLS_LEARNER=str(student.pk + 1000)
    )
    assert response.status_code == 409 and response.json()["retry"] is True
    client.logout()
    response = client.post(
        url, body, content_type="application/json", HTTP_X_LIFESKILLS_LEARNER=str(student.pk)
    )
    assert response.status_code == 409 and response.json()["retry"] is True
    assert not Attempt.objects.exists()
