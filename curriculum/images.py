"""The admin's image form: a picture shown on a live page is replaced only by
someone who may publish that page.

Replacing an image's file changes every page that shows it at once, without
a revision or a review. Editors may still upload new images and edit titles
and alt text; swapping the file under a live lesson is a publishing decision.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm
from wagtail.images.models import AbstractImage
from wagtail.images.views import images as images_views
from wagtail.models import Page, ReferenceIndex


def live_pages_showing(image):
    """The live pages whose current content uses this image."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(image)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in ids], live=True)


def may_replace_file(user, image):
    """Whether this user may swap the file of an image that already exists."""
    if user is not None and user.is_superuser:
        return True
    pages = live_pages_showing(image)
    if not pages.exists():
        return True
    return user is not None and all(page.permissions_for_user(user).can_publish() for page in pages)


class ImageForm(BaseImageForm):
    """Wagtail's image form, refusing a new file for a picture on a live page
    unless the user may publish every page that shows it."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, user=user, **kwargs)

    def clean_file(self):
        file = self.cleaned_data.get("file")
        replacing = self.instance.pk and "file" in self.changed_data
        if replacing and not may_replace_file(self.user, self.instance):
            raise ValidationError(
                format_lazy(
                    "{} {}",
                    _(
                        "This picture is shown on a published page, so only a moderator may "
                        "replace its file."
                    ),
                    _(
                        "Upload the new picture as a new image and choose it in the page "
                        "instead; the change then goes through review."
                    ),
                ),
                code="live_image_file",
            )
        return file


class ImageDeleteView(images_views.DeleteView):
    """Wagtail's delete view, for a picture on a live page only to someone who may
    publish every page that shows it: deleting it changes those pages at once."""

    def user_has_permission(self, permission):
        return super().user_has_permission(permission) and may_replace_file(
            self.request.user, self.object
        )


def refuse_bulk_deletion_of_live_pictures(request, action_type, objects, action):
    """A before_bulk_action hook: the bulk delete follows the same rule."""
    if action_type != "delete" or not issubclass(action.model, AbstractImage):
        return None
    if all(may_replace_file(request.user, image) for image in objects):
        return None
    messages.error(
        request,
        _("A picture you chose is shown on a published page, so only a moderator may delete it."),
    )
    return redirect(reverse("wagtailimages:index"))
