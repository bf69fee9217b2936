"""The teacher area, child sign-in and a child's own modules. Thin: logic lives in
services.py (writes) and queries.py (reads)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import is_learner, learner_matches
from accounts.views import SIGNED_OUT_PARAMETER
from lessons.models import LessonPage
from lifeskills import safe_input
from lifeskills.platform.kept_parts import Frame, kept, slot
from quizzes.models import Attempt, QuizPage
from quizzes.queries import attempt_result_views
from quizzes.services import ExtraAttemptRefused, give_extra_attempt

from . import child_cache, context_processors, kept_dashboard, limits, queries, services, tables
from .backends import sign_in_backend
from .exports import wants_csv
from .forms import (
    AddStudentsForm,
    AssignForm,
    ClassEndsForm,
    ClassLanguageForm,
    ClassroomForm,
    DeliveryForm,
    DueDateForm,
    JoinForm,
    MoveForm,
    RenameForm,
    SecretEntry,
    Taught,
)
from .models import (
    MAX_FAILED_SIGN_INS,
    PICTURE_NAMES,
    PICTURES,
    Classroom,
    Membership,
    SignInMethod,
    Student,
)
from .permissions import (
    child_in_care,
    taught_classroom,
    teacher_or_coordinator_required,
    teacher_required,
)

# Teacher area -------------------------------------------------------------------


@teacher_required
def teacher_home(request):
    classrooms = request.user.taught_classrooms.select_related("school").order_by(
        "school__name", "name"
    )
    form = ClassroomForm(request.POST or None, teacher=request.user)
    has_school = form.fields["school"].queryset.exists()
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            classroom = services.create_classroom(
                data["school"],
                data["name"],
                request.user,
                grade=data["grade"],
                sign_in_method=data["sign_in_method"],
                ends_on=data["ends_on"],
                fallback_language=data["fallback_language"],
            )
            messages.success(request, _("Class created. Now add its children."))
            return redirect("classrooms:add_students", classroom.pk)
        status = 400
    else:
        status = 200
    context = {"classrooms": classrooms, "form": form, "has_school": has_school}
    return TemplateResponse(request, "classrooms/teacher_home.html", context, status=status)


def _progress_context(classroom, overview):
    return {
        "classroom": classroom,
        "overview": overview,
        "columns": [overview.outlines[a.module_key] for a in overview.assignments],
        "state_labels": queries.STATE_LABELS,
    }


def _class_context(request, classroom, overview, assign_form=None):
    return {
        **_progress_context(classroom, overview),
        "assigned": [(a, overview.outlines[a.module_key]) for a in overview.assignments],
        "assign_form": assign_form
        or AssignForm(language=get_language(), fallback=classroom.fallback_language),
        "ends_form": ClassEndsForm(instance=classroom),
        "language_form": ClassLanguageForm(instance=classroom),
        "move_targets": list(
            MoveForm(classroom=classroom, teacher=request.user).fields["to"].queryset
        ),
        "name_max": services.NAME_MAX,
    }


def _class_page(request, classroom, overview, assign_form=None, status=200):
    context = _class_context(request, classroom, overview, assign_form)
    context["table"] = tables.class_overview(classroom, overview)
    return TemplateResponse(request, "classrooms/class_overview.html", context, status=status)


@teacher_required
def class_overview(request, pk):
    """The class's progress grid and roster. Teachers reload it while the children work:
    its parts are kept rendered until something they show changes (``kept_dashboard``)."""
    classroom = taught_classroom(request.user, pk)
    if wants_csv(request):
        overview = queries.class_overview(classroom, get_language())
        return tables.class_overview(classroom, overview).csv_response()
    read = {}

    def overview():
        if not read:
            read["overview"] = queries.class_overview(classroom, get_language())
        return read["overview"]

    def progress_context():
        return _progress_context(classroom, overview())

    body = kept_dashboard.body(
        request, classroom, lambda: _class_context(request, classroom, overview()), progress_context
    )
    if body is None:
        context = _class_context(request, classroom, overview())
        context["table"] = tables.class_overview(classroom, context["overview"])
        return TemplateResponse(request, "classrooms/class_overview.html", context)
    # The grid's declared columns, for whoever reads the context; the page does not.
    table = SimpleLazyObject(lambda: tables.class_overview(classroom, overview()))
    context = {"classroom": classroom, "body": body, "table": table}
    return TemplateResponse(request, "classrooms/class_overview.html", context)


@teacher_required
@require_POST
def due_date(request, pk, assignment_pk):
    """Change or clear the due date of a module assigned to the class."""
    classroom = taught_classroom(request.user, pk)
    assignment = get_object_or_404(classroom.assignments, pk=assignment_pk)
    form = DueDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("due_date", [])))
        overview = queries.class_overview(classroom, get_language())
        return _class_page(request, classroom, overview, status=400)
    services.set_due_date(assignment, form.cleaned_data["due_date"])
    if assignment.due_date:
        messages.success(request, _("The due date is saved."))
    else:
        messages.success(request, _("The module has no due date now."))
    return redirect(_roster_url(classroom, "due"))


def _roster_url(classroom, part):
    return reverse("classrooms:class_overview", args=[classroom.pk]) + f"#{part}"


def _change_child_page(request, classroom, student, rename=None, move=None, status=200):
    context = {
        "classroom": classroom,
        "student": student,
        "rename_form": rename or RenameForm(classroom=classroom, student=student),
        "move_form": move or MoveForm(classroom=classroom, teacher=request.user),
    }
    return TemplateResponse(request, "classrooms/change_child.html", context, status=status)


@teacher_required
def change_child(request, pk, student_pk):
    """Rename a child on the class list (a POST); the page also moves and removes them."""
    classroom = taught_classroom(request.user, pk)
    student = _class_student(classroom, student_pk)
    if request.method != "POST":
        return _change_child_page(request, classroom, student)
    form = RenameForm(request.POST, classroom=classroom, student=student)
    if not form.is_valid():
        status = 200 if form.needs_confirming else 400
        return _change_child_page(request, classroom, student, rename=form, status=status)
    old = student.name
    services.rename_student(student, form.cleaned_data["name"])
    messages.success(
        request, _("%(old)s is now called %(new)s.") % {"old": old, "new": student.name}
    )
    return redirect(_roster_url(classroom, "children"))


@teacher_required
@require_POST
def move_child(request, pk, student_pk):
    """Move a child to another of the teacher's classes at the same school."""
    classroom = taught_classroom(request.user, pk)
    student = _class_student(classroom, student_pk)
    form = MoveForm(request.POST, classroom=classroom, teacher=request.user)
    if not form.is_valid():
        return _change_child_page(request, classroom, student, move=form, status=400)
    target = form.cleaned_data["to"]
    services.move_to_class(student, classroom, target)
    messages.success(
        request,
        _(
            "%(name)s is now in %(class)s and signs in with that class's code. "
            "Print their new card from that class's page."
        )
        % {"name": student.name, "class": target.name},
    )
    return redirect(_roster_url(classroom, "children"))


