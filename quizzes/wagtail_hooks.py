from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.roles import can_see_quiz_statistics

from .models import QuizPage
from .queries import item_statistics


class QuizStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    """Item statistics of one quiz: the answers of every class in the programme."""

    template_name = "quizzes/admin/statistics.html"
    header_icon = "table"

    def dispatch(self, request, *args, page_id, **kwargs):
        if not can_see_quiz_statistics(request.user):
            raise PermissionDenied
        self.quiz = get_object_or_404(QuizPage, pk=page_id)
        return super().dispatch(request, *args, page_id=page_id, **kwargs)

    def get_page_title(self):
        return _("Statistics")

    def get_page_subtitle(self):
        return self.quiz.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.quiz.pk]),
                "label": self.quiz.title,
            },
            {"url": "", "label": _("Statistics")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(quiz=self.quiz, stats=item_statistics(self.quiz))
        return context


class QuizStatisticsButton(PageMenuItem):
    label = _("Statistics")
    icon_name = "table"
    url_name = "quizzes_statistics"
    priority = 68

    def is_shown(self, user):
        return can_see_quiz_statistics(user)


@hooks.register("register_admin_urls")
def register_statistics_url():
    return [
        path(
            "quizzes/<int:page_id>/statistics/",
            QuizStatisticsView.as_view(),
            name="quizzes_statistics",
        )
    ]


def _statistics_button(page, user):
    if page.specific_class is QuizPage:
        button = QuizStatisticsButton(page=page)
        if button.is_shown(user):
            yield button


@hooks.register("register_page_header_buttons")
def statistics_header_button(page, user, view_name, next_url=None):
    yield from _statistics_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def statistics_listing_button(page, user, next_url=None):
    yield from _statistics_button(page, user)
