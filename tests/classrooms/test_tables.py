"""Each declared table gives its page's columns and its CSV's headers from one definition."""

import csv
import io
import re
from html import unescape

from django.urls import reverse
from django.utils import timezone

from classrooms import services
from classrooms.demo import take_quiz


def _csv_header(response):
    text = response.content.decode("utf-8")
    return next(csv.reader(io.StringIO(text[1:])))


def _page_headers(response):
    html = response.content.decode("utf-8")
    thead = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    return [unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<th[^>]*>(.*?)</th>", thead)]


def _shared(table):
    return [str(c.header) for c in table.columns if c.page and c.csv]


def test_every_tables_page_columns_and_csv_headers_come_from_its_definition(
    client, classroom, class_teacher, children, assignment, module_quiz, module_lessons
):
    services.record_delivery(
        classroom, module_lessons[0], class_teacher, timezone.localdate(), 2, notes="Rain"
    )
    take_quiz(children[0].user, module_quiz)
    services.record_lesson_event(children[0].user, module_lessons[0], completed=True)
    client.force_login(class_teacher)
    key = assignment.module_key
    pages = {
        "overview": reverse("classrooms:class_overview", args=[classroom.pk]),
        "student": reverse("classrooms:student_detail", args=[classroom.pk, children[0].pk]),
        "module": reverse("classrooms:module_detail", args=[classroom.pk, key]),
        "deliveries": reverse("classrooms:deliveries", args=[classroom.pk]),
    }
    for name, url in pages.items():
        page = client.get(url)
        table = page.context["table"]
        download = client.get(url, {"format": "csv"})
        csv_header = _csv_header(download)
        assert csv_header == [str(h) for h in table.csv_headers], name
        page_headers = _page_headers(page)
        if name == "overview":
            # The module headers link to each module and name its due date.
            assert page_headers[0] == table.page_headers[0]
            assert len(page_headers) == len(table.page_headers)
            for shown, declared in zip(page_headers[1:], table.page_headers[1:], strict=True):
                assert shown.startswith(declared), name
        else:
            assert page_headers == table.page_headers, name
        # A column on both keeps its header and its place in each.
        shared = _shared(table)
        assert [h for h in page_headers if h in shared] == shared, name
        assert [h for h in csv_header if h in shared] == shared, name
        rows = table.csv_rows()
        assert all(len(row) == len(csv_header) for row in rows), name
        assert len(list(csv.reader(io.StringIO(download.content.decode()[1:])))) == len(rows) + 1


def test_the_difficult_questions_download_has_its_declared_headers(
    client, classroom, class_teacher, children, assignment, module_quiz
):
    take_quiz(children[0].user, module_quiz)
    client.force_login(class_teacher)
    url = reverse("classrooms:module_detail", args=[classroom.pk, assignment.module_key])
    download = client.get(url, {"format": "csv", "table": "questions"})
    header = _csv_header(download)
    assert header == [
        "Question",
        "Situation",
        "Pairs or steps",
        "Answered",
        "Not yet right",
        "Learners",
        "Most chosen wrong answer",
        "Times",
    ]
