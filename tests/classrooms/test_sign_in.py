"""Child sign-in: class code, name, pictures or PIN; pauses and resets; teacher email sign-in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classrooms import services
from classrooms.models import MAX_FAILED_SIGN_INS, SignInMethod, Student


def secret_url(classroom, child):
    return reverse("classrooms:join_student", args=[classroom.join_code, child.pk])


def pick(client, url, pictures, chosen=""):
    response = None
    for picture in pictures:
        response = client.post(url, {"chosen": chosen, "pick": picture})
        if response.status_code == 200:
            chosen = response.context["chosen_value"]
    return response


def test_a_code_leads_to_the_class_names_in_any_case(client, classroom, children):
    response = client.get(reverse("classrooms:join"), {"code": classroom.join_code.lower()})
    assert response.status_code == 302
    page = client.get(response["Location"])
    names = [s.name for s in page.context["students"]]
    assert sorted(names) == sorted(["Mei", "Alim", "阿依古丽"])


def test_an_unknown_code_gets_a_clear_message(client, classroom):
    response = client.get(reverse("classrooms:join_class", args=["NOPE99"]))
    assert response.status_code == 404
    assert "No class has the code NOPE99" in response.content.decode()


def test_a_child_signs_in_with_four_pictures_in_order(client, classroom, children):
    mei = children[0]
    url = secret_url(classroom, mei)
    response = pick(client, url, mei.pictures)
    assert response.status_code == 302 and response["Location"] == reverse("classrooms:my_modules")
    assert client.get(reverse("classrooms:my_modules")).context["user"] == mei.user


def test_a_childs_sign_in_takes_no_lock_and_asks_the_staff_guard_nothing(
    client, classroom, children
):
    mei = children[0]
    url = secret_url(classroom, mei)
    chosen = pick(client, url, mei.pictures[:-1]).context["chosen_value"]
    with CaptureQueriesContext(connection) as statements:
        response = client.post(url, {"chosen": chosen, "pick": mei.pictures[-1]})
    assert response.status_code == 302
    sql = [statement["sql"] for statement in statements.captured_queries]
    # Axes guards passwords; the pictures have their own limits (classrooms/limits.py).
    assert not [s for s in sql if "axes_" in s]
    assert not [s for s in sql if "FOR UPDATE" in s]
    assert len(sql) <= 16, "\n".join(sql)


def test_the_wrong_pictures_do_not_sign_in(client, classroom, children):
    mei = children[0]
    wrong = list(reversed(mei.pictures))
    response = pick(client, secret_url(classroom, mei), wrong)
    assert response.status_code == 400
    assert "That is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_tries_pause_sign_in_and_a_teacher_resets_it(
    client, classroom, children, class_teacher
):
    mei = children[0]
    url = secret_url(classroom, mei)
    wrong = list(reversed(mei.pictures))
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        assert pick(client, url, wrong).status_code == 400
    response = pick(client, url, wrong)
    assert response.status_code == 429
    assert "Too many wrong tries" in response.content.decode()
    # While paused, even the right pictures are refused.
    assert pick(client, url, mei.pictures).status_code == 429
    mei.refresh_from_db()
    assert mei.is_paused() and mei.paused_until > timezone.now()

    client.force_login(class_teacher)
    detail = reverse("classrooms:student_detail", args=[classroom.pk, mei.pk])
    assert "Sign-in is paused" in client.get(detail).content.decode()
    client.post(reverse("classrooms:reset_sign_in", args=[classroom.pk, mei.pk]))
    client.logout()
    mei.refresh_from_db()
    assert not mei.is_paused() and mei.failed_sign_ins == 0
    assert pick(client, url, mei.pictures).status_code == 302


def test_a_reset_gives_a_new_secret(children):
    mei = children[0]
    old = (mei.picture_secret, mei.pin)
    services.reset_sign_in(mei)
    mei.refresh_from_db()
    assert (mei.picture_secret, mei.pin) != old
    assert len(mei.pictures) == 4 and len(set(mei.pictures)) == 4


def test_a_pin_class_signs_in_with_four_digits(client, classroom, children):
    classroom.sign_in_method = SignInMethod.PIN
    classroom.save()
    alim = children[1]
    url = secret_url(classroom, alim)
    assert 'inputmode="numeric"' in client.get(url).content.decode()
    wrong = "0000" if alim.pin != "0000" else "1111"
    assert client.post(url, {"pin": wrong}).status_code == 400
    assert client.post(url, {"pin": alim.pin}).status_code == 302


def test_tampered_picture_choices_are_ignored(client, classroom, children):
    mei = children[0]
    response = client.post(
        secret_url(classroom, mei), {"chosen": "sun-<script>-sun-sun-moon", "pick": "dragon"}
    )
    # Unknown pictures are dropped and at most four count, so this is a wrong try.
    assert response.status_code == 400
    assert "<script>" not in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_child_of_another_class_is_not_found_here(
    client, classroom, children, school, other_teacher
):
    school.teachers.add(other_teacher)
    other = services.create_classroom(school, "Class 6C", other_teacher)
    stranger = services.add_students(other, services.parse_student_lines("Nurgul"))[0]
    assert client.get(secret_url(classroom, stranger)).status_code == 404


def test_children_have_no_email_and_no_usable_password(children):
    for child in children:
        assert child.user.email == "" and not child.user.has_usable_password()
    assert Student.objects.get(pk=children[0].pk).gender == "girl"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "This field is required"),
        ("Mei, 1950", "not a likely birth year"),
        ("Mei, tall", "neither a birth year nor girl/boy"),
        (", 2013", "has no name"),
        ("x" * 81, "at most 80 characters"),
    ],
)
def test_pasted_names_that_cannot_be_read_are_refused_whole(
    client, classroom, class_teacher, text, message
):
    client.force_login(class_teacher)
    url = reverse("classrooms:add_students", args=[classroom.pk])
    response = client.post(url, {"names": f"Alim\n{text}" if text else ""})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert classroom.memberships.count() == 0


def test_teachers_sign_in_with_username_or_email(client, class_teacher):
    url = reverse("accounts:login")
    response = client.post(url, {"username": "WANG@example.org", "password": "pw-ms-wang"})
    assert response.status_code == 302
    client.logout()
    response = client.post(url, {"username": "wang@example.org", "password": "wrong"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
