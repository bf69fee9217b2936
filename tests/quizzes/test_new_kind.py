"""A ninth kind of question, added without editing the quizzes app: only the registry.

The kind below lives entirely in this test (block, scoring, form field,
presentation, feedback and templates), is registered through the registry's
API and taken out again afterwards. A quiz that uses it renders, checks an
answer, scores it, stores it and shows it in the result like any other.
"""

import uuid
from fractions import Fraction

import pytest
from django.template import engines
from django.urls import reverse
from wagtail import blocks

from quizzes.blocks import QuestionStreamBlock
from quizzes.factories import QuizPageFactory
from quizzes.kinds import BUILT_IN, registry
from quizzes.kinds.base import InvalidAnswer, Question, QuestionBlock, QuestionKind
from quizzes.models import Attempt, QuizPage
from quizzes.offline import feedback_texts, scoring_key

NUMBER_ID = "00000000-0000-4000-8000-000000000099"
SINGLE_ID = "00000000-0000-4000-8000-000000000098"


class NumberBlock(QuestionBlock):
    """A question answered with a whole number, such as how many days a trip takes."""

    kind = "number"
    answer = blocks.IntegerBlock(label="The number")
    feedback = blocks.TextBlock(label="Feedback", required=False)
    explanation = blocks.TextBlock(label="Explanation")

    class Meta:
        label = "Number"
        preview_value = {"prompt": "How many days?", "answer": 2, "explanation": "Two."}


class NumberKind(QuestionKind):
    """A whole number, typed; right when it is the number the editor gave."""

    name = "number"
    block_name = "number"
    block_class = NumberBlock
    template = engines["django"].from_string(
        '<p><input type="text" inputmode="numeric" name="{{ q.field_name }}" '
        'value="{{ q.text_answer }}" data-number-field required></p>'
    )
    result_template = engines["django"].from_string(
        '<p class="number-result">Your number: {{ q.text_answer }}. '
        "The number: {{ q.accepted.0 }}. {{ q.value.feedback }}</p>"
    )

    def scoring_question(self, value, question_id):
        return Question(question_id, self.name, accepted=[str(value["answer"])])

    def check_answer(self, question, answer):
        if not isinstance(answer, str) or not answer.strip().isdigit():
            raise InvalidAnswer("not a whole number")

    def points(self, question, answer):
        return Fraction(int(int(answer) == int(question.accepted[0])))

    def answer_key(self, question, answer):
        return str(int(answer))

    def missing_message(self, question):
        return "Write a number."

    def invalid_message(self, question, answer):
        return "Write the number with digits only."

    def present(self, view, value, *, rng, shuffle):
        view.accepted = [str(value["answer"])]

    def describe_answer(self, value, question, answer, key):
        return f"{key} days"

    def feedback_texts(self, value):
        return {"feedback": value["feedback"]}


@pytest.fixture
def number_kind():
    kind = registry.register(NumberKind())
    try:
        yield kind
    finally:
        registry.unregister(kind.name)


@pytest.fixture
def number_quiz(number_kind, english_module):
    return QuizPageFactory(
        parent=english_module,
        title="Numbers quiz",
        slug="numbers-quiz",
        pass_mark=100,
        questions=[
            {
                "type": "number",
                "id": NUMBER_ID,
                "value": {
                    "prompt": "How many days a week must an employer give you off?",
                    "answer": 1,
                    "feedback": "At least one whole day, by law.",
                    "explanation": "The law gives every worker a day of rest each week.",
                },
            },
            {
                "type": "single_choice",
                "id": SINGLE_ID,
                "value": {
                    "prompt": "Who keeps your ID card?",
                    "options": [
                        {"type": "item", "id": "me", "value": _option("You", True)},
                        {"type": "item", "id": "boss", "value": _option("Your boss", False)},
                    ],
                    "explanation": "Your ID card is yours.",
                },
            },
        ],
    )


def _option(text, correct):
    return {"text": text, "correct": correct, "feedback": f"{text}: {correct}."}


def _paper(quiz):
    client_id = uuid.uuid4()
    return {
        "client_id": str(client_id),
        "questions": ",".join(quiz.draw(client_id)),
        "started": "2026-11-26T09:00:00+00:00",
    }


def _submit(client, quiz, number):
    data = {**_paper(quiz), f"q-{SINGLE_ID}": "me"}
    if number is not None:
        data[f"q-{NUMBER_ID}"] = number
    return client.post(reverse("quizzes:submit", args=[quiz.pk]), data)


def test_a_registered_kind_is_a_block_type_of_every_quiz(number_kind):
    assert registry.get("number") is number_kind
    assert registry.for_block("number") is number_kind
    assert "number" in QuestionStreamBlock().child_blocks
    assert list(QuizPage._meta.get_field("questions").stream_block.child_blocks)[-1] == "number"


def test_the_quiz_renders_with_the_kinds_own_partial(client, number_quiz):
    html = client.get(number_quiz.url).content.decode()
    assert "How many days a week must an employer give you off?" in html
    assert f'name="q-{NUMBER_ID}"' in html and "data-number-field" in html
    assert 'class="question question--number"' in html


def test_the_kind_checks_its_answer_with_its_own_messages(client, number_quiz):
    missing = _submit(client, number_quiz, None)
    assert missing.status_code == 400
    assert "Write a number." in missing.content.decode()
    wrong_shape = _submit(client, number_quiz, "one")
    assert wrong_shape.status_code == 400
    assert "Write the number with digits only." in wrong_shape.content.decode()


def test_the_kind_is_scored_and_shown_in_the_result(client, number_quiz):
    right = _submit(client, number_quiz, "1").content.decode()
    assert "You passed!" in right and "100%" in right
    assert "Your number: 1. The number: 1. At least one whole day, by law." in right
    wrong = _submit(client, number_quiz, "2").content.decode()
    assert "Not passed yet" in wrong and "50%" in wrong
    assert "Your number: 2. The number: 1." in wrong


def test_a_childs_answer_is_stored_and_shown_again(client, number_quiz, student):
    client.force_login(student)
    response = _submit(client, number_quiz, " 2 ")
    assert response.status_code == 302
    attempt = Attempt.objects.get(learner=student)
    row = attempt.responses.get(question_id=NUMBER_ID)
    assert (row.kind, row.answer_key, row.points, row.correct) == ("number", "2", 0, False)
    html = client.get(response.url).content.decode()
    assert "Your number: 2. The number: 1." in html


def test_a_downloaded_quiz_carries_the_kinds_key_and_feedback(number_quiz):
    key = {q["id"]: q for q in scoring_key(number_quiz)["questions"]}
    assert key[NUMBER_ID]["kind"] == "number" and key[NUMBER_ID]["accepted"] == ["1"]
    assert feedback_texts(number_quiz)[NUMBER_ID]["feedback"] == "At least one whole day, by law."


def test_unregistering_leaves_the_built_in_kinds_in_their_order(number_kind):
    registry.unregister(number_kind.name)
    try:
        assert [kind.block_name for kind in registry] == [k.block_name for k in BUILT_IN]
        assert list(QuestionStreamBlock().child_blocks) == [
            "single_choice",
            "multiple_response",
            "true_false",
            "scenario",
            "matching",
            "ordering",
            "short_answer",
            "reflection",
        ]
    finally:
        registry.register(number_kind)
