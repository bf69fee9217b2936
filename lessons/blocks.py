"""Blocks a lesson is built from: what a teacher and a child both understand."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from curriculum.blocks import (
    AUDIO_EXTENSIONS,
    VIDEO_EXTENSIONS,
    CaptionedImageBlock,
    GetHelpBlock,
    HeadingBlock,
    MediaFileBlock,
    NarratedBlock,
    PrefetchedImageChooserBlock,
    TextBlock,
)


class AudioBlock(blocks.StructBlock):
    """A recorded narration or story a child can listen to instead of reading."""

    audio = MediaFileBlock(AUDIO_EXTENSIONS, label=_("Audio file"))
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        required=False,
        help_text=_("What is said, for children who cannot hear it."),
    )

    class Meta:
        icon = "media"
        template = "lessons/blocks/audio.html"
        label = _("Audio")
        description = _("A recording a child can listen to, with what is said written out.")
        # No recording: a preview cannot upload one, and the title and transcript show the block.
        preview_value = {
            "audio": None,
            "title": "Mei's phone call",
            "transcript": "Mei: Hello, auntie? A man offered me a job in the city.",
        }


class VideoBlock(blocks.StructBlock):
    """A short video served from this site, so it plays without a video site."""

    video = MediaFileBlock(VIDEO_EXTENSIONS, label=_("Video file"))
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    poster = PrefetchedImageChooserBlock(label=_("Poster image"), required=False)
    captions = MediaFileBlock({"vtt"}, label=_("Captions (WebVTT)"), required=False)
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    class Meta:
        icon = "media"
        template = "lessons/blocks/video.html"
        label = _("Video")
        description = _("A short video served from this site, with captions and a transcript.")
        # No video: a preview cannot upload one, and the title and transcript show the block.
        preview_value = {
            "video": None,
            "title": "At the bus station",
            "poster": None,
            "captions": None,
            "transcript": "A boy asks a guard where the bus to the city leaves from.",
        }


def _narration():
    return MediaFileBlock(
        AUDIO_EXTENSIONS,
        label=_("Narration"),
        required=False,
        help_text=_(
            "This part read aloud, for children who read slowly. Each language can have its "
            "own recording: translators replace it in the translation editor."
        ),
    )


class StoryBlock(NarratedBlock, blocks.StructBlock):
    """A short story or scenario about someone the child can recognise."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    body = TextBlock(label=_("Story"))
    question = blocks.CharBlock(
        label=_("Question"),
        max_length=250,
        required=False,
        help_text=_('Optional: "What should Mei do?"'),
    )
    narration = _narration()

    class Meta:
        icon = "openquote"
        template = "lessons/blocks/story.html"
        label = _("Story or scenario")
        description = _("A short story about someone the child can recognise, and a question.")
        preview_value = {
            "title": "Mei's new job",
            "body": "<p>A woman tells Mei about a job in the city with very high pay. "
            "She says Mei must not tell her parents.</p>",
            "question": "What should Mei do?",
            "narration": None,
        }


class KeyMessageBlock(NarratedBlock, blocks.StructBlock):
    """The one thing a child should remember from the lesson."""

    text = blocks.TextBlock(label=_("Key message"), max_length=400)
    narration = _narration()

    class Meta:
        icon = "pick"
        template = "lessons/blocks/key_message.html"
        label = _("Key message")
        description = _("The one thing a child should remember from the lesson.")
        preview_value = {
            "text": "Before you go anywhere for work, tell an adult you trust.",
            "narration": None,
        }


class DiscussionBlock(NarratedBlock, blocks.StructBlock):
    """A question for the class to talk about, with follow-up prompts."""

    question = blocks.CharBlock(label=_("Question"), max_length=250)
    prompts = blocks.ListBlock(
        blocks.CharBlock(max_length=250, label=_("Prompt")),
        label=_("Follow-up prompts"),
        required=False,
        default=[],
    )
    narration = _narration()

    class Meta:
        icon = "group"
        template = "lessons/blocks/discussion.html"
        label = _("Discussion question")
        description = _("A question for the class to talk about, with follow-up prompts.")
        preview_value = {
            "question": "Why would someone ask you to keep a job offer secret?",
            "prompts": ["Who could you ask?", "What would you say?"],
            "narration": None,
        }


