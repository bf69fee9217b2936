"""Quizzes in the starter curriculum files: the ``quizzes:`` list of each module."""

from curriculum.starter import (
    CHOICE,
    INTEGER,
    REQUIRED_TEXT,
    SLUG,
    STREAM,
    TEXT,
    register_child_pages,
    spec_field,
)

from .models import QuizPage

register_child_pages(
    "quizzes",
    QuizPage,
    {
        "slug": spec_field("slug", SLUG),
        "title": spec_field("title", REQUIRED_TEXT),
        "intro": spec_field("intro", TEXT, False),
        "pass_mark": spec_field("pass_mark", INTEGER),
        "mastery_correct": spec_field("mastery_correct", INTEGER, False),
        "attempts_allowed": spec_field("attempts_allowed", INTEGER, False),
        "feedback_timing": spec_field("feedback_timing", CHOICE),
        "question_order": spec_field("question_order", CHOICE),
        "questions_per_attempt": spec_field("questions_per_attempt", INTEGER, False),
        "questions": spec_field("questions", STREAM),
    },
)
