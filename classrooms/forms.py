from dataclasses import dataclass, field

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
from .services import ClassroomError, check_children_present, parse_student_lines


class PageChoiceField(forms.ModelChoiceField):
    """A page chosen by id: an id no row can have is an invalid choice, not a database error."""

    def to_python(self, value):
        if value not in self.empty_values and safe_input.database_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ModuleChoiceField(PageChoiceField):
    """A module, named with the ages it is written for, so a teacher picks one that fits."""

    def label_from_instance(self, obj):
        return f"{obj.title} · {obj.get_age_band_display()}"


class ClassroomForm(forms.ModelForm):
    """A new class, at one of the schools the teacher teaches at."""

    class Meta:
        model = Classroom
        fields = ["school", "name", "grade", "sign_in_method", "ends_on"]
        widgets = {"ends_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(teachers=teacher).order_by("name")


class ClassEndsForm(forms.ModelForm):
    """The day a class ends, from which its children's records are kept for a set time."""

    class Meta:
        model = Classroom
        fields = ["ends_on"]
        widgets = {"ends_on": forms.DateInput(attrs={"type": "date"})}


class AddStudentsForm(forms.Form):
    names = forms.CharField(
        label=_("Children's names"),
        widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}),
        max_length=8000,
        help_text=_(
            "One child per line, as the class calls them. You may add a birth year and "
            "girl or boy after a comma, for example: Mei, 2013, girl. Nothing else is needed."
        ),
    )

    def clean_names(self):
        try:
            return parse_student_lines(self.cleaned_data["names"])
        except ClassroomError as error:
            raise forms.ValidationError(str(error)) from None


class AssignForm(forms.Form):
    module = ModuleChoiceField(label=_("Module"), queryset=ModulePage.objects.none())
    due_date = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = (
            ModulePage.objects.live().filter(locale__language_code=language).order_by("path")
        )


class DeliveryForm(forms.ModelForm):
    lesson = PageChoiceField(label=_("Lesson"), queryset=LessonPage.objects.none())

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
        self.fields["lesson"].queryset = (
            LessonPage.objects.live().filter(locale__language_code=language).order_by("path")
        )
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
