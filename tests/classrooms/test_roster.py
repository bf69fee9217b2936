"""The class list and the class's set-up: the school a class is made in, children added,
renamed, moved and taken off the list, and due dates."""

import datetime

import pytest
from django.urls import reverse

from accounts.factories import TeacherFactory
from classrooms import queries, services
from classrooms.demo import take_quiz
from classrooms.factories import ClassroomFactory, SchoolFactory
from classrooms.models import Assignment, Classroom, Membership, Student
from quizzes.models import Attempt

YEAR = datetime.date.today().year


def names_in(classroom):
    return [s.name for s in queries.class_students(classroom)]


# The class form --------------------------------------------------------------------------


def test_the_class_form_offers_only_my_schools_with_mine_chosen(client, other_teacher):
    SchoolFactory(name="Far School")
    mine = SchoolFactory(name="Hill School", teachers=[other_teacher])
    client.force_login(other_teacher)
    form = client.get(reverse("classrooms:teacher_home")).context["form"]
    assert list(form.fields["school"].queryset) == [mine]
    assert form["school"].value() == mine.pk
    html = form["school"].as_widget()
    assert "Far School" not in html and "---------" not in html and "selected" in html


def test_my_newest_classs_school_is_chosen_when_i_teach_at_two(client, other_teacher):
    first = SchoolFactory(name="A School", teachers=[other_teacher])
    second = SchoolFactory(name="B School", teachers=[other_teacher])
    ClassroomFactory(school=first, teachers=[other_teacher])
    ClassroomFactory(school=second, teachers=[other_teacher])
    client.force_login(other_teacher)
    form = client.get(reverse("classrooms:teacher_home")).context["form"]
    assert form["school"].value() == second.pk


def test_a_class_cannot_be_made_in_a_school_not_mine(client, other_teacher, school):
    SchoolFactory(name="Hill School", teachers=[other_teacher])
    client.force_login(other_teacher)
    response = client.post(
        reverse("classrooms:teacher_home"),
        {"school": school.pk, "name": "Sneaky", "sign_in_method": "pictures"},
    )
    assert response.status_code == 400
    assert "school" in response.context["form"].errors
    assert not Classroom.objects.filter(name="Sneaky").exists()


# Adding children --------------------------------------------------------------------------


def test_lines_without_commas_read_name_year_and_gender_in_every_language():
    lines = services.parse_student_lines(
        f"王小明 {YEAR - 12} boy\n李梅 {YEAR - 11} 女\nئايگۈل {YEAR - 10} قىز\n"
        f"Mei Ling girl {YEAR - 9}\nErkin ئوغۇل\n张 伟 {YEAR - 12} 男\nMei B"
    )
    got = [(s.name, s.birth_year, s.gender) for s in lines]
    assert got == [
        ("王小明", YEAR - 12, "boy"),
        ("李梅", YEAR - 11, "girl"),
        ("ئايگۈل", YEAR - 10, "girl"),
        ("Mei Ling", YEAR - 9, "girl"),
        ("Erkin", None, "boy"),
        ("张 伟", YEAR - 12, "boy"),
        ("Mei B", None, ""),  # an initial, not a gender
    ]


def test_the_comma_format_still_reads():
    (mei,) = services.parse_student_lines(f"Mei Li, {YEAR - 12}, girl")
    assert (mei.name, mei.birth_year, mei.gender) == ("Mei Li", YEAR - 12, "girl")


def test_lines_that_cannot_be_read_get_one_message_each_and_nothing_is_saved(
    client, classroom, class_teacher
):
    client.force_login(class_teacher)
    url = reverse("classrooms:add_students", args=[classroom.pk])
    text = f"王小明 {YEAR - 12} 男\n{YEAR - 12} Mei\nAlim 1850\n{'x' * 81}\nGul, tall"
    response = client.post(url, {"names": text})
    assert response.status_code == 400
    errors = response.context["form"].errors["names"]
    assert len(errors) == 4
    assert errors[0].startswith("Line 2:") and str(YEAR - 12) in errors[0]
    assert errors[1].startswith("Line 3:") and "1850" in errors[1]
    assert errors[2].startswith("Line 4:") and "80" in errors[2]
    assert errors[3].startswith("Line 5:") and "tall" in errors[3]
    assert Student.objects.count() == 0


def test_a_nul_byte_in_the_names_is_refused_and_nothing_is_saved(client, classroom, class_teacher):
    client.force_login(class_teacher)
    url = reverse("classrooms:add_students", args=[classroom.pk])
    assert client.post(url, {"names": "Mei\x00 2013 girl"}).status_code == 400
    assert Student.objects.count() == 0


