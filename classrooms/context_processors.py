from django.utils.functional import SimpleLazyObject

from .permissions import is_coordinator, is_student, is_teacher


def roles(request):
    """Which areas the signed-in person has, for the site navigation. Looked up only if used."""
    user = getattr(request, "user", None)
    return {
        "is_student": SimpleLazyObject(lambda: is_student(user)),
        "is_teacher": SimpleLazyObject(lambda: is_teacher(user)),
        "is_coordinator": SimpleLazyObject(lambda: is_coordinator(user)),
    }
