"""Modules and help lines made by the curriculum factories behave like an editor's."""

from wagtail.models import Locale

from curriculum.factories import HelpLineFactory, ModulePageFactory
from curriculum.models import CurriculumIndexPage, HelpLine, ModulePage


def test_a_module_is_published_under_the_source_languages_index(english_module):
    module = ModulePageFactory(title="Money and work")
    assert module.get_parent().specific_class is CurriculumIndexPage
    assert module.get_parent().pk == english_module.get_parent().pk
    assert module.slug == "money-and-work" and module.live
    assert module.live_revision is not None and not module.has_unpublished_changes
    assert ModulePage.objects.live().filter(pk=module.pk).exists()


def test_a_module_can_stay_a_draft(db):
    module = ModulePageFactory(publish=False, live=False)
    assert not module.live and module.live_revision is None


def test_a_help_line_is_in_the_source_language_and_listed(db):
    line = HelpLineFactory(name="Test line", number="999")
    assert line.locale == Locale.get_default()
    assert "999" in [each.number for each in HelpLine.for_active_locale()]
