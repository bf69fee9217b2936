"""Every endpoint answers generated bad input with a 4xx or a normal answer, never a 5xx,
and an input it refuses leaves every learner table as it was.

The endpoints come from the URL resolver: every address our apps serve, and
the Wagtail ones that take our pages and uploads. An endpoint missing from
ENDPOINTS fails ``test_every_endpoint_is_in_the_table``, so a new one is
tested from the day it is added. The bad input is generated: NUL characters,
lone surrogates, huge and negative numbers, impossible dates, JSON nested
deeply, of the wrong type or too large, broken files, in the address, the
query string, form fields, JSON bodies and uploads; sent as a visitor, a
child, a teacher and an editor. Examples are drawn from a fixed seed, so
every run (SQLite and PostgreSQL) sends the same requests.
"""

import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views import static
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail_localize.models import TranslationSource

from accounts.first_sign_in import sign_in_link
from classrooms.models import (
    Assignment,
    Classroom,
    LessonDelivery,
    LessonProgress,
    Membership,
    Student,
)
from quizzes.models import Attempt, ExtraAttempt, Response
from tests.curriculum.test_image_limits import png_bomb
from tests.quizzes.conftest import RIGHT_FORM, RIGHT_JSON

OUR_PACKAGES = {"accounts", "curriculum", "lessons", "quizzes", "classrooms", "lifeskills"}
LEARNER_TABLES = [
    get_user_model(),
    Student,
    Membership,
    Classroom,
    Assignment,
    LessonProgress,
    LessonDelivery,
    Attempt,
    ExtraAttempt,
    Response,
    Image,
    Document,
]


# The endpoints ------------------------------------------------------------------------


@dataclass
class World:
    """What the addresses and valid requests are made from."""

    quiz: object
    lesson: object
    module: object
    classroom: object
    child: object
    spare_child: object  # one a teacher may delete: the others sign in
    teacher: object
    editor: object


@dataclass
class Endpoint:
    """How to reach one endpoint, and a valid request for it to spoil."""

    method: str = "GET"
    kwargs: Callable = lambda w: {}
    form: Callable | None = None
    json: Callable | None = None
    query: Callable = lambda w: {}
    upload: str | None = None  # the file field of an upload


def _paper(w):
    client_id = uuid.uuid4()
    return {
        "client_id": str(client_id),
        "questions": ",".join(w.quiz.draw(client_id)),
        "started": "2026-11-26T09:00:00+00:00",
    }


def _page(w):
    return {"page_id": w.quiz.pk}


def _lesson(w):
    return {"page_id": w.lesson.pk}


def _module(w):
    return {"page_id": w.module.pk}


def _class(w):
    return {"pk": w.classroom.pk}


def _child_in_class(w):
    return {"pk": w.classroom.pk, "student_pk": w.child.pk}


def _translation_source(page):
    source, _created = TranslationSource.get_or_create_from_instance(page)
    return source.pk


CSV = lambda w: {"format": "csv"}  # noqa: E731
NEW_PASSWORD = {
    "old_password": "pw-teacher",
    "new_password1": "a-Long-new-passw0rd",
    "new_password2": "a-Long-new-passw0rd",
}


def _link(user):
    """The address parts of a staff member's one-time sign-in link."""
    uidb64, token = sign_in_link(user, "http://testserver").rstrip("/").split("/")[-2:]
    return {"uidb64": uidb64, "token": token}


