"""Nothing shown to a signed-in person is stored by the browser or a proxy on the way."""

import json

from django.urls import reverse


def private(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def test_a_childs_pages_are_private(client, children, english_lesson, assignment):
    child = children[0].user
    client.force_login(child)
    for url in (english_lesson.url, reverse("classrooms:my_modules")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert private(response), url


def test_a_teachers_dashboard_and_csv_downloads_are_private(client, classroom, class_teacher):
    client.force_login(class_teacher)
    dashboard = client.get(reverse("classrooms:teacher_home"))
    csv = client.get(reverse("classrooms:class_overview", args=[classroom.pk]), {"format": "csv"})
    assert dashboard.status_code == csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert private(dashboard) and private(csv)


def test_a_json_answer_to_a_signed_in_child_is_private(client, children, english_lesson):
    client.force_login(children[0].user)
    response = client.post(
        reverse("classrooms:sync_lesson", args=[english_lesson.pk]),
        json.dumps({}),
        content_type="application/json",
    )
    assert response["Content-Type"].startswith("application/json")
    assert private(response)


def test_a_visitors_page_may_be_stored(client, english_lesson):
    response = client.get(english_lesson.url)
    assert response.status_code == 200
    assert not private(response)
