"""What the cache keeps for one child signed in with her class, and when it is dropped.

A child's pages are read far more often than anything she does changes them,
so three things of hers are kept, each under her account id:

- **Who she is** (``load_child``): the account fields and her Student row's
  id that ``backends.SignedInChildBackend`` would otherwise load on every
  request. The account's password hash is among them, so Django's session
  check (a changed password signs her out) still compares against the
  account as it was last saved. Left out: her last sign-in and the Student
  row's other fields, which change as she works or signs in; they are
  deferred, read from the database only if something asks for them.
- **Her last opening recorded** (``opening_recorded``): which lesson and
  which minute the database last recorded her opening, so a reload in the
  same minute writes nothing (``services.record_lesson_opened``).
- **Her list of modules** (``kept_list``), rendered, per language, and her
  own parts of a quiz page (her earlier attempts and how many are left,
  ``kept_own``), under the content generation (an editor's publish retires
  them) and under her own version, which any change of what they show
  deletes (``lists_changed``: an attempt, an extra attempt, progress, a
  change of class or assignment); the next reader makes them again.

Her identity is dropped when her account or her Student row is saved,
updated (``accounts.models.users_updated``) or deleted. A dropped identity is
replaced for a few seconds by a marker that refuses to be overwritten, both
at once and again when the transaction commits: a request that read the row
before the commit cannot put the old account back. Changes made outside
Django (raw SQL) are seen within ``IDENTITY_SECONDS``.

Only ``SignedInChildBackend`` reads an identity, and Django calls it only for
a session that names it, which only a child's class sign-in does
(``backends.sign_in_backend``); a teacher's session names the staff backend
and never sees a kept child. Keys are built from the integer id of the
account the server wrote into the session, and an entry names the account it
is for, which is checked on reading.

The cache is a help, never a need: when it cannot be read or written every
request loads, writes and renders as if nothing were kept. Nothing is kept
either when each process has a cache of its own (production without Redis,
where ``PAGE_CACHE_SECONDS`` is 0): a child deactivated in one process would
stay signed in in the others.
"""

import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.safestring import SafeString, mark_safe

from accounts.roles import LEARNER_PERMISSION, is_signed_in_child, mark_signed_in_child
from lifeskills.platform.page_cache import GENERATION_KEY, RELEASE, _fresh_generation

from .models import Membership, Student

logger = logging.getLogger(__name__)

FORMAT = 1
IDENTITY_SECONDS = 5 * 60
# Longer than any request takes between reading an account and keeping it.
DROPPED_SECONDS = 10
DROPPED = "dropped"
# An opening is skipped only in the minute the marker names; this only clears it away.
OPENING_SECONDS = 2 * 60
LIST_SECONDS = 60 * 60
VERSION_SECONDS = 24 * 60 * 60

# Fields that change as a child signs in or works, and that neither her kept
# identity nor her list of modules shows: saving only these drops nothing.
USER_BOOKKEEPING = frozenset({"last_login"})
STUDENT_BOOKKEEPING = frozenset(
    {"last_activity_at", "last_lesson_key", "failed_sign_ins", "paused_until"}
)
STUDENT_KEPT = ("id", "user_id")


def _identity_key(user_id):
    return f"lifeskills:child:{FORMAT}:identity:{user_id}"


def _opening_key(user_id):
    return f"lifeskills:child:{FORMAT}:opened:{user_id}"


def _version_key(user_id):
    return f"lifeskills:child:{FORMAT}:version:{user_id}"


def _own_key(user_id, name):
    return f"lifeskills:child:{FORMAT}:own:{RELEASE}:{name}:{user_id}"


def _user_fields():
    return tuple(
        f.attname for f in get_user_model()._meta.concrete_fields if f.attname != "last_login"
    )


