"""Content blocks shared by every kind of curriculum page.

Lesson-only blocks live in ``lessons/blocks.py``; question blocks in
``quizzes/blocks.py``.
"""

import copy

import mutagen
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

# Children read these pages: keep rich text to what a plain lesson needs.
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class PrefetchedImageChooserBlock(ImageChooserBlock):
    """An image chooser whose images arrive with their renditions.

    A lesson with many pictures would otherwise run one query per picture to find
    its resized copy; loading renditions with the images keeps the page's query
    count flat however many image blocks it has.
    """

    def bulk_to_python(self, values):
        values = list(values)
        objects = self.model_class.objects.prefetch_renditions().in_bulk(
            [v for v in values if v is not None]
        )
        seen, result = set(), []
        for pk in values:
            obj = objects.get(pk)
            if obj is not None and pk in seen:
                obj = copy.copy(obj)
            result.append(obj)
            seen.add(pk)
        return result

    class Meta:
        description = _("A picture from the image library.")

        @staticmethod
        def preview_value():
            # A preview cannot upload a picture: show the library's first one, if any.
            return get_image_model().objects.order_by("pk").first()


class HeadingBlock(blocks.CharBlock):
    """A section heading inside a lesson."""

    def __init__(self, **kwargs):
        super().__init__(max_length=120, **kwargs)

    class Meta:
        icon = "title"
        template = "curriculum/blocks/heading.html"
        label = _("Heading")
        description = _("A short title that starts a new part of the lesson.")
        preview_value = "What to do if a job sounds too good"


class TextBlock(blocks.RichTextBlock):
    """Paragraphs and lists in plain language."""

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "curriculum/blocks/text.html"
        label = _("Text")
        description = _("Paragraphs and lists in plain language.")
        preview_value = (
            "<p>Short sentences a twelve-year-old can read.</p>"
            "<ul><li>Ask who the job is with.</li><li>Tell an adult you trust.</li></ul>"
        )


class CaptionedImageBlock(blocks.StructBlock):
    """A picture with the alt text a screen reader speaks, and an optional caption."""

    image = PrefetchedImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alt text"),
        max_length=250,
        help_text=_("Describe the picture for a child who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "curriculum/blocks/captioned_image.html"
        label = _("Image")
        description = _("A picture, with the words a screen reader speaks and a caption.")

        @staticmethod
        def preview_value():
            # A preview cannot upload a picture: show the library's first one, if any.
            return {
                "image": get_image_model().objects.order_by("pk").first(),
                "alt": "A girl with a backpack waits at a bus stop with her aunt.",
                "caption": "Mei travels to the city with someone she trusts.",
            }


class NarratedBlock:
    """A part of a page a child can also hear: one of its fields holds the recording.

    A base for struct blocks, listed before ``blocks.StructBlock``: lesson
    sections and quiz questions derive from it and name that field in
    ``narration_field``. The narration report finds narratable parts by this
    base class, so it needs to know nothing of the apps that define them. It is
    no block itself, so the editor never offers it.
    """

    narration_field = "narration"

    def narration(self, value):
        """(the part's label, whether this value has its recording)."""
        return self.label, value.get(self.narration_field) is not None


class GetHelpBlock(blocks.StructBlock):
    """A box that tells a child where to get help, listing the help lines of their language."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default=_("Where to get help"))
    text = blocks.TextBlock(
        label=_("Text"),
        required=False,
        help_text=_("One or two sentences. The help lines of the page's language follow."),
    )

    class Meta:
        icon = "help"
        template = "curriculum/blocks/get_help.html"
        label = _("Where to get help")
        description = _("Where a child can get help, followed by the help lines of the language.")
        preview_value = {"heading": "Where to get help", "text": "You are not alone."}


AUDIO_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "opus", "wav"}
VIDEO_EXTENSIONS = {"mp4", "webm"}


# Speech needs no more than this: a mono MP3 or Opus file at 32–64 kbit/s is
# clear, and every child who downloads a module pays for each kilobyte.
SPEECH_KBPS = 80


def audio_kbps(document):
    """A recording's average bit rate in kbit/s (its size over its length), or None."""
    try:
        with document.file.open("rb") as stream:
            audio = mutagen.File(stream)
    except (OSError, mutagen.MutagenError):
        return None
    length = getattr(getattr(audio, "info", None), "length", 0)
    if not length:
        return None
    return document.file.size * 8 / length / 1000


class MediaFileBlock(DocumentChooserBlock):
    """A document chooser that accepts only files of the given extensions.

    Recordings must be at a speech bit rate, so that downloads stay small.
    """

    def __init__(self, extensions, **kwargs):
        self.extensions = set(extensions)
        super().__init__(**kwargs)

    class Meta:
        description = _("A sound or video file from the document library.")
        # No file: which files suit depends on the extensions each use allows.
        preview_value = None

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return value
        extension = value.file_extension.lower()
        if extension not in self.extensions:
            raise ValidationError(
                _("Choose a file of type: %(types)s."),
                params={"types": ", ".join(sorted(self.extensions))},
            )
        if extension in AUDIO_EXTENSIONS:
            kbps = audio_kbps(value)
            if kbps is not None and kbps > SPEECH_KBPS:
                raise ValidationError(
                    _(
                        "This recording uses %(kbps)d kbit/s; speech needs no more than "
                        "%(limit)d. Save it as mono MP3 at 48 kbit/s (in Audacity: Export, "
                        "MP3, Constant 48 kbps, Force export to mono) and upload it again."
                    ),
                    params={"kbps": round(kbps), "limit": SPEECH_KBPS},
                )
        return value
