"""Image uploads that cannot hurt the site: too many pixels, broken or cut-short files.

Wagtail refuses an upload with more pixels than WAGTAILIMAGES_MAX_IMAGE_PIXELS
from its header, before decoding it. Pillow is told the same limit, so that
nothing else (a rendition of an image stored earlier, any code that opens a
file) decodes more. An upload within the limit is decoded once before it is
kept: a file Pillow cannot read would otherwise be stored, and fail each time
a page or the admin asks for a rendition of it.
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


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


class ImageForm(BaseImageForm):
    """The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE), with the checked file field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Wagtail makes this field with its own callback; it is the same
            # field with one more check, so its settings and widget are kept.
            self.fields["file"].__class__ = CheckedImageField