@teacher_required
def remove_child(request, pk, student_pk):
    """Asks first; a POST takes the child off the class list and keeps their records."""
    classroom = taught_classroom(request.user, pk)
    student = _class_student(classroom, student_pk)
    if request.method == "POST":
        services.remove_from_class(classroom, student)
        messages.success(
            request,
            _("%(name)s is no longer on the list of %(class)s.")
            % {"name": student.name, "class": classroom.name},
        )
        return redirect(_roster_url(classroom, "children"))
    context = {"classroom": classroom, "student": student}
    return TemplateResponse(request, "classrooms/remove_child.html", context)


def _save_class_setting(request, pk, form_class, saved):
    """One of the class's settings, sent from its own small form on the class page."""
    classroom = taught_classroom(request.user, pk)
    form = form_class(request.POST, instance=classroom)
    if form.is_valid():
        form.save()
        messages.success(request, saved)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("classrooms:class_overview", classroom.pk)


@teacher_required
@require_POST
def class_ends(request, pk):
    return _save_class_setting(request, pk, ClassEndsForm, _("The class's end date is saved."))


@teacher_required
@require_POST
def class_language(request, pk):
    saved = _("The class's language for modules not yet translated is saved.")
    return _save_class_setting(request, pk, ClassLanguageForm, saved)