def test_a_name_already_in_the_class_is_a_warning_the_teacher_confirms(
    client, classroom, children, class_teacher
):
    client.force_login(class_teacher)
    url = reverse("classrooms:add_students", args=[classroom.pk])
    response = client.post(url, {"names": f"mei {YEAR - 12} girl\nNurgul\nNurgul"})
    assert response.status_code == 200  # a question, not a mistake
    html = response.content.decode()
    assert "“mei”" in html and "“Nurgul”" in html and "initial" in html
    assert 'type="checkbox" name="same_names_ok"' in html
    assert Student.objects.count() == 3
    response = client.post(url, {"names": "mei\nNurgul\nNurgul", "same_names_ok": "on"})
    assert response.status_code == 302
    assert Student.objects.count() == 6


# The class page ----------------------------------------------------------------------------


def test_the_children_show_on_the_class_page_before_any_module_is_assigned(
    client, classroom, children, class_teacher
):
    client.force_login(class_teacher)
    html = client.get(reverse("classrooms:class_overview", args=[classroom.pk])).content.decode()
    assert not classroom.assignments.exists()
    for child in children:
        assert child.name in html
        assert reverse("classrooms:change_child", args=[classroom.pk, child.pk]) in html
        assert reverse("classrooms:remove_child", args=[classroom.pk, child.pk]) in html


# Renaming -------------------------------------------------------------------------------------


def test_the_teacher_renames_a_child(client, classroom, children, class_teacher):
    client.force_login(class_teacher)
    url = reverse("classrooms:change_child", args=[classroom.pk, children[0].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "  Mei   W. "})
    assert response.status_code == 302
    children[0].user.refresh_from_db()
    assert children[0].name == "Mei W."


def test_renaming_to_a_name_in_the_class_asks_first(client, classroom, children, class_teacher):
    client.force_login(class_teacher)
    url = reverse("classrooms:change_child", args=[classroom.pk, children[0].pk])
    response = client.post(url, {"name": "ALIM"})
    assert response.status_code == 200 and "“ALIM”" in response.content.decode()
    assert names_in(classroom).count("Mei") == 1
    assert client.post(url, {"name": "Mei"}).status_code == 302  # their own name is no clash
    assert client.post(url, {"name": "ALIM", "same_names_ok": "on"}).status_code == 302
    assert sorted(names_in(classroom)) == sorted(["ALIM", "Alim", "阿依古丽"])


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_bad_name_is_refused_with_a_message(client, classroom, children, class_teacher, name):
    client.force_login(class_teacher)
    url = reverse("classrooms:change_child", args=[classroom.pk, children[0].pk])
    response = client.post(url, {"name": name})
    assert response.status_code == 400
    assert response.context["rename_form"].errors["name"]
    children[0].user.refresh_from_db()
    assert children[0].name == "Mei"


def test_a_nul_byte_in_a_new_name_is_refused(client, classroom, children, class_teacher):
    client.force_login(class_teacher)
    url = reverse("classrooms:change_child", args=[classroom.pk, children[0].pk])
    assert client.post(url, {"name": "M\x00ei"}).status_code == 400
    children[0].user.refresh_from_db()
    assert children[0].name == "Mei"


# Taking a child off the list ----------------------------------------------------------------


def test_taking_a_child_off_the_list_keeps_their_records(
    client, classroom, children, assignment, module_quiz, class_teacher
):
    mei = children[0]
    attempt = take_quiz(mei.user, module_quiz)
    client.force_login(class_teacher)
    url = reverse("classrooms:remove_child", args=[classroom.pk, mei.pk])
    response = client.get(url)
    assert response.status_code == 200 and "Take" in response.content.decode()
    assert "Mei" in names_in(classroom)  # asking changes nothing
    assert client.post(url).status_code == 302
    assert "Mei" not in names_in(classroom)
    assert Attempt.objects.filter(pk=attempt.pk).exists()
    assert Student.objects.filter(pk=mei.pk).exists()
    membership = Membership.objects.get(classroom=classroom, student=mei)
    assert membership.left_at is not None
    # Still counted: the class could have had them present, the school reached them.
    assert classroom.size() == 3
    # Not on the class's pages, sign-in or modules any more.
    page = reverse("classrooms:student_detail", args=[classroom.pk, mei.pk])
    assert client.get(page).status_code == 404
    assert queries.my_modules(mei.user, "en") == []
    client.logout()
    join = reverse("classrooms:join_student", args=[classroom.join_code, mei.pk])
    assert client.get(join).status_code == 404
    # A coordinator still finds them for their data.
    assert mei in queries.class_students(classroom, with_former=True)


# Moving a child --------------------------------------------------------------------------------


def test_moving_a_child_to_another_class_of_mine_at_the_same_school(
    client, classroom, children, class_teacher, school
):
    other_class = services.create_classroom(school, "Class 4C", class_teacher)
    client.force_login(class_teacher)
    url = reverse("classrooms:move_child", args=[classroom.pk, children[1].pk])
    assert client.post(url, {"to": other_class.pk}).status_code == 302
    assert names_in(other_class) == ["Alim"]
    assert "Alim" not in names_in(classroom)
    # Moved back, the same membership is used again.
    back = reverse("classrooms:move_child", args=[other_class.pk, children[1].pk])
    assert client.post(back, {"to": classroom.pk}).status_code == 302
    assert "Alim" in names_in(classroom)
    assert Membership.objects.filter(student=children[1]).count() == 2