ENDPOINTS = {
    # Probes for load balancers (lifeskills/health.py).
    "healthz": Endpoint(),
    "readyz": Endpoint(),
    "service_worker": Endpoint(query=lambda w: {"lang": "en"}),
    "translation_status": Endpoint(),
    "narration_status": Endpoint(),
    "content_review": Endpoint("POST", form=lambda w: {"module": w.module.pk, "action": "check"}),
    "quizzes_statistics": Endpoint(kwargs=_page),
    "get_help": Endpoint(),
    "web_manifest": Endpoint(),
    "offline": Endpoint(),
    "offline_downloads": Endpoint(),
    "offline_download_plan": Endpoint(kwargs=_module),
    "accounts:login": Endpoint(
        "POST", form=lambda w: {"username": "ms-wang", "password": "wrong", "next": "/en/my/"}
    ),
    "accounts:logout": Endpoint("POST", form=lambda w: {}),
    "accounts:choose_password": Endpoint("POST", form=lambda w: dict(NEW_PASSWORD)),
    "accounts:sign_in_link": Endpoint("POST", kwargs=lambda w: _link(w.teacher), form=lambda w: {}),
    "accounts:password_reset": Endpoint("POST", form=lambda w: {"email": "ms-wang@example.org"}),
    "accounts:password_reset_done": Endpoint(),
    "accounts:password_reset_confirm": Endpoint(
        "POST",
        kwargs=lambda w: {**_link(w.teacher), "token": "set-password"},
        form=lambda w: dict(NEW_PASSWORD),
    ),
    "accounts:password_reset_complete": Endpoint(),
    "quizzes:check": Endpoint(
        "POST",
        kwargs=_page,
        form=lambda w: {**_paper(w), **RIGHT_FORM, "index": "0", "answers": ""},
    ),
    "quizzes:submit": Endpoint(
        "POST",
        kwargs=_page,
        form=lambda w: {**_paper(w), **RIGHT_FORM},
        json=lambda w: {**_paper(w), "answers": dict(RIGHT_JSON)},
    ),
    "quizzes:offline": Endpoint(kwargs=_page),
    "quizzes:result": Endpoint(kwargs=lambda w: {**_page(w), "client_id": uuid.uuid4()}),
    "lessons:plan": Endpoint(kwargs=_lesson),
    "lessons:handout": Endpoint(kwargs=_lesson),
    "lessons:guide": Endpoint(kwargs=_module),
    "lessons:peer_guide": Endpoint(kwargs=_module),
    "classrooms:teacher_home": Endpoint(
        "POST",
        form=lambda w: {
            "school": w.classroom.school_id,
            "name": "Class 5A",
            "grade": "5",
            "sign_in_method": "pictures",
        },
    ),
    "classrooms:class_overview": Endpoint(kwargs=_class, query=CSV),
    "classrooms:assign": Endpoint(
        "POST", kwargs=_class, form=lambda w: {"module": w.module.pk, "due_date": "2026-12-01"}
    ),
    "classrooms:add_students": Endpoint(
        "POST", kwargs=_class, form=lambda w: {"names": "Mei, 2015, girl\nAlim"}
    ),
    "classrooms:sign_in_cards": Endpoint(kwargs=_class),
    "classrooms:due_date": Endpoint(
        "POST",
        kwargs=lambda w: {"pk": w.classroom.pk, "assignment_pk": w.classroom.assignments.get().pk},
        form=lambda w: {"due_date": "2026-12-01"},
    ),
    "classrooms:change_child": Endpoint(
        "POST", kwargs=_child_in_class, form=lambda w: {"name": "Mei Li", "same_names_ok": "on"}
    ),
    "classrooms:move_child": Endpoint(
        "POST",
        kwargs=lambda w: {"pk": w.classroom.pk, "student_pk": w.spare_child.pk},
        form=lambda w: {"to": w.classroom.pk},
    ),
    "classrooms:remove_child": Endpoint(
        "POST",
        kwargs=lambda w: {"pk": w.classroom.pk, "student_pk": w.spare_child.pk},
        form=lambda w: {},
    ),
    "classrooms:deliveries": Endpoint(
        "POST",
        kwargs=_class,
        query=CSV,
        form=lambda w: {
            "lesson": w.lesson.pk,
            "delivered_on": "2026-11-02",
            "children_present": "20",
            "girls_present": "9",
            "boys_present": "10",
            "notes": "Went well.",
        },
    ),
    "classrooms:record_taught": Endpoint(
        "POST",
        form=lambda w: {
            "lesson": w.lesson.pk,
            "classroom": w.classroom.pk,
            "children_present": "20",
        },
    ),
    "classrooms:module_detail": Endpoint(
        kwargs=lambda w: {**_class(w), "module_key": w.module.translation_key},
        query=lambda w: {"format": "csv", "table": "questions"},
    ),
    "classrooms:student_detail": Endpoint(kwargs=_child_in_class, query=CSV),
    "classrooms:reset_sign_in": Endpoint("POST", kwargs=_child_in_class, form=lambda w: {}),
    "classrooms:child_data": Endpoint(kwargs=_child_in_class),
    "classrooms:extra_attempt": Endpoint(
        "POST",
        kwargs=lambda w: {**_child_in_class(w), "quiz_key": w.quiz.translation_key},
        form=lambda w: {},
    ),
    "classrooms:delete_child": Endpoint(
        "POST",
        kwargs=lambda w: {"pk": w.classroom.pk, "student_pk": w.spare_child.pk},
        form=lambda w: {},
    ),
    "classrooms:class_ends": Endpoint(
        "POST", kwargs=_class, form=lambda w: {"ends_on": "2027-07-01"}
    ),
    "classrooms:class_language": Endpoint(
        "POST", kwargs=_class, form=lambda w: {"fallback_language": "zh-hans"}
    ),
    "classrooms:student_attempt": Endpoint(
        kwargs=lambda w: {**_child_in_class(w), "client_id": uuid.uuid4()}
    ),
    "classrooms:staff_passwords": Endpoint(query=lambda w: {"q": "teacher", "page": "2"}),
    "classrooms:reset_staff_password": Endpoint(
        "POST", kwargs=lambda w: {"pk": w.teacher.pk}, form=lambda w: {"how": "link"}
    ),
    "classrooms:join": Endpoint(query=lambda w: {"code": w.classroom.join_code}),
    "classrooms:join_class": Endpoint(kwargs=lambda w: {"code": w.classroom.join_code}),
    "classrooms:join_student": Endpoint(
        "POST",
        kwargs=lambda w: {"code": w.classroom.join_code, "student_pk": w.child.pk},
        form=lambda w: {"chosen": "sun-moon", "pick": "tree", "pin": "1234"},
    ),
    "classrooms:my_modules": Endpoint(),
    "classrooms:complete_lesson": Endpoint("POST", kwargs=_lesson, form=lambda w: {}),
    "classrooms:lesson_finished": Endpoint(kwargs=_lesson),
    "classrooms:sync_lesson": Endpoint(
        "POST",
        kwargs=_lesson,
        json=lambda w: {
            "opened_at": "2026-11-26T09:00:00+00:00",
            "completed_at": "2026-11-26T09:10:00+00:00",
        },
    ),
    "reports:programme": Endpoint(
        query=lambda w: {"school": w.classroom.school_id, "table": "schools", "format": "csv"}
    ),
    "reports:summary": Endpoint(
        query=lambda w: {"school": w.classroom.school_id, "start": "2026-09-01", "term": ""}
    ),
    "reports:school_children": Endpoint(kwargs=lambda w: {"school_pk": w.classroom.school_id}),
    # Media, served by Django in the tests (by the web server in production).
    "media": Endpoint(kwargs=lambda w: {"path": "original_images/none.png"}),
    # Wagtail's, serving our pages and taking our uploads.
    "wagtail_serve": Endpoint(
        "POST", kwargs=lambda w: {"path": w.quiz.url.split("/", 2)[2]}, form=lambda w: {}
    ),
    "wagtailimages:add": Endpoint(
        "POST", upload="file", form=lambda w: {"title": "A picture", "collection": _root()}
    ),
    # Ours, answering at Wagtail's addresses: a picture on a live page refused to
    # an editor, and updating translations from their source.
    "guarded_image_delete": Endpoint(
        "POST", kwargs=lambda w: {"image_id": w.module.cover_image_id}, form=lambda w: {}
    ),
    "reviewed_update_translations": Endpoint(
        "POST",
        kwargs=lambda w: {"translation_source_id": _translation_source(w.lesson)},
        form=lambda w: {"publish_translations": ""},
    ),
    "wagtailimages:add_multiple": Endpoint("POST", upload="files[]", form=lambda w: {}),
    "wagtaildocs:add": Endpoint(
        "POST", upload="file", form=lambda w: {"title": "A recording", "collection": _root()}
    ),
    "wagtaildocs:add_multiple": Endpoint("POST", upload="files[]", form=lambda w: {}),
}


