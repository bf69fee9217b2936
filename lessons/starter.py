"""Lessons in the starter curriculum files: the ``lessons:`` list of each module."""

from curriculum.starter import (
    INTEGER,
    REQUIRED_TEXT,
    SLUG,
    STREAM,
    register_child_pages,
    spec_field,
)

from .models import LessonPage

register_child_pages(
    "lessons",
    LessonPage,
    {
        "slug": spec_field("slug", SLUG),
        "title": spec_field("title", REQUIRED_TEXT),
        "summary": spec_field("summary", REQUIRED_TEXT),
        "estimated_minutes": spec_field("estimated_minutes", INTEGER),
        "body": spec_field("body", STREAM),
    },
)
