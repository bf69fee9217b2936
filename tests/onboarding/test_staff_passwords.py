"""A new first password for staff who forgot theirs: who may give one, to whom."""

import re

import pytest
from django.test import Client

from accounts.factories import LearnerFactory, TeacherFactory, UserFactory
from accounts.roles import EDITORS
from classrooms.factories import SchoolFactory

LIST = "/en/teach/staff/"


def reset_url(user):
    return f"/en/teach/staff/{user.pk}/reset/"


@pytest.fixture
def people(db):
    teacher = TeacherFactory(username="ms-forgot")
    school = SchoolFactory(teachers=[teacher])
    coordinator = UserFactory(username="coord-here")
    school.coordinators.add(coordinator)
    elsewhere = UserFactory(username="coord-there")
    SchoolFactory().coordinators.add(elsewhere)
    editor_teacher = TeacherFactory(username="ed-teach", groups=["Teachers", EDITORS])
    school.teachers.add(editor_teacher)
    admin = UserFactory(username="admin-a", is_superuser=True, is_staff=True)
    child = LearnerFactory(username="child-k")
    school.teachers.add(child)  # even listed by mistake, a child is never reset here
    return {
        "teacher": teacher,
        "coordinator": coordinator,
        "elsewhere": elsewhere,
        "editor_teacher": editor_teacher,
        "admin": admin,
        "child": child,
        "editor": UserFactory(username="ed-only", groups=[EDITORS]),
    }


def as_(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def given_password(response):
    return re.search(
        r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>", response.content.decode()
    )


def test_a_coordinator_resets_a_teacher_of_their_school(people):
    teacher = people["teacher"]
    teachers_device = as_(teacher)
    assert teachers_device.get("/en/teach/").status_code == 200
    coordinator = as_(people["coordinator"])
    listing = coordinator.get(LIST).content.decode()
    assert "ms-forgot" in listing and "ed-teach" not in listing and "child-k" not in listing
    response = coordinator.post(reset_url(teacher))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = given_password(response).group(1)
    teacher.refresh_from_db()
    assert teacher.check_password(password) and teacher.must_change_password
    assert not teacher.check_password("pw-ms-forgot")
    # Signed out of the session they had.
    assert teachers_device.get("/en/teach/").status_code == 302
    fresh = Client()
    fresh.post("/en/accounts/login/", {"username": "ms-forgot", "password": password})
    assert fresh.get("/en/teach/")["Location"] == "/en/accounts/password/"


def test_a_coordinator_may_give_a_link_instead(people):
    response = as_(people["coordinator"]).post(reset_url(people["teacher"]), {"how": "link"})
    link = re.search(
        r"<code>http://testserver(/en/accounts/first/[^<]+)</code>", response.content.decode()
    ).group(1)
    teacher_device = Client()
    assert teacher_device.post(link).url == "/en/accounts/password/"


@pytest.mark.parametrize(
    "who, target, status",
    [
        ("elsewhere", "teacher", 404),  # a coordinator of another school
        ("coordinator", "editor_teacher", 404),  # more than a teacher
        ("coordinator", "editor", 404),
        ("coordinator", "admin", 404),
        ("coordinator", "elsewhere", 404),
        ("coordinator", "coordinator", 404),  # themselves: they choose their own password
        ("coordinator", "child", 404),
        ("admin", "child", 404),  # nobody resets a child here
        ("teacher", "teacher", 403),
        ("editor", "teacher", 403),
        ("child", "teacher", 403),
    ],
)
def test_who_may_not_reset_whom(people, who, target, status):
    victim = people[target]
    before = victim.password
    assert as_(people[who]).post(reset_url(victim)).status_code == status
    victim.refresh_from_db()
    assert victim.password == before and not victim.must_change_password


@pytest.mark.parametrize("who, status", [("teacher", 403), ("child", 403), ("editor", 403)])
def test_who_may_not_see_the_list(people, who, status):
    assert as_(people[who]).get(LIST).status_code == status


def test_a_visitor_is_sent_to_sign_in(people):
    for response in (as_(None).get(LIST), as_(None).post(reset_url(people["teacher"]))):
        assert response.status_code == 302 and response.url.startswith("/en/accounts/login/")


def test_an_admin_may_reset_any_staff(people):
    admin = as_(people["admin"])
    listing = admin.get(LIST).content.decode()
    assert "ed-only" in listing and "coord-there" in listing and "child-k" not in listing
    for name in ("editor", "editor_teacher", "elsewhere", "teacher"):
        response = admin.post(reset_url(people[name]))
        assert response.status_code == 200
        people[name].refresh_from_db()
        assert people[name].check_password(given_password(response).group(1))


def test_a_get_of_the_reset_changes_nothing(people):
    assert as_(people["coordinator"]).get(reset_url(people["teacher"])).status_code == 405
