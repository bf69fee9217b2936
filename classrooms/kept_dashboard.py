"""The class dashboard, kept rendered until something it shows changes.

Teachers keep their class's dashboard open and reload it every few seconds
while the children work; rendering it costs a dozen queries and a grid of
hundreds of cells, though between two reloads little in it has changed. So
its body (everything inside ``<main>`` but the messages) is kept rendered in
two parts, each a ``Frame`` (``lifeskills.platform.kept_parts``):

- the progress (the needs-help list and the grid), the same for every
  teacher of the class, per class and language. It changes with every
  child's progress, and is the only part rendered again when it does;
- the page around it (header, class list, forms), per class, teacher and
  language, with a slot for the form token. The teacher is part of the key
  because the page offers her own other classes to move a child to.

The site around the body (navigation, messages, the token) is rendered on
each request.

A kept part is used only while the versions it was rendered under, kept in
the cache, are still the current ones (the progress: the class's and each
child's; the page: the class's and the school's):

- each child's version, started again by her own events: a lesson opened
  for the first time or finished, a quiz attempt, an extra attempt, a new
  name, a new sign-in card. Her events come from her own requests,
  thousands of them in a period: telling her version costs no query (a
  dashboard knows its children, a child's event does not look up her classes);
- the class's version, started again when its list of children changes
  (children added, renamed, taken off, moved or deleted), a module is
  assigned, taken off or given a due date, a lesson is recorded as taught;
- the school's version, started again when any class of the school is
  created, changed (its name, code, end date, language) or deleted, when a
  class's teachers change, and when the school is renamed: the header shows
  the school's name and the move-to list the teacher's other classes there.

Both live under the content generation too (``kept``), so publishing retires
them with every other kept page. Each version is started again twice: at
once, so that the request that made the change sees it, and after the
commit, so that a part rendered meanwhile from the data before the commit
is not used.
A version missing from the cache is started afresh (a random value, never a
counter, so no older copy can match it).

Parts are kept only with a cache every app server shares (``PAGE_CACHE_SECONDS``
is then set, see settings): a per-process cache would not hear of the changes
made in the other processes. The cache is a help, never a need: when it
cannot be read or written the dashboard is rendered as before.
"""

import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from lifeskills.platform.kept_parts import KEPT_SECONDS, Frame, kept, slot

from .models import Membership

logger = logging.getLogger(__name__)

BODY_TEMPLATE = "classrooms/includes/class_overview_body.html"
PROGRESS_TEMPLATE = "classrooms/includes/class_progress.html"
TOKEN = "csrf_token"
PROGRESS = "progress"


def _class_key(classroom_id):
    return f"lifeskills:class-version:{classroom_id}"


def _school_key(school_id):
    return f"lifeskills:school-version:{school_id}"


def _learner_key(learner_id):
    return f"lifeskills:learner-version:{learner_id}"


def _enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _start_again(keys):
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, KEPT_SECONDS)
    except Exception as error:  # a version not started again: bodies live out their time
        logger.warning("Kept dashboards cannot be retired (%r).", error)


def _retire(keys):
    keys = list(keys)
    if not keys:
        return
    _start_again(keys)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _start_again(keys))


def classes_changed(classroom_ids: Iterable[int]) -> None:
    """Something the dashboards of these classes show has changed."""
    _retire(_class_key(pk) for pk in set(classroom_ids))


def school_changed(school_id: int) -> None:
    """A class of this school, its teachers or the school itself changed."""
    _retire([_school_key(school_id)])


def learner_changed(learner_id: int) -> None:
    """Something of this child's that dashboards show changed (progress, an attempt, her name).

    No query: her own version is started again, and each dashboard compares
    the versions of its children with those it was rendered under. Children's
    events come by the thousand, from the children's own requests.
    """
    _retire([_learner_key(learner_id)])


def _current(keys):
    """{key: version} for ``keys``, each started if missing; None if the cache cannot say."""
    try:
        found = cache.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            for key in missing:
                cache.add(key, uuid.uuid4().hex, KEPT_SECONDS)
            found = cache.get_many(keys)
    except Exception as error:  # any cache failure means: render
        logger.warning("Kept dashboards cannot be read (%r): rendering.", error)
        return None
    if any(key not in found for key in keys):
        return None  # the cache keeps nothing just now
    return found


def _still_current(versions):
    """Whether every version a kept body was rendered under is still the current one."""
    if versions is None:
        return False
    try:
        found = cache.get_many(list(versions))
    except Exception as error:  # any cache failure means: render
        logger.warning("Kept dashboards cannot be read (%r): rendering.", error)
        return False
    return found == versions


def _children_versions(classroom):
    """{key: version} of the children on the class list; None if the cache cannot say."""
    ids = Membership.objects.current().filter(classroom=classroom)
    ids = list(ids.values_list("student__user_id", flat=True))
    return _current([_learner_key(pk) for pk in ids]) if ids else {}


