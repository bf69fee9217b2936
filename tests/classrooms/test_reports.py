"""The programme coordinator report: its figures on a small hand-built programme,
the breakdowns, the CSV downloads, who may see it, and a query count that does
not grow with the programme."""

import csv
import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from accounts.factories import UserFactory
from classrooms import reports
from classrooms.factories import MembershipFactory, SchoolFactory
from classrooms.models import LessonProgress, School
from classrooms.report_filters import term_choices, term_period
from classrooms.services import (
    NewStudent,
    add_students,
    create_classroom,
    record_delivery,
    record_lesson_event,
)
from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.factories import AttemptFactory
from quizzes.models import Attempt, QuizPage

YEAR = timezone.localdate().year
URL = "reports:programme"


@pytest.fixture(autouse=True)
def _english():
    # A request in another language leaves that language active in the thread;
    # every test here starts from English URLs and labels.
    with translation.override("en"):
        yield


def live_lessons(module):
    return list(LessonPage.objects.child_of(module).live().order_by("path"))


def take_quiz(user, module, passed):
    """An attempt as submit_attempt stores it; the answers themselves do not matter here."""
    quiz = QuizPage.objects.child_of(module).get()
    return AttemptFactory(
        learner=user,
        quiz=quiz,
        quiz_key=quiz.translation_key,
        module_key=module.translation_key,
        language=module.locale.language_code,
        answers_digest="test",
        started_at=timezone.now() - timedelta(minutes=5),
        points=8 if passed else 3,
        max_points=10,
        score=80.0 if passed else 30.0,
        correct_count=8 if passed else 3,
        passed=passed,
        pass_mark=70,
    )


def make_user(username, **extra):
    return UserFactory(username=username, password="pw", **extra)


@pytest.fixture
def labour_module(db):
    return ModulePage.objects.get(locale__language_code="en", slug="labour-rights")


@pytest.fixture
def programme(teacher, english_module, labour_module):
    """Two schools one coordinator sees, and a third school they do not.

    Alpha Primary: Ana (girl, 8) finishes the safe-migration module and passes
    its quiz at the second try; Bo (boy, 12) finishes the lessons but fails the
    quiz; Cy (no birth year or gender) opens one lesson; Dee (girl, 15) does
    nothing. Ana is also in a second class of the same school.
    勐海县第一小学: 李娜 (girl, 11) finishes the module in Chinese and passes,
    and opens a lesson of the labour-rights module; 王伟 (boy, 16) does two of
    the three lessons and passes the quiz; 18 more children of their class
    have no records of their own. Their teacher delivers a lesson to 20
    children, 12 girls and 8 boys, and another to 15.
    Other County School: Far finishes and passes; a lesson is delivered to 30,
    all of her class.
    """
    zh_module = english_module.get_translation(Locale.objects.get(language_code="zh-hans"))
    alpha = SchoolFactory(name="Alpha Primary")
    menghai = SchoolFactory(name="勐海县第一小学")
    other = SchoolFactory(name="Other County School")
    coordinator = make_user("coordinator-c")
    alpha.coordinators.add(coordinator)
    menghai.coordinators.add(coordinator)
    other.coordinators.add(make_user("coordinator-o"))
    for school in (alpha, menghai, other):
        school.teachers.add(teacher)

    class_4a = create_classroom(alpha, "Class 4A", teacher)
    art_club = create_classroom(alpha, "Art club", teacher)
    class_5 = create_classroom(menghai, "五年级一班", teacher)
    class_1 = create_classroom(other, "Class 1", teacher)
    ana, bo, cy, dee = add_students(
        class_4a,
        [
            NewStudent("Ana", YEAR - 8, "girl"),
            NewStudent("Bo", YEAR - 12, "boy"),
            NewStudent("Cy", None, ""),
            NewStudent("Dee", YEAR - 15, "girl"),
        ],
    )
    MembershipFactory(classroom=art_club, student=ana)
    li, wang = add_students(
        class_5, [NewStudent("李娜", YEAR - 11, "girl"), NewStudent("王伟", YEAR - 16, "boy")]
    )
    add_students(class_5, [NewStudent(f"Child {n}", None, "") for n in range(18)])
    (far,) = add_students(class_1, [NewStudent("Far", YEAR - 10, "girl")])
    add_students(class_1, [NewStudent(f"Pupil {n}", None, "") for n in range(29)])

    lessons = live_lessons(english_module)
    for child in (ana, bo, far):
        for lesson in lessons:
            record_lesson_event(child.user, lesson, completed=True)
    record_lesson_event(cy.user, lessons[0])
    for lesson in live_lessons(zh_module):
        record_lesson_event(li.user, lesson, completed=True)
    record_lesson_event(li.user, live_lessons(labour_module)[0])
    for lesson in lessons[:2]:
        record_lesson_event(wang.user, lesson, completed=True)

    take_quiz(ana.user, english_module, passed=False)
    take_quiz(ana.user, english_module, passed=True)
    take_quiz(bo.user, english_module, passed=False)
    take_quiz(li.user, zh_module, passed=True)
    take_quiz(wang.user, english_module, passed=True)
    take_quiz(far.user, english_module, passed=True)

    today = timezone.localdate()
    record_delivery(class_5, lessons[0], teacher, today, 20, girls_present=12, boys_present=8)
    record_delivery(class_5, lessons[1], teacher, today, 15)
    record_delivery(class_1, lessons[0], teacher, today, 30)
    return SimpleNamespace(
        alpha=alpha,
        menghai=menghai,
        other=other,
        coordinator=coordinator,
        class_4a=class_4a,
        class_5=class_5,
        module=english_module,
        labour=labour_module,
        lessons=lessons,
        children=SimpleNamespace(ana=ana, bo=bo, cy=cy, dee=dee, li=li, wang=wang, far=far),
    )


