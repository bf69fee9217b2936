"""The quiz page hands its requests to the views: its address, its preview, its offline copy."""

from django.urls import reverse

from quizzes.screens import QuizScreen


def test_the_page_serves_its_first_screen(client, quiz):
    response = client.get(quiz.url)
    assert isinstance(response.context["screen"], QuizScreen)
    assert response.context["screen"].first
    assert response.content.decode().count('<fieldset class="question') == len(
        quiz.draw(response.context["screen"].paper.client_id)
    )


def test_an_editors_preview_shows_the_questions_a_child_would_see(quiz):
    response = quiz.make_preview_request(preview_mode="")
    response.render()
    html = response.content.decode()
    assert "Who do you tell first about a job offer?" in html
    assert "data-quiz-all" in html


def test_the_offline_document_is_the_page_at_its_offline_url(client, quiz):
    assert quiz.offline_url == reverse("quizzes:offline", args=[quiz.pk])
    html = client.get(quiz.offline_url).content.decode()
    assert "data-offline-quiz" in html and "data-result-template" in html