def _render(request, template, context):
    """The template rendered from a blank request, cut at its slots."""
    blank = HttpRequest()
    blank.path = blank.path_info = request.path
    return Frame(render_to_string(template, context, request=blank))


def body(request, classroom, page_context, progress_context):
    """The dashboard's body for this request, from kept parts; None: render it whole.

    Two parts are kept. The page (header, class list, forms) per class,
    teacher and language, under the class's and the school's versions; its
    forms' token is a slot. The progress (the needs-help list and the grid),
    the same for every teacher of the class, per class and language, under
    the class's version and each child's: a child's event renders only this
    part again. ``page_context`` and ``progress_context`` make each part's
    context (the queries); they are called only for a part not kept. Parts
    are rendered from a blank request, so nothing of the request that
    happened to render them first can be kept.
    """
    if not _enabled():
        return None
    language = get_language()
    page_name = f"class-overview:{classroom.pk}:{request.user.pk}:{language}"
    progress_name = f"class-progress:{classroom.pk}:{language}"

    def build(missing):
        # Each version is read before what it guards: the class's before its
        # list of children, the children's before their progress. A change
        # committed while a part renders leaves it out of date, never kept as new.
        versions = _current([_class_key(classroom.pk), _school_key(classroom.school_id)])
        built = {}
        if progress_name in missing:
            learners = _children_versions(classroom)
            kept_under = None
            if versions is not None and learners is not None:
                kept_under = {_class_key(classroom.pk): versions[_class_key(classroom.pk)]}
                kept_under.update(learners)
            frame = _render(request, PROGRESS_TEMPLATE, progress_context())
            html = frame.fill({}) if not frame.slots else None
            built[progress_name] = {"versions": kept_under, "html": html}
        if page_name in missing:
            context = page_context()
            context.update(progress=slot(PROGRESS), csrf_token=slot(TOKEN))
            frame = _render(request, BODY_TEMPLATE, context)
            if set(frame.slots) - {TOKEN, PROGRESS} or frame.slots.count(PROGRESS) != 1:
                frame = None  # not cut as expected: rendered whole
            built[page_name] = {"versions": versions, "frame": frame}
        return built

    # Without its versions a part is used this once and never again.
    parts = kept(
        [page_name, progress_name], build, fresh=lambda part: _still_current(part["versions"])
    )
    frame, progress = parts[page_name]["frame"], parts[progress_name]["html"]
    if frame is None or progress is None:
        return None
    return frame.fill({TOKEN: get_token(request), PROGRESS: mark_safe(progress)})  # noqa: S308


def connect_signals():
    """Retire dashboards on every save or deletion of what they show, however it is made.

    Model signals rather than calls in the services, so that the admin, the
    management commands and the cascades of a deletion count too (a child's
    name is her account's, changed in the class list or the admin). Writes
    made by a queryset's ``update()`` send none: the services that make them
    say so themselves (``classes_changed``, ``learner_changed``).
    """
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from quizzes.models import ExtraAttempt

    from .models import Assignment, Classroom, LessonDelivery, School

    def of_class(sender, instance, raw=False, **kwargs):
        classes_changed([instance.classroom_id])

    def of_learner(sender, instance, raw=False, **kwargs):
        learner_changed(instance.learner_id)

    def class_itself(sender, instance, raw=False, **kwargs):
        classes_changed([instance.pk])
        school_changed(instance.school_id)

    def school_itself(sender, instance, raw=False, **kwargs):
        school_changed(instance.pk)

    def named(sender, instance, update_fields=None, raw=False, **kwargs):
        # A child's name is in her row of each grid and in each class list.
        # Signing in saves the last sign-in alone: nothing shown.
        if update_fields is not None and "display_name" not in update_fields:
            return
        learner_changed(instance.pk)
        classes_changed(
            Membership.objects.filter(student__user_id=instance.pk).values_list(
                "classroom_id", flat=True
            )
        )

    def teachers(sender, instance, action, reverse, pk_set, **kwargs):
        if not action.startswith("post_"):
            return
        if reverse:
            # A teacher's classes changed. Cleared, she teaches none any more,
            # so no dashboard of hers is shown again.
            schools = Classroom.objects.filter(pk__in=pk_set or ()).values_list(
                "school_id", flat=True
            )
            for school_id in set(schools):
                school_changed(school_id)
        else:
            school_changed(instance.school_id)

    for model, receiver in [
        (Membership, of_class),
        (Assignment, of_class),
        (LessonDelivery, of_class),
        (ExtraAttempt, of_learner),
        (Classroom, class_itself),
        (School, school_itself),
    ]:
        uid = f"kept-dashboard-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
    post_save.connect(
        named, sender=get_user_model(), weak=False, dispatch_uid="kept-dashboard-user-save"
    )
    m2m_changed.connect(
        teachers,
        sender=Classroom.teachers.through,
        weak=False,
        dispatch_uid="kept-dashboard-teachers",
    )