def _root():
    return Collection.get_first_root_node().pk


def _walk(patterns, namespace="", ours=True):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", None)
            inner = ours if module is None else module.split(".")[0] in OUR_PACKAGES
            spaces = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from _walk(pattern.url_patterns, spaces, inner)
        elif isinstance(pattern, URLPattern):
            package = getattr(pattern.callback, "__module__", "").split(".")[0]
            if ours or package in OUR_PACKAGES:
                name = pattern.name or (
                    "media" if pattern.callback is static.serve else str(pattern.pattern)
                )
                yield f"{namespace}:{name}" if namespace else name


def our_endpoints():
    """The name of every address our code serves, from the resolver."""
    return set(_walk(get_resolver().url_patterns))


def test_every_endpoint_is_in_the_table(db):
    missing = our_endpoints() - set(ENDPOINTS)
    assert not missing, f"add these endpoints to ENDPOINTS: {sorted(missing)}"
    assert {"quizzes:submit", "classrooms:sync_lesson", "media"} <= our_endpoints()
    for name in set(ENDPOINTS) - our_endpoints():
        assert name.startswith("wagtail"), f"{name} is no longer served: remove it"


def _url(name, kwargs):
    if name == "media":
        return "/media/" + quote(str(kwargs["path"]))
    if name == "wagtail_serve":
        return "/en/" + quote(str(kwargs["path"]))
    return reverse(name, kwargs=kwargs)


