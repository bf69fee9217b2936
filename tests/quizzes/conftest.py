"""A quiz with one question of every kind and ids a test can name."""

import pytest

from accounts.factories import LearnerFactory
from quizzes.factories import QuizPageFactory

Q = {
    kind: f"00000000-0000-4000-8000-00000000000{n}"
    for n, kind in enumerate(
        ["single", "multiple", "true_false", "scenario", "matching", "ordering", "short", "open"],
        start=1,
    )
}


def option(id_, text, correct):
    return {
        "type": "item",
        "id": id_,
        "value": {"text": text, "correct": correct, "feedback": f"Because {text} is {correct}."},
    }


QUESTIONS = [
    {
        "type": "single_choice",
        "id": Q["single"],
        "value": {
            "prompt": "Who do you tell first about a job offer?",
            "options": [
                option("s-right", "A trusted adult", True),
                option("s-wrong", "Nobody", False),
            ],
            "explanation": "A trusted adult helps you check it.",
        },
    },
    {
        "type": "multiple_response",
        "id": Q["multiple"],
        "value": {
            "prompt": "Which are warning signs?",
            "options": [
                option("m-pay", "Very high pay", True),
                option("m-secret", "Keep it secret", True),
                option("m-contract", "A written contract", False),
            ],
            "explanation": "High pay and secrecy are warning signs.",
        },
    },
    {
        "type": "true_false",
        "id": Q["true_false"],
        "value": {
            "prompt": "Only strangers traffic children.",
            "is_true": False,
            "feedback_true": "No: people children know do it too.",
            "feedback_false": "Right: people children know do it too.",
            "explanation": "Traffickers are often people the child knows.",
        },
    },
    {
        "type": "scenario",
        "id": Q["scenario"],
        "value": {
            "scenario": "A man asks for your ID card.",
            "prompt": "What would you do?",
            "options": [
                option("c-keep", "Keep it", True),
                option("c-give", "Give it", False),
                option("c-call", "Call home", True),
            ],
            "explanation": "Nobody else should hold your ID card.",
        },
    },
    {
        "type": "matching",
        "id": Q["matching"],
        "value": {
            "prompt": "Match the need to the number.",
            "pairs": [
                {
                    "type": "item",
                    "id": "p-police",
                    "value": {"item": "Danger", "match": "110", "feedback": ""},
                },
                {
                    "type": "item",
                    "id": "p-youth",
                    "value": {"item": "Worries", "match": "12355", "feedback": ""},
                },
            ],
            "explanation": "In danger, call 110.",
        },
    },
    {
        "type": "ordering",
        "id": Q["ordering"],
        "value": {
            "prompt": "Put the steps in order.",
            "steps": [
                {"type": "item", "id": "o-stop", "value": {"text": "Stop", "feedback": ""}},
                {"type": "item", "id": "o-tell", "value": {"text": "Tell", "feedback": ""}},
                {"type": "item", "id": "o-check", "value": {"text": "Check", "feedback": ""}},
            ],
            "explanation": "Stop, tell, check.",
        },
    },
    {
        "type": "short_answer",
        "id": Q["short"],
        "value": {
            "prompt": "Which number is the police?",
            "accepted_answers": "110\nPolice 110",
            "feedback_correct": "Yes, 110.",
            "feedback_incorrect": "It is 110.",
            "explanation": "110 is the police in China.",
        },
    },
    {
        "type": "reflection",
        "id": Q["open"],
        "value": {"prompt": "Who do you trust?", "guidance": "No names needed."},
    },
]

RIGHT_FORM = {
    f"q-{Q['single']}": "s-right",
    f"q-{Q['multiple']}": ["m-pay", "m-secret"],
    f"q-{Q['true_false']}": "false",
    f"q-{Q['scenario']}": "c-call",
    f"q-{Q['matching']}-p-police": "p-police",
    f"q-{Q['matching']}-p-youth": "p-youth",
    f"q-{Q['ordering']}-o-stop": "1",
    f"q-{Q['ordering']}-o-tell": "2",
    f"q-{Q['ordering']}-o-check": "3",
    f"q-{Q['short']}": " police 110 ",
    f"q-{Q['open']}": "My aunt.",
}

RIGHT_JSON = {
    Q["single"]: "s-right",
    Q["multiple"]: ["m-secret", "m-pay"],
    Q["true_false"]: "false",
    Q["scenario"]: "c-keep",
    Q["matching"]: {"p-police": "p-police", "p-youth": "p-youth"},
    Q["ordering"]: ["o-stop", "o-tell", "o-check"],
    Q["short"]: "110",
    Q["open"]: "My aunt.",
}


@pytest.fixture
def quiz(english_module):
    return QuizPageFactory(
        parent=english_module,
        title="Test quiz",
        slug="test-quiz",
        pass_mark=70,
        questions=QUESTIONS,
    )


@pytest.fixture
def other_student(db):
    return LearnerFactory(username="student-o")