def rows(breakdown):
    return {row.key: row.figures for row in breakdown}


def report_for(programme, language="en"):
    return reports.programme_report([programme.alpha, programme.menghai], language)


# Figures -------------------------------------------------------------------------------


def test_headline_figures(programme):
    total = report_for(programme).total
    assert total.children_online == 5  # Ana, Bo, Cy, 李娜, 王伟; not Dee, not Far
    # The same children sat in both lessons: the most present at one counts,
    # less 李娜 and 王伟, who are already counted online.
    assert total.children_present == 20
    assert total.children_offline == 18
    assert total.children_reached == 23
    assert total.lessons_delivered == 2
    assert (total.girls_present, total.boys_present) == (12, 8)
    # Ana and 李娜 (in Chinese); Bo failed the quiz, 王伟 skipped a lesson.
    assert total.modules_completed == 2
    assert (total.attempts, total.attempts_passed, total.attempt_pass_rate) == (5, 3, 60.0)
    assert (total.children_attempted, total.children_passed, total.child_pass_rate) == (4, 3, 75.0)


def test_by_school(programme):
    by_school = report_for(programme).by_school
    assert [row.label for row in by_school] == ["Alpha Primary", "勐海县第一小学"]
    alpha, menghai = rows(by_school)[programme.alpha.pk], rows(by_school)[programme.menghai.pk]
    # Ana is in two classes of Alpha and still counts once.
    assert (alpha.children_online, alpha.children_present, alpha.children_reached) == (3, 0, 3)
    assert (alpha.modules_completed, alpha.attempts, alpha.attempts_passed) == (1, 3, 1)
    assert (alpha.children_attempted, alpha.children_passed) == (2, 1)
    assert (menghai.children_online, menghai.children_present, menghai.children_reached) == (
        2,
        20,
        20,
    )
    assert (menghai.girls_present, menghai.boys_present, menghai.lessons_delivered) == (12, 8, 2)
    assert (menghai.modules_completed, menghai.attempts, menghai.attempts_passed) == (1, 2, 2)
    assert (menghai.children_attempted, menghai.children_passed) == (2, 2)