# Bad input --------------------------------------------------------------------------

HUGE_NUMBERS = [0, -1, 2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**30]
NASTY_TEXT = [
    "\x00",
    "my\x00aunt",
    "\ud800",
    "aunt\udfff",
    "\ud83d and then",
    "",
    " ",
    "0",
    "-1",
    "1e999",
    "NaN",
    *(str(n) for n in HUGE_NUMBERS),
    "9" * 5000,
    "2026-02-30",
    "2026-02-30T10:00:00+00:00",
    "2026-11-26T09:00:00+25:00",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-23:59",
    "yesterday",
    "[]",
    "{}",
    "[" * 3000,
    '{"a": ' * 40 + "1" + "}" * 40,
    "\u202eevil",
    "x" * 70_000,
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
]
texts = st.sampled_from(NASTY_TEXT) | st.text(max_size=30)
# json.dumps writes a lone surrogate as its \u escape, as a browser's JSON.stringify does.
json_scalars = (
    st.none()
    | st.booleans()
    | st.sampled_from(HUGE_NUMBERS)
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
RAW_BODIES = [
    b"",
    b"null",
    b"[]",
    b'"text"',
    b"1",
    b"NaN",
    b'{"answers": NaN}',
    b"{",
    b"\xff\xfe\x00",
    b"[" * 5000 + b"]" * 5000,
    b'{"answers": ' + b'{"a": ' * 2000 + b"1" + b"}" * 2001,
    json.dumps({"answers": {"x": "a" * 300_000}}).encode(),
    b'{"answers": {"x": "\\u0000"}}',
    b'{"answers": {"\\ud800": "x"}}',
]


def _small_png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return buffer.getvalue()


FILES = [
    b"",
    b"not an image",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
    _small_png()[:60],  # cut short
    _small_png(),
    png_bomb(9_000, 9_000),  # 81 megapixels
    png_bomb(1, 200_000),
]
FILE_NAMES = ["a.png", "a.mp3", "a\x00.png", "\ud800.png", "a" * 300 + ".png", ".png", "a"]


def _bytes(text):
    """Text as a client puts it on the wire: a lone surrogate as the bytes that spell it."""
    return str(text).encode("utf-8", "surrogatepass")


def _name(text):
    # A field or file name is text in the client's multipart headers; the server
    # reads undecodable bytes there as U+FFFD all the same.
    return _bytes(text).decode("utf-8", "replace")


def _on_the_wire(form):
    wire = {}
    for key, value in form.items():
        values = value if isinstance(value, list) else [value]
        wire[_name(key)] = [v if isinstance(v, int) else _bytes(v) for v in values]
    return wire


def _spoil_form(data, fields):
    """A valid form with some fields changed, dropped or added."""
    changes = data.draw(
        st.dictionaries(
            st.sampled_from(sorted(fields) + ["answers", "index", "q-unknown", "\x00"])
            if fields
            else texts,
            texts | st.lists(texts, max_size=3),
            max_size=4,
        )
    )
    dropped = data.draw(st.sets(st.sampled_from(sorted(fields)))) if fields else set()
    spoiled = {k: v for k, v in fields.items() if k not in dropped}
    spoiled.update(changes)
    return spoiled


def _spoil_json(data, body):
    if body is None or data.draw(st.booleans()):
        return data.draw(json_values)
    keys = sorted(body) + (
        sorted(f"answers.{k}" for k in body["answers"]) if "answers" in body else []
    )
    for key in data.draw(st.lists(st.sampled_from(keys), max_size=3)):
        value = data.draw(json_values)
        if key.startswith("answers."):
            answers = body["answers"] if isinstance(body.get("answers"), dict) else {}
            answers[key.removeprefix("answers.")] = value
            body["answers"] = answers
        else:
            body[key] = value
    return body


def _spoil_kwargs(data, kwargs):
    spoiled = dict(kwargs)
    for key, value in kwargs.items():
        if isinstance(value, int) and data.draw(st.booleans()):
            spoiled[key] = data.draw(st.sampled_from([n for n in HUGE_NUMBERS if n >= 0]))
        elif isinstance(value, str) and data.draw(st.booleans()):
            text = data.draw(texts.filter(lambda t: t and "/" not in t and len(t) < 200))
            spoiled[key] = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return spoiled


def bad_request(data, name, w):
    """One generated request to endpoint ``name``: (method, url, body kwargs for the client)."""
    endpoint = ENDPOINTS[name]
    kinds = ["address", "query", "form"]
    if endpoint.json or endpoint.method == "POST":
        kinds += ["json", "raw"]
    if endpoint.upload:
        kinds += ["upload", "upload"]
    kind = data.draw(st.sampled_from(kinds), label="kind")
    kwargs = endpoint.kwargs(w)
    if kind == "address":
        kwargs = _spoil_kwargs(data, kwargs)
    url = _url(name, kwargs)
    query = endpoint.query(w)
    if kind == "query":
        query = _spoil_form(data, {k: str(v) for k, v in query.items()})
    if query:
        url += "?" + "&".join(
            f"{quote(_bytes(k), safe='')}={quote(_bytes(v), safe='')}"
            for k, values in query.items()
            for v in (values if isinstance(values, list) else [values])
        )
    method = endpoint.method
    accept = data.draw(st.sampled_from(["text/html", "application/json", "*/*"]))
    request = {"HTTP_ACCEPT": accept}
    valid_form = {k: v for k, v in (endpoint.form(w) if endpoint.form else {}).items()}
    if kind in ("address", "query"):
        if method == "POST":
            request["data"] = _on_the_wire(valid_form)
    elif kind == "form":
        method = "POST"
        request["data"] = _on_the_wire(_spoil_form(data, valid_form))
    elif kind == "json":
        method = "POST"
        body = _spoil_json(data, endpoint.json(w) if endpoint.json else None)
        request["data"] = json.dumps(body)
        request["content_type"] = "application/json"
    elif kind == "raw":
        method = "POST"
        request["data"] = data.draw(st.sampled_from(RAW_BODIES))
        request["content_type"] = data.draw(st.sampled_from(["application/json", "text/plain"]))
    else:
        method = "POST"
        upload = SimpleUploadedFile(
            _name(data.draw(st.sampled_from(FILE_NAMES))), data.draw(st.sampled_from(FILES))
        )
        request["data"] = {**_on_the_wire(_spoil_form(data, valid_form)), endpoint.upload: upload}
    return method, url, request


def learner_rows():
    return {model.__name__: model.objects.count() for model in LEARNER_TABLES}


@pytest.fixture
def world(quiz, english_lesson, english_module, classroom, children, assignment, editor):
    return World(
        quiz=quiz,
        lesson=english_lesson,
        module=english_module,
        classroom=classroom,
        child=children[0],
        spare_child=children[-1],
        teacher=classroom.teachers.get(),
        editor=editor,
    )


ROLES = ["visitor", "child", "teacher", "editor"]


def _client(world, role):
    client = Client()
    person = {"child": world.child.user, "teacher": world.teacher, "editor": world.editor}
    if role in person:
        client.force_login(person[role])
    return client


def what_is_wrong(client, method, url, request):
    """Send one request; what is wrong with the answer: a 5xx, or a refusal that
    changed a learner table or that a device cannot read."""
    before = learner_rows()
    if method == "GET":
        request.pop("data", None)
        response = client.get(url, **request)
    else:
        response = client.post(url, **request)
    # A view's exception reaches the test as an exception; a 5xx could still be answered.
    status = response.status_code
    if status >= 500:
        return [f"{method} {url}: {status}"]
    wrong = []
    if 400 <= status < 500:
        if learner_rows() != before:
            wrong.append(f"{method} {url}: {status}, yet learner tables changed")
        if response.get("Content-Type", "").startswith("application/json"):
            answer = response.json()
            if not (answer.get("error") or answer.get("success") is False):
                wrong.append(f"{method} {url}: {status} with no error in its JSON")
    return wrong


def every_kind(name, w):
    """Each kind of bad input once, in every place the endpoint reads: (method, url, request)."""
    endpoint = ENDPOINTS[name]
    kwargs = endpoint.kwargs(w)
    url = _url(name, kwargs)
    form = endpoint.form(w) if endpoint.form else {"q": "x"}
    for value in ["my\x00aunt", "9" * 30, "-1", "0001-01-01T00:00:00+01:00", "[" * 3000]:
        yield "POST", url, {"data": _on_the_wire({key: value for key in form})}
    body = endpoint.json(w) if endpoint.json else {"q": "x"}
    deeper_than_allowed = json.loads("[" * 14 + "1" + "]" * 14)
    for value in ["\ud800", 10**30, deeper_than_allowed]:
        spoiled = {key: value for key in body}
        if isinstance(body.get("answers"), dict):
            spoiled["answers"] = {key: value for key in body["answers"]}
        yield "POST", url, {"data": json.dumps(spoiled), "content_type": "application/json"}
    for raw in [RAW_BODIES[9], RAW_BODIES[11]]:
        for content_type in ["application/json", "text/plain"]:
            yield "POST", url, {"data": raw, "content_type": content_type}
    if kwargs:
        impossible = {int: 2**63, str: "AB\x00CD"}
        bad = {key: impossible.get(type(value), value) for key, value in kwargs.items()}
        yield endpoint.method, _url(name, bad), {"data": _on_the_wire(form)}
    query = {key: "\x00" for key in [*endpoint.query(w), "q"]}
    yield "GET", url + "?" + "&".join(f"{key}=%00" for key in query), {}
    if endpoint.upload:
        for content in (FILES[1], FILES[3], FILES[5]):
            upload = SimpleUploadedFile("a.png", content)
            yield "POST", url, {"data": {**_on_the_wire(form), endpoint.upload: upload}}


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_every_kind_of_bad_input_reaches_every_endpoint(world, name):
    wrong = []
    for role in ROLES:
        client = _client(world, role)
        for method, url, request in every_kind(name, world):
            wrong += what_is_wrong(client, method, url, request)
    assert wrong == []


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
@settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_bad_input_gets_a_4xx_and_changes_nothing(world, name, data):
    client = _client(world, data.draw(st.sampled_from(ROLES), label="role"))
    assert what_is_wrong(client, *bad_request(data, name, world)) == []