def _shared():
    """Whether the cache is one for every process (the switch kept pages use too)."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _on_commit_and_now(action):
    action()
    transaction.on_commit(action)


def _quietly(action, *args):
    """Call a cache operation; a cache that fails is logged, and the caller goes on."""
    try:
        return action(*args)
    except Exception as error:  # any cache failure: the database is the truth
        logger.warning("The child cache cannot be used (%r).", error)
        return None


# Who she is --------------------------------------------------------------------------


def _child_from_database(user_id):
    return (
        get_user_model()
        ._default_manager.select_related("student")
        .filter(pk=user_id, is_active=True, student__isnull=False)
        .first()
    )


def _entry(user, fields):
    return {
        "id": user.pk,
        "fields": fields,
        "user": tuple(getattr(user, name) for name in fields),
        "student": tuple(getattr(user.student, name) for name in STUDENT_KEPT),
    }


def _from_entry(entry, fields):
    User = get_user_model()
    user = User.from_db(DEFAULT_DB_ALIAS, fields, entry["user"])
    student = Student.from_db(DEFAULT_DB_ALIAS, STUDENT_KEPT, entry["student"])
    user.student = student  # both sides of the one-to-one, as select_related leaves them
    return user


def load_child(user_id):
    """The active account with this id that has a Student row, or None; kept in the cache.

    The user is marked a signed-in child with the learner's permission, as
    the backend has always given her.
    """
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    key = _identity_key(user_id)
    fields = _user_fields()
    # Without a shared cache she is loaded every time, as if just dropped.
    entry = _quietly(cache.get, key) if _shared() else DROPPED
    if (
        isinstance(entry, dict)
        and entry.get("id") == user_id
        and entry.get("fields") == fields
        and entry.get("student", (None, None))[1] == user_id
    ):
        user = _from_entry(entry, fields)
    else:
        user = _child_from_database(user_id)
        if user is None:
            return None
        if entry is None:  # never over a dropped marker, nor an older format
            _quietly(cache.add, key, _entry(user, fields), IDENTITY_SECONDS)
    user._perm_cache = {LEARNER_PERMISSION}
    return mark_signed_in_child(user)


def drop_identities(user_ids: Iterable[int]) -> None:
    """Forget who these children are: their next request loads them from the database."""
    keys = {_identity_key(int(pk)): DROPPED for pk in user_ids if pk is not None}
    if keys:
        _on_commit_and_now(lambda: _quietly(cache.set_many, keys, DROPPED_SECONDS))


# Her last opening --------------------------------------------------------------------


def opening_marker(lesson_key, now) -> str:
    """The lesson and the minute (UTC) of an opening.

    Every reader of an opening shows at most its minute (the teacher's "last
    activity", to the minute) or its day (reports; a day always begins on a
    minute), so an opening is written once a minute at most.
    """
    return f"{lesson_key}@{now:%Y-%m-%dT%H:%M}"


def opening_recorded(user_id, marker) -> bool:
    """Whether the database already holds this opening's lesson and minute as her last."""
    return _shared() and _quietly(cache.get, _opening_key(user_id)) == marker


def remember_opening(user_id, marker) -> None:
    """Her last opening, once the transaction that records it commits."""
    transaction.on_commit(
        lambda: _quietly(cache.set, _opening_key(user_id), marker, OPENING_SECONDS)
    )


def forget_openings(user_ids: Iterable[int]) -> None:
    keys = [_opening_key(pk) for pk in user_ids if pk is not None]
    if keys:
        transaction.on_commit(lambda: _quietly(cache.delete_many, keys))


# Her list of modules -----------------------------------------------------------------


def kept_list(user, language: str, render: Callable[[], str]) -> SafeString:
    """The child's list of modules as ``render`` gives it, kept until something in it changes."""
    return mark_safe(kept_own(user, f"modules:{language}", lambda: str(render())))  # noqa: S308 - rendered here


