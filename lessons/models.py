from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.roles import can_see_teacher_notes, is_learner
from curriculum.models import HelpLine
from curriculum.steps import ModuleStep
from lifeskills.platform.page_cache import KeptForVisitors

from .blocks import LessonStreamBlock


class LessonPage(ModuleStep, KeptForVisitors, Page):
    """One lesson of a module: a story, what to know, a key message, an activity, a discussion.

    Written by curriculum editors and translated by translators. The same page
    serves a child reading on a phone and a teacher preparing a class: teacher
    notes in the body are shown only to teachers and editors.
    """

    summary = models.CharField(
        _("summary"),
        max_length=250,
        help_text=_("One sentence shown in the module's list of lessons."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=40, help_text=_("Class time for this lesson.")
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["curriculum.ModulePage"]
    subpage_types = []

    step_kind = ModuleStep.LESSON

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Prev/next come from one query for the siblings, whatever the module's size.
        siblings = list(
            Page.objects.sibling_of(self)
            .live()
            .public()
            .order_by("path")
            .only("id", "title", "path", "depth", "url_path", "slug", "locale_id")
        )
        # A draft being previewed is not among the live siblings.
        position = next((i for i, p in enumerate(siblings) if p.pk == self.pk), None)
        if position is None:
            siblings.append(self)
            position = len(siblings) - 1
        context.update(
            module=self.module,
            previous_step=siblings[position - 1] if position > 0 else None,
            next_step=siblings[position + 1] if position + 1 < len(siblings) else None,
            step_number=position + 1,
            step_count=len(siblings),
            show_teacher_notes=can_see_teacher_notes(request.user),
            # A child's lesson: no presenting or printing, and class activities as
            # what the child will do in class rather than the teacher's logistics.
            # A child's request carries a session, so it is never a kept visitor's page.
            child_lesson=is_learner(request.user),
            help_lines=HelpLine.for_active_locale(),
        )
        return context
