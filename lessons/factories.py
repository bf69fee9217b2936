"""Lessons for tests and demo data."""

import factory

from curriculum.factories import ModulePageFactory, PublishedPageFactory

from .models import LessonPage


def lesson_body():
    """A short lesson a child could read: a heading, a paragraph and a key message."""
    return [
        {"type": "heading", "value": "Before you go"},
        {"type": "text", "value": "<p>Tell a trusted adult where you are going.</p>"},
        {"type": "key_message", "value": {"text": "Check every job offer with an adult."}},
    ]


class LessonPageFactory(PublishedPageFactory):
    """A published lesson, in a new module unless ``parent`` names one."""

    class Meta:
        model = LessonPage

    parent = factory.SubFactory(ModulePageFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "One sentence about the lesson."
    body = factory.LazyFunction(lesson_body)
