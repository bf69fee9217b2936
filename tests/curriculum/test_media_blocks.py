"""Recordings are kept at a speech bit rate, so module downloads stay small."""

import io
import wave

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from curriculum.blocks import AUDIO_EXTENSIONS, SPEECH_KBPS, MediaFileBlock, audio_kbps


def _recording(name, rate, width, seconds=2):
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(bytes(rate * width * seconds))
    return Document.objects.create(title=name, file=ContentFile(buffer.getvalue(), name=name))


def test_a_recording_at_a_speech_bit_rate_is_accepted():
    speech = _recording("speech.wav", 8000, 1)  # 64 kbit/s
    assert 63 < audio_kbps(speech) < SPEECH_KBPS
    assert MediaFileBlock(AUDIO_EXTENSIONS).clean(speech) == speech


def test_a_recording_heavier_than_speech_needs_is_refused_with_what_to_do():
    heavy = _recording("music.wav", 22050, 2)  # 353 kbit/s
    with pytest.raises(ValidationError) as refused:
        MediaFileBlock(AUDIO_EXTENSIONS).clean(heavy)
    message = refused.value.messages[0]
    assert "353 kbit/s" in message and "mono MP3 at 48 kbit/s" in message


def test_only_the_files_a_block_takes_are_accepted():
    speech = _recording("speech.wav", 8000, 1)
    with pytest.raises(ValidationError, match="mp4, webm"):
        MediaFileBlock({"mp4", "webm"}).clean(speech)


def test_a_file_whose_length_cannot_be_read_is_not_refused_for_its_bit_rate():
    unknown = Document.objects.create(
        title="Unknown", file=ContentFile(b"not really sound" * 100, name="unknown.mp3")
    )
    assert audio_kbps(unknown) is None
    assert MediaFileBlock(AUDIO_EXTENSIONS).clean(unknown) == unknown
