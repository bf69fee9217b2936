from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key, "")


@register.filter
def index(sequence, position):
    return sequence[position]


@register.simple_tag
def teacher_classrooms(user):
    """The classes a signed-in teacher teaches, for the "record as taught" form."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(user.taught_classrooms.order_by("name"))
