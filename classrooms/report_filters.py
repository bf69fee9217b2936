"""What a coordinator narrows the programme report to: dates, a school term, a school, a class.

A term is one half of a school year, named by the year the school year starts:
the autumn term runs from 1 September to 31 January, the spring term from
1 February to 31 July. The programme has no calendar of its own to keep, and
those are the terms of the schools it works with; August falls in no term.
"""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Classroom
from .reports import Period

AUTUMN, SPRING = "1", "2"
# How far back the term list goes; older dates can still be typed in.
TERM_YEARS = 4
EARLIEST = date(2000, 1, 1)


def term_period(value):
    """The Period of a term value such as "2025-1" (autumn 2025–26); None if it is not one."""
    year, _sep, half = value.partition("-")
    if not (year.isdigit() and len(year) == 4 and half in (AUTUMN, SPRING)):
        return None
    year = int(year)
    if half == AUTUMN:
        return Period(date(year, 9, 1), date(year + 1, 1, 31))
    return Period(date(year + 1, 2, 1), date(year + 1, 7, 31))


def term_choices(today=None):
    """The terms of the last few school years, the latest first."""
    today = today or timezone.localdate()
    current = today.year if today.month >= 9 else today.year - 1
    choices = []
    for year in range(current, current - TERM_YEARS, -1):
        names = {"start": year, "end": year + 1}
        choices.append((f"{year}-{SPRING}", _("Spring term %(start)s–%(end)s (Feb–Jul)") % names))
        choices.append((f"{year}-{AUTUMN}", _("Autumn term %(start)s–%(end)s (Sep–Jan)") % names))
    # A spring term that has not begun yet is not worth choosing.
    return [(value, label) for value, label in choices if term_period(value).start <= today]


class ReportFilters(forms.Form):
    """The report's filters, all optional, read from the query string."""

    term = forms.ChoiceField(label=gettext_lazy("Term"), required=False)
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)
    school = forms.TypedChoiceField(
        label=gettext_lazy("School"), required=False, coerce=int, empty_value=None
    )
    classroom = forms.ModelChoiceField(
        label=gettext_lazy("Class"),
        queryset=Classroom.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose one of your schools' classes.")},
    )

    def __init__(self, data, schools, today=None):
        super().__init__(data)
        self.today = today or timezone.localdate()
        self.schools = list(schools)
        self.fields["term"].choices = [("", _("Any term"))] + term_choices(self.today)
        self.fields["school"].choices = [("", _("All schools"))] + [
            (school.pk, school.name) for school in self.schools
        ]
        self.fields["school"].error_messages["invalid_choice"] = _("Choose one of your schools.")
        self.fields["classroom"].queryset = Classroom.objects.filter(
            school_id__in=[school.pk for school in self.schools]
        ).select_related("school")

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        latest = date(self.today.year + 1, 12, 31)
        if day and not (EARLIEST <= day <= latest):
            raise forms.ValidationError(
                _("Choose a date from %(earliest)s to %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": latest.isoformat()}
            )
        return day

    def clean_start(self):
        return self._clean_day("start")

    def clean_end(self):
        return self._clean_day("end")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        classroom, school = data.get("classroom"), data.get("school")
        if classroom and school and classroom.school_id != school:
            self.add_error("classroom", _("That class is not at the chosen school."))
        return data

    @property
    def chosen_school(self):
        """The school narrowed to: the one chosen, or the chosen class's."""
        pk = self.cleaned_data.get("school")
        classroom = self.cleaned_data.get("classroom")
        if classroom is not None:
            pk = classroom.school_id
        return next((school for school in self.schools if school.pk == pk), None)

    @property
    def period(self):
        """The days to count: the term's, narrowed by the dates typed in, if any."""
        term = term_period(self.cleaned_data.get("term") or "") or Period()
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        starts = [day for day in (term.start, start) if day]
        ends = [day for day in (term.end, end) if day]
        return Period(max(starts) if starts else None, min(ends) if ends else None)
