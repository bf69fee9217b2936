"""Who may see what in the teacher, learner and coordinator areas."""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from curriculum.editorial import TEACHERS

from .models import Classroom, School, Student


def is_student(user):
    return bool(user and user.is_authenticated and Student.objects.filter(user=user).exists())


def is_teacher(user):
    if not (user and user.is_authenticated):
        return False
    # One query: every page's navigation asks this for a signed-in user.
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(Q(groups__name=TEACHERS) | Q(taught_classrooms__isnull=False))
        .exists()
    )


def is_coordinator(user):
    if not (user and user.is_authenticated):
        return False
    return user.is_superuser or user.coordinated_schools.exists()


def taught_classroom(user, pk):
    """The class with this id if the user teaches it; 404 otherwise, so ids reveal nothing."""
    return get_object_or_404(Classroom.objects.select_related("school"), pk=pk, teachers=user)


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
