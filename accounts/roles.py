"""Role checks, expressed as permissions so that groups stay the one source of truth."""

TEACHER_NOTES_PERMISSION = "accounts.view_teacher_notes"


def can_see_teacher_notes(user):
    """Teachers and curriculum staff see teacher notes; children and visitors never do."""
    return bool(user and user.is_authenticated and user.has_perm(TEACHER_NOTES_PERMISSION))
