from django.db import migrations


def count_what_children_did(apps, schema_editor):
    # A programme upgraded to running totals has children's lessons and attempts
    # already: without this its report would read zeros until an operator ran
    # `manage.py verify_totals --repair`, which does the same (and mends an
    # interrupted run). It is written by the code that keeps the totals; a
    # database with no lessons or attempts yet has nothing to count.
    from classrooms.totals import verify

    LessonProgress = apps.get_model("classrooms", "LessonProgress")
    Attempt = apps.get_model("quizzes", "Attempt")
    if LessonProgress.objects.exists() or Attempt.objects.exists():
        verify(repair=True)


class Migration(migrations.Migration):
    dependencies = [
        ("classrooms", "0009_module_totals"),
        ("quizzes", "0005_question_totals"),
    ]

    operations = [
        migrations.RunPython(count_what_children_did, migrations.RunPython.noop, elidable=True),
    ]
