"""Printable lesson plans, handouts and module guides: A4 pages for teachers and children."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Page

from accounts.roles import can_see_teacher_notes
from curriculum.models import HelpLine, ModulePage

from .models import LessonPage
from .printing import lesson_plan


def _teacher_only(request: HttpRequest) -> HttpResponse | None:
    """Plans and guides hold teacher notes and quiz answers: teachers and staff only."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_see_teacher_notes(request.user):
        raise PermissionDenied
    return None


def _lesson(page_id: int) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live().public(), pk=page_id)


def plan(request: HttpRequest, page_id: int) -> HttpResponse:
    refused = _teacher_only(request)
    if refused:
        return refused
    lesson = _lesson(page_id)
    context = {
        "module": lesson.module,
        "plans": [lesson_plan(lesson)],
        "page_title": lesson.title,
        "back_url": lesson.url,
    }
    return TemplateResponse(request, "lessons/print/plan.html", context)


def handout(request: HttpRequest, page_id: int) -> HttpResponse:
    lesson = _lesson(page_id)
    context = {
        "module": lesson.module,
        "lesson": lesson,
        "plan": lesson_plan(lesson),
        "help_lines": HelpLine.for_active_locale(),
        "page_title": lesson.title,
        "back_url": lesson.url,
    }
    return TemplateResponse(request, "lessons/print/handout.html", context)


def peer_guide(request: HttpRequest, page_id: int) -> HttpResponse:
    """One page for the older children who lead a module's peer-led activities.

    It holds nothing a child may not see (no teacher notes, no quiz answers), so,
    like the handout, anyone who can open the module can print it.
    """
    module = get_object_or_404(ModulePage.objects.live().public(), pk=page_id)
    lessons = LessonPage.objects.child_of(module).live().public().order_by("path")
    led = []
    for lesson in lessons:
        plan = lesson_plan(lesson)
        for activity in plan.activities:
            if activity.get("peer_led"):
                led.append({"lesson": lesson, "activity": activity, "plan": plan})
    context = {
        "module": module,
        "led": led,
        "help_lines": HelpLine.for_active_locale(),
        "page_title": module.title,
        "back_url": module.url,
    }
    return TemplateResponse(request, "lessons/print/peer_guide.html", context)


def guide(request: HttpRequest, page_id: int) -> HttpResponse:
    refused = _teacher_only(request)
    if refused:
        return refused
    module = get_object_or_404(ModulePage.objects.live().public(), pk=page_id)
    steps = list(Page.objects.child_of(module).live().public().order_by("path").specific())
    lessons = [step for step in steps if isinstance(step, LessonPage)]
    # The quiz page type belongs to the quizzes app, which lessons does not import.
    quizzes = [step for step in steps if step.is_quiz]
    context = {
        "module": module,
        "plans": [lesson_plan(lesson) for lesson in lessons],
        "quizzes": quizzes,
        "page_title": module.title,
        "back_url": module.url,
        "is_guide": True,
    }
    return TemplateResponse(request, "lessons/print/plan.html", context)
