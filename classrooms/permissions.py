"""Who may see what in the teacher, learner and coordinator areas."""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from accounts.roles import LEARNERS, ROLES_ON_USER, TEACHERS, is_signed_in_child

from .models import Classroom, School, Student


def _roles(user):
    """What areas a signed-in person has, in one query, remembered for the request.

    Every page's navigation asks all three questions and the teacher and
    coordinator views ask one of them again: the answer is kept on the user
    object, which lives as long as the request.
    """
    if not (user and user.is_authenticated):
        return {}
    if is_signed_in_child(user):
        # Decided when she signed in with her class (classrooms.backends).
        return {"is_student": True}
    roles = getattr(user, ROLES_ON_USER, None)
    if roles is None:
        User = get_user_model()
        mine = OuterRef("pk")
        roles = (
            User.objects.filter(pk=user.pk)
            .values(
                is_student=Exists(Student.objects.filter(user=mine)),
                teacher_group=Exists(
                    User.groups.through.objects.filter(user=mine, group__name=TEACHERS)
                ),
                teaches=Exists(Classroom.teachers.through.objects.filter(user=mine)),
                coordinates=Exists(School.coordinators.through.objects.filter(user=mine)),
            )
            .first()
        ) or {}
        setattr(user, ROLES_ON_USER, roles)
    return roles


def is_student(user):
    return bool(_roles(user).get("is_student"))


def is_teacher(user):
    roles = _roles(user)
    return bool(roles.get("teacher_group") or roles.get("teaches"))


def is_coordinator(user):
    if not (user and user.is_authenticated):
        return False
    return user.is_superuser or bool(_roles(user).get("coordinates"))


def taught_classroom(user, pk):
    """The class with this id if the user teaches it; 404 otherwise, so ids reveal nothing."""
    return get_object_or_404(Classroom.objects.select_related("school"), pk=pk, teachers=user)


def child_in_care(user, pk, student_pk):
    """(class, child) if the user teaches the class or coordinates its school; 404 otherwise.

    For a child's data (download, deletion): the people answerable for it.
    """
    scope = Q(teachers=user)
    if user.is_superuser:
        scope = Q()
    elif _roles(user).get("coordinates"):
        scope |= Q(school__coordinators=user)
    classroom = get_object_or_404(
        Classroom.objects.filter(scope).select_related("school").distinct(), pk=pk
    )
    student = get_object_or_404(
        Student.objects.select_related("user"), pk=student_pk, memberships__classroom=classroom
    )
    return classroom, student


def coordinated_schools(user):
    if user.is_superuser:
        return School.objects.all()
    return user.coordinated_schools.all()


def _role_required(has_role):
    """A view decorator: sign in first, then only people with the role; others get a 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


teacher_required = _role_required(is_teacher)
coordinator_required = _role_required(is_coordinator)
teacher_or_coordinator_required = _role_required(lambda u: is_teacher(u) or is_coordinator(u))


def resettable_staff(user):
    """Accounts whose password this person may reset on their behalf.

    An operator (superuser): anyone but children and themselves. A coordinator:
    the teachers of the schools they coordinate who are nothing more than
    teachers, since a new first password hands the account over for a moment,
    and an editor's or another coordinator's account is not theirs to take.
    Children are never here: their teachers give them new picture cards.
    """
    User = get_user_model()
    staff = (
        User.objects.exclude(pk=user.pk)
        .exclude(groups__name=LEARNERS)
        .exclude(pk__in=Student.objects.values("user_id"))
    )
    if user.is_superuser:
        return staff
    return (
        staff.filter(
            pk__in=School.teachers.through.objects.filter(school__coordinators=user).values(
                "user_id"
            )
        )
        .exclude(is_superuser=True)
        .exclude(is_staff=True)
        .exclude(pk__in=User.groups.through.objects.exclude(group__name=TEACHERS).values("user_id"))
        .exclude(pk__in=User.user_permissions.through.objects.values("user_id"))
        .exclude(pk__in=School.coordinators.through.objects.values("user_id"))
    )
