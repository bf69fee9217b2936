"""Demo sign-ins for a newcomer's machine. Never for a real server: the passwords are public."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import (
    CHILD_PROTECTION_REVIEWERS,
    EDITORS,
    MODERATORS,
    TEACHERS,
    TRANSLATION_REVIEWERS,
    TRANSLATORS,
)

SUPERUSER = "superuser"

DEMO_ACCOUNTS = [
    # username, password, group (SUPERUSER, a group name, or None), what they do
    ("admin", "lifeskills-admin", SUPERUSER, "operator: everything in the admin"),
    ("editor", "lifeskills-editor", EDITORS, "writes lessons and sends them for review"),
    ("moderator", "lifeskills-moderator", MODERATORS, "reviews and publishes"),
    ("translator", "lifeskills-translator", TRANSLATORS, "translates modules"),
    ("reviewer", "lifeskills-reviewer", TRANSLATION_REVIEWERS, "approves translations"),
    (
        "safeguarding",
        "lifeskills-safeguarding",
        CHILD_PROTECTION_REVIEWERS,
        "child-protection reviewer: marks each module checked",
    ),
    ("teacher", "lifeskills-teacher", TEACHERS, "sees teacher notes on lessons"),
    (
        "student",
        "lifeskills-student",
        None,
        "a learner in the demo class (or sign in with code LIFE5A)",
    ),
    ("coordinator", "lifeskills-coordinator", None, "programme coordinator: reports"),
]


def ensure_demo_accounts():
    """Create the demo accounts that are missing. Existing accounts keep their passwords."""
    User = get_user_model()
    created = []
    for username, password, group_name, _role in DEMO_ACCOUNTS:
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"display_name": username.capitalize()}
        )
        if was_created:
            user.set_password(password)
            user.is_superuser = user.is_staff = group_name == SUPERUSER
            user.save()
            created.append(username)
        if group_name and group_name != SUPERUSER:
            user.groups.add(Group.objects.get(name=group_name))
    return created
