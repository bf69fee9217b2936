"""Programme-sized data for measuring: schools, teachers, classes, children and their work.

Everything is written through the app's own models in bulk, so a programme of
15,000 children and 150,000 quiz attempts is ready in minutes. Attempts are
scored by ``quizzes.scoring`` and stored with one response row per question,
as ``quizzes.services.submit_attempt`` stores them, so reports read realistic
rows. Every seeded account's username starts with ``PREFIX``; seeding again
first removes what an earlier run made.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import LEARNERS, TEACHERS
from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes import scoring
from quizzes import totals as question_totals
from quizzes.models import Attempt, QuizPage, Response
from quizzes.papers import Paper
from quizzes.services import answers_digest, response_row, stored_attempt

from . import totals
from .demo import answer_for
from .models import (
    PICTURES,
    PICTURES_IN_SECRET,
    Assignment,
    Classroom,
    Gender,
    LessonProgress,
    Membership,
    School,
    Student,
)

PREFIX = "prog-"
# Every seeded account shares one password, hashed once: hashing 16,500 of
# them would take longer than the rest of the seeding.
PASSWORD = "programme-demo"
BATCH = 5000
NAMES = [
    "Mei", "Alim", "Aygul", "Wang Fang", "Li Na", "Erkin", "Zhang Wei", "Dilnur",
    "Chen Jie", "Nurgul", "Liu Yang", "Abdulla", "Guli", "Zhao Lei", "Maryam", "Yusup",
]  # fmt: skip


@dataclass
class Programme:
    schools: int
    teachers: int
    students: int
    attempts: int


def _quiz_plan(module):
    quiz = QuizPage.objects.child_of(module).live().first()
    lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
    return quiz.specific if quiz else None, lessons


def remove_seeded(log=print):
    users = get_user_model().objects.filter(username__startswith=PREFIX)
    attempts = Attempt.objects.filter(learner__in=users)
    question_totals.forget_attempts(attempts)
    attempts.delete()
    LessonProgress.objects.filter(learner__in=users).delete()
    Classroom.objects.filter(school__name__startswith="Programme school").delete()
    School.objects.filter(name__startswith="Programme school").delete()
    removed, _by_model = users.delete()
    if removed:
        log(f"removed {removed} rows of an earlier programme")


def seed_programme(schools=26, teachers=1500, students=15000, attempts=150_000, seed=1, log=print):
    """Build a programme and return what was made, as a Programme of counts."""
    rng = random.Random(seed)
    remove_seeded(log)
    modules = list(ModulePage.objects.live().filter(locale__language_code="en").order_by("path"))
    plans = {module.pk: _quiz_plan(module) for module in modules}
    now = timezone.now()
    password = make_password(PASSWORD)

    with transaction.atomic():
        school_rows = School.objects.bulk_create(
            School(name=f"Programme school {n:02d}") for n in range(1, schools + 1)
        )
        teacher_users = _accounts(
            [(f"{PREFIX}teacher-{n:05d}", f"Teacher {n}") for n in range(1, teachers + 1)],
            password,
            TEACHERS,
        )

        sizes = _class_sizes(rng, students)
        classrooms = Classroom.objects.bulk_create(
            Classroom(
                school=school_rows[n % schools],
                name=f"Class {n + 1}",
                grade=str(rng.randint(3, 9)),
                join_code=f"P{n:05d}",
            )
            for n in range(len(sizes))
        )
        # Each teacher teaches one or two classes; every class has a teacher.
        links = {(classrooms[n % len(classrooms)].pk, t.pk) for n, t in enumerate(teacher_users)}
        links |= {(rng.choice(classrooms).pk, t.pk) for t in teacher_users if rng.random() < 0.3}
        Classroom.teachers.through.objects.bulk_create(
            (Classroom.teachers.through(classroom_id=c, user_id=u) for c, u in links),
            batch_size=BATCH,
        )
        school_of = {classroom.pk: classroom.school_id for classroom in classrooms}
        School.teachers.through.objects.bulk_create(
            (
                School.teachers.through(school_id=s, user_id=u)
                for s, u in {(school_of[c], u) for c, u in links}
            ),
            batch_size=BATCH,
        )
        log(f"{schools} schools, {teachers} teachers, {len(classrooms)} classes")

        child_users = _accounts(
            [
                (f"{PREFIX}child-{n:06d}", f"{rng.choice(NAMES)} {n}")
                for n in range(1, students + 1)
            ],
            password,
            LEARNERS,
        )
        children = Student.objects.bulk_create(
            (
                Student(
                    user=u,
                    birth_year=now.year - rng.randint(8, 17),
                    gender=rng.choice([Gender.GIRL, Gender.BOY, Gender.BOY, Gender.GIRL, ""]),
                    picture_secret="-".join(rng.sample(PICTURES, PICTURES_IN_SECRET)),
                    pin=f"{rng.randint(0, 9999):04d}",
                )
                for u in child_users
            ),
            batch_size=BATCH,
        )
        class_of = []
        members = []
        start = 0
        for classroom, size in zip(classrooms, sizes, strict=True):
            for child in children[start : start + size]:
                members.append(Membership(classroom=classroom, student=child))
                class_of.append(classroom)
            start += size
        Membership.objects.bulk_create(members, batch_size=BATCH)
        log(f"{students} children in classes of {min(sizes)} to {max(sizes)}")

        assigned = {}
        assignments = []
        for classroom in classrooms:
            chosen = rng.sample(modules, rng.randint(3, len(modules)))
            assigned[classroom.pk] = chosen
            for module in chosen:
                assignments.append(
                    Assignment(
                        classroom=classroom,
                        module=module,
                        module_key=module.translation_key,
                        due_date=(now + timedelta(days=rng.randint(-20, 40))).date(),
                    )
                )
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        log(f"{len(assignments)} assignments")

        progress_count = _seed_progress(rng, child_users, class_of, assigned, plans, now)
        log(f"{progress_count} lesson progress rows")

    attempt_count, response_count = _seed_attempts(
        rng, child_users, class_of, assigned, plans, attempts, now, log
    )
    log(f"{attempt_count} quiz attempts, {response_count} responses")
    # The rows above were made in bulk, past the events that keep the running totals.
    check = totals.rebuild()
    log(f"{check.repaired} module totals")
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather them in time: without them
        # PostgreSQL plans a class dashboard as if the tables were empty and
        # scans every response (measured: 230 ms instead of 8 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Programme(schools, teachers, students, attempt_count)


def _accounts(names, password, group_name):
    """Users (username, display name) in one group, in bulk."""
    User = get_user_model()
    users = User.objects.bulk_create(
        (User(username=u, display_name=d, password=password) for u, d in names),
        batch_size=BATCH,
    )
    group = Group.objects.get(name=group_name)
    User.groups.through.objects.bulk_create(
        (User.groups.through(user_id=u.pk, group_id=group.pk) for u in users), batch_size=BATCH
    )
    return users


def _class_sizes(rng, students):
    """Classes of 30 to 60 children (fewer only if the whole programme is smaller)."""
    count = max(1, round(students / 45))
    base, rest = divmod(students, count)
    sizes = [base + (1 if n < rest else 0) for n in range(count)]
    for _step in range(count * 3):
        i, j = rng.randrange(count), rng.randrange(count)
        delta = rng.randint(1, 12)
        if i != j and sizes[i] - delta >= 30 and sizes[j] + delta <= 60:
            sizes[i] -= delta
            sizes[j] += delta
    return sizes


def _seed_progress(rng, users, class_of, assigned, plans, now):
    rows = []
    count = 0
    for user, classroom in zip(users, class_of, strict=True):
        ability = rng.random()
        for module in assigned[classroom.pk]:
            _quiz, lessons = plans[module.pk]
            reached = round(len(lessons) * min(1, ability * 1.6))
            for lesson in lessons[:reached]:
                opened = now - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 600))
                finished = opened + timedelta(minutes=rng.randint(5, 40))
                rows.append(
                    LessonProgress(
                        learner=user,
                        lesson=lesson,
                        lesson_key=lesson.translation_key,
                        module_key=module.translation_key,
                        first_opened_at=opened,
                        last_opened_at=opened + timedelta(minutes=rng.randint(1, 30)),
                        completed_at=finished if rng.random() < 0.8 else None,
                        seconds=rng.randint(60, 1500),
                    )
                )
        if len(rows) >= BATCH:
            LessonProgress.objects.bulk_create(rows)
            count += len(rows)
            rows = []
    LessonProgress.objects.bulk_create(rows)
    return count + len(rows)


def _seed_attempts(rng, users, class_of, assigned, plans, target, now, log):
    """About ``target`` attempts, spread over the children and their assigned quizzes."""
    pairs = [
        (user, plans[module.pk][0])
        for user, classroom in zip(users, class_of, strict=True)
        for module in assigned[classroom.pk]
        if plans[module.pk][0] is not None
    ]
    if not pairs:
        return 0, 0
    rng.shuffle(pairs)
    per_pair, extra = divmod(target, len(pairs))
    kinds = sorted(scoring.KINDS)
    attempts, responses = 0, 0
    batch = []

    def flush():
        nonlocal responses
        # submitted_at is stamped with the moment of saving (auto_now_add): the
        # times drawn for the programme are written back after the insert.
        submitted = [a.submitted_at for a, _rows in batch]
        with transaction.atomic():
            stored = Attempt.objects.bulk_create([a for a, _rows in batch])
            for attempt, moment in zip(stored, submitted, strict=True):
                attempt.submitted_at = moment
            Attempt.objects.bulk_update(stored, ["submitted_at"], batch_size=500)
            rows = []
            for attempt, answer_rows in zip(stored, (r for _a, r in batch), strict=True):
                for row in answer_rows:
                    row.attempt = attempt
                    rows.append(row)
            Response.objects.bulk_create(rows, batch_size=BATCH)
            question_totals.count_attempts(Attempt.objects.filter(pk__in=[a.pk for a in stored]))
            responses += len(rows)
        batch.clear()

    for index, (user, quiz) in enumerate(pairs):
        for n in range(per_pair + (1 if index < extra else 0)):
            client_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            ids = quiz.draw(client_id)
            wrong = {kind for kind in kinds if rng.random() < 0.35}
            answers = {qid: answer_for(quiz, quiz.scoring_questions[qid], wrong) for qid in ids}
            result = scoring.score(
                [quiz.scoring_questions[qid] for qid in ids],
                answers,
                pass_mark=quiz.pass_mark,
                mastery_correct=quiz.mastery_correct,
            )
            submitted = now - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 900) + n)
            started = submitted - timedelta(minutes=rng.randint(4, 20))
            attempt = stored_attempt(
                quiz,
                user,
                Paper(client_id, ids, started),
                result,
                "en",
                answers_digest(quiz.translation_key, ids, answers),
            )
            attempt.submitted_at = submitted
            rows = [
                response_row(
                    attempt, position, quiz.scoring_questions[item.question_id], answers, item
                )
                for position, item in enumerate(result.items, start=1)
            ]
            batch.append((attempt, rows))
            attempts += 1
            if len(batch) >= 2000:
                flush()
                if attempts % 20_000 == 0:
                    log(f"  {attempts} attempts")
    if batch:
        flush()
    return attempts, responses
