"""wagtail-localize's "Update existing translations", with publishing left to reviewers.

Its "Publish immediately" box publishes every translation of a page or help
line and asks only for the right to submit translations, which translators
and editors hold: a change would reach children with no review. Here the box
is offered, and honoured, only to someone who may publish every translation
it would publish; anyone else updates drafts, which then go through review.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.views.update_translations import UpdateTranslationsView


def may_publish_every_translation(user, source):
    if user.is_superuser:
        return True
    for translation in source.translations.filter(enabled=True):
        try:
            target = translation.get_target_instance()
        except ObjectDoesNotExist:
            return False  # a new page or line would go live without review
        if isinstance(target, Page):
            if not target.permissions_for_user(user).can_publish():
                return False
        elif hasattr(target, "may_be_published_by"):
            if not target.may_be_published_by(user):
                return False
        elif isinstance(target, DraftStateMixin):
            if not user.has_perm(get_permission_name("publish", type(target))):
                return False
    return True


class ReviewedUpdateTranslationsView(UpdateTranslationsView):
    def get_form(self):
        form = super().get_form()
        if not may_publish_every_translation(self.request.user, self.object):
            del form.fields["publish_translations"]
        return form

    def post(self, request, **kwargs):
        if request.POST.get("publish_translations") and not may_publish_every_translation(
            request.user, self.object
        ):
            raise PermissionDenied
        return super().post(request, **kwargs)

    def form_valid(self, form):
        form.cleaned_data.setdefault("publish_translations", False)
        return super().form_valid(form)
