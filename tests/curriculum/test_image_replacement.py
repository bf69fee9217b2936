"""Replacing the file of a picture on a live lesson changes it for children at
once, with no review: only someone who may publish that lesson may do it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from curriculum.images import live_pages_showing


def png(colour="red", name="replacement.png"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def cover(english_module):
    return english_module.cover_image


@pytest.fixture
def unused_image(cover):
    return get_image_model().objects.create(
        title="Not on any page", file=png("blue", "unused.png"), collection=cover.collection
    )


@pytest.fixture
def own_cover(english_module, unused_image):
    # A picture of the test's own on a live module: replacing a file deletes
    # the old one from storage, which the starter pictures must survive.
    english_module.cover_image = unused_image
    english_module.save_revision().publish()
    return unused_image


def edit(client, image, **changes):
    data = {"title": image.title, "collection": image.collection_id, "tags": ""}
    data.update(changes)
    return client.post(f"/admin/images/{image.pk}/", data)


def test_the_cover_is_on_a_live_page(cover, english_module):
    assert english_module.pk in live_pages_showing(cover).values_list("pk", flat=True)


def test_an_editor_cannot_replace_the_file_of_a_live_picture(client, editor, cover):
    old_file = cover.file.name
    client.force_login(editor)
    response = edit(client, cover, file=png())
    assert response.status_code == 200
    assert "only a moderator may replace its file" in response.content.decode()
    cover.refresh_from_db()
    assert cover.file.name == old_file


def test_an_editor_may_still_retitle_a_live_picture(client, editor, cover):
    client.force_login(editor)
    assert edit(client, cover, title="A bus station, drawn").status_code == 302
    cover.refresh_from_db()
    assert cover.title == "A bus station, drawn"


def test_a_moderator_may_replace_the_file_of_a_live_picture(client, editor, moderator, own_cover):
    old_file = own_cover.file.name
    client.force_login(editor)
    assert edit(client, own_cover, file=png()).status_code == 200
    client.force_login(moderator)
    assert edit(client, own_cover, file=png()).status_code == 302
    own_cover.refresh_from_db()
    assert own_cover.file.name != old_file
    assert (own_cover.width, own_cover.height) == (40, 30)


def test_an_editor_may_replace_a_picture_no_page_shows(client, editor, unused_image):
    client.force_login(editor)
    assert edit(client, unused_image, file=png("green")).status_code == 302
    unused_image.refresh_from_db()
    assert "replacement" in unused_image.file.name


def test_an_editor_may_upload_a_new_image(client, editor, cover):
    client.force_login(editor)
    count = get_image_model().objects.count()
    response = client.post(
        "/admin/images/add/",
        {"title": "New", "file": png(), "collection": cover.collection_id, "tags": ""},
    )
    assert response.status_code == 302
    assert get_image_model().objects.count() == count + 1


def test_an_editor_cannot_delete_a_live_picture(client, editor, cover):
    client.force_login(editor)
    url = reverse("wagtailimages:delete", args=[cover.pk])
    assert client.get(url).url == reverse("wagtailadmin_home")
    client.post(url)
    assert get_image_model().objects.filter(pk=cover.pk).exists()


def test_an_editor_cannot_bulk_delete_a_live_picture(client, editor, cover, unused_image):
    client.force_login(editor)
    url = (
        reverse("wagtail_bulk_action", args=["wagtailimages", "image", "delete"])
        + f"?id={cover.pk}&id={unused_image.pk}"
    )
    client.post(url)
    assert get_image_model().objects.filter(pk__in=[cover.pk, unused_image.pk]).count() == 2


def test_a_moderator_may_delete_a_live_picture_and_an_editor_an_unused_one(
    client, editor, moderator, own_cover, english_module
):
    spare = get_image_model().objects.create(
        title="Spare", file=png("green", "spare.png"), collection=own_cover.collection
    )
    client.force_login(editor)
    assert client.post(reverse("wagtailimages:delete", args=[spare.pk])).status_code == 302
    assert not get_image_model().objects.filter(pk=spare.pk).exists()
    client.force_login(moderator)
    client.post(reverse("wagtailimages:delete", args=[own_cover.pk]))
    assert not get_image_model().objects.filter(pk=own_cover.pk).exists()
