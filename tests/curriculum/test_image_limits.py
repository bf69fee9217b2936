"""An image with more pixels than the limit is refused from its header, never decoded.

A 121-megapixel PNG compresses to about 115 KB; decoding it once cost a worker
25 seconds and 2 GB. The test builds one by hand, compressing one row of
black pixels again and again, so the pixels are never held in memory here
either.
"""

import io
import os
import struct
import subprocess
import sys
import time
import zlib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Collection

SIDE = 11_000  # 121 megapixels


def png_bomb(width=SIDE, height=SIDE):
    """A valid 8-bit greyscale PNG of width x height black pixels, built row by row."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    compressor = zlib.compressobj(9)
    row = bytes(width + 1)  # the row's filter byte (none), then its pixels
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def bomb():
    return png_bomb()


def small_png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _upload(client, name, data):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, data, content_type="image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_the_limits_are_set_below_what_a_worker_can_decode():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert PILImage.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


def test_the_bomb_is_a_small_file_of_121_megapixels(bomb):
    assert len(bomb) < 150_000
    width, height = struct.unpack(">II", bomb[16:24])  # from its header
    assert width * height == 121_000_000


def test_an_editor_uploading_a_121_megapixel_png_gets_a_clear_error_at_once(client, editor, bomb):
    client.force_login(editor)
    started = time.monotonic()
    response = _upload(client, "bomb.png", bomb)
    elapsed = time.monotonic() - started
    assert response.status_code == 200  # the form again, with its error
    errors = response.context["form"].errors["file"]
    assert errors == ["This file has too many pixels (unknown number). Maximum pixels 40000000."]
    assert "This file has too many pixels" in response.content.decode()
    assert elapsed < 2, f"{elapsed:.1f} s: the image was decoded"
    assert not Image.objects.filter(title="bomb.png").exists()


def test_the_bulk_uploader_refuses_it_too(client, editor, bomb):
    client.force_login(editor)
    images = Image.objects.count()
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("bomb.png", bomb, content_type="image/png")},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "too many pixels" in response.json()["error_message"]
    assert Image.objects.count() == images


def test_no_code_path_decodes_it(bomb):
    """Renditions and every other reader open images through Pillow, which refuses it."""
    started = time.monotonic()
    with pytest.raises(PILImage.DecompressionBombError):
        with PILImage.open(io.BytesIO(bomb)) as image:
            image.load()
    assert time.monotonic() - started < 1


def test_nothing_in_the_running_site_decodes_more_than_the_limit(db):
    """Pillow alone only warns between its limit and twice that; the site refuses there too.

    Run in a fresh process as the site starts, since the test runner resets
    warning filters.
    """
    code = (
        "import io\nfrom PIL import Image\n"
        "from tests.curriculum.test_image_limits import png_bomb\n"
        "try:\n"
        "    Image.open(io.BytesIO(png_bomb(7_100, 7_100))).load()\n"  # 50 megapixels
        "except Image.DecompressionBombWarning as refused:\n"
        "    print('refused:', refused)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "lifeskills.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "refused: Image size (50410000 pixels) exceeds limit" in result.stdout, result.stderr


BROKEN = {
    "garbage after the signature": b"\x89PNG\r\n\x1a\n" + bytes(40),
    "cut short": small_png()[:60],
}


@pytest.mark.parametrize("data", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_image_is_refused_at_upload_not_stored(client, editor, data):
    client.force_login(editor)
    images = Image.objects.count()
    response = _upload(client, "broken.png", data)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("broken.png", data, content_type="image/png")},
    )
    assert response.status_code == 200 and response.json()["success"] is False
    assert "corrupted image" in response.json()["error_message"]
    assert Image.objects.count() == images


def test_an_ordinary_picture_is_still_accepted(client, editor):
    client.force_login(editor)
    response = _upload(client, "teal.png", small_png())
    assert response.status_code == 302
    image = Image.objects.get(title="teal.png")
    assert (image.width, image.height) == (120, 80)