@teacher_required
@require_POST
def assign(request, pk):
    classroom = taught_classroom(request.user, pk)
    form = AssignForm(request.POST, language=get_language(), fallback=classroom.fallback_language)
    if not form.is_valid():
        overview = queries.class_overview(classroom, get_language())
        return _class_page(request, classroom, overview, assign_form=form, status=400)
    services.assign_module(
        classroom, form.cleaned_data["module"], request.user, form.cleaned_data["due_date"]
    )
    messages.success(request, _("Module assigned."))
    return redirect("classrooms:class_overview", classroom.pk)


@teacher_required
def add_students(request, pk):
    classroom = taught_classroom(request.user, pk)
    form = AddStudentsForm(request.POST or None, classroom=classroom)
    if request.method == "POST" and form.is_valid():
        added = services.add_students(classroom, form.cleaned_data["names"])
        messages.success(
            request, _("%(n)d children added. Print their sign-in cards.") % {"n": len(added)}
        )
        return redirect("classrooms:sign_in_cards", classroom.pk)
    # A name already on the list is a question for the teacher, not a mistake.
    status = 400 if request.method == "POST" and not form.needs_confirming else 200
    context = {"classroom": classroom, "form": form}
    return TemplateResponse(request, "classrooms/add_students.html", context, status=status)


@teacher_required
def sign_in_cards(request, pk):
    classroom = taught_classroom(request.user, pk)
    students = queries.class_students(classroom)
    uses_pin = classroom.sign_in_method == SignInMethod.PIN
    context = {
        "classroom": classroom,
        "students": students,
        "join_url": request.build_absolute_uri(reverse("classrooms:join")),
        "uses_pin": uses_pin,
        "picture_names": PICTURE_NAMES,
        "old_cards": 0 if uses_pin else sum(student.has_old_card for student in students),
    }
    return TemplateResponse(request, "classrooms/sign_in_cards.html", context)


def _class_student(classroom, student_pk):
    """A child on the class list now; 404 for anyone else, a child taken off it included."""
    return get_object_or_404(
        Student.objects.select_related("user"),
        pk=student_pk,
        memberships__classroom=classroom,
        memberships__left_at__isnull=True,
    )


@teacher_required
def student_detail(request, pk, student_pk):
    classroom = taught_classroom(request.user, pk)
    return _student_page(request, classroom, _class_student(classroom, student_pk))


def _student_page(request, classroom, student, status=200):
    keys = list(classroom.assignments.values_list("module_key", flat=True))
    modules = queries.student_detail(student, keys, get_language(), classroom)
    table = tables.student_detail(classroom, student, modules)
    if wants_csv(request):
        return table.csv_response()
    context = {
        "classroom": classroom,
        "student": student,
        "modules": modules,
        "table": table,
        "max_failed": MAX_FAILED_SIGN_INS,
        "paused": student.is_paused(),
    }
    return TemplateResponse(request, "classrooms/student_detail.html", context, status=status)


@teacher_required
@require_POST
def reset_sign_in(request, pk, student_pk):
    classroom = taught_classroom(request.user, pk)
    student = services.reset_sign_in(_class_student(classroom, student_pk))
    messages.success(
        request,
        _("%(name)s has a new sign-in and can sign in again now. Give them their new card.")
        % {"name": student.name},
    )
    return redirect("classrooms:student_detail", classroom.pk, student.pk)


@teacher_required
@require_POST
def extra_attempt(request, pk, student_pk, quiz_key):
    """One more attempt at a quiz of a module assigned to the class, for a child who used
    every attempt it allows."""
    classroom = taught_classroom(request.user, pk)
    student = _class_student(classroom, student_pk)
    quiz = queries.assigned_quiz(classroom, quiz_key, get_language())
    if quiz is None:
        raise Http404
    try:
        give_extra_attempt(quiz, student.user, request.user)
    except ExtraAttemptRefused as error:
        messages.error(request, str(error))
        return _student_page(request, classroom, student, status=409)
    messages.success(
        request,
        _("%(name)s can take %(quiz)s once more.") % {"name": student.name, "quiz": quiz.title},
    )
    return redirect("classrooms:student_detail", classroom.pk, student.pk)


