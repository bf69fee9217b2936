from django.db import migrations


def restore_unique_progress(apps, schema_editor):
    """Put back the unique (learner, lesson_key) and its index where 0005 lost them.

    On SQLite, renaming ``student`` to ``learner`` in 0005 rebuilt the table
    from Django's record of it, which at that moment had neither: the
    constraint and the index were gone from the database while the record
    still named them. PostgreSQL renamed the column in place and kept both, so
    there this does nothing. Opening a lesson is recorded by an upsert on this
    constraint, which needs it to exist. Duplicate rows the missing constraint
    let in (two pages opened at once) are merged into the oldest first.
    """
    LessonProgress = apps.get_model("classrooms", "LessonProgress")
    table = LessonProgress._meta.db_table
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        existing = connection.introspection.get_constraints(cursor, table)
    names = set(existing)
    if "classrooms_progress_unique" not in names:
        seen = {}
        for row in LessonProgress.objects.order_by("pk"):
            key = (row.learner_id, row.lesson_key)
            first = seen.get(key)
            if first is None:
                seen[key] = row
                continue
            first.last_opened_at = max(first.last_opened_at, row.last_opened_at)
            first.completed_at = first.completed_at or row.completed_at
            first.seconds += row.seconds
            first.save(update_fields=["last_opened_at", "completed_at", "seconds"])
            row.delete()
        for constraint in LessonProgress._meta.constraints:
            schema_editor.add_constraint(LessonProgress, constraint)
    # SQLite adds a constraint by rebuilding the table, which may bring the index back.
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, table))
    if "classrooms__student_ef6632_idx" not in names:
        for index in LessonProgress._meta.indexes:
            schema_editor.add_index(LessonProgress, index)


class Migration(migrations.Migration):
    dependencies = [("classrooms", "0007_membership_left_at")]

    operations = [migrations.RunPython(restore_unique_progress, migrations.RunPython.noop)]
