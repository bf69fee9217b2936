from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from curriculum import languages
from curriculum.models import ModulePage
from lessons.models import LessonPage
from lifeskills import safe_input

from .models import (
    PICTURES,
    PICTURES_IN_SECRET,
    Classroom,
    LessonDelivery,
    School,
    SignInMethod,
)
from .services import (
    NAME_MAX,
    ClassroomError,
    LinesError,
    check_children_present,
    check_name,
    parse_student_lines,
    same_names,
)


class PageChoiceField(forms.ModelChoiceField):
    """A page chosen by id: an id no row can have is an invalid choice, not a database error."""

    def to_python(self, value):
        if value not in self.empty_values and safe_input.database_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class TranslatedPageChoiceField(PageChoiceField):
    """A page offered once whatever languages it has, in the copy a reader would see.

    Learner records and assignments keep the translation key, so which copy
    is chosen does not matter; a teacher whose language lacks a page still
    finds it, named in the language it is shown in, which the choice says.
    Any live copy is a valid choice: a page opened in another language may
    send its own id.
    """

    def describe(self, page):
        return page.title

    def label_from_instance(self, obj):
        code = obj.locale.language_code
        if code == get_language():
            return self.describe(obj)
        # An option holds no markup: isolates keep an English title from
        # turning the Uyghur words around it.
        text = self.describe(obj).replace(obj.title, f"\u2068{obj.title}\u2069", 1)
        return f"{text} · {languages.in_language_label(code)}"

    def offer(self, language, fallback=None):
        """One choice per page, in the copy a reader of ``language`` would see."""
        pages = self.queryset.select_related("locale").order_by("path")
        source = languages.source_language()
        copies = {}
        for page in pages:
            copies.setdefault(page.translation_key, []).append(page)

        def place(found):
            # The order of the source language's tree, where the page has a source copy.
            return min(found, key=lambda p: p.locale.language_code != source).path

        choices = [("", self.empty_label)] if self.empty_label is not None else []
        for found in sorted(copies.values(), key=place):
            page = languages.best(found, lambda p: p.locale.language_code, language, fallback)
            value = ModelChoiceIteratorValue(self.prepare_value(page), page)
            choices.append((value, self.label_from_instance(page)))
        self.choices = choices


class ModuleChoiceField(TranslatedPageChoiceField):
    """A module, named with the ages it is written for, so a teacher picks one that fits."""

    def describe(self, page):
        return f"{page.title} · {page.get_age_band_display()}"


def language_choices():
    return [(code, languages.own_name(code)) for code in languages.language_codes()]


class FallbackLanguageField(forms.ChoiceField):
    """The class's fallback language, from the languages this site has (the model lists none).

    Where it may be left out, it is the site's language, as a class made
    before there was a choice has.
    """

    def __init__(self, required=True):
        model_field = Classroom._meta.get_field("fallback_language")
        super().__init__(
            label=model_field.verbose_name,
            help_text=model_field.help_text,
            choices=language_choices,
            initial=settings.LANGUAGE_CODE,
            required=required,
        )

    def clean(self, value):
        return super().clean(value) or settings.LANGUAGE_CODE


class ClassChoiceField(PageChoiceField):
    """A class chosen by id, shown by its name alone (the school is the same)."""

    def label_from_instance(self, obj):
        return obj.name


class ClassroomForm(forms.ModelForm):
    """A new class, at one of the schools the teacher teaches at."""

    fallback_language = FallbackLanguageField(required=False)

    class Meta:
        model = Classroom
        fields = ["school", "name", "grade", "sign_in_method", "ends_on", "fallback_language"]
        widgets = {"ends_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the teacher's own schools: a class anywhere else is an invalid choice.
        schools = School.objects.filter(teachers=teacher).order_by("name")
        school = self.fields["school"]
        school.queryset = schools
        school.empty_label = None
        # The school of the teacher's newest class, else their first school.
        latest = (
            teacher.taught_classrooms.filter(school__in=schools)
            .order_by("-created_at", "-pk")
            .values_list("school_id", flat=True)
            .first()
        )
        school.initial = latest or schools.values_list("pk", flat=True).first()


class ClassEndsForm(forms.ModelForm):
    """The day a class ends, from which its children's records are kept for a set time."""

    class Meta:
        model = Classroom
        fields = ["ends_on"]
        widgets = {"ends_on": forms.DateInput(attrs={"type": "date"})}


class ClassLanguageForm(forms.ModelForm):
    """The language a class's children see a module in when it is not yet in theirs."""

    fallback_language = FallbackLanguageField()

    class Meta:
        model = Classroom
        fields = ["fallback_language"]


class SameNamesForm(forms.Form):
    """A form that warns when a child's name is already on the class list.

    Two children may share a name, so the warning is not a refusal: the form
    shows a box to tick, and sent again with it ticked it is valid.
    ``needs_confirming`` is true when the warning is the form's only complaint.
    """

    same_names_ok = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label=_("They are different children: keep the same name"),
    )

    def __init__(self, *args, classroom, **kwargs):
        super().__init__(*args, **kwargs)
        self.classroom = classroom
        self.same_names = []

    def names_to_check(self):
        """The names this form would put on the class list; each form says which."""
        return []

    def leaving_out(self):
        return None

    def clean(self):
        data = super().clean()
        names = self.names_to_check()
        if names and not data.get("same_names_ok"):
            self.same_names = same_names(self.classroom, names, self.leaving_out())
        if self.same_names:
            self.fields["same_names_ok"].widget = forms.CheckboxInput()
            raise forms.ValidationError(
                _(
                    "The class already has a child called %(names)s. If they are different "
                    "children, add an initial or a second name to tell them apart, or tick "
                    "the box to keep the same name."
                )
                % {"names": ", ".join(f"“{name}”" for name in self.same_names)},
                code="same_name",
            )
        return data

    @property
    def needs_confirming(self):
        errors = self.errors
        return list(errors) == ["__all__"] and all(
            e.code == "same_name" for e in errors.as_data()["__all__"]
        )