def test_by_module(programme):
    report = report_for(programme)
    by_module = rows(report.by_module)
    migration = by_module[programme.module.translation_key]
    assert (migration.children_online, migration.children_present) == (5, 20)
    assert migration.children_reached == 23
    assert (migration.modules_completed, migration.attempts, migration.attempts_passed) == (2, 5, 3)
    assert (migration.girls_present, migration.boys_present, migration.lessons_delivered) == (
        12,
        8,
        2,
    )
    labour = by_module[programme.labour.translation_key]
    assert (labour.children_online, labour.modules_completed, labour.attempts) == (1, 0, 0)
    # Every published module is listed, in curriculum order, even those nobody has opened.
    english = list(ModulePage.objects.live().filter(locale__language_code="en").order_by("path"))
    assert [row.label for row in report.by_module] == [m.title for m in english]


def test_module_titles_follow_the_language(programme):
    by_module = report_for(programme, "zh-hans").by_module
    titles = {row.key: row.label for row in by_module}
    assert titles[programme.module.translation_key] == "安全外出与防范拐卖"


def test_by_age_band(programme):
    by_age = report_for(programme).by_age
    assert [row.key for row in by_age] == ["6-9", "10-13", "14-18", "unknown"]
    age = rows(by_age)
    assert (age["6-9"].children_online, age["6-9"].modules_completed) == (1, 1)  # Ana
    assert (age["6-9"].attempts, age["6-9"].attempts_passed) == (2, 1)
    assert (age["10-13"].children_online, age["10-13"].modules_completed) == (2, 1)  # Bo, 李娜
    assert (age["10-13"].children_attempted, age["10-13"].children_passed) == (2, 1)
    assert (age["14-18"].children_online, age["14-18"].modules_completed) == (1, 0)  # 王伟
    assert (age["14-18"].attempts, age["14-18"].attempts_passed) == (1, 1)
    # Cy has no birth year; the children present at a delivered lesson have no recorded age.
    assert (age["unknown"].children_online, age["unknown"].children_present) == (1, 20)
    assert age["unknown"].children_reached == 19
    assert sum(f.children_reached for f in age.values()) == 23


def test_ages_outside_the_bands_are_unknown(programme):
    programme.children.ana.birth_year = YEAR - 25
    programme.children.ana.save()
    age = rows(report_for(programme).by_age)
    assert age["6-9"].children_online == 0
    assert age["unknown"].children_online == 2


def test_by_gender(programme):
    by_gender = report_for(programme).by_gender
    assert [row.key for row in by_gender] == ["girl", "boy", "other", "not given"]
    gender = rows(by_gender)
    girl, boy = gender["girl"], gender["boy"]
    # 李娜 is one of the 12 girls present, 王伟 one of the 8 boys.
    assert (girl.children_online, girl.children_present, girl.children_reached) == (2, 12, 13)
    assert (girl.modules_completed, girl.attempts, girl.attempts_passed) == (2, 3, 2)
    assert (boy.children_online, boy.children_present, boy.children_reached) == (2, 8, 9)
    assert (boy.modules_completed, boy.attempts, boy.attempts_passed) == (0, 2, 1)
    assert gender["other"].children_reached == 0
    assert (gender["not given"].children_online, gender["not given"].children_present) == (1, 0)
    assert sum(f.children_reached for f in gender.values()) == 23


def test_a_child_in_two_schools_counts_at_each_and_once_in_total(programme, teacher):
    second = create_classroom(programme.menghai, "Class 6", teacher)
    MembershipFactory(classroom=second, student=programme.children.bo)
    report = report_for(programme)
    schools = rows(report.by_school)
    assert schools[programme.alpha.pk].children_online == 3
    assert schools[programme.menghai.pk].children_online == 3
    assert report.total.children_online == 5
    assert report.total.attempts == 5


def test_only_live_lessons_of_the_source_copy_must_be_done(programme):
    # 王伟 did the first two lessons and passed: once the others are withdrawn,
    # he has finished everything the module asks.
    for lesson in programme.lessons[2:]:
        lesson.unpublish()
    report = report_for(programme)
    assert report.total.modules_completed == 3
    assert rows(report.by_age)["14-18"].modules_completed == 1


def test_a_school_with_nothing_yet(db):
    empty = SchoolFactory(name="New school")
    report = reports.programme_report([empty], "en")
    assert report.total.children_reached == 0
    assert report.total.attempt_pass_rate is None
    assert [row.label for row in report.by_school] == ["New school"]


# The page and its CSV ------------------------------------------------------------------


