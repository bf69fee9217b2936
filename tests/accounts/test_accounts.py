"""The user model and teacher sign-in."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.roles import can_see_teacher_notes


def test_custom_user_model_is_ours():
    assert get_user_model()._meta.label == "accounts.User"


def test_a_user_needs_no_email(db):
    user = get_user_model().objects.create_user(username="child-1")
    assert user.email == "" and user.get_display_name() == "child-1"


def test_teacher_notes_follow_the_permission(db, teacher, student):
    assert can_see_teacher_notes(teacher)
    assert not can_see_teacher_notes(student)


def test_sign_in_page_is_open_to_everyone(client):
    response = client.get("/en/accounts/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_teacher_signs_in_and_out(client, teacher):
    response = client.post(
        "/en/accounts/login/", {"username": "teacher-t", "password": "pw-teacher-t"}
    )
    assert response.status_code == 302
    assert client.get("/en/").context["user"].is_authenticated
    client.post("/en/accounts/logout/")
    assert not client.get("/en/").context["user"].is_authenticated


def test_wrong_password_is_a_clear_message_not_an_error(client, teacher):
    response = client.post("/en/accounts/login/", {"username": "teacher-t", "password": "no"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_demo_accounts_refused_without_debug(db):
    with pytest.raises(CommandError, match="public passwords"):
        call_command("load_demo_accounts")


def test_demo_accounts_are_created_once(db):
    call_command("load_demo_accounts", allow_without_debug=True, verbosity=0)
    count = get_user_model().objects.count()
    call_command("load_demo_accounts", allow_without_debug=True, verbosity=0)
    assert get_user_model().objects.count() == count
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password("lifeskills-editor")
    assert editor.groups.filter(name="Editors").exists()
