from django.urls import path

from . import staff_views, views

app_name = "classrooms"

urlpatterns = [
    path("teach/", views.teacher_home, name="teacher_home"),
    path("teach/classes/<int:pk>/", views.class_overview, name="class_overview"),
    path("teach/classes/<int:pk>/assign/", views.assign, name="assign"),
    path("teach/classes/<int:pk>/ends/", views.class_ends, name="class_ends"),
    path("teach/classes/<int:pk>/language/", views.class_language, name="class_language"),
    path("teach/classes/<int:pk>/students/add/", views.add_students, name="add_students"),
    path(
        "teach/classes/<int:pk>/assignments/<int:assignment_pk>/due/",
        views.due_date,
        name="due_date",
    ),
    path(
        "teach/classes/<int:pk>/students/<int:student_pk>/change/",
        views.change_child,
        name="change_child",
    ),
    path(
        "teach/classes/<int:pk>/students/<int:student_pk>/move/",
        views.move_child,
        name="move_child",
    ),
    path(
        "teach/classes/<int:pk>/students/<int:student_pk>/remove/",
        views.remove_child,
        name="remove_child",
    ),
    path("teach/classes/<int:pk>/cards/", views.sign_in_cards, name="sign_in_cards"),
    path("teach/classes/<int:pk>/deliveries/", views.deliveries, name="deliveries"),
    path("teach/taught/", views.record_taught, name="record_taught"),
    path(
        "teach/classes/<int:pk>/modules/<uuid:module_key>/",
        views.module_detail,
        name="module_detail",
    ),
    path(
        "teach/classes/<int:pk>/students/<int:student_pk>/",
        views.student_detail,
        name="student_detail",
    ),
    path(
        "teach/classes/<int:pk>/students/<int:student_pk>/reset/",
        views.reset_sign_in,
        name="reset_sign_in",
    ),
    path(
        "teach/classes/<int:pk>/students/<int:student_pk>/data.json",
        views.child_data,
        name="child_data",
    ),
    path(
        "teach/classes/<int:pk>/students/<int:student_pk>/delete/",
        views.delete_child,
        name="delete_child",
    ),
    path(
        "teach/classes/<int:pk>/students/<int:student_pk>/attempts/<uuid:client_id>/",
        views.student_attempt,
        name="student_attempt",
    ),
    path(
        "teach/classes/<int:pk>/students/<int:student_pk>/quizzes/<uuid:quiz_key>/extra-attempt/",
        views.extra_attempt,
        name="extra_attempt",
    ),
    path("teach/staff/", staff_views.staff_passwords, name="staff_passwords"),
    path(
        "teach/staff/<int:pk>/reset/",
        staff_views.reset_staff_password,
        name="reset_staff_password",
    ),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_class, name="join_class"),
    path("join/<str:code>/<int:student_pk>/", views.join_student, name="join_student"),
    path("my/", views.my_modules, name="my_modules"),
    path("progress/lessons/<int:page_id>/done/", views.complete_lesson, name="complete_lesson"),
    path("progress/lessons/<int:page_id>/sync/", views.sync_lesson, name="sync_lesson"),
    path("my/lessons/<int:page_id>/finished/", views.lesson_finished, name="lesson_finished"),
]