def get(client, user, **params):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(URL), params)


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_page_shows_the_figures(client, programme):
    response = get(client, programme.coordinator)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Programme report" in html
    assert "Alpha Primary" in html and "勐海县第一小学" in html
    for table in ("schools", "modules", "age", "gender"):
        assert f"table={table}" in html
    assert response.context["report"].total.children_reached == 23


def test_csv_of_schools(client, programme):
    response = get(client, programme.coordinator, format="csv", table="schools")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "programme-schools.csv" in response["Content-Disposition"]
    header, *body = read_csv(response)
    assert header[:4] == [
        "School",
        "Children reached, each counted once",
        "More children at lessons taught in class (head counts)",
        "Estimated reach, with class head counts",
    ]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert set(by_name) == {"Alpha Primary", "勐海县第一小学", "Total"}
    menghai = by_name["勐海县第一小学"]
    assert menghai["Children reached, each counted once"] == "2"
    assert menghai["Estimated reach, with class head counts"] == "20"
    assert (menghai["Girls present"], menghai["Boys present"]) == ("12", "8")
    assert menghai["Attempts passed (%)"] == "100.0"
    assert by_name["Total"]["Estimated reach, with class head counts"] == "23"
    assert by_name["Total"]["Attempts passed (%)"] == "60.0"


def test_csv_of_modules_age_and_gender(client, programme):
    modules = read_csv(get(client, programme.coordinator, format="csv", table="modules"))
    assert modules[0][0] == "Module"
    assert "Total" not in [row[0] for row in modules]
    assert programme.module.title in [row[0] for row in modules]

    age = read_csv(get(client, programme.coordinator, format="csv", table="age"))
    assert age[0][0] == "Age band" and "Lessons delivered" not in age[0]
    assert [row[0] for row in age[1:]] == ["6-9", "10-13", "14-18", "unknown", "Total"]

    gender = read_csv(get(client, programme.coordinator, format="csv", table="gender"))
    assert [row[0] for row in gender[1:]] == ["girl", "boy", "other", "not given", "Total"]
    assert gender[1][1] == "2"  # Ana and 李娜, counted once each
    assert gender[1][3] == "13"  # and the 12 girls present, 李娜 among them


def test_csv_in_chinese_keeps_chinese_names(client, programme):
    client.force_login(programme.coordinator)
    response = client.get(
        reverse(URL).replace("/en/", "/zh-hans/"), {"format": "csv", "table": "modules"}
    )
    assert response.status_code == 200
    names = [row[0] for row in read_csv(response)]
    assert "安全外出与防范拐卖" in names


def test_csv_for_one_school(client, programme):
    response = get(
        client, programme.coordinator, format="csv", table="schools", school=programme.menghai.pk
    )
    assert f"programme-school-{programme.menghai.pk}-schools.csv" in response["Content-Disposition"]
    body = read_csv(response)[1:]
    assert [row[0] for row in body] == ["勐海县第一小学", "Total"]
    assert (body[1][1], body[1][3]) == ("2", "20")


def test_csv_of_an_unknown_table_is_a_bad_request(client, programme):
    response = get(client, programme.coordinator, format="csv", table="passwords")
    assert response.status_code == 400
    assert "schools" in response.content.decode()


# Who may see it ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, programme):
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_children_may_not_see_it(client, programme):
    response = get(client, programme.children.ana.user)
    assert response.status_code == 403


def test_teachers_may_not_see_it(client, programme, teacher):
    assert get(client, teacher).status_code == 403
    assert get(client, teacher, format="csv", table="schools").status_code == 403


def test_a_coordinator_sees_only_their_schools(client, programme):
    response = get(client, programme.coordinator)
    html = response.content.decode()
    assert "Other County School" not in html
    assert [s.pk for s in response.context["report"].schools] == [
        programme.alpha.pk,
        programme.menghai.pk,
    ]
    body = read_csv(get(client, programme.coordinator, format="csv", table="schools"))
    assert "Other County School" not in [row[0] for row in body]


def test_a_coordinator_can_narrow_to_one_of_their_schools(client, programme):
    response = get(client, programme.coordinator, school=programme.alpha.pk)
    assert response.status_code == 200
    report = response.context["report"]
    assert [row.label for row in report.by_school] == ["Alpha Primary"]
    assert report.total.children_reached == 3


