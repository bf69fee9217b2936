"""Quizzes and attempts for tests and demo data."""

import uuid

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.factories import LearnerFactory
from curriculum.factories import ModulePageFactory, PublishedPageFactory

from .models import Attempt, QuizPage

# The field of Attempt that holds the learner (a User).
ATTEMPT_LEARNER_FIELD = "student"


def quiz_questions():
    """One single-choice question with a right and a wrong answer, each explained."""
    return [
        {
            "type": "single_choice",
            "value": {
                "prompt": "Who do you tell first about a job offer?",
                "options": [
                    {
                        "type": "item",
                        "value": {
                            "text": "A trusted adult",
                            "correct": True,
                            "feedback": "Yes: an adult can help you check it.",
                        },
                    },
                    {
                        "type": "item",
                        "value": {
                            "text": "Nobody",
                            "correct": False,
                            "feedback": "Keeping it secret is what a trafficker wants.",
                        },
                    },
                ],
                "explanation": "A trusted adult helps you check it.",
            },
        }
    ]


class QuizPageFactory(PublishedPageFactory):
    """A published quiz, in a new module unless ``parent`` names one."""

    class Meta:
        model = QuizPage

    parent = factory.SubFactory(ModulePageFactory)
    title = factory.Sequence(lambda n: f"Quiz {n}")
    pass_mark = 70
    questions = factory.LazyFunction(quiz_questions)


class AttemptFactory(DjangoModelFactory):
    """A passed attempt at a quiz by a learner, recorded as the quiz's rules stood then.

    The learner is given as ``learner=``, whatever the model calls the field.
    """

    class Meta:
        model = Attempt
        rename = {"learner": ATTEMPT_LEARNER_FIELD}

    learner = factory.SubFactory(LearnerFactory)
    quiz = factory.SubFactory(QuizPageFactory)
    quiz_key = factory.LazyAttribute(lambda attempt: attempt.quiz.translation_key)
    module_key = factory.LazyAttribute(lambda attempt: attempt.quiz.get_parent().translation_key)
    language = factory.LazyAttribute(lambda attempt: attempt.quiz.locale.language_code)
    client_id = factory.LazyFunction(uuid.uuid4)
    answers_digest = factory.LazyFunction(lambda: uuid.uuid4().hex)
    started_at = factory.LazyFunction(timezone.now)
    points = 1.0
    max_points = 1
    score = 100.0
    correct_count = 1
    passed = True
    pass_mark = factory.LazyAttribute(lambda attempt: attempt.quiz.pass_mark)
