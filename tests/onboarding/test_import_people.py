"""import_people: schools and staff from the operator's spreadsheet."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from accounts.factories import LearnerFactory, TeacherFactory
from accounts.roles import EDITORS, TEACHERS
from classrooms.models import School

User = get_user_model()

ENGLISH = (
    "school,name,username,role,email,language\n"
    "Hope School;River School,Wang Li,ms-wang,teacher,wang@example.org,zh-hans\n"
    "Hope School,Alim Tursun,mr-alim,teacher,,ug\n"
    "River School,Zhao Min,ms-zhao,coordinator,zhao@example.org,\n"
    ",Ed Itor,ed-itor,editor,,en\n"
    "Hope School,Zhao Min,ms-zhao,teacher,,\n"
)


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", str(path), *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def refused(path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported") as caught:
        call_command("import_people", str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue(), str(caught.value)


def snapshot():
    return (
        sorted(User.objects.values_list("username", "password", "display_name", "email")),
        sorted(School.objects.values_list("name", flat=True)),
        sorted(School.teachers.through.objects.values_list("school__name", "user__username")),
        sorted(School.coordinators.through.objects.values_list("school__name", "user__username")),
        sorted(User.groups.through.objects.values_list("user__username", "group__name")),
    )


@pytest.fixture
def english(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


def counts(output):
    return {
        label: int(n)
        for label, n in re.findall(
            r"^(schools to create|people to create|people to update|"
            r"links to add|unchanged): (\d+)$",
            output,
            re.M,
        )
    }


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(english):
    before = snapshot()
    output = run(english, "-v2")
    assert snapshot() == before
    assert counts(output) == {
        "schools to create": 2,
        "people to create": 4,
        "people to update": 0,
        # ms-wang: group + 2 schools; mr-alim: group + 1; ms-zhao: group + coord + teach; ed: group
        "links to add": 9,
        "unchanged": 0,
    }
    assert "row 2: create teacher ms-wang (Wang Li)" in output
    assert "add as coordinator at 'River School'" in output
    assert "Dry run" in output
    assert not list(english.parent.glob("*sign-in-sheets*"))


def test_a_good_csv_with_english_headers_creates_schools_people_and_links(english, tmp_path):
    run(english, "--commit", "--out", tmp_path / "sheets")
    hope, river = School.objects.get(name="Hope School"), School.objects.get(name="River School")
    wang = User.objects.get(username="ms-wang")
    assert set(wang.schools_taught.all()) == {hope, river}
    assert wang.groups.filter(name=TEACHERS).exists()
    assert (wang.display_name, wang.email, wang.language) == (
        "Wang Li",
        "wang@example.org",
        "zh-hans",
    )
    assert wang.must_change_password and wang.has_usable_password()
    zhao = User.objects.get(username="ms-zhao")
    assert list(zhao.coordinated_schools.all()) == [river]
    assert list(zhao.schools_taught.all()) == [hope]
    editor = User.objects.get(username="ed-itor")
    assert editor.groups.filter(name=EDITORS).exists() and not editor.schools_taught.exists()
    assert School.objects.count() == 2


def test_commit_then_the_same_file_again_changes_nothing(english, tmp_path):
    run(english, "--commit", "--out", tmp_path / "first")
    before = snapshot()
    output = run(english, "--commit", "--out", tmp_path / "second", "-v2")
    assert snapshot() == before
    assert counts(output) == {
        "schools to create": 0,
        "people to create": 0,
        "people to update": 0,
        "links to add": 0,
        "unchanged": 4,
    }
    assert not (tmp_path / "second").exists()


def test_an_existing_persons_password_is_kept_and_nobody_is_demoted(tmp_path, db):
    teacher = TeacherFactory(username="ms-wang", display_name="Old Name")
    other = School.objects.create(name="Far School")
    other.teachers.add(teacher)
    path = tmp_path / "p.csv"
    path.write_text("school,name,username,role\nHope School,Wang Li,ms-wang,teacher\n")
    output = run(path, "--commit", "--out", tmp_path / "s")
    teacher.refresh_from_db()
    assert counts(output)["people to update"] == 1
    assert teacher.check_password("pw-ms-wang") and not teacher.must_change_password
    assert teacher.display_name == "Wang Li"
    assert {s.name for s in teacher.schools_taught.all()} == {"Far School", "Hope School"}
    assert not (tmp_path / "s").exists()  # nobody new: no sheet


def xlsx_bytes(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_good_xlsx_with_chinese_headers(tmp_path, db):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                ["学校", "姓名", "用户名", "角色", "邮箱", "语言"],
                ["希望小学；河边小学", "王丽", "wangli", "教师", None, "zh-hans"],
                ["希望小学", "赵敏", "zhaomin", "项目协调员", "zhao@example.org", None],
                [None, "李编辑", "li-bianji", "编辑", None, "en"],
                [None, None, None, None, None, None],
            ]
        )
    )
    output = run(path, "--commit", "--out", tmp_path / "sheets")
    assert counts(output)["people to create"] == 3
    wang = User.objects.get(username="wangli")
    assert {s.name for s in wang.schools_taught.all()} == {"希望小学", "河边小学"}
    assert User.objects.get(username="zhaomin").coordinated_schools.get().name == "希望小学"
    assert User.objects.get(username="li-bianji").groups.filter(name=EDITORS).exists()


def test_a_gb18030_csv_from_a_chinese_excel(tmp_path, db):
    path = tmp_path / "people.csv"
    text = "学校,姓名,用户名,角色\r\n希望小学,王丽,wangli,老师\r\n希望小学,赵敏,zhaomin,协调员\r\n"
    path.write_bytes(text.encode("gb18030"))
    run(path, "--commit", "--out", tmp_path / "sheets")
    assert User.objects.get(username="wangli").display_name == "王丽"
    assert School.objects.get().name == "希望小学"


def test_a_utf8_csv_with_a_bom(tmp_path, db):
    path = tmp_path / "people.csv"
    path.write_bytes("\ufeffschool,name,username,role\nHope,Wang Li,ms-wang,teacher\n".encode())
    run(path, "--commit", "--out", tmp_path / "sheets")
    assert User.objects.get(username="ms-wang").schools_taught.get().name == "Hope"


def test_a_cell_may_name_schools_longer_together_than_one_name(tmp_path, db):
    first, second = "A" * 140, "B" * 140
    path = tmp_path / "p.csv"
    path.write_text(f"school,name,username,role\n{first}；{second},Wang Li,ms-wang,teacher\n")
    run(path, "--commit", "--out", tmp_path / "s")
    assert School.objects.filter(name__in=[first, second]).count() == 2


def test_a_nul_byte_is_one_problem_not_two(tmp_path, db):
    path = tmp_path / "p.csv"
    path.write_bytes(b"school,name,username,role\nHope,A\x00,ms-a,teacher\n")
    errors, summary = refused(path, "--commit")
    assert "1 problem(s)" in summary and "NUL" in errors


def test_school_only_creates_only_the_schools(tmp_path, db):
    path = tmp_path / "schools.csv"
    path.write_text("school\nHope School\nRiver School;Hope School\n")
    output = run(path, "--commit", "--school-only")
    assert counts(output) == {"schools to create": 2}
    assert School.objects.count() == 2 and not User.objects.filter(username="Hope").exists()


# Bad rows: (file text, where the message must point, what it says)
HEADER = "school,name,username,role,email,language\n"
BAD = {
    "missing name": (HEADER + "Hope,,ms-a,teacher,,\n", 'row 2, column "name"', "missing"),
    "missing username": (HEADER + "Hope,A,,teacher,,\n", 'row 2, column "username"', "missing"),
    "unknown role": (HEADER + "Hope,A,ms-a,principal,,\n", 'row 2, column "role"', "unknown role"),
    "unknown language": (
        HEADER + "Hope,A,ms-a,teacher,,fr\n",
        'row 2, column "language"',
        "unknown language",
    ),
    "child's username": (
        HEADER + "Hope,A,child-1,teacher,,\n",
        'row 2, column "username"',
        "child's account",
    ),
    "conflicting duplicate": (
        HEADER + "Hope,A,ms-a,teacher,,\nRiver,B,ms-a,teacher,,\n",
        'row 3, column "name"',
        "is on row 2",
    ),
    "NUL byte": (HEADER + "Hope,A\x00B,ms-a,teacher,,\n", 'row 2, column "name"', "NUL"),
    "over-long": (
        HEADER + "Hope," + "A" * 81 + ",ms-a,teacher,,\n",
        'row 2, column "name"',
        "longer than 80",
    ),
    "not an email": (
        HEADER + "Hope,A,ms-a,teacher,not-an-email,\n",
        'row 2, column "email"',
        "not an email",
    ),
    "empty file": ("", "", "The file is empty"),
    "only blank lines": ("\n \n", "", "The file is empty"),
    "unknown header": (
        "school,name,username,role,phone\nHope,A,ms-a,teacher,123\n",
        'row 1, column "phone"',
        "unknown column",
    ),
    "teacher without school": (
        HEADER + ",A,ms-a,teacher,,\n",
        'row 2, column "school"',
        "needs a school",
    ),
    "email of another account": (
        HEADER + "Hope,A,ms-a,teacher,Taken@example.org,\n",
        'row 2, column "email"',
        "belongs to another account",
    ),
    "NUL byte in username": (
        HEADER + "Hope,A,ms\x00a,teacher,,\n",
        'row 2, column "username"',
        "NUL",
    ),
    "value under no column": (
        HEADER + "Hope,A,ms-a,teacher,,en,extra\n",
        'row 2, column "#7"',
        "under no column name",
    ),
    "space in username": (
        HEADER + "Hope,A,ms a,teacher,,\n",
        'row 2, column "username"',
        "no spaces",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_bad_row_is_named_and_nothing_is_written(tmp_path, db, kind):
    LearnerFactory(username="child-1")
    TeacherFactory(username="ms-taken", email="taken@example.org")
    text, where, message = BAD[kind]
    path = tmp_path / "people.csv"
    # A good row too: it must not be written either.
    if text.startswith(HEADER):
        text += "Hope,Good Row,ms-good,teacher,,\n"
    path.write_bytes(text.encode())
    before = snapshot()
    errors, summary = refused(path, "--commit", "--out", tmp_path / "sheets")
    assert snapshot() == before
    assert not (tmp_path / "sheets").exists()
    assert message in errors
    if where:
        assert where in errors


def test_problems_name_the_columns_as_the_file_does(tmp_path, db):
    LearnerFactory(username="child-1")
    path = tmp_path / "people.csv"
    path.write_bytes(
        "学校,姓名,用户名,角色\n希望小学,王丽,wangli,校长\n希望小学,李,child-1,教师\n".encode(
            "gb18030"
        )
    )
    errors, _summary = refused(path, "--commit")
    assert 'row 2, column "角色": unknown role' in errors
    assert "row 3, column \"用户名\": 'child-1' is a child's account" in errors


def test_every_problem_is_listed_at_once(tmp_path, db):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "Hope,,ms-a,teacher,,\nHope,B,ms-b,boss,,\nHope,C,ms-c,teacher,x,\n")
    errors, summary = refused(path, "--commit")
    assert 'row 2, column "name"' in errors
    assert 'row 3, column "role"' in errors
    assert 'row 4, column "email"' in errors
    assert "3 problem(s)" in summary
    assert not User.objects.filter(username__startswith="ms-").exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("people.xlsx", b"PK\x03\x04 this is no workbook"),
        ("people.csv", bytes(range(256)) * 4),
        ("people.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 50),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path, db, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    errors, _summary = refused(path, "--commit")
    assert "not a spreadsheet" in errors or ".xls" in errors


def test_the_first_password_sheet(english, tmp_path):
    sheets = tmp_path / "sheets"
    run(english, "--commit", "--out", sheets)
    files = sorted(p.name for p in sheets.iterdir())
    # A person at two schools is on the sheet of their first school only.
    assert files == ["Hope-School.html", "River-School.html", "no-school.html"]
    assert oct(sheets.stat().st_mode & 0o777) == "0o700"
    hope = (sheets / "Hope-School.html").read_text()
    assert "ms-wang" in hope and "mr-alim" in hope and "ms-zhao" not in hope
    assert "ms-wang" not in (sheets / "River-School.html").read_text()
    assert "@page { size: A4" in hope
    # In the person's language: Wang Li reads Chinese, Alim Uyghur (right to left).
    assert 'lang="zh-hans"' in hope and 'dir="rtl"' in hope
    assert "/zh-hans/accounts/login/" in hope and "/ug/accounts/login/" in hope
    password = re.search(
        r'lang="zh-hans".*?class="secret"><span dir="ltr">([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<',
        hope,
        re.S,
    ).group(1)
    wang = User.objects.get(username="ms-wang")
    assert wang.check_password(password)
    assert password not in wang.password


def test_links_instead_of_first_passwords(english, tmp_path, client):
    sheets = tmp_path / "sheets"
    run(
        english,
        "--commit",
        "--links",
        "--base-url",
        "https://lifeskills.example.org",
        "--out",
        sheets,
    )
    hope = (sheets / "Hope-School.html").read_text()
    link = re.search(r"https://lifeskills\.example\.org(/zh-hans/accounts/first/[^<\s]+/)", hope)
    assert link is not None
    wang = User.objects.get(username="ms-wang")
    assert not wang.has_usable_password() and wang.must_change_password
    assert client.post(link.group(1)).url == "/zh-hans/accounts/password/"


def test_links_need_the_sites_address(english, settings):
    settings.WAGTAILADMIN_BASE_URL = ""
    with pytest.raises(CommandError, match="base-url"):
        call_command("import_people", str(english), "--commit", "--links", "--base-url", "")
    assert not User.objects.filter(username="ms-wang").exists()
