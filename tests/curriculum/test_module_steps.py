"""ModuleStep: what a lesson or a quiz is to its module, declared rather than sniffed."""

from django.urls import reverse

from curriculum.models import ModulePage
from curriculum.steps import ModuleStep
from lessons.models import LessonPage
from quizzes.models import QuizPage


def test_every_page_type_a_module_holds_is_a_module_step():
    for page_type in ModulePage.allowed_subpage_models():
        assert issubclass(page_type, ModuleStep), page_type


def test_each_step_declares_its_kind_and_knows_its_module(english_module):
    kinds = {type(step): step.step_kind for step in english_module.steps}
    assert kinds == {LessonPage: ModuleStep.LESSON, QuizPage: ModuleStep.QUIZ}
    for step in english_module.steps:
        assert step.module == english_module
        assert step.is_quiz == isinstance(step, QuizPage)


def test_a_step_is_downloaded_at_its_own_address_unless_it_has_an_offline_form(english_module):
    for step in english_module.steps:
        if step.is_quiz:
            assert step.offline_url == reverse("quizzes:offline", args=[step.pk])
        else:
            assert step.offline_url == step.url