class ActivityBlock(NarratedBlock, blocks.StructBlock):
    """A class activity that works without devices: steps, materials and time."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    minutes = blocks.IntegerBlock(label=_("Minutes"), min_value=1, max_value=180)
    materials = blocks.ListBlock(
        blocks.CharBlock(max_length=250, label=_("Material")),
        label=_("Materials"),
        required=False,
        default=[],
    )
    steps = blocks.ListBlock(
        blocks.TextBlock(max_length=800, label=_("Step")), label=_("Steps"), min_num=1
    )
    peer_led = blocks.BooleanBlock(
        label=_("Older children can lead it"),
        required=False,
        help_text=_(
            "Trained older children or the children's committee can lead this activity. "
            "It is then printed in the module's peer-leader guide."
        ),
    )
    peer_notes = blocks.TextBlock(
        label=_("Notes for the peer leader"),
        required=False,
        max_length=1200,
        help_text=_("What a child leading this activity needs to know, in words a child reads."),
    )
    narration = _narration()

    def clean(self, value):
        value = super().clean(value)
        if value.get("peer_led") and not (value.get("peer_notes") or "").strip():
            raise StructBlockValidationError(
                {
                    "peer_notes": ValidationError(
                        _("Say what the peer leader needs to know to lead it.")
                    )
                }
            )
        return value

    class Meta:
        icon = "list-ol"
        template = "lessons/blocks/activity.html"
        label = _("Class activity")
        description = _("A class activity without devices: materials, steps and time.")
        preview_value = {
            "title": "Safe or not safe?",
            "minutes": 15,
            "materials": ["Cards with job offers", "A chalkboard"],
            "steps": [
                "Read a job offer aloud.",
                "Children stand up if they think it is safe.",
                "Talk about the warning signs.",
            ],
            "peer_led": False,
            "peer_notes": "",
            "narration": None,
        }


class TeacherNoteBlock(blocks.StructBlock):
    """Guidance for the teacher. Never shown to children or visitors."""

    text = TextBlock(label=_("Note for the teacher"))

    class Meta:
        icon = "user"
        template = "lessons/blocks/teacher_note.html"
        label = _("Teacher note")
        description = _("Guidance for the teacher. Never shown to children or visitors.")
        preview_value = {
            "text": "<p>Some children may know someone who left for work. "
            "Let them share only if they want to.</p>"
        }


class GlossaryBlock(blocks.StructBlock):
    """A word a child may not know, explained simply."""

    term = blocks.CharBlock(label=_("Word"), max_length=80)
    definition = blocks.TextBlock(label=_("Meaning"), max_length=400)

    class Meta:
        icon = "doc-full"
        template = "lessons/blocks/glossary.html"
        label = _("Glossary term")
        description = _("A word a child may not know, explained simply.")
        preview_value = {
            "term": "Contract",
            "definition": "A paper that says what work you do and what you are paid.",
        }


class LessonStreamBlock(blocks.StreamBlock):
    """Everything a lesson page may contain."""

    heading = HeadingBlock()
    text = TextBlock()
    image = CaptionedImageBlock()
    audio = AudioBlock()
    video = VideoBlock()
    story = StoryBlock()
    key_message = KeyMessageBlock()
    discussion = DiscussionBlock()
    activity = ActivityBlock()
    teacher_note = TeacherNoteBlock()
    glossary = GlossaryBlock()
    get_help = GetHelpBlock()

    class Meta:
        description = _("Everything a lesson page may contain.")
        preview_value = [
            {"type": "heading", "value": "Before you go"},
            {"type": "text", "value": "<p>Tell a trusted adult where you are going.</p>"},
            {"type": "key_message", "value": {"text": "Check every job offer with an adult."}},
        ]
