"""A quiz result puts the score, passed or not yet, and the next step first; then the
feedback for every answer."""

from django.urls import reverse

from .conftest import QUESTIONS, RIGHT_FORM, Q
from .test_submission import submit

WRONG_FORM = {
    **RIGHT_FORM,
    f"q-{Q['single']}": "s-wrong",
    f"q-{Q['true_false']}": "true",
    f"q-{Q['scenario']}": "c-give",
    f"q-{Q['short']}": "999",
}


def order(html, *texts):
    """Where each text first appears; fails if one is missing."""
    places = [html.find(text) for text in texts]
    assert -1 not in places, [t for t, p in zip(texts, places, strict=True) if p < 0]
    return places


def test_not_passed_yet_offers_to_try_again_before_the_answers(client, quiz):
    html = submit(client, quiz, form=WRONG_FORM).content.decode()
    score, verdict, again, answers, first = order(
        html,
        'class="score',
        "Not passed yet",
        f'class="button" href="{quiz.url}">Try the quiz again',
        "Your answers, and why",
        '<section class="result-question',
    )
    assert score < verdict < again < answers < first
    # Every answer is still explained, after the next step.
    assert html.count('<section class="result-question') == len(QUESTIONS)
    assert "A trusted adult helps you check it." in html and "Stop, tell, check." in html
    assert 'href="#answers"' in html and 'id="answers"' in html


def test_passed_leads_on_before_the_answers(client, quiz, english_module):
    html = submit(client, quiz).content.decode()
    verdict, onward, answers = order(
        html,
        "You passed!",
        f'class="button" href="{english_module.url}">Back to the module',
        "Your answers, and why",
    )
    assert verdict < onward < answers
    assert f'class="button" href="{quiz.url}"' not in html


def test_a_stored_attempt_shows_its_score_first(client, quiz, student):
    quiz.attempts_allowed = 1
    quiz.save_revision().publish()
    client.force_login(student)
    response = submit(client, quiz, form=WRONG_FORM)
    html = client.get(response["Location"]).content.decode()
    verdict, used_up, answers = order(
        html, "Not passed yet", "You have no attempts left.", "Your answers, and why"
    )
    assert verdict < used_up < answers
    assert "Try the quiz again" not in html
    assert html.count('<section class="result-question') == len(QUESTIONS)


def test_the_downloaded_quiz_keeps_both_next_steps_for_the_device(client, quiz):
    html = client.get(reverse("quizzes:offline", args=[quiz.pk])).content.decode()
    template = html[html.index("<template data-result-template>") :]
    template = template[: template.index("</template>")]
    assert '<p data-when="passed">' in template and '<p data-when="failed">' in template
    assert template.index('class="result-next"') < template.index("Your answers, and why")
    # The device adds the answered questions before the pager at the end.
    assert template.index("Your answers, and why") < template.index('<nav class="pager"')
