"""Schools and staff from an operator's spreadsheet (manage.py import_people).

The spreadsheet has one row per person, with columns named in English or
Chinese (see COLUMNS). A person at two schools either lists both in one cell,
separated by ``;`` or ``；``, or has a row per school with the same username;
rows of one username must agree on name, email and language, and may give
different roles (a teacher at one school who coordinates another).

Reading and checking come first and write nothing; every problem is collected,
named by row and column, and any problem refuses the whole file. ``apply``
then writes everything in one transaction. An import only adds: it creates
missing schools and people, adds people to schools and groups, and updates a
person's name, email and language; it never changes a password, never removes
anyone from a school or group, and never touches a child's account.
"""

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.first_sign_in import give_first_password, link_days, sign_in_link
from accounts.roles import (
    COORDINATOR_ROLE,
    EDITOR_ROLE,
    LEARNERS,
    ROLE_GROUPS,
    TEACHER_ROLE,
)
from curriculum.editorial import ensure_editorial_setup

from .models import School, Student

# Canonical column -> the headers it may have (compared lower-case, spaces trimmed).
COLUMNS = {
    "school": ("school", "schools", "学校", "学校名称"),
    "name": ("name", "full name", "姓名", "名字"),
    "username": ("username", "user name", "用户名", "账号", "帐号"),
    "role": ("role", "角色"),
    "email": ("email", "e-mail", "邮箱", "电子邮箱", "电子邮件"),
    "language": ("language", "语言"),
}
REQUIRED = ("school", "name", "username", "role")
ROLES = {
    "teacher": TEACHER_ROLE,
    "教师": TEACHER_ROLE,
    "老师": TEACHER_ROLE,
    "coordinator": COORDINATOR_ROLE,
    "协调员": COORDINATOR_ROLE,
    "项目协调员": COORDINATOR_ROLE,
    "editor": EDITOR_ROLE,
    "编辑": EDITOR_ROLE,
}
# Names people write for the shipped languages, beside the codes.
LANGUAGE_NAMES = {
    "english": "en",
    "英语": "en",
    "zh": "zh-hans",
    "中文": "zh-hans",
    "汉语": "zh-hans",
    "简体中文": "zh-hans",
    "uyghur": "ug",
    "维吾尔语": "ug",
}
SCHOOL_SEPARATORS = (";", "；")
MAX_LENGTH = {
    "school": School._meta.get_field("name").max_length,
    "name": get_user_model()._meta.get_field("display_name").max_length,
    "username": get_user_model()._meta.get_field("username").max_length,
    "email": 254,
    "role": 30,
    "language": 30,
}
# A school cell may name several schools.
MAX_SCHOOL_CELL = 1000
MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self):
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f'column "{self.column}"')
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportRefused(Exception):
    """The file cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda problem: problem.row or 0)
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Person:
    """One username of the file, merged over its rows."""

    username: str
    name: str
    email: str
    language: str
    row: int
    # role -> school names, in the order of the file
    schools: dict = field(default_factory=dict)
    roles: list = field(default_factory=list)
    # canonical column -> its name in the file, for messages
    titles: dict = field(default_factory=dict)


@dataclass
class Change:
    """What the import does to one person."""

    person: Person
    user: object  # an existing account, or None for a new one
    fields: dict  # field -> new value, for an existing account
    groups: list  # group names to add
    links: list  # (school name, role) to add
    schools_first: str | None = None  # the school whose sheet the person is on

    @property
    def kind(self):
        if self.user is None:
            return "create"
        return "update" if self.fields or self.groups or self.links else "unchanged"


@dataclass
class Plan:
    schools_to_create: list
    changes: list
    school_only: bool = False

    def count(self, kind):
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def links(self):
        return sum(len(c.groups) + len(c.links) for c in self.changes)

    def summary(self):
        return {
            "schools to create": len(self.schools_to_create),
            "people to create": self.count("create"),
            "people to update": self.count("update"),
            "links to add": self.links,
            "unchanged": self.count("unchanged"),
        }


# Reading -------------------------------------------------------------------------


def read_table(data, filename=""):
    """(header cells, [(row number, cells)]) from CSV or XLSX bytes; rows numbered as the
    spreadsheet shows them (the header is row 1)."""
    if not data or not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportRefused([Problem(None, None, "The file is empty.")])
    if len(data) > MAX_BYTES:
        raise ImportRefused([Problem(None, None, "The file is larger than 20 MB.")])
    name = filename.lower()
    if data[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith(".xls"):
        raise ImportRefused(
            [Problem(None, None, "This is an old Excel file (.xls): save it as .xlsx or .csv.")]
        )
    else:
        rows = _csv_rows(data)
    numbered = [(n, cells) for n, cells in enumerate(rows, start=1)]
    numbered = [(n, cells) for n, cells in numbered if any(c.strip() for c in cells)]
    if not numbered:
        raise ImportRefused([Problem(None, None, "The file is empty.")])
    if len(numbered) > MAX_ROWS + 1:
        raise ImportRefused([Problem(None, None, f"The file has more than {MAX_ROWS} rows.")])
    (_one, header), *body = numbered
    return header, body


def _not_a_spreadsheet(detail):
    return ImportRefused(
        [Problem(None, None, f"This is not a spreadsheet (CSV or XLSX): {detail}.")]
    )


def _xlsx_rows(data):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        detail = f"it cannot be opened as XLSX ({error.__class__.__name__})"
        raise _not_a_spreadsheet(detail) from None
    try:
        sheet = book.worksheets[0]
        return [
            ["" if value is None else _cell_text(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        book.close()


def _cell_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _csv_rows(data):
    text = None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings = ["utf-16"]
    else:
        # Excel writes UTF-8 with a BOM, or GB18030 (GBK) in a Chinese Windows.
        encodings = ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise _not_a_spreadsheet("its text is neither UTF-8 nor GB18030")
    first_line = text.split("\n", 1)[0]
    if any(ord(c) < 32 and c not in "\t\r\n" for c in first_line):
        raise _not_a_spreadsheet("its first line is not a row of column names")
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise _not_a_spreadsheet(f"it cannot be read as CSV ({error})") from None


# Checking ------------------------------------------------------------------------


def _columns(header, school_only):
    """{canonical name: (index, header text)}; header problems."""
    aliases = {alias: canon for canon, names in COLUMNS.items() for alias in names}
    found, problems = {}, []
    for index, text in enumerate(header):
        key = " ".join(text.replace("\ufeff", "").split()).lower()
        if not key:
            continue
        canon = aliases.get(key)
        if canon is None:
            known = ", ".join(names[0] for names in COLUMNS.values())
            problems.append(
                Problem(1, text, f"unknown column name (the columns are {known}, or in Chinese)")
            )
        elif canon in found:
            problems.append(Problem(1, text, f"a second {canon} column"))
        else:
            found[canon] = (index, text.strip())
    if not found:
        # Not a list of people at all (a photo or a document renamed .csv): one message.
        known = ", ".join(names[0] for names in COLUMNS.values())
        return found, [
            Problem(1, None, f"this is not a spreadsheet of people: row 1 names none of {known}")
        ]
    required = ("school",) if school_only else REQUIRED
    for canon in required:
        if canon not in found:
            problems.append(Problem(1, None, f"the {canon} column is missing"))
    return found, problems


def _languages():
    codes = {code.lower(): code for code, _name in settings.LANGUAGES}
    return {**codes, **{k: v for k, v in LANGUAGE_NAMES.items() if v in codes.values()}}


_username_validator = UnicodeUsernameValidator()
_email_validator = EmailValidator()


def prepare(data, filename="", school_only=False):
    """The plan of importing a spreadsheet, checked against the file and the database.

    Raises ImportRefused with every problem found, in the file and against the
    database alike.
    """
    schools, people, problems = read_people(data, filename, school_only)
    return plan_import(schools, people, school_only, problems)


def read_people(data, filename="", school_only=False):
    """The schools and people of a spreadsheet: (school names, [Person], [Problem]).

    People with a problem in their row are left out. Raises ImportRefused only
    when the file as a whole cannot be read (empty, not a spreadsheet, its
    column names).
    """
    header, body = read_table(data, filename)
    columns, problems = _columns(header, school_only)
    if problems:
        raise ImportRefused(problems)
    languages = _languages()
    schools, people = [], {}
    unnamed = {index for index, text in enumerate(header) if not text.strip()}
    for number, cells in body:
        row, spoilt = {}, set()
        for canon, (index, title) in columns.items():
            value = cells[index] if index < len(cells) else ""
            value = " ".join(value.split()) if canon != "school" else value.strip()
            limit = MAX_SCHOOL_CELL if canon == "school" else MAX_LENGTH[canon]
            if "\x00" in value:
                problems.append(Problem(number, title, "contains a NUL character"))
                value = ""
                spoilt.add(canon)
            elif len(value) > limit:
                problems.append(Problem(number, title, f"longer than {limit} characters"))
                value = ""
                spoilt.add(canon)
            row[canon] = value
        # A value under no column name would be silently lost.
        for index, cell in enumerate(cells):
            if (index >= len(header) or index in unnamed) and cell.strip():
                problems.append(Problem(number, f"#{index + 1}", "a value under no column name"))
        names = [" ".join(part.split()) for part in _split(row.get("school", "")) if part]
        # Editors work on the curriculum, not in a school: their school cell is not read.
        editor = ROLES.get(row.get("role", "").lower()) == EDITOR_ROLE
        for name in [] if editor and not school_only else names:
            if len(name) > MAX_LENGTH["school"]:
                problems.append(
                    Problem(
                        number,
                        columns["school"][1],
                        f"a school name longer than {MAX_LENGTH['school']} characters",
                    )
                )
            elif name not in schools:
                schools.append(name)
        if school_only:
            continue
        problems += _read_person(number, row, names, columns, languages, people, spoilt)
    return schools, list(people.values()), problems


def _split(cell):
    for separator in SCHOOL_SEPARATORS[1:]:
        cell = cell.replace(separator, SCHOOL_SEPARATORS[0])
    return [part.strip() for part in cell.split(SCHOOL_SEPARATORS[0])]


def _read_person(number, row, schools, columns, languages, people, spoilt=()):
    problems = []

    def title(canon):
        return columns[canon][1] if canon in columns else canon

    username, name = row.get("username", ""), row.get("name", "")
    if not username:
        if "username" not in spoilt:
            problems.append(Problem(number, title("username"), "missing"))
    else:
        try:
            _username_validator(username)
        except ValidationError:
            problems.append(
                Problem(
                    number,
                    title("username"),
                    f"{username!r} may have only letters, digits and @ . + - _ (no spaces)",
                )
            )
    if not name and "name" not in spoilt:
        problems.append(Problem(number, title("name"), "missing"))
    role_text = row.get("role", "")
    role = ROLES.get(role_text.lower())
    if role is None and "role" not in spoilt:
        problems.append(
            Problem(
                number,
                title("role"),
                f"unknown role {role_text!r} (teacher/教师, coordinator/协调员, editor/编辑)"
                if role_text
                else "missing (teacher/教师, coordinator/协调员, editor/编辑)",
            )
        )
    email = row.get("email", "")
    if email:
        try:
            _email_validator(email)
        except ValidationError:
            problems.append(Problem(number, title("email"), f"{email!r} is not an email address"))
    language_text = row.get("language", "")
    language = ""
    if language_text:
        language = languages.get(language_text.lower(), "")
        if not language:
            known = ", ".join(sorted({code for code, _n in settings.LANGUAGES}))
            problems.append(
                Problem(
                    number,
                    title("language"),
                    f"unknown language {language_text!r} (one of {known})",
                )
            )
    if role in (TEACHER_ROLE, COORDINATOR_ROLE) and not schools and "school" not in spoilt:
        problems.append(Problem(number, title("school"), f"a {role} needs a school"))
    if problems or spoilt:
        return problems
    person = people.get(username)
    if person is None:
        people[username] = person = Person(username, name, email, language, number)
        person.titles = {canon: title(canon) for canon in COLUMNS}
    else:
        for canon, mine, theirs in (
            ("name", name, person.name),
            ("email", email, person.email),
            ("language", language, person.language),
        ):
            if mine and theirs and mine != theirs:
                problems.append(
                    Problem(
                        number,
                        title(canon),
                        f"{username!r} is on row {person.row} with {canon} {theirs!r}, "
                        f"here {mine!r}",
                    )
                )
        person.email = person.email or email
        person.language = person.language or language
    if role not in person.roles:
        person.roles.append(role)
    if role != EDITOR_ROLE:
        listed = person.schools.setdefault(role, [])
        listed += [school for school in schools if school not in listed]
    return problems


# Planning -------------------------------------------------------------------------


def plan_import(schools, people, school_only=False, problems=()):
    """What importing these would change, from the database as it is. Writes nothing.

    Raises ImportRefused with ``problems`` and those the database finds (a
    child's username, an email another account has).
    """
    User = get_user_model()
    existing_schools = Counter(
        School.objects.filter(name__in=schools).values_list("name", flat=True)
    )
    problems = list(problems) + [
        Problem(None, "school", f"{count} schools are named {name!r}; rename one in the admin")
        for name, count in existing_schools.items()
        if count > 1
    ]
    to_create = [name for name in schools if name not in existing_schools]
    if school_only:
        if problems:
            raise ImportRefused(problems)
        return Plan(to_create, [], school_only=True)

    usernames = [p.username for p in people]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    children = set(
        User.objects.filter(username__in=usernames)
        .filter(Q(groups__name=LEARNERS) | Q(pk__in=Student.objects.values("user_id")))
        .values_list("username", flat=True)
    )
    emails = [p.email.lower() for p in people if p.email]
    holders = {}
    # One IN over lower-cased addresses: 1,500 ORed conditions are too deep for SQLite.
    lowered = User.objects.annotate(lowered_email=Lower("email"))
    for username, email in lowered.filter(lowered_email__in=emails).values_list(
        "username", "email"
    ):
        holders.setdefault(email.lower(), set()).add(username)
    in_file = Counter(p.email.lower() for p in people if p.email)
    groups_held, links_held = _held(users.values())

    changes = []
    for person in people:
        if person.username in children:
            problems.append(
                Problem(
                    person.row,
                    person.titles.get("username", "username"),
                    f"{person.username!r} is a child's account",
                )
            )
            continue
        if person.email:
            others = holders.get(person.email.lower(), set()) - {person.username}
            if others or in_file[person.email.lower()] > 1:
                problems.append(
                    Problem(
                        person.row,
                        person.titles.get("email", "email"),
                        f"{person.email!r} belongs to another account; "
                        "each person needs their own email (or none)",
                    )
                )
                continue
        user = users.get(person.username)
        fields = {}
        if user is not None:
            for attr, value in (
                ("display_name", person.name),
                ("email", person.email),
                ("language", person.language),
            ):
                if value and getattr(user, attr) != value:
                    fields[attr] = value
        held = groups_held.get(person.username, set())
        groups = [ROLE_GROUPS[r] for r in person.roles if r in ROLE_GROUPS]
        groups = [g for g in dict.fromkeys(groups) if g not in held]
        have = links_held.get(person.username, set())
        links = [
            (school, role)
            for role, names in person.schools.items()
            for school in names
            if (school, role) not in have
        ]
        first = next((names[0] for names in person.schools.values() if names), None)
        changes.append(Change(person, user, fields, groups, links, first))
    if problems:
        raise ImportRefused(problems)
    return Plan(to_create, changes)


def _held(users):
    """Groups and school links the existing accounts have: by username."""
    users = list(users)
    groups, links = {}, {}
    if not users:
        return groups, links
    ids = [u.pk for u in users]
    names = {u.pk: u.username for u in users}
    through = get_user_model().groups.through
    for user_id, group in through.objects.filter(user_id__in=ids).values_list(
        "user_id", "group__name"
    ):
        groups.setdefault(names[user_id], set()).add(group)
    relations = ((School.teachers, TEACHER_ROLE), (School.coordinators, COORDINATOR_ROLE))
    for relation, role in relations:
        for user_id, school in relation.through.objects.filter(user_id__in=ids).values_list(
            "user_id", "school__name"
        ):
            links.setdefault(names[user_id], set()).add((school, role))
    return groups, links


def describe(change):
    """One line of the dry run's row-by-row report."""
    person = change.person
    roles = "/".join(person.roles)
    parts = [f"row {person.row}: {change.kind} {roles} {person.username} ({person.name})"]
    if change.fields:
        parts.append("set " + ", ".join(sorted(change.fields)))
    for group in change.groups:
        parts.append(f"add to group {group!r}")
    for school, role in change.links:
        parts.append(f"add as {role} at {school!r}")
    return "; ".join(parts)


# Writing --------------------------------------------------------------------------


@dataclass
class Issued:
    """A new person's first sign-in, for the printed sheet. Never stored."""

    user: object
    school: str | None
    password: str = ""
    link: str = ""


def apply(plan, links_base_url=None, progress=None):
    """Make the changes of ``plan`` in one transaction; returns the new people's first
    sign-ins (a first password each, or a one-time link with ``links_base_url``)."""
    User = get_user_model()
    issued = []
    with transaction.atomic():
        schools = {s.name: s for s in School.objects.filter(name__in=_school_names(plan))}
        for name in plan.schools_to_create:
            schools[name] = School.objects.create(name=name)
        groups = {g.name: g for g in Group.objects.filter(name__in=ROLE_GROUPS.values())}
        if len(groups) < len(set(ROLE_GROUPS.values())):
            # A site set up without the starter curriculum: the groups with their permissions.
            ensure_editorial_setup()
            groups = {g.name: g for g in Group.objects.filter(name__in=ROLE_GROUPS.values())}
        for number, change in enumerate(plan.changes, start=1):
            person = change.person
            user = change.user
            if user is None:
                user = User(
                    username=person.username,
                    display_name=person.name,
                    email=person.email,
                    language=person.language,
                )
                if links_base_url:
                    user.set_unusable_password()
                    user.must_change_password = True
                    user.save()
                    # Made from the saved account: the token signs its password hash.
                    link = sign_in_link(user, links_base_url)
                    issued.append(Issued(user, change.schools_first, link=link))
                else:
                    password = give_first_password(user, save=False)
                    user.save()
                    issued.append(Issued(user, change.schools_first, password=password))
            elif change.fields:
                for attr, value in change.fields.items():
                    setattr(user, attr, value)
                user.save(update_fields=list(change.fields))
            if change.groups:
                user.groups.add(*(groups[name] for name in change.groups))
            for school, role in change.links:
                relation = schools[school].teachers if role == TEACHER_ROLE else None
                if role == COORDINATOR_ROLE:
                    relation = schools[school].coordinators
                relation.add(user)
            if progress and number % 100 == 0:
                progress(number)
    return issued


def _school_names(plan):
    names = set(plan.schools_to_create)
    for change in plan.changes:
        names.update(school for school, _role in change.links)
    return names


# Printed sheets -------------------------------------------------------------------


def write_sheets(issued, out_dir, base_url):
    """One printable HTML sheet per school of the new people's first sign-ins, in
    ``out_dir`` (made readable by its owner only). Returns the paths written.

    A person at several schools is on the sheet of their first school only, so
    that each first password is printed once.
    """
    by_school = {}
    for item in issued:
        by_school.setdefault(item.school, []).append(item)
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    written, used = [], set()
    for school, items in by_school.items():
        path = out_dir / f"{_file_name(school, used)}.html"
        path.touch(mode=0o600)
        path.write_text(render_sheet(school, items, base_url), encoding="utf-8")
        written.append(path)
    return written


def render_sheet(school, items, base_url):
    slips = []
    for item in items:
        language = item.user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            sign_in_url = base_url.rstrip("/") + reverse("accounts:login")
        slips.append(
            {
                "name": item.user.display_name,
                "username": item.user.username,
                "password": item.password,
                "link": item.link,
                "sign_in_url": sign_in_url,
                "language": language,
                "direction": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
            }
        )
    languages = {slip["language"] for slip in slips}
    sheet_language = languages.pop() if len(languages) == 1 else settings.LANGUAGE_CODE
    with translation.override(sheet_language):
        return render_to_string(
            "classrooms/first_sign_in_sheet.html",
            {
                "school": school,
                "slips": slips,
                "sheet_language": sheet_language,
                "link_days": link_days(),
            },
        )


def _file_name(school, used):
    base = re.sub(r"[^\w-]+", "-", school or "no-school", flags=re.UNICODE).strip("-")[:60]
    base = base or "school"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name
