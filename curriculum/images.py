"""The admin's image form: uploads that cannot hurt the site, and pictures on
live pages replaced or deleted only by someone who may publish those pages.

Wagtail refuses an upload with more pixels than WAGTAILIMAGES_MAX_IMAGE_PIXELS
from its header, before decoding it. Pillow is told the same limit, so that
nothing else (a rendition of an image stored earlier, any code that opens a
file) decodes more. An upload within the limit is decoded once before it is
kept: a file Pillow cannot read would otherwise be stored, and fail each time
a page or the admin asks for a rendition of it.

Replacing an image's file changes every page that shows it at once, without
a revision or a review. Editors may still upload new images and edit titles
and alt text; swapping the file under a live lesson is a publishing decision.
"""

import warnings

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.images.models import AbstractImage
from wagtail.images.views import images as images_views
from wagtail.models import Page, ReferenceIndex


def limit_image_decoding():
    """Pillow refuses to open an image with more pixels than an upload may have.

    Pillow only warns between its limit and twice that, so the warning is made
    an error: nothing decodes more than the limit.
    """
    Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    warnings.filterwarnings("error", category=Image.DecompressionBombWarning)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, which also refuses a file that Pillow cannot decode."""

    def to_python(self, data):
        try:
            upload = super().to_python(data)
            if upload is not None:
                self._decode(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for a broken file
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
        return upload

    @staticmethod
    def _decode(data):
        data.seek(0)
        with Image.open(data) as image:
            # A JPEG is decoded at an eighth of its size: enough to find the end missing.
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
        data.seek(0)


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
        if "file" in self.fields:
            # Wagtail makes this field with its own callback; it is the same
            # field with one more check, so its settings and widget are kept.
            self.fields["file"].__class__ = CheckedImageField

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
