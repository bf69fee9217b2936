"""How many children were present at a lesson taught: from 1 to as many as the class has."""

import pytest
from django.urls import reverse

from classrooms import services
from classrooms.models import LessonDelivery


@pytest.fixture
def class_of_nine(classroom):
    names = "\n".join(f"Child {n}" for n in range(9))
    services.add_students(classroom, services.parse_student_lines(names))
    return classroom


@pytest.mark.parametrize("present", [23, 10, 0, -1, "many", ""])
def test_recording_as_taught_refuses_a_number_the_class_cannot_have(
    client, class_of_nine, class_teacher, english_lesson, present
):
    client.force_login(class_teacher)
    data = {"lesson": english_lesson.pk, "classroom": class_of_nine.pk, "children_present": present}
    response = client.post(reverse("classrooms:record_taught"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="field__error"' in html
    if present in (23, 10):
        assert "This class has 9 children on its list, so at most 9 can be present" in html
    if present == 0:
        assert "at least 1" in html
    # The class's own form, filled in, to correct the number and send again.
    assert f'value="{english_lesson.pk}" selected' in html
    assert not LessonDelivery.objects.exists()


@pytest.mark.parametrize("present", [1, 9])
def test_recording_as_taught_takes_one_to_the_whole_class(
    client, class_of_nine, class_teacher, english_lesson, present
):
    client.force_login(class_teacher)
    data = {"lesson": english_lesson.pk, "classroom": class_of_nine.pk, "children_present": present}
    response = client.post(reverse("classrooms:record_taught"), data)
    assert response.status_code == 302 and response["Location"] == english_lesson.url
    assert LessonDelivery.objects.get().children_present == present


@pytest.mark.parametrize("present", [23, 10, 0])
def test_the_deliveries_form_refuses_a_number_the_class_cannot_have(
    client, class_of_nine, class_teacher, english_lesson, present
):
    client.force_login(class_teacher)
    url = reverse("classrooms:deliveries", args=[class_of_nine.pk])
    html = client.get(url).content.decode()
    assert 'min="1"' in html and 'max="9"' in html
    data = {"lesson": english_lesson.pk, "delivered_on": "2026-11-20", "children_present": present}
    response = client.post(url, data)
    assert response.status_code == 400
    assert 'class="field__error"' in response.content.decode()
    assert not LessonDelivery.objects.exists()
    assert client.post(url, {**data, "children_present": 9}).status_code == 302
    assert LessonDelivery.objects.get().children_present == 9


def test_the_service_refuses_nobody_present(class_of_nine, class_teacher, english_lesson):
    with pytest.raises(services.ClassroomError):
        services.record_taught(class_of_nine, english_lesson, class_teacher, 0)
    assert not LessonDelivery.objects.exists()
