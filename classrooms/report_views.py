"""The programme coordinator's report. Thin: the figures come from reports.py."""

from django.http import Http404, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from . import queries, reports
from .exports import csv_response, wants_csv
from .permissions import coordinated_schools, coordinator_required

# The breakdowns, in page order: the ?table= name, the heading, the first column.
TABLES = {
    "schools": (gettext_lazy("By school"), gettext_lazy("School"), "by_school"),
    "modules": (gettext_lazy("By module"), gettext_lazy("Module"), "by_module"),
    "age": (gettext_lazy("By age band"), gettext_lazy("Age band"), "by_age"),
    "gender": (gettext_lazy("By gender"), gettext_lazy("Gender"), "by_gender"),
}
# Teachers record lessons delivered per class and module, never per child:
# those columns only mean something in the school and module tables.
DELIVERY_TABLES = {"schools", "modules"}


def _chosen_school(request, schools):
    """The school of ?school=, which must be one the reader may see; None for all of them."""
    value = request.GET.get("school")
    if not value:
        return None
    # A school id the reader may not see answers as if it did not exist.
    chosen = next((s for s in schools if str(s.pk) == value), None)
    if chosen is None:
        raise Http404
    return chosen


def _csv_columns(table):
    columns = [
        (_("Children reached"), lambda f: f.children_reached),
        (_("Children who opened a lesson"), lambda f: f.children_online),
        (_("Children reached only in class"), lambda f: f.children_offline),
        (_("Most children present at one lesson, per class"), lambda f: f.children_present),
    ]
    if table in DELIVERY_TABLES:
        columns += [
            (_("Girls present"), lambda f: f.girls_present),
            (_("Boys present"), lambda f: f.boys_present),
            (_("Lessons delivered"), lambda f: f.lessons_delivered),
        ]
    columns += [
        (_("Modules completed"), lambda f: f.modules_completed),
        (_("Quiz attempts"), lambda f: f.attempts),
        (_("Attempts passed"), lambda f: f.attempts_passed),
        (_("Attempts passed (%)"), lambda f: f.attempt_pass_rate),
        (_("Children who took a quiz"), lambda f: f.children_attempted),
        (_("Children who passed a quiz"), lambda f: f.children_passed),
        (_("Children who passed (%)"), lambda f: f.child_pass_rate),
    ]
    return columns


def _csv(report, table, chosen):
    _title, first_column, attribute = TABLES[table]
    columns = _csv_columns(table)
    rows = [
        [row.label] + [value(row.figures) for _label, value in columns]
        for row in getattr(report, attribute)
    ]
    # Each child is in one age band and has one gender, so those tables add up
    # to the programme's total; modules do not (a child takes several).
    if table != "modules":
        rows.append([_("Total")] + [value(report.total) for _label, value in columns])
    scope = f"school-{chosen.pk}-" if chosen else ""
    return csv_response(
        f"programme-{scope}{table}.csv",
        [str(first_column)] + [label for label, _value in columns],
        rows,
    )


@coordinator_required
def programme_report(request):
    """Reach across the schools the reader coordinates, or one of them; CSV for donors."""
    schools = list(coordinated_schools(request.user))
    chosen = _chosen_school(request, schools)
    table = request.GET.get("table")
    if wants_csv(request) and table not in TABLES:
        return HttpResponseBadRequest(
            _("Choose a table to download: %(tables)s.") % {"tables": ", ".join(TABLES)},
            content_type="text/plain; charset=utf-8",
        )
    report = reports.programme_report([chosen] if chosen else schools, get_language())
    if wants_csv(request):
        return _csv(report, table, chosen)
    tables = [
        {
            "name": name,
            "title": title,
            "first_column": first_column,
            "rows": getattr(report, attribute),
            "deliveries": name in DELIVERY_TABLES,
            "total": name != "modules",
        }
        for name, (title, first_column, attribute) in TABLES.items()
    ]
    context = {"report": report, "schools": schools, "chosen": chosen, "tables": tables}
    return TemplateResponse(request, "classrooms/programme_report.html", context)


@coordinator_required
def school_children(request, school_pk):
    """The children of one coordinated school, by class, each with their data and deletion."""
    school = next((s for s in coordinated_schools(request.user) if s.pk == school_pk), None)
    if school is None:
        raise Http404
    classes = [
        (classroom, queries.class_students(classroom, with_former=True))
        for classroom in school.classrooms.order_by("name", "pk")
    ]
    context = {"school": school, "classes": classes}
    return TemplateResponse(request, "classrooms/school_children.html", context)