# A NUL byte is refused before any view reads it (lifeskills/safe_input.py).
NUL_REFUSED = "This address contains a character that is not allowed."


@pytest.mark.parametrize(
    "school, message",
    [
        ("other", "Choose one of your schools."),
        ("0", "Choose one of your schools."),
        ("abc", "Choose one of your schools."),
        ("1\x00", NUL_REFUSED),
    ],
)
def test_another_school_is_refused_as_if_it_did_not_exist(client, programme, school, message):
    value = programme.other.pk if school == "other" else school
    response = get(client, programme.coordinator, school=value)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Other County School" not in response.content.decode()
    response = get(client, programme.coordinator, school=value, format="csv", table="schools")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_superuser_sees_every_school(client, programme):
    admin = make_user("admin-a", is_superuser=True, is_staff=True)
    response = get(client, admin)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Other County School" in html
    total = response.context["report"].total
    assert total.children_online == 6  # Far too
    assert total.children_present == 50
    assert total.children_reached == 6 + 18 + 29
    assert total.modules_completed == 3
    assert get(client, admin, school=programme.other.pk).status_code == 200


# Query counts ------------------------------------------------------------------------------


def grow(programme, teacher, schools=3, children=12):
    """More schools, classes, children, progress, attempts and deliveries for the coordinator."""
    for n in range(schools):
        school = SchoolFactory(name=f"Growth school {n}")
        school.coordinators.add(programme.coordinator)
        school.teachers.add(teacher)
        classroom = create_classroom(school, f"Class {n}", teacher)
        kids = add_students(
            classroom,
            [
                NewStudent(f"Child {n}-{i}", YEAR - 6 - i % 13, ["girl", "boy", "other", ""][i % 4])
                for i in range(children)
            ],
        )
        for i, kid in enumerate(kids):
            for lesson in programme.lessons[: 1 + i % 3]:
                record_lesson_event(kid.user, lesson, completed=True)
            take_quiz(kid.user, programme.module, passed=bool(i % 2))
        record_delivery(classroom, programme.lessons[1], teacher, timezone.localdate(), children)


def count_queries(call):
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def test_the_report_runs_a_fixed_number_of_queries(programme, teacher):
    def build(**kwargs):
        schools = list(School.objects.filter(coordinators=programme.coordinator))
        return count_queries(lambda: reports.programme_report(schools, "en", **kwargs))

    term = reports.Period(date(2025, 9, 1), date(2026, 1, 31))
    small, small_term = build(), build(period=term)
    grow(programme, teacher)
    # Over all dates the learners' figures are grouped in one query; over a
    # period, the children in scope and their raw rows are read in three, and
    # the tallies of deleted children, which carry no dates, are not read.
    assert build() == small == 5
    assert build(period=term) == small_term == 6


def test_the_page_runs_a_fixed_number_of_queries(
    client, programme, teacher, django_assert_max_num_queries
):
    client.force_login(programme.coordinator)
    url = reverse(URL)
    client.get(url)  # the first request fills per-process caches (site, locales)
    small = count_queries(lambda: client.get(url))
    small_csv = count_queries(lambda: client.get(url, {"format": "csv", "table": "age"}))
    grow(programme, teacher)
    assert count_queries(lambda: client.get(url)) == small
    assert count_queries(lambda: client.get(url, {"format": "csv", "table": "age"})) == small_csv
    # 5 for the report; the rest sign the reader in, find their schools and
    # draw the site header (roles in the navigation, the Wagtail user bar).
    with django_assert_max_num_queries(17):
        client.get(url)


# Unique children, periods, terms and classes -------------------------------------------------


def test_a_child_counts_once_however_much_they_do(programme, english_module):
    ana = programme.children.ana
    before = report_for(programme).total.children_online
    for _n in range(3):
        take_quiz(ana.user, english_module, passed=True)
    record_lesson_event(ana.user, live_lessons(programme.labour)[0], completed=True)
    assert report_for(programme).total.children_online == before


