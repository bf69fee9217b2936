from wagtail import hooks

from lessons.models import LessonPage

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
        record_lesson_event(request.user, page)
