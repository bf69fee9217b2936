"""The programme coordinator's report. Thin: the figures come from reports.py."""

from django.http import Http404, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _

from . import charts, queries, reports
from .exports import csv_response, wants_csv
from .models import Classroom
from .permissions import coordinated_schools, coordinator_required
from .report_filters import ReportFilters

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


def _csv_columns(table):
    columns = [
        (_("Children reached, each counted once"), lambda f: f.children_online),
        (_("More children at lessons taught in class (head counts)"), lambda f: f.children_offline),
        (_("Estimated reach, with class head counts"), lambda f: f.children_reached),
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


def _bad_filters(request, filters, template):
    """The filters' errors: in the page above its form, or as text for a download."""
    if wants_csv(request):
        errors = "; ".join(str(e) for errors in filters.errors.values() for e in errors)
        return HttpResponseBadRequest(
            _("These filters cannot be used: %(errors)s") % {"errors": errors},
            content_type="text/plain; charset=utf-8",
        )
    context = _page_context(filters, None, None)
    return TemplateResponse(request, template, context, status=400)


def _page_context(filters, report, chosen):
    schools = filters.schools
    classes = []
    school = chosen or (schools[0] if len(schools) == 1 else None)
    if school is not None:
        classes = list(Classroom.objects.filter(school=school).order_by("name", "pk"))
    return {
        "filters": filters,
        "schools": schools,
        "chosen": chosen,
        "classes": classes,
        "report": report,
    }


def _report(request, template):
    """The report narrowed by the query string's filters, with its page context; or the
    response that refuses the filters."""
    schools = list(coordinated_schools(request.user))
    filters = ReportFilters(request.GET, schools)
    if not filters.is_valid():
        return None, _bad_filters(request, filters, template)
    chosen = filters.chosen_school
    classroom = filters.cleaned_data.get("classroom")
    report = reports.programme_report(
        [chosen] if chosen else schools,
        get_language(),
        period=filters.period,
        classroom=classroom,
    )
    context = _page_context(filters, report, chosen)
    context.update(
        classroom=classroom,
        period=filters.period,
        charts=_charts(report),
    )
    return context, None


def _note_of(figures):
    if figures.children_offline:
        return _("%(children)s + %(class)s in class") % {
            "children": figures.children_online,
            "class": figures.children_offline,
        }
    return str(figures.children_online)


def _reach_bars(rows):
    return [
        charts.Bar(
            str(row.label),
            row.figures.children_online,
            row.figures.children_offline,
            _note_of(row.figures),
        )
        for row in rows
    ]


def _pass_rates(report):
    """(row, label, "75% (3 of 4)") of each module some child took the quiz of."""
    return [
        (
            row,
            str(row.label),
            _("%(rate)s%% (%(passed)s of %(attempted)s)")
            % {
                "rate": f"{row.figures.child_pass_rate:.0f}",
                "passed": row.figures.children_passed,
                "attempted": row.figures.children_attempted,
            },
        )
        for row in report.by_module
        if row.figures.child_pass_rate is not None
    ]


def _charts(report):
    """The report's charts, by name, as inline SVG markup."""
    rtl = get_language_bidi()
    over_time_title = (
        _("Children first reached in the period, by week")
        if report.over_time_unit == "week"
        else _("Children first reached in the period, by month")
    )
    pass_rates = [
        charts.Bar(label, row.figures.child_pass_rate, note=note)
        for row, label, note in _pass_rates(report)
    ]
    return {
        "over_time": charts.column_chart(
            "chart-over-time",
            over_time_title,
            [(row.label, row.figures.children_online) for row in report.over_time],
            rtl=rtl,
        ),
        "schools": charts.bar_chart(
            "chart-schools", _("Children reached by school"), _reach_bars(report.by_school), rtl=rtl
        ),
        "modules": charts.bar_chart(
            "chart-modules", _("Children reached by module"), _reach_bars(report.by_module), rtl=rtl
        ),
        "age": charts.bar_chart(
            "chart-age", _("Children reached by age band"), _reach_bars(report.by_age), rtl=rtl
        ),
        "gender": charts.bar_chart(
            "chart-gender", _("Children reached by gender"), _reach_bars(report.by_gender), rtl=rtl
        ),
        "pass_rates": charts.bar_chart(
            "chart-pass-rates",
            _("Children who passed a module's quiz, of those who took it"),
            pass_rates,
            rtl=rtl,
            max_value=100,
        ),
    }


@coordinator_required
def programme_report(request):
    """Reach across the schools the reader coordinates, narrowed by the filters; CSV for donors."""
    table = request.GET.get("table")
    if wants_csv(request) and table not in TABLES:
        return HttpResponseBadRequest(
            _("Choose a table to download: %(tables)s.") % {"tables": ", ".join(TABLES)},
            content_type="text/plain; charset=utf-8",
        )
    context, refused = _report(request, "classrooms/programme_report.html")
    if refused:
        return refused
    report, chosen = context["report"], context["chosen"]
    if wants_csv(request):
        return _csv(report, table, chosen)
    context["tables"] = [
        {
            "name": name,
            "title": title,
            "first_column": first_column,
            "rows": getattr(report, attribute),
            "deliveries": name in DELIVERY_TABLES,
            "total": name != "modules",
            "chart": context["charts"][name],
        }
        for name, (title, first_column, attribute) in TABLES.items()
    ]
    return TemplateResponse(request, "classrooms/programme_report.html", context)


@coordinator_required
def programme_summary(request):
    """The report on one or two A4 pages for donors: key figures, charts and their tables."""
    context, refused = _report(request, "classrooms/programme_summary.html")
    if refused:
        return refused
    report, drawn = context["report"], context["charts"]
    context["sections"] = [
        (name, TABLES[name][0], getattr(report, TABLES[name][2]), drawn[name])
        for name in ("schools", "age", "gender", "modules")
    ]
    context["pass_rates"] = [(label, note) for _row, label, note in _pass_rates(report)]
    context["today"] = timezone.localdate()
    return TemplateResponse(request, "classrooms/programme_summary.html", context)


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
