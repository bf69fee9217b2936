"""Who may open each admin view: every role against every view that matters.

The table below is the access policy. A view our apps add to the admin (a
register_admin_urls hook or a snippet) must have a row, or the last test fails.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, reverse
from wagtail import hooks
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation

from accounts.roles import (
    CHILD_PROTECTION_REVIEWERS,
    EDITORS,
    LEARNERS,
    MODERATORS,
    TEACHERS,
    TRANSLATION_REVIEWERS,
    TRANSLATORS,
)
from classrooms.models import Classroom, School
from curriculum.models import CurriculumIndexPage, HelpLine
from quizzes.models import QuizPage

OUR_APPS = {"accounts", "curriculum", "lessons", "quizzes", "classrooms"}

# What a request answers.
OK = "ok"  # 200, or a redirect that is the view's own success (a saved draft)
DENIED = "denied"  # an admin user without the right: back to the dashboard with a message
SIGN_IN = "sign in"  # not admin staff: to the admin sign-in page

ROLES = [
    "operator",
    "editor",
    "moderator",
    "translator",
    "reviewer",
    "safeguarding",
    "teacher",
    "learner",
    "coordinator",
    "anonymous",
]
STAFF = ["operator", "editor", "moderator", "translator", "reviewer"]
# Local child-protection experts sign in to the admin only to mark modules checked.
ADMIN_USERS = [*STAFF, "safeguarding"]
CURRICULUM = ["operator", "editor", "moderator"]  # the source language's pages


def allowed(*roles):
    """Expected answers: the roles named get OK, other staff DENIED, the rest SIGN_IN."""
    return {
        role: OK if role in roles else DENIED if role in ADMIN_USERS else SIGN_IN for role in ROLES
    }


# view -> who gets in. Keys are the URL names they exercise.
POLICY = {
    "wagtailadmin_home": allowed(*ADMIN_USERS),
    "wagtailadmin_explore": allowed(*STAFF),
    # Pages of the source language (English): curriculum staff only.
    "wagtailadmin_pages:edit (en)": allowed(*CURRICULUM),
    "wagtailadmin_pages:add (en)": allowed(*CURRICULUM),
    "save draft (en)": allowed(*CURRICULUM),
    "submit for review (en)": allowed(*CURRICULUM),
    # An editor reaches the form, but publishing keeps a draft only (tested below).
    "publish (en)": allowed(*CURRICULUM),
    "wagtailadmin_pages:history (en)": allowed(*CURRICULUM),
    "wagtailadmin_pages:delete (en)": allowed("operator", "moderator"),
    "wagtailadmin_pages:unpublish (en)": allowed("operator", "moderator"),
    "wagtailadmin_pages:move (en)": allowed("operator", "moderator"),
    # Translated pages (the wagtail-localize editor): translators as well.
    "wagtailadmin_pages:edit (zh)": allowed(*STAFF),
    "wagtailadmin_pages:add (zh)": allowed(*STAFF),
    "wagtailadmin_pages:history (zh)": allowed(*STAFF),
    "wagtailadmin_pages:unpublish (zh)": allowed("operator", "moderator", "reviewer"),
    "wagtail_localize:submit_page_translation": allowed(*STAFF),
    # Updating translations from their source (publishing from it: test_translation_sync).
    "reviewed_update_translations": allowed(*STAFF),
    "wagtail_localize:download_pofile": allowed(*STAFF),
    # Read-only lists every admin user reaches (wagtail-localize asks for admin access only).
    "wagtail_localize:translations_report": allowed(*ADMIN_USERS),
    # Help lines: snippets.
    "wagtailsnippets_curriculum_helpline:list": allowed(*STAFF),
    "wagtailsnippets_curriculum_helpline:add": allowed("operator", "editor", "moderator"),
    "wagtailsnippets_curriculum_helpline:edit": allowed(*STAFF),
    "wagtailsnippets_curriculum_helpline:history": allowed(*STAFF),
    "wagtailsnippets_curriculum_helpline:delete": allowed("operator", "moderator"),
    # Schools and their coordinators: the operator.
    "wagtailsnippets_classrooms_school:list": allowed("operator"),
    "wagtailsnippets_classrooms_school:add": allowed("operator"),
    "wagtailsnippets_classrooms_school:edit": allowed("operator"),
    "wagtailsnippets_classrooms_school:history": allowed("operator"),
    "wagtailsnippets_classrooms_school:delete": allowed("operator"),
    # Classes (and when they end, for retention): the operator.
    "wagtailsnippets_classrooms_classroom:list": allowed("operator"),
    "wagtailsnippets_classrooms_classroom:add": allowed("operator"),
    "wagtailsnippets_classrooms_classroom:edit": allowed("operator"),
    "wagtailsnippets_classrooms_classroom:history": allowed("operator"),
    "wagtailsnippets_classrooms_classroom:delete": allowed("operator"),
    # Images and documents.
    "wagtailimages:index": allowed(*CURRICULUM),
    "wagtailimages:add": allowed(*CURRICULUM),
    "wagtailimages:edit": allowed(*CURRICULUM),
    # Wagtail's change permission on images and documents includes deleting them,
    # but a picture on a published page is deleted only by those who may publish it.
    "wagtailimages:delete (on a live page)": allowed("operator", "moderator"),
    "guarded_image_delete (unused)": allowed(*CURRICULUM),
    # Wagtail's choosers only list; every admin user reaches them.
    "wagtailimages_chooser:choose": allowed(*ADMIN_USERS),
    "wagtaildocs:index": allowed(*CURRICULUM),
    "wagtaildocs:add": allowed(*CURRICULUM),
    "wagtaildocs:edit": allowed(*CURRICULUM),
    "wagtaildocs:delete": allowed(*CURRICULUM),
    "wagtaildocs_chooser:choose": allowed(*ADMIN_USERS),
    # Our own admin views.
    "translation_status": allowed(*STAFF),
    "narration_status": allowed(*STAFF),
    "content_review": allowed("operator", "safeguarding"),
    "content_review (mark checked)": allowed("operator", "safeguarding"),
    "quizzes_statistics (en)": allowed(*CURRICULUM),
    "quizzes_statistics (zh)": allowed(*CURRICULUM),
    # The operator's.
    "wagtailusers_users:index": allowed("operator"),
    "wagtailusers_groups:index": allowed("operator"),
    "wagtailadmin_workflows:index": allowed("operator"),
    "wagtailsites:index": allowed("operator"),
    "wagtaillocales:index": allowed("operator"),
}


@pytest.fixture
def people(django_user_model):
    groups = {
        "editor": EDITORS,
        "moderator": MODERATORS,
        "translator": TRANSLATORS,
        "reviewer": TRANSLATION_REVIEWERS,
        "safeguarding": CHILD_PROTECTION_REVIEWERS,
        "teacher": TEACHERS,
        "learner": LEARNERS,
    }
    users = {"anonymous": None}
    users["operator"] = django_user_model.objects.create_superuser(username="operator")
    for role, group in groups.items():
        users[role] = django_user_model.objects.create_user(username=f"role-{role}")
        users[role].groups.add(Group.objects.get(name=group))
    users["coordinator"] = django_user_model.objects.create_user(username="role-coordinator")
    School.objects.create(name="River School").coordinators.add(users["coordinator"])
    return users


def _index_page_form(page, **action):
    # The edit form of the modules index page, which has no stream fields.
    return {
        "title": page.title,
        "slug": page.slug,
        "intro": page.specific.intro,
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        **action,
    }


@pytest.fixture
def requests(english_module, english_lesson, locales):
    """Each view of the policy as (method, url, data)."""
    zh = locales["zh-hans"]
    zh_lesson = english_lesson.get_translation(zh)
    zh_module = english_module.get_translation(zh)
    quiz = QuizPage.objects.child_of(english_module).get()
    index = CurriculumIndexPage.objects.get(locale__language_code="en")
    help_line = HelpLine.objects.filter(locale__language_code="en").first()
    school = School.objects.get()
    classroom = Classroom.objects.create(school=school, name="Class 4B")
    image = english_module.cover_image  # shown on a published page
    unused = Image.objects.create(
        title="Unused", file=image.file, width=image.width, height=image.height
    )
    document = Document.objects.create(
        title="Guide", file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf")
    )
    translation = Translation.objects.get(
        source__object_id=zh_lesson.translation_key, target_locale=zh
    )
    source = translation.source

    def get(name, *args):
        return ("get", reverse(name.split(" (")[0], args=args), None)

    edit_index = reverse("wagtailadmin_pages:edit", args=[index.pk])
    return {
        "wagtailadmin_home": get("wagtailadmin_home"),
        "wagtailadmin_explore": get("wagtailadmin_explore", english_module.pk),
        "wagtailadmin_pages:edit (en)": get("wagtailadmin_pages:edit", english_lesson.pk),
        "wagtailadmin_pages:add (en)": get(
            "wagtailadmin_pages:add", "lessons", "lessonpage", english_module.pk
        ),
        "save draft (en)": ("post", edit_index, _index_page_form(index)),
        "submit for review (en)": (
            "post",
            edit_index,
            _index_page_form(index, **{"action-submit": "1"}),
        ),
        "publish (en)": ("post", edit_index, _index_page_form(index, **{"action-publish": "1"})),
        "wagtailadmin_pages:history (en)": get("wagtailadmin_pages:history", english_lesson.pk),
        "wagtailadmin_pages:delete (en)": get("wagtailadmin_pages:delete", english_lesson.pk),
        "wagtailadmin_pages:unpublish (en)": get("wagtailadmin_pages:unpublish", english_lesson.pk),
        "wagtailadmin_pages:move (en)": get("wagtailadmin_pages:move", english_lesson.pk),
        "wagtailadmin_pages:edit (zh)": get("wagtailadmin_pages:edit", zh_lesson.pk),
        "wagtailadmin_pages:add (zh)": get(
            "wagtailadmin_pages:add", "lessons", "lessonpage", zh_module.pk
        ),
        "wagtailadmin_pages:history (zh)": get("wagtailadmin_pages:history", zh_lesson.pk),
        "wagtailadmin_pages:unpublish (zh)": get("wagtailadmin_pages:unpublish", zh_lesson.pk),
        "wagtail_localize:submit_page_translation": get(
            "wagtail_localize:submit_page_translation", english_lesson.pk
        ),
        "reviewed_update_translations": get("reviewed_update_translations", source.pk),
        "wagtail_localize:download_pofile": get("wagtail_localize:download_pofile", translation.pk),
        "wagtail_localize:translations_report": get("wagtail_localize:translations_report"),
        "wagtailsnippets_curriculum_helpline:list": get("wagtailsnippets_curriculum_helpline:list"),
        "wagtailsnippets_curriculum_helpline:add": get("wagtailsnippets_curriculum_helpline:add"),
        "wagtailsnippets_curriculum_helpline:edit": get(
            "wagtailsnippets_curriculum_helpline:edit", help_line.pk
        ),
        "wagtailsnippets_curriculum_helpline:history": get(
            "wagtailsnippets_curriculum_helpline:history", help_line.pk
        ),
        "wagtailsnippets_curriculum_helpline:delete": get(
            "wagtailsnippets_curriculum_helpline:delete", help_line.pk
        ),
        "wagtailsnippets_classrooms_school:list": get("wagtailsnippets_classrooms_school:list"),
        "wagtailsnippets_classrooms_school:add": get("wagtailsnippets_classrooms_school:add"),
        "wagtailsnippets_classrooms_school:edit": get(
            "wagtailsnippets_classrooms_school:edit", school.pk
        ),
        "wagtailsnippets_classrooms_school:history": get(
            "wagtailsnippets_classrooms_school:history", school.pk
        ),
        "wagtailsnippets_classrooms_school:delete": get(
            "wagtailsnippets_classrooms_school:delete", school.pk
        ),
        "wagtailsnippets_classrooms_classroom:list": get(
            "wagtailsnippets_classrooms_classroom:list"
        ),
        "wagtailsnippets_classrooms_classroom:add": get("wagtailsnippets_classrooms_classroom:add"),
        "wagtailsnippets_classrooms_classroom:edit": get(
            "wagtailsnippets_classrooms_classroom:edit", classroom.pk
        ),
        "wagtailsnippets_classrooms_classroom:history": get(
            "wagtailsnippets_classrooms_classroom:history", classroom.pk
        ),
        "wagtailsnippets_classrooms_classroom:delete": get(
            "wagtailsnippets_classrooms_classroom:delete", classroom.pk
        ),
        "wagtailimages:index": get("wagtailimages:index"),
        "wagtailimages:add": get("wagtailimages:add"),
        "wagtailimages:edit": get("wagtailimages:edit", image.pk),
        "wagtailimages:delete (on a live page)": get("wagtailimages:delete", image.pk),
        "guarded_image_delete (unused)": get("guarded_image_delete", unused.pk),
        "wagtailimages_chooser:choose": get("wagtailimages_chooser:choose"),
        "wagtaildocs:index": get("wagtaildocs:index"),
        "wagtaildocs:add": get("wagtaildocs:add"),
        "wagtaildocs:edit": get("wagtaildocs:edit", document.pk),
        "wagtaildocs:delete": get("wagtaildocs:delete", document.pk),
        "wagtaildocs_chooser:choose": get("wagtaildocs_chooser:choose"),
        "translation_status": get("translation_status"),
        "narration_status": get("narration_status"),
        "content_review": get("content_review"),
        "content_review (mark checked)": (
            "post",
            reverse("content_review"),
            {"module": english_module.pk, "action": "check"},
        ),
        "quizzes_statistics (en)": get("quizzes_statistics", quiz.pk),
        "quizzes_statistics (zh)": get("quizzes_statistics", quiz.get_translation(zh).pk),
        "wagtailusers_users:index": get("wagtailusers_users:index"),
        "wagtailusers_groups:index": get("wagtailusers_groups:index"),
        "wagtailadmin_workflows:index": get("wagtailadmin_workflows:index"),
        "wagtailsites:index": get("wagtailsites:index"),
        "wagtaillocales:index": get("wagtaillocales:index"),
    }


def answer(response, url):
    """Which of OK, DENIED, SIGN_IN a response is, or what else it was."""
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return SIGN_IN
        if location == "/admin/":
            return DENIED
        # A saved draft, submission or publication goes back to the editor or the explorer.
        if location.startswith(url.split("?")[0]) or location.startswith("/admin/pages/"):
            return OK
    return f"{response.status_code} {response.get('Location', '')}"


def test_every_role_gets_what_the_policy_says_on_every_admin_view(client, people, requests):
    assert set(requests) == set(POLICY)
    wrong = []
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        for view, (method, url, data) in requests.items():
            response = getattr(client, method)(url, data) if data else client.get(url)
            got = answer(response, url)
            if got != POLICY[view][role]:
                wrong.append(f"{role:12} {view}: expected {POLICY[view][role]}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_nothing_a_refused_role_posted_was_saved(client, people, requests):
    index = CurriculumIndexPage.objects.get(locale__language_code="en")
    revisions = index.revisions.count()
    for role in ("translator", "reviewer", "teacher", "coordinator", "anonymous"):
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        for view in ("save draft (en)", "submit for review (en)", "publish (en)"):
            _method, url, data = requests[view]
            client.post(url, {**data, "title": "Changed by " + role})
    assert index.revisions.count() == revisions
    assert Page.objects.get(pk=index.pk).title == index.title


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_every_admin_view_of_our_apps_is_in_the_policy():
    """A new admin view cannot be added without deciding who may open it."""
    ours = set()
    for hook in hooks.get_hooks("register_admin_urls"):
        if hook.__module__.split(".")[0] in OUR_APPS:
            ours.update(_url_names(hook()))
    for model in get_snippet_models():
        if model._meta.app_label in OUR_APPS:
            viewset = model.snippet_viewset
            for action in ("list", "add", "edit", "history", "delete"):
                ours.add(viewset.get_url_name(action))
    assert ours, "no admin views found: the hooks were not read"
    covered = {view.split(" (")[0] for view in POLICY}
    assert sorted(ours - covered) == []


def test_the_curriculum_staff_posts_are_really_saved(client, people, requests):
    # The other side of the table: "ok" on a post means the draft was kept.
    index = CurriculumIndexPage.objects.get(locale__language_code="en")
    revisions = index.revisions.count()
    client.force_login(people["editor"])
    _method, url, data = requests["save draft (en)"]
    assert client.post(url, {**data, "title": "Modules (draft)"}).status_code == 302
    assert index.revisions.count() == revisions + 1
    _method, url, data = requests["publish (en)"]
    client.post(url, {**data, "title": "Modules (by an editor)"})
    assert Page.objects.get(pk=index.pk).title == index.title
    client.force_login(people["moderator"])
    _method, url, data = requests["publish (en)"]
    assert client.post(url, {**data, "title": "Modules (published)"}).status_code == 302
    assert Page.objects.get(pk=index.pk).title == "Modules (published)"
