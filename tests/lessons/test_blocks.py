"""Each lesson block renders what a child or teacher needs to see."""

import io
import wave

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.images import get_image_model

from curriculum.blocks import CaptionedImageBlock, GetHelpBlock, HeadingBlock, TextBlock
from curriculum.models import HelpLine
from lessons.blocks import (
    ActivityBlock,
    AudioBlock,
    DiscussionBlock,
    GlossaryBlock,
    KeyMessageBlock,
    LessonStreamBlock,
    StoryBlock,
    TeacherNoteBlock,
    VideoBlock,
)


def _document(name, data=b"\0" * 64):
    doc = Document(title=name)
    doc.file.save(name, ContentFile(data), save=False)
    doc.save()
    return doc


def _wav():
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 800)
    return buffer.getvalue()


def render(block, value, context=None):
    with translation.override("en"):
        return block.render(block.to_python(value), context=context or {})


@pytest.fixture
def image(db):
    return get_image_model().objects.first()


def test_every_lesson_block_type_is_covered_here():
    assert set(LessonStreamBlock.base_blocks) == {
        "heading", "text", "image", "audio", "video", "story", "key_message",
        "discussion", "activity", "teacher_note", "glossary", "get_help",
    }  # fmt: skip


def test_heading_and_text():
    assert '<h2 class="block-heading">Ask first</h2>' in render(HeadingBlock(), "Ask first")
    html = render(TextBlock(), "<p>Keep a <b>copy</b> of your ID.</p>")
    assert "<b>copy</b>" in html and 'class="block-text"' in html


def test_image_has_alt_text_caption_and_webp_sources(image):
    html = render(
        CaptionedImageBlock(),
        {"image": image.pk, "alt": "A road to the city", "caption": "Go safe"},
    )
    assert 'alt="A road to the city"' in html
    assert "<figcaption>Go safe</figcaption>" in html
    assert "srcset=" in html and ".webp" in html
    assert 'loading="lazy"' in html


def test_image_alt_text_is_required(image):
    block = CaptionedImageBlock()
    with pytest.raises(ValidationError) as caught:
        block.clean(block.to_python({"image": image.pk, "alt": "", "caption": ""}))
    assert "required" in str(caught.value.block_errors["alt"])


def test_audio_plays_from_this_site_with_a_transcript(db):
    doc = _document("story.wav", _wav())
    html = render(AudioBlock(), {"audio": doc.pk, "title": "Listen", "transcript": "Hello"})
    assert "<audio controls" in html and doc.url in html
    assert "Hello" in html


def test_audio_refuses_a_file_that_is_not_audio(db):
    doc = _document("notes.pdf")
    block = AudioBlock()
    with pytest.raises(ValidationError) as caught:
        block.clean(block.to_python({"audio": doc.pk, "title": "x", "transcript": ""}))
    assert "mp3" in str(caught.value.block_errors["audio"])


def test_video_has_poster_and_captions(db, image):
    video = _document("film.mp4")
    captions = _document("film.vtt", b"WEBVTT\n")
    html = render(
        VideoBlock(),
        {
            "video": video.pk,
            "title": "A short film",
            "poster": image.pk,
            "captions": captions.pk,
            "transcript": "",
        },
        {"LANGUAGE_CODE": "en"},
    )
    assert "<video controls" in html and video.url in html
    assert "poster=" in html and '<track kind="captions"' in html


def test_story_key_message_discussion_activity_glossary():
    story = render(
        StoryBlock(), {"title": "Mei's offer", "body": "<p>A woman smiles.</p>", "question": "Go?"}
    )
    assert "Mei&#x27;s offer" in story and "A woman smiles." in story and "Go?" in story
    key = render(KeyMessageBlock(), {"text": "Check before you go."})
    assert "Check before you go." in key and "block-key" in key
    talk = render(DiscussionBlock(), {"question": "Why?", "prompts": ["Who?", "When?"]})
    assert "Why?" in talk and "<li>Who?</li>" in talk and "<li>When?</li>" in talk
    activity = render(
        ActivityBlock(),
        {"title": "Card sort", "minutes": 15, "materials": ["Cards"], "steps": ["Sort", "Talk"]},
    )
    assert "15 minutes" in activity and "<li>Cards</li>" in activity
    assert "<ol><li>Sort</li><li>Talk</li></ol>" in activity
    glossary = render(GlossaryBlock(), {"term": "Recruiter", "definition": "Finds workers."})
    assert "<dt>Recruiter</dt>" in glossary and "<dd>Finds workers.</dd>" in glossary


def test_teacher_note_renders_with_its_label():
    html = render(TeacherNoteBlock(), {"text": "<p>Watch for quiet children.</p>"})
    assert "For the teacher" in html and "Watch for quiet children." in html


def test_get_help_box_lists_the_help_lines_it_is_given(db):
    lines = list(HelpLine.objects.filter(locale__language_code="en"))
    html = render(
        GetHelpBlock(), {"heading": "Where to get help", "text": "Call"}, {"help_lines": lines}
    )
    assert 'href="tel:110"' in html and 'href="tel:12355"' in html
    assert "Where to get help" in html
