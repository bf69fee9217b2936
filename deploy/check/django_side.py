"""The deploy check's work inside Django, run as a script with the app servers' environment.

django_side.py prepare OUT CHILDREN   a class of CHILDREN children who sign in with
                                      pictures, two assigned modules, and each
                                      child's quiz papers and answers (JSON)
django_side.py publish PAGE_ID TEXT   an editor's publish of a lesson with TEXT in
                                      its title (a revision published, as the admin does)
django_side.py attempts IN            the Attempt rows of the prepared children (JSON)
"""

import json
import sys
import uuid
from datetime import timedelta

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from classrooms import services  # noqa: E402
from classrooms.demo import DEMO_MODULES, answer_for  # noqa: E402
from classrooms.models import Classroom, School, SignInMethod  # noqa: E402
from curriculum.models import ModulePage  # noqa: E402
from lessons.models import LessonPage  # noqa: E402
from quizzes.models import Attempt, QuizPage  # noqa: E402

JOIN_CODE = "DEPLOY1"


def prepare(out, children):
    # Pages are kept per configured host name: the check asks for 127.0.0.1.
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=80)
    teacher, _created = get_user_model().objects.get_or_create(
        username="deploy-check-teacher", defaults={"display_name": "Teacher"}
    )
    school, _created = School.objects.get_or_create(name="Deploy check school")
    classroom = Classroom.objects.create(
        school=school,
        name="Deploy check",
        join_code=JOIN_CODE,
        sign_in_method=SignInMethod.PICTURES,
    )
    classroom.teachers.add(teacher)
    modules = list(
        ModulePage.objects.filter(slug__in=DEMO_MODULES, locale__language_code="en").order_by(
            "path"
        )
    )
    quizzes, lesson = [], None
    for module in modules:
        services.assign_module(classroom, module, teacher, timezone.localdate() + timedelta(days=7))
        quiz = QuizPage.objects.live().descendant_of(module).order_by("path").first()
        quizzes.append(quiz)
        lesson = lesson or LessonPage.objects.live().descendant_of(module).order_by("path").first()
    new = [services.NewStudent(f"Child {n}", 2014, "") for n in range(children)]
    people = []
    for student in services.add_students(classroom, new):
        papers = []
        for quiz in quizzes:
            client_id = uuid.uuid4()
            ids = quiz.draw(client_id)
            answers = {q: answer_for(quiz, quiz.scoring_questions[q], ()) for q in ids}
            papers.append(
                {
                    "quiz": quiz.pk,
                    "paper": {
                        "client_id": str(client_id),
                        "questions": ids,
                        "started": None,
                        "answers": answers,
                    },
                }
            )
        people.append(
            {
                "student": student.pk,
                "user": student.user_id,
                "pictures": student.picture_secret.split("-"),
                "papers": papers,
            }
        )
    data = {
        "code": JOIN_CODE,
        "children": people,
        "quiz_urls": [quiz.url for quiz in quizzes],
        "lesson": {"id": lesson.pk, "url": lesson.url, "title": lesson.title},
    }
    with open(out, "w") as handle:
        json.dump(data, handle)


def publish(page_id, text):
    page = LessonPage.objects.get(pk=page_id)
    page.title = f"{page.title} {text}"
    page.save_revision().publish()


def attempts(path):
    with open(path) as handle:
        data = json.load(handle)
    users = [child["user"] for child in data["children"]]
    rows = Attempt.objects.filter(learner_id__in=users)
    per_client_id = {
        str(row["client_id"]): row["n"] for row in rows.values("client_id").annotate(n=Count("id"))
    }
    per_child_and_quiz = [
        row["n"] for row in rows.values("learner_id", "quiz_key").annotate(n=Count("id"))
    ]
    json.dump(
        {"per_client_id": per_client_id, "per_child_and_quiz": per_child_and_quiz}, sys.stdout
    )


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "prepare":
        prepare(args[0], int(args[1]))
    elif command == "publish":
        publish(int(args[0]), args[1])
    elif command == "attempts":
        attempts(args[0])
    else:
        raise SystemExit(__doc__)