def kept_own(user, name: str, make: Callable[[], Any]) -> Any:
    """What ``make`` gives of this child (her list, her attempts at a quiz), kept under
    ``name`` until her next event changes it.

    One cache read when nothing has changed. Her version and the content
    generation are read before ``make`` runs, so a value made from rows a
    commit has since changed is kept under a version already retired.
    """
    if not (is_signed_in_child(user) and _shared()):
        return make()
    user_id = user.pk
    version_key, own_key = _version_key(user_id), _own_key(user_id, name)
    found = _quietly(cache.get_many, [GENERATION_KEY, version_key, own_key])
    if found is None:
        return make()
    generation, version = found.get(GENERATION_KEY), found.get(version_key)
    entry = found.get(own_key)
    if (
        generation is not None
        and version is not None
        and isinstance(entry, tuple)
        and entry[:3] == (user_id, generation, version)
    ):
        return entry[3]
    if version is None:
        _quietly(cache.add, version_key, secrets.token_hex(8), VERSION_SECONDS)
        version = _quietly(cache.get, version_key)
    if generation is None:
        _quietly(cache.add, GENERATION_KEY, _fresh_generation(), None)
        generation = _quietly(cache.get, GENERATION_KEY)
    value = make()
    if version is not None and generation is not None:
        _quietly(cache.set, own_key, (user_id, generation, version, value), LIST_SECONDS)
    return value


def lists_changed(user_ids: Iterable[int]) -> None:
    """These children's lists show something else now: retired when the transaction commits."""
    keys = sorted({_version_key(int(pk)) for pk in user_ids if pk is not None})
    if keys:
        transaction.on_commit(lambda: _quietly(cache.delete_many, keys))


def class_lists_changed(classroom_id) -> None:
    """Something every child on a class's list sees has changed (an assignment, its language)."""
    lists_changed(
        Membership.objects.current()
        .filter(classroom_id=classroom_id)
        .values_list("student__user_id", flat=True)
    )


# The events that drop them -----------------------------------------------------------


def _only(update_fields, bookkeeping):
    return update_fields is not None and set(update_fields) <= bookkeeping


# An account or a Student row just made has nothing kept yet: only changes drop.


def user_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if not created and not _only(update_fields, USER_BOOKKEEPING):
        drop_identities([instance.pk])


def users_updated(sender, ids, fields, **kwargs):
    if not fields <= USER_BOOKKEEPING:
        drop_identities(ids)


def user_deleted(sender, instance, **kwargs):
    drop_identities([instance.pk])
    forget_openings([instance.pk])
    lists_changed([instance.pk])


def student_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if not created and not _only(update_fields, STUDENT_BOOKKEEPING):
        drop_identities([instance.user_id])
        lists_changed([instance.user_id])


def student_deleted(sender, instance, **kwargs):
    drop_identities([instance.user_id])
    lists_changed([instance.user_id])


def progress_changed(sender, instance, update_fields=None, **kwargs):
    # When she last opened it and the time credited to it are not on her list.
    if not _only(update_fields, {"last_opened_at", "seconds"}):
        lists_changed([instance.learner_id])


def learner_changed(sender, instance, **kwargs):
    """An attempt or an extra attempt of hers, stored, changed or deleted."""
    lists_changed([instance.learner_id])


def membership_changed(sender, instance, **kwargs):
    lists_changed(Student.objects.filter(pk=instance.student_id).values_list("user_id", flat=True))


def assignment_changed(sender, instance, **kwargs):
    class_lists_changed(instance.classroom_id)


def classroom_changed(sender, instance, created=False, **kwargs):
    if not created:
        class_lists_changed(instance.pk)


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from accounts.models import users_updated as users_updated_signal
    from quizzes.models import Attempt, ExtraAttempt

    from .models import Assignment, Classroom, LessonProgress

    User = get_user_model()
    pairs = [
        (post_save, User, user_saved),
        (post_delete, User, user_deleted),
        (users_updated_signal, User, users_updated),
        (post_save, Student, student_saved),
        (post_delete, Student, student_deleted),
        (post_save, LessonProgress, progress_changed),
        (post_delete, LessonProgress, progress_changed),
        (post_save, Attempt, learner_changed),
        (post_delete, Attempt, learner_changed),
        (post_save, ExtraAttempt, learner_changed),
        (post_delete, ExtraAttempt, learner_changed),
        (post_save, Membership, membership_changed),
        (post_delete, Membership, membership_changed),
        (post_save, Assignment, assignment_changed),
        (post_delete, Assignment, assignment_changed),
        (post_save, Classroom, classroom_changed),
    ]
    for signal, model, receiver in pairs:
        signal.connect(
            receiver, sender=model, dispatch_uid=f"child-cache:{receiver.__name__}:{model.__name__}"
        )
