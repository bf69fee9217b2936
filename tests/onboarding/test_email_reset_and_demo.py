"""Reset by email where email is configured; demo accounts kept off a real site."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.factories import LearnerFactory, TeacherFactory

LOGIN = "/en/accounts/login/"
RESET = "/en/accounts/password/reset/"


def test_without_email_the_sign_in_page_offers_the_coordinator(client, settings, db):
    settings.LIFESKILLS_PASSWORD_RESET_BY_EMAIL = False
    page = client.get(LOGIN).content.decode()
    assert RESET not in page and "programme coordinator" in page
    assert client.get(RESET).status_code == 404
    assert client.post(RESET, {"email": "a@example.org"}).status_code == 404


def test_with_email_a_teacher_resets_their_own_password(client, settings, db):
    settings.LIFESKILLS_PASSWORD_RESET_BY_EMAIL = True
    teacher = TeacherFactory(username="ms-mail", email="mail@example.org")
    teacher.must_change_password = True
    teacher.save()
    assert RESET in client.get(LOGIN).content.decode()
    response = client.post(RESET, {"email": "mail@example.org"})
    assert response.status_code == 302 and response.url == "/en/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/en/accounts/password/reset/\S+/)", mail.outbox[0].body)
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    new = "a-Long-new-passw0rd"
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password(new) and not teacher.must_change_password
    assert client.get(link.group(1), follow=True).context["validlink"] is False


def test_a_child_never_gets_a_reset_email(client, settings, db):
    settings.LIFESKILLS_PASSWORD_RESET_BY_EMAIL = True
    child = LearnerFactory(username="child-m", email="child@example.org")
    assert child.has_usable_password()
    client.post(RESET, {"email": "child@example.org"})
    assert mail.outbox == []


# Demo accounts --------------------------------------------------------------------


def test_load_demo_accounts_refuses_under_production_settings(settings, db):
    settings.DEBUG = False
    settings.LIFESKILLS_REFUSE_DEMO_DATA = True
    with pytest.raises(CommandError, match="--allow-without-debug"):
        call_command("load_demo_accounts")
    assert not get_user_model().objects.filter(username="teacher").exists()


def test_seed_programme_refuses_under_production_settings(settings, db):
    settings.LIFESKILLS_REFUSE_DEMO_DATA = True
    with pytest.raises(CommandError, match="--allow-without-debug"):
        call_command("seed_programme", "--schools", "1", "--teachers", "1", "--students", "1")
    assert not get_user_model().objects.filter(username__startswith="prog-").exists()


def test_a_production_site_refuses_the_demo_passwords(client, settings, db):
    call_command("load_demo_accounts", allow_without_debug=True, verbosity=0)
    settings.LIFESKILLS_REFUSE_DEMO_DATA = True
    for username, password in [("teacher", "lifeskills-teacher"), ("admin", "lifeskills-admin")]:
        response = client.post(LOGIN, {"username": username, "password": password})
        assert response.status_code == 200, username  # the form again, with its error
        assert "_auth_user_id" not in client.session
    settings.LIFESKILLS_REFUSE_DEMO_DATA = False
    response = client.post(LOGIN, {"username": "teacher", "password": "lifeskills-teacher"})
    assert response.status_code == 302


def test_production_settings_refuse_demo_data_unless_a_demo_server(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "lifeskills.example.org")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/none.sqlite3")
    monkeypatch.delenv("EMAIL_HOST", raising=False)
    monkeypatch.delenv("LIFESKILLS_DEMO_SERVER", raising=False)
    from lifeskills.settings import production

    production = importlib.reload(production)
    assert production.LIFESKILLS_REFUSE_DEMO_DATA is True
    assert production.LIFESKILLS_PASSWORD_RESET_BY_EMAIL is False
    monkeypatch.setenv("LIFESKILLS_DEMO_SERVER", "true")
    monkeypatch.setenv("EMAIL_HOST", "smtp.example.org")
    production = importlib.reload(production)
    assert production.LIFESKILLS_REFUSE_DEMO_DATA is False
    assert production.LIFESKILLS_PASSWORD_RESET_BY_EMAIL is True
    from lifeskills.settings import bench

    assert importlib.reload(bench).LIFESKILLS_REFUSE_DEMO_DATA is False
