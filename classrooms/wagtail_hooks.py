from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.roles import is_signed_in_child
from lessons.models import LessonPage

from . import services
from .models import Classroom, School
from .services import record_lesson_event


@hooks.register("before_serve_page")
def record_lesson_opened(page, request, serve_args, serve_kwargs):
    # Only a real visit counts: not a preview, not a HEAD request, not a visitor.
    if (
        isinstance(page, LessonPage)
        and request.method == "GET"
        and request.user.is_authenticated
        and not getattr(request, "is_preview", False)
    ):
        if is_signed_in_child(request.user):
            services.record_lesson_opened(
                request.user.student, page.pk, page.translation_key, page.module.translation_key
            )
        else:
            record_lesson_event(request.user, page)


class SchoolViewSet(SnippetViewSet):
    """Operators add partner schools and name their programme coordinators and teachers here."""

    model = School
    icon = "home"
    menu_label = _("Schools")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("coordinators"), FieldPanel("teachers")]


register_snippet(SchoolViewSet)


class ClassroomViewSet(SnippetViewSet):
    """Operators see every class and set when it ends, which starts the retention clock."""

    model = Classroom
    icon = "group"
    menu_label = _("Classes")
    add_to_admin_menu = True
    menu_order = 311
    list_display = ["name", "school", "ends_on"]
    search_fields = ["name"]
    panels = [FieldPanel("school"), FieldPanel("name"), FieldPanel("grade"), FieldPanel("ends_on")]


register_snippet(ClassroomViewSet)