class AddStudentsForm(SameNamesForm):
    names = forms.CharField(
        label=_("Children's names"),
        widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}),
        max_length=8000,
        help_text=_(
            "One child per line, as the class calls them. You may add a birth year and "
            "girl or boy, for example: 王小明 2013 boy, or Mei, 2013, girl. "
            "Nothing else is needed."
        ),
    )
    field_order = ["names", "same_names_ok"]

    def clean_names(self):
        try:
            return parse_student_lines(self.cleaned_data["names"])
        except LinesError as error:
            raise forms.ValidationError(error.problems) from None
        except ClassroomError as error:
            raise forms.ValidationError(str(error)) from None

    def names_to_check(self):
        return [new.name for new in self.cleaned_data.get("names") or []]


class RenameForm(SameNamesForm):
    """A child's new name, on the class page."""

    name = forms.CharField(
        label=_("Name"), max_length=NAME_MAX, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    field_order = ["name", "same_names_ok"]

    def __init__(self, *args, student, **kwargs):
        super().__init__(*args, **kwargs)
        self.student = student
        self.fields["name"].initial = student.name

    def clean_name(self):
        try:
            return check_name(self.cleaned_data["name"])
        except ClassroomError as error:
            raise forms.ValidationError(str(error)) from None

    def names_to_check(self):
        name = self.cleaned_data.get("name")
        return [name] if name else []

    def leaving_out(self):
        return self.student


class MoveForm(forms.Form):
    """Another class of the same school, taught by the same teacher."""

    to = ClassChoiceField(
        label=_("Move to the class"), queryset=Classroom.objects.none(), empty_label=None
    )

    def __init__(self, *args, classroom, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = (
            Classroom.objects.filter(school_id=classroom.school_id, teachers=teacher)
            .exclude(pk=classroom.pk)
            .order_by("name", "pk")
        )


class DueDateForm(forms.Form):
    """When the class should finish an assigned module; left empty, there is no due date."""

    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AssignForm(forms.Form):
    module = ModuleChoiceField(label=_("Module"), queryset=ModulePage.objects.none())
    due_date = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, language, fallback=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = ModulePage.objects.live()
        self.fields["module"].offer(language, fallback)


class DeliveryForm(forms.ModelForm):
    lesson = TranslatedPageChoiceField(label=_("Lesson"), queryset=LessonPage.objects.none())

    class Meta:
        model = LessonDelivery
        fields = [
            "lesson",
            "delivered_on",
            "children_present",
            "girls_present",
            "boys_present",
            "notes",
        ]
        widgets = {
            "delivered_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, language, classroom, **kwargs):
        super().__init__(*args, **kwargs)
        self.classroom = classroom
        self.fields["lesson"].queryset = LessonPage.objects.live()
        self.fields["lesson"].offer(language, classroom.fallback_language)
        self.fields["delivered_on"].initial = timezone.localdate
        # The browser's own check, before the server's: from 1 to the class's size.
        self.fields["children_present"].widget.attrs.update(min=1, max=classroom.size())

    def clean_delivered_on(self):
        day = self.cleaned_data["delivered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        present = data.get("children_present")
        if present is not None:
            try:
                check_children_present(
                    self.classroom, present, data.get("girls_present"), data.get("boys_present")
                )
            except ClassroomError as error:
                self.add_error("children_present", str(error))
        return data


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Class code"), max_length=8, min_length=4)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


@dataclass
class SecretEntry:
    """What a child has entered so far on the sign-in page: pictures tapped, or a PIN.

    The page keeps the pictures tapped so far in a hidden field; each POST adds
    one, clears them, or (for a PIN class) sends the PIN.
    """

    uses_pin: bool
    needed: int
    chosen: list[str] = field(default_factory=list)
    answer: str = ""

    @classmethod
    def read(cls, data, classroom, student) -> "SecretEntry":
        uses_pin = classroom.sign_in_method == SignInMethod.PIN
        # A child with a card printed before secrets had four pictures taps three.
        needed = len(student.pictures) if student.has_old_card else PICTURES_IN_SECRET
        chosen = [p for p in data.get("chosen", "").split("-") if p in PICTURES][:needed]
        entry = cls(uses_pin, needed, chosen)
        if data.get("clear"):
            entry.chosen = []
        elif not uses_pin and data.get("pick") in PICTURES and len(chosen) < needed:
            entry.chosen.append(data["pick"])
        entry.answer = data.get("pin", "").strip() if uses_pin else "-".join(entry.chosen)
        return entry

    @property
    def ready(self) -> bool:
        return bool(self.answer) if self.uses_pin else len(self.chosen) == self.needed


@dataclass
class Taught:
    """The end of present mode as posted: which lesson, which class, how many were there.

    An unreadable class reads as class 0, which the view turns into a 404; an
    unreadable count as -1 children, which the class's form then refuses.
    """

    lesson_pk: int | None
    classroom_pk: int
    children_present: int

    @classmethod
    def read(cls, data) -> "Taught":
        lesson_pk = safe_input.database_id(data.get("lesson", ""))
        try:
            classroom_pk = int(data.get("classroom", ""))
        except ValueError:
            classroom_pk = 0
        try:
            present = int(data.get("children_present", ""))
        except ValueError:
            present = -1
        return cls(lesson_pk, classroom_pk, present)
