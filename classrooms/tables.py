"""Declared tables of the teacher area: one definition gives a page's columns and its CSV.

A teacher reads a table on the page and downloads the same table as CSV. Each
table is declared once here, as a list of Columns: a header, how to read a
row's value for the CSV, and whether the column is shown on the page, in the
CSV or both. Templates take their column headers from ``page_headers``, views
take the download from ``csv_response``, so a column added or renamed changes
both. Page cells keep their markup (links, dates in the reader's format) in
the templates; the CSV gets plain values, spreadsheet-safe (exports.csv_response).

Wagtail's SpreadsheetExportMixin was weighed and not used: it is a mixin for
class-based admin list views (it exports a view's queryset, column by field
name, and writes its own CSV/XLSX bytes), while these are function views
over computed rows whose downloads must keep their exact bytes. tablib would
add a dependency for what a list of columns and ``csv.writer`` already do.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import queries
from .exports import csv_response, minutes


@dataclass(frozen=True)
class Column:
    """One column: its header, how a row gives its CSV value, and where it appears."""

    header: Any  # a string, or a lazy translation resolved when written
    value: Callable[[Any], Any] = lambda row: ""
    page: bool = True
    csv: bool = True


@dataclass
class Table:
    """Rows under declared columns, shown on a page and downloaded as a CSV file."""

    columns: list[Column]
    rows: Iterable[Any]
    filename: str

    @property
    def page_headers(self) -> list[str]:
        return [str(c.header) for c in self.columns if c.page]

    @property
    def csv_headers(self) -> list[Any]:
        return [c.header for c in self.columns if c.csv]

    def csv_rows(self) -> list[list[Any]]:
        chosen = [c for c in self.columns if c.csv]
        return [[c.value(row) for c in chosen] for row in self.rows]

    def csv_response(self):
        return csv_response(self.filename, self.csv_headers, self.csv_rows())


def _state_label(state):
    return str(queries.STATE_LABELS[state])


def class_overview(classroom, overview) -> Table:
    """A row per child: on the page one cell per module, in the CSV three values."""
    columns = [
        Column(_("Child"), page=True, csv=False),
        Column(_("Name"), lambda row: row[0].name, page=False),
    ]
    for index, assignment in enumerate(overview.assignments):
        title = overview.outlines[assignment.module_key].module.title
        columns += [
            Column(title, csv=False),
            Column(
                f"{title}: {gettext('state')}",
                lambda row, i=index: _state_label(row[1][i].state),
                page=False,
            ),
            Column(
                f"{title}: {gettext('steps done')}",
                lambda row, i=index: f"{row[1][i].done}/{row[1][i].steps}",
                page=False,
            ),
            Column(
                f"{title}: {gettext('best score')}",
                lambda row, i=index: row[1][i].best_score,
                page=False,
            ),
        ]
    return Table(columns, overview.rows, f"class-{classroom.pk}-overview.csv")


@dataclass
class StepRow:
    """A lesson or a quiz attempt of one child, as a line of their download."""

    module: str
    kind: Any
    title: str
    opened: Any
    finished: Any
    score: Any
    minutes: Any
    language: str = ""


def _student_steps(modules):
    for module in modules:
        module_title = module.outline.module.title
        for lesson, progress in module.lessons:
            yield StepRow(
                module_title,
                _("Lesson"),
                lesson.title,
                progress and progress.first_opened_at.date(),
                progress and progress.completed_at and progress.completed_at.date(),
                "",
                progress and minutes(progress.seconds),
            )
        for attempt in module.attempts:
            yield StepRow(
                module_title,
                _("Quiz"),
                module.outline.quiz.title if module.outline.quiz else "",
                attempt.started_at.date(),
                attempt.submitted_at.date(),
                attempt.score,
                "",
                attempt.language,
            )


def student_detail(classroom, student, modules) -> Table:
    """One child's lessons and attempts. The page shows each module's lessons in its
    own table, under the page columns; the CSV lists lessons and attempts alike."""
    columns = [
        Column(_("Module"), lambda r: r.module, page=False),
        Column(_("Kind"), lambda r: r.kind, page=False),
        Column(_("Lesson"), csv=False),
        Column(_("Title"), lambda r: r.title, page=False),
        Column(_("Opened"), lambda r: r.opened),
        Column(_("Finished"), lambda r: r.finished),
        Column(_("Score"), lambda r: r.score, page=False),
        Column(_("Minutes"), lambda r: r.minutes),
        Column(_("Language"), lambda r: r.language, page=False),
    ]
    return Table(
        columns,
        list(_student_steps(modules)),
        f"class-{classroom.pk}-student-{student.pk}.csv",
    )


def difficult_questions(classroom, questions) -> Table:
    """Per quiz question, who has not answered it right yet. A list on the page."""
    columns = [
        Column(_("Question"), lambda q: f"{q.number}. {q.prompt}", page=False),
        Column(_("Situation"), lambda q: q.situation, page=False),
        Column(_("Pairs or steps"), lambda q: "; ".join(q.parts), page=False),
        Column(_("Answered"), lambda q: q.answered, page=False),
        Column(_("Not yet right"), lambda q: len(q.not_yet_right), page=False),
        Column(_("Learners"), lambda q: ", ".join(s.name for s in q.not_yet_right), page=False),
        Column(_("Most chosen wrong answer"), lambda q: q.wrong_answer, page=False),
        Column(_("Times"), lambda q: q.wrong_count or "", page=False),
    ]
    return Table(columns, questions, f"class-{classroom.pk}-difficult-questions.csv")


def _last_activity(learner):
    moment = learner.cell.last_activity
    return moment and timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def module_learners(classroom, outline, learners) -> Table:
    """A row per child for one module: the page shows progress as one cell."""
    lessons = len(outline.lessons)
    columns = [
        Column(_("Child"), csv=False),
        Column(_("Name"), lambda r: r.student.name, page=False),
        Column(_("Progress"), csv=False),
        Column(_("State"), lambda r: _state_label(r.cell.state), page=False),
        Column(_("Lessons done"), lambda r: f"{r.cell.lessons_done}/{lessons}", page=False),
        Column(
            _("Quiz passed"),
            lambda r: gettext("yes") if r.cell.quiz_passed else gettext("no"),
            page=False,
        ),
        Column(_("Best score"), lambda r: r.cell.best_score),
        Column(_("Attempts"), lambda r: r.cell.attempts),
        Column(_("Minutes"), lambda r: minutes(r.seconds)),
        Column(_("Last activity"), _last_activity),
    ]
    return Table(columns, learners, f"class-{classroom.pk}-module.csv")


def deliveries(classroom, recorded) -> Table:
    """The lessons a class was taught; the teacher's notes are in the CSV only."""
    columns = [
        Column(_("Date"), lambda d: d.delivered_on),
        Column(_("Lesson"), lambda d: d.lesson.title if d.lesson else ""),
        Column(_("Children present"), lambda d: d.children_present),
        Column(_("Girls"), lambda d: d.girls_present),
        Column(_("Boys"), lambda d: d.boys_present),
        Column(_("Notes"), lambda d: d.notes, page=False),
    ]
    return Table(columns, recorded, f"class-{classroom.pk}-lessons-delivered.csv")
