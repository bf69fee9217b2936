"""Staff sign-in cannot be guessed: wrong passwords pause one account from one address.

The pause is kept in the database, so it holds whatever the cache does, and it
is per account and address together: an attacker cannot lock a teacher out
everywhere, and a school behind one public address is not locked out as a whole.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

TEACHER_LOGIN = "/en/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
SCHOOL = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_superuser(
        username="ms-ana", password="right-password-ana", email="ana@example.org"
    )
    return user


def sign_in(client, url, username, password, address=SCHOOL, **headers):
    client.logout()
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def guess(client, url, username, times, address=SCHOOL):
    for n in range(times):
        sign_in(client, url, username, f"guess-{n}", address)


@pytest.mark.parametrize("url", [TEACHER_LOGIN, ADMIN_LOGIN])
def test_forty_wrong_passwords_then_the_right_one_is_refused(client, staff, url):
    guess(client, url, "ms-ana", 40)
    response = sign_in(client, url, "ms-ana", "right-password-ana")
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    # The site's own page, in its design, not a bare line of text.
    assert 'class="site-header"' in html and "Sign-in paused" in html
    assert response["Retry-After"] == str(settings.AXES_COOLOFF_TIME.seconds)


@pytest.mark.parametrize("url", [TEACHER_LOGIN, ADMIN_LOGIN])
def test_the_right_password_works_again_after_the_pause(client, staff, url):
    guess(client, url, "ms-ana", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, url, "ms-ana", "right-password-ana").status_code == 429
    # The pause has passed.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
    )
    assert sign_in(client, url, "ms-ana", "right-password-ana").status_code == 302
    assert signed_in(client)


def test_the_pause_starts_at_the_limit_not_before(client, staff):
    guess(client, TEACHER_LOGIN, "ms-ana", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, TEACHER_LOGIN, "ms-ana", "right-password-ana").status_code == 302


@pytest.mark.parametrize("url", [TEACHER_LOGIN, ADMIN_LOGIN])
def test_a_wrong_password_now_and_then_never_locks(client, staff, url):
    for _day in range(3 * settings.AXES_FAILURE_LIMIT):
        assert sign_in(client, url, "ms-ana", "typo").status_code == 200
        assert sign_in(client, url, "ms-ana", "right-password-ana").status_code == 302
        assert signed_in(client)


def test_one_account_from_one_address_only(client, staff, teacher):
    guess(client, TEACHER_LOGIN, "ms-ana", 40, address=SCHOOL)
    assert sign_in(client, TEACHER_LOGIN, "ms-ana", "right-password-ana").status_code == 429
    # The same account from another address.
    response = sign_in(client, TEACHER_LOGIN, "ms-ana", "right-password-ana", ELSEWHERE)
    assert response.status_code == 302 and signed_in(client)
    # Another account from the same address: a colleague at the same school.
    response = sign_in(client, TEACHER_LOGIN, "teacher-t", "pw-teacher-t", SCHOOL)
    assert response.status_code == 302 and signed_in(client)


def test_guesses_by_email_count_against_the_account(client, staff):
    guess(client, TEACHER_LOGIN, "ANA@example.org", settings.AXES_FAILURE_LIMIT)
    for name in ("ms-ana", "ana@example.org"):
        assert sign_in(client, TEACHER_LOGIN, name, "right-password-ana").status_code == 429


def test_signing_in_by_email_still_works(client, staff):
    response = sign_in(client, TEACHER_LOGIN, "ana@example.org", "right-password-ana")
    assert response.status_code == 302 and signed_in(client)


def test_a_right_password_still_clears_earlier_wrong_ones(client, staff):
    guess(client, TEACHER_LOGIN, "ms-ana", 3)
    assert AccessAttempt.objects.filter(username="ms-ana").exists()
    assert sign_in(client, TEACHER_LOGIN, "ms-ana", "right-password-ana").status_code == 302
    assert not AccessAttempt.objects.filter(username="ms-ana").exists()


def test_signing_out_of_a_session_whose_sign_in_is_no_longer_configured(client, staff):
    assert sign_in(client, TEACHER_LOGIN, "ms-ana", "right-password-ana").status_code == 302
    session = client.session
    session["_auth_user_backend"] = "accounts.backends.RemovedLongAgo"
    session.save()
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and not signed_in(client)


def test_the_pause_is_kept_in_the_database_not_the_cache(client, staff):
    for n in range(40):
        sign_in(client, TEACHER_LOGIN, "ms-ana", f"guess-{n}")
        cache.clear()
    assert sign_in(client, TEACHER_LOGIN, "ms-ana", "right-password-ana").status_code == 429


def test_with_redis_refusing_connections_the_pause_still_holds(client, staff, teacher):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    with override_settings(CACHES=unreachable):
        guess(client, ADMIN_LOGIN, "ms-ana", 40)
        assert sign_in(client, ADMIN_LOGIN, "ms-ana", "right-password-ana").status_code == 429
        assert sign_in(client, ADMIN_LOGIN, "teacher-t", "pw-teacher-t").status_code == 302


@pytest.mark.parametrize(
    "language, message",
    [
        ("en", "Sign-in paused"),
        ("zh-hans", "登录已暂停"),
        ("ug", "كىرىش ۋاقتىنچە توختىتىلدى"),
    ],
)
def test_the_pause_is_explained_in_the_visitors_language(client, staff, language, message):
    url = f"/{language}/accounts/login/"
    guess(client, url, "ms-ana", settings.AXES_FAILURE_LIMIT)
    response = sign_in(client, url, "ms-ana", "right-password-ana")
    assert response.status_code == 429
    html = response.content.decode()
    assert f'lang="{language}"' in html and message in html


def test_the_admin_pause_follows_the_browsers_language(client, staff):
    guess(client, ADMIN_LOGIN, "ms-ana", settings.AXES_FAILURE_LIMIT)
    response = sign_in(
        client, ADMIN_LOGIN, "ms-ana", "right-password-ana", HTTP_ACCEPT_LANGUAGE="zh-Hans"
    )
    assert response.status_code == 429 and "登录已暂停" in response.content.decode()


def test_an_operator_lets_a_person_in_at_once(client, staff):
    guess(client, TEACHER_LOGIN, "ms-ana", 40)
    call_command("axes_reset_username", "ms-ana", verbosity=0)
    assert sign_in(client, TEACHER_LOGIN, "ms-ana", "right-password-ana").status_code == 302


def test_an_operator_lets_an_address_in_at_once(client, staff):
    guess(client, TEACHER_LOGIN, "ms-ana", 40)
    call_command("axes_reset_ip", SCHOOL, verbosity=0)
    assert sign_in(client, TEACHER_LOGIN, "ms-ana", "right-password-ana").status_code == 302


# Behind a reverse proxy ---------------------------------------------------------

PROXY = "10.0.0.2"


def via_proxy(client, username, password, forwarded_for):
    client.logout()
    return client.post(
        TEACHER_LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@override_settings(LIFESKILLS_TRUSTED_PROXIES=1)
def test_behind_a_proxy_each_client_is_told_apart(client, staff):
    for n in range(40):
        via_proxy(client, "ms-ana", f"guess-{n}", SCHOOL)
    assert via_proxy(client, "ms-ana", "right-password-ana", SCHOOL).status_code == 429
    # Everyone reaches us through the same proxy, yet the teacher at home signs in.
    assert via_proxy(client, "ms-ana", "right-password-ana", ELSEWHERE).status_code == 302
    assert AccessAttempt.objects.get().ip_address == SCHOOL


@override_settings(LIFESKILLS_TRUSTED_PROXIES=1)
def test_an_address_made_up_by_the_client_is_not_believed(client, staff):
    # The proxy appends the address it saw; anything before it came from the client.
    for n in range(40):
        via_proxy(client, "ms-ana", f"guess-{n}", f"192.0.2.{n}, {SCHOOL}")
    for forwarded in (SCHOOL, f"nonsense, {SCHOOL}"):
        assert via_proxy(client, "ms-ana", "right-password-ana", forwarded).status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(client, staff):
    for n in range(40):
        client.logout()
        client.post(
            TEACHER_LOGIN,
            {"username": "ms-ana", "password": f"guess-{n}"},
            REMOTE_ADDR=SCHOOL,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert sign_in(client, TEACHER_LOGIN, "ms-ana", "right-password-ana").status_code == 429
