from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from curriculum.models import ModulePage
from lessons.models import LessonPage
from lifeskills import safe_input

from .models import Classroom, LessonDelivery, School
from .services import ClassroomError, parse_student_lines


class PageChoiceField(forms.ModelChoiceField):
    """A page chosen by id: an id no row can have is an invalid choice, not a database error."""

    def to_python(self, value):
        if value not in self.empty_values and safe_input.database_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["school", "name", "grade", "sign_in_method"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.order_by("name")


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
    module = PageChoiceField(label=_("Module"), queryset=ModulePage.objects.none())
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

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = (
            LessonPage.objects.live().filter(locale__language_code=language).order_by("path")
        )
        self.fields["delivered_on"].initial = timezone.localdate

    def clean_delivered_on(self):
        day = self.cleaned_data["delivered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        present = data.get("children_present")
        girls, boys = data.get("girls_present"), data.get("boys_present")
        if present is not None and (girls or 0) + (boys or 0) > present:
            raise forms.ValidationError(
                _("Girls and boys together are more than the children present.")
            )
        return data


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Class code"), max_length=8, min_length=4)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()
