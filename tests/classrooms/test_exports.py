"""Downloads and titles carry children's own words: spreadsheets must not run them as
formulas, and a name written right to left must not turn the text around it."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from classrooms import exports, services
from classrooms.demo import take_quiz

HOSTILE = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(1)", "\t=1+1", "\r=1+1"]


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(value):
    rows = read_csv(exports.csv_response("x.csv", ["Name"], [[value]]))
    assert rows[1] == ["'" + value]


def test_numbers_stay_numbers():
    rows = read_csv(exports.csv_response("x.csv", ["A", "B", "C", "D"], [[75.5, 3, 0, "3/5"]]))
    assert rows[1] == ["75.5", "3", "0", "3/5"]


def test_every_class_download_neutralises_childrens_words(
    client, classroom, class_teacher, assignment, module_quiz, module_lessons
):
    (child,) = services.add_students(classroom, services.parse_student_lines("=HYPERLINK(1)"))
    services.record_delivery(
        classroom, module_lessons[0], class_teacher, timezone.localdate(), 1, notes="@SUM(9)"
    )
    take_quiz(child.user, module_quiz)
    client.force_login(class_teacher)
    key = assignment.module_key
    downloads = [
        (reverse("classrooms:class_overview", args=[classroom.pk]), {}),
        (reverse("classrooms:module_detail", args=[classroom.pk, key]), {}),
        (reverse("classrooms:module_detail", args=[classroom.pk, key]), {"table": "questions"}),
        (reverse("classrooms:deliveries", args=[classroom.pk]), {}),
    ]
    seen = []
    for url, params in downloads:
        response = client.get(url, {"format": "csv", **params})
        assert response.status_code == 200, url
        cells = [cell for row in read_csv(response) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], url
        seen += cells
    assert "'=HYPERLINK(1)" in seen and "'@SUM(9)" in seen


RLO_NAME = "\u202eevil\u202c Mei"


def test_a_childs_name_is_isolated_in_the_page_title(client, classroom, class_teacher):
    (child,) = services.add_students(classroom, services.parse_student_lines(RLO_NAME))
    client.force_login(class_teacher)
    html = client.get(
        reverse("classrooms:student_detail", args=[classroom.pk, child.pk])
    ).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<bdi>" not in title and "&lt;bdi" not in title
    assert title.startswith("\u2068\u202eevil\u202c Mei\u2069")


def test_a_childs_name_is_isolated_in_the_sign_in_greeting(client, classroom):
    (child,) = services.add_students(classroom, services.parse_student_lines(RLO_NAME))
    url = reverse("classrooms:join_student", args=[classroom.join_code, child.pk])
    html = client.get(url).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<bdi>" not in title and title.startswith("\u2068\u202eevil")
    heading = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "\u2068\u202eevil\u202c Mei\u2069" in heading
