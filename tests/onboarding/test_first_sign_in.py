"""A new person's first sign-in: the forced choice of a password, and one-time links."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from accounts.factories import LearnerFactory, TeacherFactory, UserFactory
from accounts.first_sign_in import (
    give_first_password,
    give_sign_in_link,
    new_first_password,
    sign_in_links,
)
from classrooms.factories import SchoolFactory

LOGIN = "/en/accounts/login/"
CHOOSE = "/en/accounts/password/"
BASE = "https://lifeskills.example.org"
NEW = "a-Long-new-passw0rd"


@pytest.fixture
def newcomer(db):
    teacher = TeacherFactory(username="ms-new")
    SchoolFactory(teachers=[teacher]).coordinators.add(UserFactory(username="coord-x"))
    password = give_first_password(teacher)
    return teacher, password


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_first_passwords_are_random_and_readable():
    passwords = {new_first_password() for _i in range(200)}
    assert len(passwords) == 200
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", p) for p in passwords)
    assert not any(c in "".join(passwords) for c in "01lio")


STAFF_PAGES = ["/en/teach/", "/en/reports/", "/admin/", "/en/", "/en/teach/staff/", "/en/my/"]


def test_the_change_cannot_be_skipped(client, newcomer):
    teacher, password = newcomer
    response = sign_in(client, teacher.username, password)
    assert response.status_code == 302
    for path in [response.url, *STAFF_PAGES]:
        answer = client.get(path)
        assert (answer.status_code, answer.get("Location")) == (302, CHOOSE), path
    # A form posted elsewhere is led there too, and changes nothing.
    assert client.post("/en/teach/", {"name": "Class 1"})["Location"] == CHOOSE
    page = client.get(CHOOSE)
    assert page.status_code == 200
    assert 'name="old_password"' not in page.content.decode()
    # Signing out stays possible.
    assert client.post("/en/accounts/logout/").status_code == 302


def test_the_change_ends_the_redirects_and_the_first_password(client, newcomer):
    teacher, password = newcomer
    sign_in(client, teacher.username, password)
    short = client.post(CHOOSE, {"new_password1": "abc", "new_password2": "abc"})
    assert short.status_code == 200 and client.get("/en/teach/")["Location"] == CHOOSE
    response = client.post(CHOOSE, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response.url == "/en/teach/"
    assert client.get("/en/teach/").status_code == 200
    teacher.refresh_from_db()
    assert not teacher.must_change_password and teacher.check_password(NEW)
    client.logout()
    assert sign_in(client, teacher.username, password).status_code == 200  # refused
    assert sign_in(client, teacher.username, NEW).url == "/en/teach/"
    assert client.get("/en/teach/").status_code == 200


def test_someone_without_the_flag_is_never_led_there(client, db):
    teacher = TeacherFactory(username="ms-old")
    sign_in(client, teacher.username, "pw-ms-old")
    assert client.get("/en/teach/").status_code == 200
    # They may still change their password, giving the old one.
    page = client.get(CHOOSE).content.decode()
    assert 'name="old_password"' in page


def test_children_are_never_affected(client, db):
    child = LearnerFactory(username="child-c")
    # Even if an account were flagged, a child has no password page.
    get_user_model().objects.filter(pk=child.pk).update(must_change_password=True)
    client.force_login(get_user_model().objects.get(pk=child.pk))
    for path in ("/en/my/", "/en/"):
        assert client.get(path).get("Location") != CHOOSE
    assert client.get(CHOOSE).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, db):
    response = client.get(CHOOSE)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


# One-time links -----------------------------------------------------------------


def path_of(link):
    assert link.startswith(BASE)
    return link[len(BASE) :]


@pytest.fixture
def linked(db):
    teacher = TeacherFactory(username="ms-link", language="zh-hans")
    return teacher, path_of(give_sign_in_link(teacher, BASE))


def test_a_link_signs_in_once_and_lands_on_choose_password(client, linked):
    teacher, path = linked
    assert path.startswith("/zh-hans/accounts/first/")
    # Opening it (a mail scanner, a preview) signs no one in.
    assert client.get(path).status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post(path)
    assert response.status_code == 302 and response.url == "/zh-hans/accounts/password/"
    assert int(client.session["_auth_user_id"]) == teacher.pk
    assert client.get("/zh-hans/teach/")["Location"] == "/zh-hans/accounts/password/"
    client.logout()
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    assert "_auth_user_id" not in client.session


def test_a_link_cannot_be_reused_after_the_password_is_chosen(client, linked):
    teacher, path = linked
    client.post(path)
    client.post("/zh-hans/accounts/password/", {"new_password1": NEW, "new_password2": NEW})
    client.logout()
    assert client.post(path).status_code == 410


def test_a_link_expires(client, linked, settings, monkeypatch):
    teacher, path = linked
    settings.LIFESKILLS_SIGN_IN_LINK_DAYS = 3
    later = datetime.now() + timedelta(days=3, hours=1)
    monkeypatch.setattr(sign_in_links, "_now", lambda: later)
    assert client.post(path).status_code == 410
    monkeypatch.setattr(sign_in_links, "_now", lambda: later - timedelta(hours=2))
    assert client.post(path).status_code == 302


def test_a_link_is_for_one_account_only(client, linked):
    teacher, path = linked
    other = TeacherFactory(username="ms-other")
    give_first_password(other)
    uid, token = path.rstrip("/").split("/")[-2:]
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    forged = path.replace(uid, urlsafe_base64_encode(force_bytes(other.pk)))
    assert client.post(forged).status_code == 410
    assert "_auth_user_id" not in client.session
    assert client.post(path.replace(token, token[:-1] + "x")).status_code == 410


def test_a_link_signs_out_whoever_was_signed_in_on_the_device(client, linked):
    teacher, path = linked
    someone = TeacherFactory(username="ms-before")
    client.force_login(someone)
    client.post(path)
    assert int(client.session["_auth_user_id"]) == teacher.pk


def test_a_first_password_is_stretched_less_and_a_chosen_one_fully(client, db, settings):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from accounts.first_sign_in import FIRST_PASSWORD_ITERATIONS

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    teacher = TeacherFactory(username="ms-hash")
    password = give_first_password(teacher)
    teacher.refresh_from_db()
    assert teacher.password.startswith(f"pbkdf2_sha256${FIRST_PASSWORD_ITERATIONS}$")
    assert teacher.check_password(password)
    client.post(LOGIN, {"username": "ms-hash", "password": password})
    client.post(CHOOSE, {"new_password1": NEW, "new_password2": NEW})
    teacher.refresh_from_db()
    assert teacher.password.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")