@teacher_or_coordinator_required
def child_data(request, pk, student_pk):
    """Everything kept about one child, as a JSON file, for the child or their family."""
    classroom, student = child_in_care(request.user, pk, student_pk)
    response = JsonResponse(
        queries.child_record(student), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = (
        f'attachment; filename="class-{classroom.pk}-child-{student.pk}.json"'
    )
    return response


@teacher_or_coordinator_required
def delete_child(request, pk, student_pk):
    """Asks first; a POST deletes the child and keeps only anonymous counts."""
    classroom, student = child_in_care(request.user, pk, student_pk)
    if request.method == "POST":
        name = student.name
        services.delete_child(student)
        messages.success(
            request,
            _(
                "%(name)s was deleted: their account, answers, reflections and progress are "
                "gone. The programme's figures still count them, without their name."
            )
            % {"name": name},
        )
        if classroom.teachers.filter(pk=request.user.pk).exists():
            return redirect("classrooms:class_overview", classroom.pk)
        return redirect("reports:school_children", classroom.school_id)
    context = {"classroom": classroom, "student": student}
    return TemplateResponse(request, "classrooms/delete_child.html", context)


@teacher_required
def student_attempt(request, pk, student_pk, client_id):
    classroom = taught_classroom(request.user, pk)
    student = _class_student(classroom, student_pk)
    attempt = get_object_or_404(
        Attempt.objects.prefetch_related("responses"), learner=student.user, client_id=client_id
    )
    quiz = (
        QuizPage.objects.filter(
            translation_key=attempt.quiz_key, locale__language_code=get_language()
        ).first()
        or QuizPage.objects.filter(translation_key=attempt.quiz_key).first()
    )
    if quiz is None:
        raise Http404
    context = {
        "classroom": classroom,
        "student": student,
        "attempt": attempt,
        "quiz": quiz,
        "results": attempt_result_views(quiz, attempt),
    }
    return TemplateResponse(request, "classrooms/student_attempt.html", context)


@teacher_required
def module_detail(request, pk, module_key):
    classroom = taught_classroom(request.user, pk)
    if not classroom.assignments.filter(module_key=module_key).exists():
        raise Http404
    detail = queries.module_detail(classroom, module_key, get_language())
    if detail is None:
        raise Http404
    outline, learners, questions = detail
    if wants_csv(request) and request.GET.get("table") == "questions":
        return tables.difficult_questions(classroom, questions).csv_response()
    table = tables.module_learners(classroom, outline, learners)
    if wants_csv(request):
        return table.csv_response()
    context = {
        "classroom": classroom,
        "outline": outline,
        "learners": learners,
        "table": table,
        "questions": questions,
    }
    return TemplateResponse(request, "classrooms/module_detail.html", context)


@teacher_required
def deliveries(request, pk):
    classroom = taught_classroom(request.user, pk)
    form = DeliveryForm(request.POST or None, language=get_language(), classroom=classroom)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.record_delivery(
            classroom,
            data["lesson"],
            request.user,
            data["delivered_on"],
            data["children_present"],
            girls_present=data["girls_present"],
            boys_present=data["boys_present"],
            notes=data["notes"],
        )
        messages.success(request, _("Lesson recorded as delivered."))
        return redirect("classrooms:deliveries", classroom.pk)
    return _deliveries_page(request, classroom, form, 400 if request.method == "POST" else 200)


def _deliveries_page(request, classroom, form, status):
    recorded = classroom.deliveries.select_related("lesson").order_by("-delivered_on", "-pk")
    table = tables.deliveries(classroom, recorded)
    if wants_csv(request):
        return table.csv_response()
    context = {"classroom": classroom, "form": form, "deliveries": recorded, "table": table}
    return TemplateResponse(request, "classrooms/deliveries.html", context, status=status)


# Child sign-in -------------------------------------------------------------------


def join(request):
    # Only a typed code binds the form: a sign-out arrives here with signed_out=1.
    form = JoinForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("classrooms:join_class", form.cleaned_data["code"])
    status = 400 if form.is_bound else 200
    context = {"form": form, "signed_out": SIGNED_OUT_PARAMETER in request.GET}
    return TemplateResponse(request, "classrooms/join.html", context, status=status)


def _classroom_by_code(request, code):
    """The class with this code; raises limits.CodeLookupsPaused for an address guessing codes."""
    classroom = Classroom.objects.filter(join_code=code.strip().upper()[:8]).first()
    limits.check_code_lookup(limits.client_address(request), found=classroom is not None)
    return classroom


def _codes_paused(request, paused):
    context = {"until": timezone.localtime(paused.until).strftime("%H:%M")}
    response = TemplateResponse(request, "classrooms/join_wait.html", context, status=429)
    response["Retry-After"] = str(max(1, int((paused.until - timezone.now()).total_seconds())))
    return response


def join_class(request, code):
    try:
        classroom = _classroom_by_code(request, code)
    except limits.CodeLookupsPaused as paused:
        return _codes_paused(request, paused)
    if classroom is None:
        form = JoinForm(initial={"code": code})
        form.code_error = _("No class has the code %(code)s. Check it with your teacher.") % {
            "code": code.upper()[:8]
        }
        return TemplateResponse(request, "classrooms/join.html", {"form": form}, status=404)
    context = {"classroom": classroom, "students": queries.class_students(classroom)}
    return TemplateResponse(request, "classrooms/join_names.html", context)


def join_student(request, code, student_pk):
    try:
        classroom = _classroom_by_code(request, code)
    except limits.CodeLookupsPaused as paused:
        return _codes_paused(request, paused)
    if classroom is None:
        raise Http404
    membership = (
        Membership.objects.current()
        .select_related("student__user")
        .filter(classroom=classroom, student_id=student_pk)
        .first()
    )
    if membership is None:
        raise Http404
    student = membership.student
    entry = SecretEntry.read(request.POST, classroom, student)
    message, status = "", 200
    if request.method == "POST" and entry.ready:
        client = limits.read_client(request)
        outcome = services.sign_in_child(classroom, student, entry.answer, client)
        if outcome.signed_in:
            login(request, student.user, backend=sign_in_backend(student.user))
            response = redirect("classrooms:my_modules")
            if outcome.remember_device:
                limits.remember_device(response, client, classroom)
            return response
        message, status, entry.chosen = outcome.message, outcome.status, []
    context = {
        "classroom": classroom,
        "student": student,
        "uses_pin": entry.uses_pin,
        "pictures": [(name, PICTURE_NAMES[name]) for name in PICTURES],
        "chosen": entry.chosen,
        "chosen_value": "-".join(entry.chosen),
        "needed": entry.needed,
        "left": range(entry.needed - len(entry.chosen)),
        "message": message,
    }
    return TemplateResponse(request, "classrooms/join_secret.html", context, status=status)


# A child's own modules -----------------------------------------------------------


def child_sign_in_required(view):
    """Sign in first, on the class-code page: whoever opens a child's page signed out is
    most likely a child on a shared phone, for whom the adult sign-in is a dead end."""
    return login_required(view, login_url="classrooms:join", redirect_field_name=None)


class _Nobody:
    """The signed-in person a kept frame is rendered for: markers where their values go."""

    is_authenticated = True
    is_anonymous = False
    pk = id = slot("learner")


def _my_modules_frame(request, roles):
    """The My modules page but for the child's own part, kept per language and areas.

    Rendered from a blank request and a context with nobody in it, so no
    child's name, token or progress can be kept; the slots are filled in per
    request. None if it cannot be cut as expected (then the page is rendered whole).
    """
    is_student, is_teacher, is_coordinator = roles
    expected = ["csrf_token", "modules"] + (["learner"] if is_student else [])
    areas = "".join("1" if role else "0" for role in roles)
    name = f"my-modules:{get_language()}:{request.path}:{areas}"

    def build(_missing):
        blank = HttpRequest()
        blank.path = blank.path_info = request.path
        context = {
            "user": _Nobody(),
            "csrf_token": slot("csrf_token"),
            "messages": (),
            "is_student": is_student,
            "is_teacher": is_teacher,
            "is_coordinator": is_coordinator,
            "modules_html": slot("modules"),
        }
        frame = Frame(render_to_string("classrooms/my_modules.html", context, request=blank))
        return {name: frame if frame.has_slots(expected) else None}

    return kept([name], build)[name]


def _my_modules_list(user, language):
    modules = queries.my_modules(user, language)
    mine = {"modules": modules, "user": user, "LANGUAGE_CODE": language}
    return render_to_string("classrooms/includes/my_modules_list.html", mine)


@child_sign_in_required
def my_modules(request):
    """A child's modules. The site around them is the same for every child reading in a
    language and is kept rendered (``_my_modules_frame``); a signed-in child's own list
    is kept until something on it changes (``child_cache.kept_list``), so progress
    still shows at once."""
    user = request.user
    language = get_language()
    modules_html = child_cache.kept_list(user, language, lambda: _my_modules_list(user, language))
    # Asked as the navigation asks them, so the frame follows however that learns them.
    areas = context_processors.roles(request)
    roles = tuple(bool(areas[name]) for name in ("is_student", "is_teacher", "is_coordinator"))
    # A message is rare here and is the request's own: the page is rendered whole.
    frame = None if len(messages.get_messages(request)) else _my_modules_frame(request, roles)
    if frame is None:
        context = {"modules_html": modules_html}
        return TemplateResponse(request, "classrooms/my_modules.html", context)
    own = {"csrf_token": get_token(request), "modules": modules_html, "learner": user.pk}
    return HttpResponse(frame.fill(own))


@child_sign_in_required
@require_POST
def complete_lesson(request, page_id):
    """ "I have finished this lesson": recorded, then the child is told so (a POST, then a GET)."""
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=page_id)
    progress = services.record_lesson_event(request.user, lesson, completed=True)
    if progress is None:
        raise Http404
    return redirect("classrooms:lesson_finished", lesson.pk)