def test_a_child_cannot_be_moved_to_a_class_that_is_not_mine_or_at_another_school(
    client, classroom, children, class_teacher, other_teacher, school
):
    elsewhere = ClassroomFactory(teachers=[class_teacher])  # mine, at another school
    not_mine = ClassroomFactory(school=school, teachers=[other_teacher])
    client.force_login(class_teacher)
    url = reverse("classrooms:move_child", args=[classroom.pk, children[1].pk])
    for target in (elsewhere.pk, not_mine.pk, classroom.pk, "nonsense", 2**63):
        response = client.post(url, {"to": target})
        assert response.status_code == 400, target
        assert response.context["move_form"].errors["to"]
    assert "Alim" in names_in(classroom)
    assert names_in(elsewhere) == [] and names_in(not_mine) == []


def test_moving_checks_the_school_in_the_service_too(classroom, children, class_teacher):
    elsewhere = ClassroomFactory(teachers=[class_teacher])
    with pytest.raises(services.ClassroomError):
        services.move_to_class(children[0], classroom, elsewhere)


# Who may -------------------------------------------------------------------------------------


def roster_posts(classroom, child, school):
    return [
        (reverse("classrooms:change_child", args=[classroom.pk, child.pk]), {"name": "Hacked"}),
        (reverse("classrooms:remove_child", args=[classroom.pk, child.pk]), {}),
        (
            reverse("classrooms:move_child", args=[classroom.pk, child.pk]),
            {"to": ClassroomFactory(school=school).pk},
        ),
    ]


def test_only_the_class_teacher_manages_the_list(
    client, classroom, children, class_teacher, other_teacher, student, school, assignment
):
    posts = roster_posts(classroom, children[0], school)
    due = reverse("classrooms:due_date", args=[classroom.pk, assignment.pk])
    posts.append((due, {"due_date": "2027-01-01"}))
    for url, data in posts:
        client.logout()
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        client.force_login(student)
        assert client.post(url, data).status_code == 403
        client.force_login(children[1].user)  # a child of this very class
        assert client.post(url, data).status_code == 403
        client.force_login(other_teacher)
        assert client.post(url, data).status_code == 404
        assert client.get(url).status_code in (404, 405)
    assert sorted(names_in(classroom)) == ["Alim", "Mei", "阿依古丽"]
    assert Assignment.objects.get().due_date is None


def test_a_child_of_another_class_is_not_found_under_this_class(
    client, classroom, children, class_teacher, school
):
    stranger_class = ClassroomFactory(school=school, teachers=[TeacherFactory()])
    (stranger,) = services.add_students(stranger_class, services.parse_student_lines("Nurgul"))
    client.force_login(class_teacher)
    for url, data in roster_posts(classroom, stranger, school):
        assert client.post(url, data).status_code == 404
    assert names_in(stranger_class) == ["Nurgul"]


# Due dates ------------------------------------------------------------------------------------


def test_assigning_again_keeps_the_due_date(classroom, class_teacher, english_module):
    services.assign_module(classroom, english_module, class_teacher, datetime.date(2026, 12, 1))
    services.assign_module(classroom, english_module, class_teacher)
    assert Assignment.objects.get().due_date == datetime.date(2026, 12, 1)


def test_assigning_again_through_the_form_keeps_the_due_date(
    client, classroom, class_teacher, english_module
):
    client.force_login(class_teacher)
    url = reverse("classrooms:assign", args=[classroom.pk])
    client.post(url, {"module": english_module.pk, "due_date": "2026-12-01"})
    client.post(url, {"module": english_module.pk, "due_date": ""})
    assert Assignment.objects.get().due_date == datetime.date(2026, 12, 1)


def test_the_teacher_changes_and_clears_a_due_date(client, classroom, class_teacher, assignment):
    client.force_login(class_teacher)
    page = client.get(reverse("classrooms:class_overview", args=[classroom.pk])).content.decode()
    url = reverse("classrooms:due_date", args=[classroom.pk, assignment.pk])
    assert url in page
    assert client.post(url, {"due_date": "2027-01-15"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.due_date == datetime.date(2027, 1, 15)
    # The "No due date" button sends an empty value after the date.
    response = client.post(url, {"due_date": ["2027-01-15", ""]})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.due_date is None
    bad = client.post(url, {"due_date": "2027-02-30"})
    assert bad.status_code == 400
    assignment.refresh_from_db()
    assert assignment.due_date is None


def test_a_due_date_of_another_class_is_not_found(
    client, classroom, class_teacher, english_module, school
):
    other = ClassroomFactory(school=school)
    foreign = services.assign_module(other, english_module, other.teachers.get())
    client.force_login(class_teacher)
    url = reverse("classrooms:due_date", args=[classroom.pk, foreign.pk])
    assert client.post(url, {"due_date": "2027-01-15"}).status_code == 404
