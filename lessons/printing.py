"""What printed lesson plans, handouts and teacher's guides show, gathered from the blocks."""

from dataclasses import dataclass, field

from wagtail.blocks import StructValue
from wagtail.rich_text import RichText

from .models import LessonPage

# What a printed plan reads out in the lesson's own order. Glossary terms are
# gathered at the end instead; everything else a child sees on the page is here.
BODY_KINDS = {
    "heading",
    "text",
    "image",
    "audio",
    "video",
    "story",
    "key_message",
    "discussion",
    "activity",
    "teacher_note",
    "get_help",
}


@dataclass
class LessonPlan:
    """One lesson's blocks sorted by what a printed page lists: stories, activities, words.

    ``body`` keeps the blocks a plan prints in full, in the order the lesson
    teaches them; the other lists gather kinds of block for summaries.
    """

    lesson: LessonPage
    body: list = field(default_factory=list)
    stories: list[StructValue] = field(default_factory=list)
    key_messages: list[str] = field(default_factory=list)
    activities: list[StructValue] = field(default_factory=list)
    discussions: list[StructValue] = field(default_factory=list)
    teacher_notes: list[RichText] = field(default_factory=list)
    glossary: list[StructValue] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)

    @property
    def activity_minutes(self) -> int:
        return sum(activity["minutes"] for activity in self.activities)


def lesson_plan(lesson: LessonPage) -> LessonPlan:
    """The plan of one lesson: its blocks in the order they come, materials once each."""
    plan = LessonPlan(lesson)
    for block in lesson.body:
        kind, value = block.block_type, block.value
        if kind in BODY_KINDS:
            plan.body.append(block)
        if kind == "story":
            plan.stories.append(value)
        elif kind == "key_message":
            plan.key_messages.append(value["text"])
        elif kind == "activity":
            plan.activities.append(value)
            for item in value["materials"]:
                if item not in plan.materials:
                    plan.materials.append(item)
        elif kind == "discussion":
            plan.discussions.append(value)
        elif kind == "teacher_note":
            plan.teacher_notes.append(value["text"])
        elif kind == "glossary":
            plan.glossary.append(value)
    return plan
