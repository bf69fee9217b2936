"""Curriculum content for tests and demo data: modules and help lines.

Pages are made with wagtail-factories, which places each page in the tree
under its ``parent``. Lesson and quiz factories live in their own apps and
build on ``PublishedPageFactory``.
"""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from .models import AgeBand, CurriculumIndexPage, HelpLine, ModulePage, Topic


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page with a live revision, as an editor's Publish leaves it.

    Views and reports read live revisions and translation keys, so a page that
    was only saved would behave like no page a child ever sees. Pass
    ``publish=False`` for a page that was saved but never published.
    """

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        if create and extracted is not False:
            page.save_revision().publish()
            page.refresh_from_db()


def default_curriculum_index():
    """The source language's module list, where new modules go unless told otherwise."""
    return CurriculumIndexPage.objects.filter(locale=Locale.get_default()).first()


class ModulePageFactory(PublishedPageFactory):
    """A module in the source language, under the curriculum index."""

    class Meta:
        model = ModulePage

    parent = factory.LazyFunction(default_curriculum_index)
    title = factory.Sequence(lambda n: f"Module {n}")
    summary = "What a child learns in this module, in two plain sentences."
    topic = Topic.TRAFFICKING
    age_band = AgeBand.AGE_10_13
    estimated_minutes = 90
    objectives = factory.LazyFunction(
        lambda: [{"type": "objective", "value": "Say who to tell before leaving home."}]
    )


class HelpLineFactory(DjangoModelFactory):
    """A published help line in the source language, unless ``locale`` says otherwise."""

    class Meta:
        model = HelpLine

    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Help line {n}")
    number = factory.Sequence(lambda n: f"{12300 + n}")
    description = ""
    sort_order = 0
