"""Shared fixtures. The starter curriculum is loaded once per test session, through
the same command a newcomer runs, so every test reads real content."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Locale, Site

from accounts.factories import LearnerFactory, TeacherFactory, UserFactory
from accounts.roles import EDITORS, MODERATORS, TRANSLATORS
from curriculum.models import HomePage, ModulePage
from lessons.models import LessonPage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_starter_curriculum", verbosity=0)


@pytest.fixture(autouse=True)
def _database_for_every_test(request):
    # Pages live in the database, so every test may read it; browser tests
    # talk to a server with a database of its own.
    if request.node.get_closest_marker("browser") is None:
        request.getfixturevalue("db")


@pytest.fixture(autouse=True)
def _empty_cache():
    # The database rolls back after each test but the cache would not: a page
    # kept for visitors in one test must not answer the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    # A request to /ug/ or /zh-hans/ leaves its language active in the thread;
    # each test starts from the source language.
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def kept_pages(settings, site):
    """Visitors' pages kept in the cache, as in production, for the test client's host."""
    settings.PAGE_CACHE_SECONDS = 600
    site.hostname = "testserver"
    site.save()


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def english_module(db):
    return ModulePage.objects.get(locale__language_code="en", slug="safe-migration")


@pytest.fixture
def english_lesson(english_module):
    return LessonPage.objects.child_of(english_module).order_by("path").first()


@pytest.fixture
def teacher(db):
    return TeacherFactory(username="teacher-t")


@pytest.fixture
def student(db):
    # A child: a learner, no email, no other permissions.
    return LearnerFactory(username="student-s")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-e", groups=[EDITORS])


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator-m", groups=[MODERATORS])


@pytest.fixture
def translator(db):
    return UserFactory(username="translator-t", groups=[TRANSLATORS])


@pytest.fixture
def english_home(db):
    return HomePage.objects.get(locale__language_code="en")
