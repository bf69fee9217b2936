"""The coordinator report's two speed measures (see classrooms/reports.py) change nothing
but speed: the raw rows are the ORM's rows, and the cycle collector is left as it was."""

import gc
import uuid

import pytest
from django.db.models import Count, Min, Q
from django.utils import timezone

from classrooms import reports
from classrooms.demo import take_quiz
from quizzes.models import Attempt


def test_raw_rows_are_the_orms_rows_with_keys_as_text(children, module_quiz):
    take_quiz(children[0].user, module_quiz)
    take_quiz(children[1].user, module_quiz, wrong_kinds=("choice",))
    queryset = (
        Attempt.objects.order_by()
        .values_list("learner_id", "module_key")
        .annotate(n=Count("id"), passed=Count("id", filter=Q(passed=True)))
    )
    raw = sorted(reports._rows(queryset))
    assert raw and all(isinstance(row[1], str) for row in raw)
    # The report makes each text key a UUID once; SQLite's text has no dashes.
    as_read = sorted((u, uuid.UUID(key), n, passed) for u, key, n, passed in raw)
    assert as_read == sorted(queryset)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_left_as_it_was(school, enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        reports.programme_report([school], "en")
        assert gc.isenabled() is enabled
        with pytest.raises(TypeError):
            reports.programme_report(None, "en")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_raw_moments_are_text_beginning_with_their_day(children, module_quiz):
    take_quiz(children[0].user, module_quiz)
    queryset = Attempt.objects.order_by().values_list("learner_id").annotate(Min("submitted_at"))
    ((_learner, raw),) = reports._rows(queryset)
    ((_learner, moment),) = queryset
    assert isinstance(raw, str)
    assert reports._local_day(raw) == timezone.localtime(moment).date()
