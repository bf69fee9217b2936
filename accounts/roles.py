"""Role checks, expressed as permissions so that groups stay the one source of truth."""

TEACHER_NOTES_PERMISSION = "accounts.view_teacher_notes"


def can_see_teacher_notes(user):
    """Teachers and curriculum staff see teacher notes; children and visitors never do."""
    return bool(user and user.is_authenticated and user.has_perm(TEACHER_NOTES_PERMISSION))


QUIZ_STATISTICS_PERMISSION = "accounts.view_quiz_statistics"


def can_see_quiz_statistics(user):
    """Curriculum editors and moderators: results of every class, so not translators."""
    return bool(user and user.is_authenticated and user.has_perm(QUIZ_STATISTICS_PERMISSION))


LEARNER_PERMISSION = "accounts.keep_learning_records"


def is_learner(user):
    """Children in classes: their quiz attempts and progress are kept.

    The one rule for whose learning records are kept, for quiz attempts and
    lesson progress alike: the Learners group's permission, not a class's
    Student row (a child added to a class is given both).

    Staff who can see teacher notes are never learners, even a superuser who
    has every permission, so their trying out a quiz never counts.
    """
    return bool(
        user
        and user.is_authenticated
        and user.has_perm(LEARNER_PERMISSION)
        and not user.has_perm(TEACHER_NOTES_PERMISSION)
    )


LEARNER_HEADER = "X-Lifeskills-Learner"


def learner_matches(request):
    """Whether work a device saved offline belongs to whoever is signed in now.

    A device names the child who did the work; on a shared phone another child
    may have signed in since, and that child must not receive it. A request
    that names no one (an ordinary form) always matches.
    """
    named = request.headers.get(LEARNER_HEADER)
    return named is None or (request.user.is_authenticated and named == str(request.user.pk))