def test_a_child_who_only_took_a_quiz_is_reached(programme, english_module):
    take_quiz(programme.children.dee.user, english_module, passed=False)
    report = report_for(programme)
    assert report.total.children_online == 6
    assert rows(report.by_module)[english_module.translation_key].children_online == 6
    assert rows(report.by_age)["14-18"].children_online == 2  # Dee and 王伟


PAST = timezone.now() - timedelta(days=400)


def move_to_the_past(*students):
    """The children's records, all made today, as if made 400 days ago."""
    users = [s.user for s in students]
    LessonProgress.objects.filter(learner__in=users).update(
        first_opened_at=PAST, last_opened_at=PAST, completed_at=PAST
    )
    Attempt.objects.filter(learner__in=users).update(submitted_at=PAST)


def around(moment, days=1):
    day = timezone.localtime(moment).date()
    return reports.Period(day - timedelta(days=days), day + timedelta(days=days))


def test_a_period_counts_only_what_happened_in_it(programme):
    children = programme.children
    move_to_the_past(children.ana, children.bo)
    then = reports.programme_report([programme.alpha, programme.menghai], "en", period=around(PAST))
    assert then.total.children_online == 2  # Ana and Bo; Cy opened a lesson today
    assert (then.total.attempts, then.total.attempts_passed) == (3, 1)
    assert then.total.modules_completed == 1  # Ana
    assert (then.total.children_offline, then.total.lessons_delivered) == (0, 0)
    assert sum(row.figures.children_online for row in then.over_time) == 2
    assert then.over_time_unit == "week"
    now = report_for(programme)
    assert now.total.children_online == 5
    recent = reports.programme_report(
        [programme.alpha, programme.menghai], "en", period=around(timezone.now())
    )
    assert recent.total.children_online == 3  # Cy, 李娜, 王伟
    assert recent.total.children_offline == 18 and recent.total.lessons_delivered == 2
    assert recent.total.modules_completed == 1  # 李娜; Ana's was completed long before


def test_a_module_is_completed_in_the_period_its_last_step_was(programme):
    children = programme.children
    move_to_the_past(children.ana)
    # Ana's passing attempt comes today: the module is completed today, not back then.
    Attempt.objects.filter(learner=children.ana.user, passed=True).update(
        submitted_at=timezone.now()
    )
    then = reports.programme_report([programme.alpha], "en", period=around(PAST))
    recent = reports.programme_report([programme.alpha], "en", period=around(timezone.now()))
    assert then.total.modules_completed == 0
    assert recent.total.modules_completed == 1
    assert recent.total.children_online == 3  # Ana by her quiz, Bo and Cy by today's lessons
    assert then.total.children_online == 1


def test_over_time_rows_cover_the_period_and_add_up(programme):
    report = report_for(programme)
    assert report.over_time, "all dates: from the first thing done to today"
    assert sum(row.figures.children_online for row in report.over_time) == 5
    long = reports.programme_report(
        [programme.alpha], "en", period=reports.Period(date(2025, 9, 1), date(2026, 1, 31))
    )
    assert long.over_time_unit == "month"
    assert [row.label for row in long.over_time] == [
        "2025-09", "2025-10", "2025-11", "2025-12", "2026-01"
    ]  # fmt: skip


def test_a_class_narrows_the_report(programme):
    report = reports.programme_report([programme.alpha], "en", classroom=programme.class_4a)
    assert report.total.children_online == 3  # Ana, Bo, Cy
    menghai = reports.programme_report([programme.menghai], "en", classroom=programme.class_5)
    assert (menghai.total.children_online, menghai.total.children_offline) == (2, 18)


def test_terms():
    assert term_period("2025-1") == reports.Period(date(2025, 9, 1), date(2026, 1, 31))
    assert term_period("2025-2") == reports.Period(date(2026, 2, 1), date(2026, 7, 31))
    for bad in ("", "2025", "2025-3", "abcd-1", "2025-1\x00", "99999-1"):
        assert term_period(bad) is None
    values = [value for value, _label in term_choices(date(2026, 12, 1))]
    assert values[:3] == ["2026-1", "2025-2", "2025-1"]  # spring 2027 has not begun