@child_sign_in_required
def lesson_finished(request, page_id):
    """Well done: the lesson just finished, the module's lessons with ticks, and what next."""
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=page_id)
    if not is_learner(request.user):
        raise Http404
    module_key = lesson.get_parent().translation_key
    module = queries.child_module(request.user, module_key, get_language())
    if module is None:
        raise Http404
    if lesson.translation_key not in module.finished_keys:
        # Not finished yet (or an old address): the lesson itself, with its button.
        return redirect(lesson.url)
    context = {
        "lesson": lesson,
        "progress": module,
        "next_step": module.next_step(after=lesson.translation_key),
    }
    return TemplateResponse(request, "classrooms/lesson_finished.html", context)


@require_POST
def sync_lesson(request, page_id):
    """A downloaded lesson read offline: the device sends when it was opened and finished."""
    if not request.user.is_authenticated or not learner_matches(request):
        return JsonResponse(
            {"error": _("Someone else is signed in on this device."), "retry": True}, status=409
        )
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=page_id)
    try:
        data = safe_input.read_json(request)
    except safe_input.BadInput as error:
        return JsonResponse({"error": error.message}, status=error.status)
    try:
        opened = _device_time(data["opened_at"])
        completed = _device_time(data["completed_at"]) if data.get("completed_at") else None
    except (ValueError, TypeError, KeyError):
        return JsonResponse({"error": _("This progress report cannot be read.")}, status=400)
    progress = services.record_offline_lesson(request.user, lesson, opened, completed)
    if progress is None:
        return JsonResponse(
            {"error": _("Only children in a class keep lesson progress.")}, status=403
        )
    return JsonResponse({"recorded": True, "completed": progress.completed_at is not None})


def _device_time(value):
    return services.clamp_device_time(safe_input.read_moment(value))


@teacher_required
@require_POST
def record_taught(request):
    """The end of present mode: record the lesson just presented as taught today."""
    taught = Taught.read(request.POST)
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=taught.lesson_pk or 0)
    classroom = taught_classroom(request.user, taught.classroom_pk)
    try:
        services.record_taught(classroom, lesson, request.user, taught.children_present)
    except services.ClassroomError:
        # The class's own form, filled in as far as it can be, says what to correct.
        data = {
            "lesson": lesson.pk,
            "delivered_on": timezone.localdate().isoformat(),
            "children_present": request.POST.get("children_present", ""),
        }
        form = DeliveryForm(data, language=get_language(), classroom=classroom)
        form.is_valid()
        return _deliveries_page(request, classroom, form, 400)
    messages.success(
        request,
        _("Recorded: %(lesson)s taught to %(class)s today.")
        % {"lesson": lesson.title, "class": classroom.name},
    )
    return redirect(lesson.url)
