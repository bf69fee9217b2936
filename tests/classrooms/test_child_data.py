"""One child's data: downloaded whole by the people answerable for it, deleted on
request or after the class ends, leaving only counts with no identity."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from classrooms import reports, services
from classrooms.demo import take_quiz
from classrooms.factories import MembershipFactory, SchoolFactory
from classrooms.models import AnonymousTally, LessonProgress, Membership, Student
from quizzes.models import Attempt, Response


@pytest.fixture
def worked(children, assignment, module_quiz, module_lessons, class_teacher, classroom):
    """Mei finishes every lesson and takes the quiz (answers and a reflection); a
    lesson is taught to the whole class."""
    mei = children[0]
    for lesson in module_lessons:
        services.record_lesson_event(mei.user, lesson, completed=True)
    services.record_lesson_event(children[1].user, module_lessons[0])
    attempt = take_quiz(mei.user, module_quiz)
    services.record_delivery(classroom, module_lessons[0], class_teacher, timezone.localdate(), 3)
    return mei, attempt


def urls(classroom, child):
    return [
        reverse("classrooms:child_data", args=[classroom.pk, child.pk]),
        reverse("classrooms:delete_child", args=[classroom.pk, child.pk]),
    ]


def make_user(username):
    return UserFactory(username=username, password="pw")


def test_who_may_see_a_childs_data(client, classroom, children, school, other_teacher, student):
    mei = children[0]
    elsewhere = SchoolFactory(name="Elsewhere")
    stranger_coordinator = make_user("coord-elsewhere")
    elsewhere.coordinators.add(stranger_coordinator)
    for url in urls(classroom, mei):
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        for user, status in (
            (student, 403),  # a child, even one with an account
            (mei.user, 403),  # the child herself
            (other_teacher, 404),  # a teacher, but not of this class
            (stranger_coordinator, 404),  # a coordinator of another school
        ):
            client.force_login(user)
            assert client.get(url).status_code == status, (url, user)
            assert client.post(url).status_code == status, (url, user)
    assert Student.objects.filter(pk=mei.pk).exists()


def test_the_class_teacher_and_the_school_coordinator_may(client, classroom, children, school):
    coordinator = make_user("coord-river")
    school.coordinators.add(coordinator)
    for user in (classroom.teachers.get(), coordinator):
        client.force_login(user)
        for url in urls(classroom, children[0]):
            assert client.get(url).status_code == 200, (url, user)


def test_a_child_of_another_class_is_not_found_under_this_class(
    client, classroom, children, school, class_teacher
):
    other = services.create_classroom(school, "Class 6C", class_teacher)
    (stranger,) = services.add_students(other, services.parse_student_lines("Nurgul"))
    client.force_login(class_teacher)
    for url in urls(classroom, stranger):
        assert client.get(url).status_code == 404


def test_the_json_download_holds_everything_kept_but_the_secrets(
    client, classroom, class_teacher, worked
):
    mei, attempt = worked
    client.force_login(class_teacher)
    response = client.get(reverse("classrooms:child_data", args=[classroom.pk, mei.pk]))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert (data["name"], data["birth_year"], data["gender"]) == ("Mei", 2014, "girl")
    assert [c["class"] for c in data["classes"]] == ["Class 4B"]
    assert len(data["lesson_progress"]) == LessonProgress.objects.filter(learner=mei.user).count()
    (exported,) = data["quiz_attempts"]
    assert exported["score"] == attempt.score
    texts = [r["text"] for r in exported["responses"]]
    assert "My aunt, because she always listens to me." in texts
    assert len(exported["responses"]) == attempt.responses.count()
    body = response.content.decode()
    assert mei.picture_secret not in body
    assert mei.user.username not in body
    # A four-digit PIN can turn up inside an id by chance: no value may be or hold it as a word.
    values = list(json_values(data))
    assert not any(re.search(rf"(?<![0-9a-f-]){mei.pin}(?![0-9a-f-])", v) for v in values)


def test_deleting_a_child_asks_first_then_removes_everything_about_them(
    client, classroom, class_teacher, worked
):
    mei, attempt = worked
    user_pk = mei.user.pk
    url = reverse("classrooms:delete_child", args=[classroom.pk, mei.pk])
    client.force_login(class_teacher)
    page = client.get(url)
    assert "It cannot be undone" in page.content.decode()
    assert Student.objects.filter(pk=mei.pk).exists()
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "classrooms:class_overview", args=[classroom.pk]
    )
    assert "Mei was deleted" in response.content.decode()
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert not Student.objects.filter(pk=mei.pk).exists()
    assert not Membership.objects.filter(student_id=mei.pk).exists()
    assert not LessonProgress.objects.filter(learner_id=user_pk).exists()
    assert not Attempt.objects.filter(learner_id=user_pk).exists()
    assert not Response.objects.filter(attempt_id=attempt.pk).exists()
    assert (
        "Mei"
        not in client.get(
            reverse("classrooms:class_overview", args=[classroom.pk])
        ).content.decode()
    )


def test_the_report_keeps_counting_a_deleted_child(classroom, school, worked, module_lessons):
    mei, _attempt = worked
    before = reports.programme_report([school], "en")
    services.delete_child(mei)
    after = reports.programme_report([school], "en")
    for figures in ("total", "by_school", "by_age", "by_gender", "by_module"):
        assert str(getattr(before, figures)) == str(getattr(after, figures)), figures
    assert after.total.children_reached == 3 and after.total.modules_completed == 1
    # Counts only: no name, no account, no birth year.
    fields = {f.name for f in AnonymousTally._meta.get_fields()}
    assert not fields & {"name", "student", "user", "birth_year"}
    # The class's size still counts her, so the lesson taught to all three stands.
    classroom.refresh_from_db()
    assert classroom.size() == 3
    services.record_delivery(
        classroom, module_lessons[1], classroom.teachers.get(), timezone.localdate(), 3
    )


def test_a_child_in_two_schools_stays_once_in_a_total_over_both(
    classroom, school, class_teacher, worked
):
    mei, _attempt = worked
    hill = SchoolFactory(name="Hill")
    hill.teachers.add(class_teacher)
    MembershipFactory(classroom=services.create_classroom(hill, "Club", class_teacher), student=mei)
    before = reports.programme_report([school, hill], "en")
    services.delete_child(mei)
    after = reports.programme_report([school, hill], "en")
    assert str(before.total) == str(after.total)
    assert str(before.by_school) == str(after.by_school)


def test_the_retention_command_lists_then_deletes_children_of_ended_classes(
    classroom, children, school, class_teacher
):
    import io

    today = timezone.localdate()
    classroom.ends_on = today - timedelta(days=400)
    classroom.save()
    running = services.create_classroom(school, "Still running", class_teacher)
    MembershipFactory(classroom=running, student=children[2])
    out = io.StringIO()
    call_command("delete_old_children", "--days", "365", stdout=out)
    assert "2 children would be deleted" in out.getvalue()
    assert "Mei" not in out.getvalue()
    assert Student.objects.count() == 3
    call_command("delete_old_children", "--days", "500", stdout=io.StringIO())
    call_command("delete_old_children", "--days", "500", "--yes", stdout=io.StringIO())
    assert Student.objects.count() == 3  # not yet 500 days
    call_command("delete_old_children", "--days", "365", "--yes", stdout=io.StringIO())
    assert list(Student.objects.all()) == [children[2]]  # her other class has not ended
    out = io.StringIO()
    call_command("delete_old_children", "--days", "365", "--yes", stdout=out)
    assert "0 children deleted" in out.getvalue()


def test_the_class_teacher_sets_when_the_class_ends(
    client, classroom, class_teacher, other_teacher, student
):
    url = reverse("classrooms:class_ends", args=[classroom.pk])
    client.force_login(other_teacher)
    assert client.post(url, {"ends_on": "2027-07-01"}).status_code == 404
    client.force_login(student)
    assert client.post(url, {"ends_on": "2027-07-01"}).status_code == 403
    client.force_login(class_teacher)
    assert client.get(url).status_code == 405
    overview = reverse("classrooms:class_overview", args=[classroom.pk])
    assert client.post(url, {"ends_on": "not a date"})["Location"] == overview
    classroom.refresh_from_db()
    assert classroom.ends_on is None
    assert client.post(url, {"ends_on": "2027-07-01"})["Location"] == overview
    classroom.refresh_from_db()
    assert classroom.ends_on.isoformat() == "2027-07-01"


def test_an_operator_sets_when_a_class_ends_in_the_admin(client, admin_user, classroom, school):
    client.force_login(admin_user)
    url = reverse("wagtailsnippets_classrooms_classroom:edit", args=[classroom.pk])
    data = {"school": school.pk, "name": classroom.name, "grade": "4", "ends_on": "2027-06-30"}
    assert client.post(url, data).status_code == 302
    classroom.refresh_from_db()
    assert classroom.ends_on.isoformat() == "2027-06-30"


def test_a_coordinator_finds_each_childs_data_from_the_report(client, classroom, children, school):
    coordinator = make_user("coord-river")
    school.coordinators.add(coordinator)
    client.force_login(coordinator)
    page = reverse("reports:school_children", args=[school.pk])
    assert page in client.get(reverse("reports:programme")).content.decode()
    listing = client.get(page)
    assert listing.status_code == 200
    for child in children:
        for url in urls(classroom, child):
            assert url in listing.content.decode()
    # After deleting, the coordinator is back at the list, without the child.
    response = client.post(urls(classroom, children[0])[1])
    assert response.url == page
    client.get(page)  # the page that shows the "deleted" message
    assert urls(classroom, children[0])[0] not in client.get(page).content.decode()


def test_who_may_see_a_schools_children(
    client, classroom, children, school, class_teacher, student
):
    page = reverse("reports:school_children", args=[school.pk])
    elsewhere = SchoolFactory(name="Elsewhere")
    stranger_coordinator = make_user("coord-elsewhere")
    elsewhere.coordinators.add(stranger_coordinator)
    response = client.get(page)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user, status in (
        (student, 403),
        (children[0].user, 403),
        (class_teacher, 403),  # teachers work from their classes
        (stranger_coordinator, 404),
    ):
        client.force_login(user)
        assert client.get(page).status_code == status, user
        assert children[0].name not in client.get(page).content.decode()


def json_values(value):
    """Every string in a decoded JSON document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_values(item)
