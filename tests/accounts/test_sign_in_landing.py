"""Where each role lands after signing in, and a safe ``next`` kept."""

import pytest

from accounts.factories import LearnerFactory, TeacherFactory, UserFactory
from accounts.roles import EDITORS
from classrooms.factories import SchoolFactory

LOGIN = "/en/accounts/login/"


def sign_in(client, user, path=LOGIN, **extra):
    data = {"username": user.username, "password": f"pw-{user.username}", **extra}
    response = client.post(path, data)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


@pytest.fixture
def coordinator(db):
    user = UserFactory(username="coord-c")
    SchoolFactory().coordinators.add(user)
    return user


def test_a_teacher_lands_on_my_classes(client, db):
    assert sign_in(client, TeacherFactory(username="teacher-a")) == "/en/teach/"


def test_a_teacher_signing_in_in_chinese_lands_on_my_classes_in_chinese(client, db):
    teacher = TeacherFactory(username="teacher-z")
    assert sign_in(client, teacher, "/zh-hans/accounts/login/") == "/zh-hans/teach/"


def test_a_coordinator_lands_on_the_report(client, coordinator):
    assert sign_in(client, coordinator) == "/en/reports/"


def test_editors_and_admins_land_in_the_admin(client, db):
    assert sign_in(client, UserFactory(username="editor-x", groups=[EDITORS])) == "/admin/"
    client.logout()
    admin = UserFactory(username="admin-x", is_superuser=True, is_staff=True)
    assert sign_in(client, admin) == "/admin/"


def test_a_child_and_anyone_else_land_on_the_home_page(client, db):
    assert sign_in(client, LearnerFactory(username="child-x")) == "/"
    client.logout()
    assert sign_in(client, UserFactory(username="nobody-x")) == "/"


def test_a_safe_next_is_kept_and_an_unsafe_one_ignored(client, db):
    teacher = TeacherFactory(username="teacher-n")
    assert sign_in(client, teacher, next="/en/my/") == "/en/my/"
    client.logout()
    assert sign_in(client, teacher, next="https://evil.example/") == "/en/teach/"
    client.logout()
    assert sign_in(client, teacher, next="//evil.example/x") == "/en/teach/"


def test_a_signed_in_teacher_opening_the_sign_in_page_goes_to_my_classes(client, db):
    client.force_login(TeacherFactory(username="teacher-s"))
    response = client.get(LOGIN)
    assert response.status_code == 302 and response["Location"] == "/en/teach/"