def test_the_page_filters_by_dates_term_school_and_class(client, programme):
    move_to_the_past(programme.children.ana, programme.children.bo)
    period = around(PAST)
    response = get(
        client, programme.coordinator, start=period.start.isoformat(), end=period.end.isoformat()
    )
    assert response.status_code == 200
    assert response.context["report"].total.children_online == 2
    day = period.start + timedelta(days=1)
    year = day.year if day.month >= 9 else day.year - 1
    term = f"{year}-1" if day.month >= 9 or day.month == 1 else f"{year}-2"
    if day.month != 8:  # August is in no term
        response = get(client, programme.coordinator, term=term)
        assert response.status_code == 200
        assert response.context["period"] == term_period(term)
        assert response.context["report"].total.children_online == 2
    response = get(client, programme.coordinator, classroom=programme.class_5.pk)
    assert response.status_code == 200
    assert response.context["chosen"] == programme.menghai
    assert response.context["report"].total.children_online == 2
    html = response.content.decode()
    assert "五年级一班" in html and 'role="img"' in html
    response = get(
        client, programme.coordinator, school=programme.menghai.pk, format="csv", table="age"
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params, message",
    [
        ({"start": "2026-13-45"}, "Enter a valid date."),
        ({"start": "2026-01-01\x00"}, NUL_REFUSED),
        ({"end": "0001-01-01"}, "Choose a date from 2000-01-01"),
        ({"start": "2026-03-01", "end": "2026-02-01"}, "The end date is before the start date."),
        ({"term": "2025-9"}, "Select a valid choice."),
        ({"term": "\x00"}, NUL_REFUSED),
        ({"classroom": "\x00"}, NUL_REFUSED),
        ({"classroom": "12x"}, "Choose one of your schools&#x27; classes."),
        ({"classroom": "other"}, "Choose one of your schools&#x27; classes."),
        ({"classroom": "4a", "school": "menghai"}, "That class is not at the chosen school."),
    ],
)
def test_bad_filters_are_refused_with_a_message(client, programme, params, message):
    names = {
        "other": programme.other.classrooms.get().pk,
        "4a": programme.class_4a.pk,
        "menghai": programme.menghai.pk,
    }
    params = {key: names.get(value, value) for key, value in params.items()}
    for url in (URL, "reports:summary"):
        client.force_login(programme.coordinator)
        response = client.get(reverse(url), params)
        assert response.status_code == 400
        assert message in response.content.decode()
    response = get(client, programme.coordinator, format="csv", table="schools", **params)
    assert response.status_code == 400


# The donor summary -------------------------------------------------------------------------


SUMMARY = "reports:summary"


def test_the_summary_shows_figures_charts_and_tables(client, programme):
    client.force_login(programme.coordinator)
    response = client.get(reverse(SUMMARY))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Programme summary" in html and "print.css" in html
    for heading in ("Reach over time", "By school", "By age band", "By gender", "By module",
                    "Quiz pass rates by module"):  # fmt: skip
        assert heading in html
    assert html.count('role="img"') == 6
    assert "勐海县第一小学" in html and "Other County School" not in html
    narrowed = client.get(reverse(SUMMARY), {"school": programme.alpha.pk})
    assert narrowed.context["report"].total.children_online == 3


def test_who_may_see_the_summary(client, programme, teacher):
    url = reverse(SUMMARY)
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    for user in (teacher, programme.children.ana.user):
        client.force_login(user)
        assert client.get(url).status_code == 403
    admin = make_user("admin-s", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert "Other County School" in client.get(url).content.decode()


def test_filtered_pages_run_a_bounded_number_of_queries(
    client, programme, teacher, django_assert_max_num_queries
):
    client.force_login(programme.coordinator)
    filters = {"classroom": programme.class_5.pk, "term": "", "start": "2025-01-01"}
    for name in (URL, SUMMARY):
        client.get(reverse(name), filters)
        small = count_queries(lambda name=name: client.get(reverse(name), filters))
        grow(programme, teacher, schools=1)
        assert count_queries(lambda name=name: client.get(reverse(name), filters)) == small
        # The report's 7 (no tallies of deleted children over a period), the
        # filters' class and the class list, and the page's own.
        with django_assert_max_num_queries(21):
            client.get(reverse(name), filters)
