"""Editors cannot build a wrong tree: each page type lives only where it belongs."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from curriculum.models import CurriculumIndexPage, HomePage, ModulePage
from lessons.models import LessonPage
from quizzes.models import QuizPage


class TestPageTree(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_only_the_index(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {CurriculumIndexPage})

    def test_index_holds_only_modules(self):
        self.assertAllowedParentPageTypes(CurriculumIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CurriculumIndexPage, {ModulePage})

    def test_module_lives_in_the_index_and_holds_lessons_and_quizzes(self):
        self.assertAllowedParentPageTypes(ModulePage, {CurriculumIndexPage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage, QuizPage})

    def test_quiz_lives_only_in_a_module_and_has_no_children(self):
        self.assertAllowedParentPageTypes(QuizPage, {ModulePage})
        self.assertAllowedSubpageTypes(QuizPage, set())
        self.assertCanNotCreateAt(CurriculumIndexPage, QuizPage)

    def test_lesson_lives_only_in_a_module_and_has_no_children(self):
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_wrong_places_are_refused(self):
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanNotCreateAt(CurriculumIndexPage, LessonPage)
        self.assertCanNotCreateAt(ModulePage, ModulePage)
        self.assertCanNotCreateAt(LessonPage, LessonPage)
        self.assertCanCreateAt(ModulePage, LessonPage)
        self.assertCanCreateAt(CurriculumIndexPage, ModulePage)

    def test_starter_pages_render(self):
        lesson = LessonPage.objects.filter(locale__language_code="en").first()
        for page in (lesson.get_parent().get_parent().get_parent(), lesson.get_parent(), lesson):
            self.assertPageIsRenderable(page.specific)
