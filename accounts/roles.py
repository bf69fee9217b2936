"""Roles: the groups people belong to, and the permissions those groups hold.

Every group name and every permission of this app is written here once. Other
apps import the names (the editorial set-up gives the groups their
permissions; views check them), so a renamed group or permission cannot leave
a copy behind. Role checks are permissions, so that groups stay the one
source of truth: no flag on a user decides what they may do.
"""

from typing import NamedTuple

# Groups ------------------------------------------------------------------------

EDITORS = "Editors"
MODERATORS = "Moderators"
TRANSLATORS = "Translators"
TRANSLATION_REVIEWERS = "Translation reviewers"
TEACHERS = "Teachers"
# Local child-protection experts: they read every module and mark it checked.
CHILD_PROTECTION_REVIEWERS = "Child-protection reviewers"
LEARNERS = "Learners"


# Permissions -------------------------------------------------------------------


class PermissionName(NamedTuple):
    """A permission as Django stores it (app label, codename) and as it is checked."""

    app_label: str
    codename: str

    @property
    def perm(self) -> str:
        """The name ``user.has_perm()`` takes: ``"app_label.codename"``."""
        return f"{self.app_label}.{self.codename}"


# Wagtail's and wagtail-localize's, which staff roles are given.
ADMIN_ACCESS = PermissionName("wagtailadmin", "access_admin")
SUBMIT_TRANSLATION = PermissionName("wagtail_localize", "submit_translation")

TEACHER_NOTES = PermissionName("accounts", "view_teacher_notes")
# Results of every class in the programme.
QUIZ_STATISTICS = PermissionName("accounts", "view_quiz_statistics")
KEEP_LEARNING_RECORDS = PermissionName("accounts", "keep_learning_records")

TEACHER_NOTES_PERMISSION = TEACHER_NOTES.perm
QUIZ_STATISTICS_PERMISSION = QUIZ_STATISTICS.perm
LEARNER_PERMISSION = KEEP_LEARNING_RECORDS.perm


# A child's kind is decided once, when she signs in with her class (the sign-in
# names the backend that loads her, and the session keeps it); the backend
# marks the user it loads, so her pages ask no permission queries. Children are
# never given staff permissions, and the sign-in checks that too.
_SIGNED_IN_CHILD = "_lifeskills_signed_in_child"


def mark_signed_in_child(user):
    """Record on this request's user object that the session is a child's class sign-in."""
    setattr(user, _SIGNED_IN_CHILD, True)
    return user


def is_signed_in_child(user):
    """Whether the user was loaded as a child signed in with her class (no query)."""
    return bool(user is not None and getattr(user, _SIGNED_IN_CHILD, False))


# What classrooms.permissions found of a staff member's areas (class teacher,
# school coordinator), kept on the user object for the rest of the request.
ROLES_ON_USER = "_lifeskills_roles"

VISITOR = "visitor"
CHILD = "child"
TEACHER = "teacher"
COORDINATOR = "coordinator"
EDITOR = "editor"
ADMIN = "admin"
# Signed in, but what the request has loaded does not tell which kind.
SIGNED_IN = "signed-in"
STAFF_KINDS = frozenset({TEACHER, COORDINATOR, EDITOR, ADMIN})


def known_kind(user):
    """What kind of person this is, from what the request already loaded: never a query.

    For logs and error reports, which must not cost a child's page a query.
    A child's class sign-in marks her; a staff member's kind is known once a
    view has asked for their areas or permissions, else ``SIGNED_IN``.
    """
    if user is None or not user.is_authenticated:
        return VISITOR
    if is_signed_in_child(user):
        return CHILD
    if user.is_superuser:
        return ADMIN
    roles = getattr(user, ROLES_ON_USER, None) or {}
    if roles.get("coordinates"):
        return COORDINATOR
    if roles.get("teacher_group") or roles.get("teaches"):
        return TEACHER
    if roles.get("is_student"):
        return CHILD
    if ADMIN_ACCESS.perm in (getattr(user, "_perm_cache", None) or ()):
        return EDITOR
    return SIGNED_IN


def can_see_teacher_notes(user):
    """Teachers and curriculum staff see teacher notes; children and visitors never do."""
    if is_signed_in_child(user):
        return False
    return bool(user and user.is_authenticated and user.has_perm(TEACHER_NOTES_PERMISSION))


def can_see_quiz_statistics(user):
    """Curriculum editors and moderators: results of every class, so not translators."""
    if is_signed_in_child(user):
        return False
    return bool(user and user.is_authenticated and user.has_perm(QUIZ_STATISTICS_PERMISSION))


def is_learner(user):
    """Children in classes: their quiz attempts and progress are kept.

    The one rule for whose learning records are kept, for quiz attempts and
    lesson progress alike: the Learners group's permission, not a class's
    Student row (a child added to a class is given both).

    Staff who can see teacher notes are never learners, even a superuser who
    has every permission, so their trying out a quiz never counts.
    """
    if is_signed_in_child(user):
        return True
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


# Staff roles an operator gives in the people spreadsheet (manage.py import_people).
# A teacher is in TEACHERS and teaches at schools; a coordinator coordinates
# schools (no group); an editor is in EDITORS.
TEACHER_ROLE = "teacher"
COORDINATOR_ROLE = "coordinator"
EDITOR_ROLE = "editor"
STAFF_ROLES = (TEACHER_ROLE, COORDINATOR_ROLE, EDITOR_ROLE)
ROLE_GROUPS = {TEACHER_ROLE: TEACHERS, EDITOR_ROLE: EDITORS}
