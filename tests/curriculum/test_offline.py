"""Module downloads, server side: what is offered, to whom, at what size."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from wagtail.documents.models import Document

from lifeskills.platform import downloads, pwa
from quizzes.models import QuizPage


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _plan(client, module):
    response = client.get(reverse("offline_download_plan", args=[module.pk]))
    assert response.status_code == 200
    return response.json()


def test_the_plan_lists_every_page_and_file_a_module_needs(client, english_module):
    plan = _plan(client, english_module)
    steps = english_module.steps
    assert [p["url"] for p in plan["pages"]] == [english_module.url] + [s.url for s in steps]
    quiz = next(s for s in steps if isinstance(s, QuizPage))
    assert {p["fetch"] for p in plan["pages"] if p["url"] == quiz.url} == {quiz.offline_url}
    assert all(p["bytes"] > 1000 for p in plan["pages"])
    assert plan["files"], "the module's cover picture"
    for group in plan["files"]:
        assert group["kind"] in downloads.KINDS
        for candidate in group["candidates"]:
            name = candidate["url"].removeprefix("/media/")
            assert default_storage.size(name) == candidate["bytes"]
            assert candidate["url"].endswith(".webp")
    assert plan["total"] == sum(plan["sizes"].values())
    assert plan["sizes"]["text"] == sum(p["bytes"] for p in plan["pages"])
    # Static files belong to the application shell, kept once, not in every module.
    assert not any("/static/" in c["url"] for g in plan["files"] for c in g["candidates"])


def test_the_plan_is_the_same_size_as_what_the_device_receives(client, english_module):
    plan = _plan(client, english_module)
    for page in plan["pages"]:
        # The device asks for the copy a visitor receives.
        received = client.get(page["fetch"], headers={pwa.COPY_HEADER: "1"})
        assert received.status_code == 200
        # The quiz paper's id and start time are all that differ between requests.
        assert abs(len(received.content) - page["bytes"]) < 100


def test_the_plan_is_cached_until_the_module_changes(
    client, english_module, django_assert_max_num_queries
):
    first = _plan(client, english_module)
    with django_assert_max_num_queries(4):
        assert _plan(client, english_module) == first
    lesson = english_module.steps[0]
    lesson.save_revision().publish()
    assert _plan(client, english_module)["version"] != first["version"]


def test_a_plan_is_only_for_a_live_module_in_the_asked_language(client, english_module, locales):
    chinese = english_module.get_translation(locales["zh-hans"])
    assert client.get(f"/zh-hans/offline/modules/{english_module.pk}/").status_code == 404
    assert client.get(f"/zh-hans/offline/modules/{chinese.pk}/").status_code == 200
    lesson = english_module.steps[0]
    assert client.get(f"/en/offline/modules/{lesson.pk}/").status_code == 404
    assert client.get("/en/offline/modules/999999/").status_code == 404
    english_module.unpublish()
    assert client.get(f"/en/offline/modules/{english_module.pk}/").status_code == 404


def test_the_module_page_states_its_download_size(client, english_module, locales):
    html = client.get(english_module.url).content.decode()
    assert "Download size:" in html and 'data-download="' in html
    assert reverse("offline_download_plan", args=[english_module.pk]) in html
    chinese = english_module.get_translation(locales["zh-hans"])
    html = client.get(chinese.url).content.decode()
    assert "Download size" not in html and f'data-download="{chinese.pk}"' in html


def test_sound_is_part_of_the_download_and_its_size(client, english_module):
    recording = Document.objects.create(
        title="The story, read aloud",
        file=ContentFile(b"ID3" + bytes(48_000), name="story-narration.mp3"),
    )
    lesson = english_module.steps[0]
    lesson.body.append(("audio", {"audio": recording, "title": "Listen", "transcript": ""}))
    lesson.save_revision().publish()
    plan = _plan(client, english_module)
    sounds = [g for g in plan["files"] if g["kind"] == "audio"]
    assert [c["url"] for g in sounds for c in g["candidates"]] == [recording.url]
    assert plan["sizes"]["audio"] == 48_003
    html = client.get(english_module.url).content.decode()
    assert "audio 46.9\xa0KB" in html.split("Download size")[1].split("</p>")[0]
