"""A question shown away from its quiz (a teacher's difficult questions) says what it needs."""

from quizzes.queries import describe_question
from tests.quizzes.conftest import Q


def test_each_kind_gives_what_its_prompt_leans_on(quiz):
    scenario = describe_question(quiz, Q["scenario"])
    assert scenario.situation == "A man asks for your ID card." and scenario.parts == []
    matching = describe_question(quiz, Q["matching"])
    assert matching.parts == ["Danger → 110", "Worries → 12355"]
    assert matching.parts_label == "The right pairs"
    ordering = describe_question(quiz, Q["ordering"])
    assert ordering.parts == ["Stop", "Tell", "Check"]  # the right order
    assert ordering.parts_label == "The steps in the right order"
    single = describe_question(quiz, Q["single"])
    assert (single.situation, single.parts) == ("", [])
