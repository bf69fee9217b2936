from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lifeskills.safe_input import database_id, refusal

from . import content_review
from .images import ImageDeleteView, refuse_bulk_deletion_of_live_pictures
from .models import CHECK_MODULE, HelpLine, ModulePage
from .narration_status import narration_status
from .translation_status import translation_status
from .translation_sync import ReviewedUpdateTranslationsView


class HelpLineViewSet(SnippetViewSet):
    model = HelpLine
    icon = "help"
    menu_label = _("Help lines")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "number", "sort_order"]
    ordering = ["sort_order", "pk"]


register_snippet(HelpLineViewSet)


SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"


class LanguageReportView(WagtailAdminTemplateMixin, TemplateView):
    """A table of modules by language, for the people who hold ``permission``."""

    build = None  # returns (locales, rows)
    permission = SUBMIT_TRANSLATION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        locales, rows = type(self).build()
        context.update(locales=locales, rows=rows)
        return context


class TranslationStatusView(LanguageReportView):
    """Per module and language: the share translated and whether it is approved."""

    template_name = "curriculum/admin/translation_status.html"
    page_title = _("Translation status")
    header_icon = "wagtail-localize-language"
    build = staticmethod(translation_status)


class NarrationStatusView(LanguageReportView):
    """Per lesson and quiz, and per language: which parts still need a recording."""

    template_name = "curriculum/admin/narration_status.html"
    page_title = _("Audio narration")
    header_icon = "media"
    build = staticmethod(narration_status)


class ContentReviewView(LanguageReportView):
    """For local child-protection reviewers: mark each module checked, per language."""

    template_name = "curriculum/admin/content_review.html"
    page_title = _("Child-protection review")
    header_icon = "tick-inverse"
    permission = CHECK_MODULE.perm
    build = staticmethod(content_review.review_table)

    def post(self, request, *args, **kwargs):
        module_id = database_id(request.POST.get("module", ""))
        action = request.POST.get("action")
        module = ModulePage.objects.filter(pk=module_id).first() if module_id else None
        if module is None or action not in ("check", "withdraw"):
            return refusal(request, _("Choose a module and whether to mark it checked."))
        note = request.POST.get("note", "").strip()
        if len(note) > 500:
            return refusal(request, _("Keep the note under 500 characters."))
        if action == "check":
            content_review.mark_checked(module, request.user, note)
            messages.success(
                request,
                _("“%(title)s” (%(language)s) is marked checked.")
                % {"title": module.title, "language": module.locale.get_display_name()},
            )
        else:
            content_review.withdraw_check(module)
            messages.warning(
                request,
                _("“%(title)s” (%(language)s) is marked to be reviewed again.")
                % {"title": module.title, "language": module.locale.get_display_name()},
            )
        return redirect("content_review")


class ContentReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(CHECK_MODULE.perm)


@hooks.register("register_admin_menu_item")
def register_content_review_menu_item():
    return ContentReviewMenuItem(
        _("Child-protection review"), reverse("content_review"), icon_name="tick-inverse", order=240
    )


class LanguageReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(SUBMIT_TRANSLATION)


@hooks.register("register_admin_urls")
def register_language_report_urls():
    return [
        path("translation-status/", TranslationStatusView.as_view(), name="translation_status"),
        path("content-review/", ContentReviewView.as_view(), name="content_review"),
        path("narration-status/", NarrationStatusView.as_view(), name="narration_status"),
        # Answers before wagtail-localize's own view at this address (our hooks
        # are registered first), so publishing from it needs publish rights.
        path(
            "localize/update/<int:translation_source_id>/",
            ReviewedUpdateTranslationsView.as_view(),
            name="reviewed_update_translations",
        ),
        # Answers before Wagtail's own image delete view at this address.
        path(
            "images/<int:image_id>/delete/",
            ImageDeleteView.as_view(),
            name="guarded_image_delete",
        ),
    ]


hooks.register("before_bulk_action", refuse_bulk_deletion_of_live_pictures)


@hooks.register("register_admin_menu_item")
def register_translation_status_menu_item():
    return LanguageReportMenuItem(
        _("Translation status"),
        reverse("translation_status"),
        icon_name="wagtail-localize-language",
        order=250,
    )


@hooks.register("register_admin_menu_item")
def register_narration_status_menu_item():
    return LanguageReportMenuItem(
        _("Audio narration"), reverse("narration_status"), icon_name="media", order=260
    )
