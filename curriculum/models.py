from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    Page,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from accounts.roles import PermissionName
from lifeskills.platform.page_cache import KeptForVisitors

from . import offline

LESSON_PAGE_TYPE = "lessons.LessonPage"
QUIZ_PAGE_TYPE = "quizzes.QuizPage"

PUBLISH_HELPLINE = PermissionName("curriculum", "publish_helpline")
PUBLISH_TRANSLATED_HELPLINE = PermissionName("curriculum", "publish_translated_helpline")
CHECK_MODULE = PermissionName("curriculum", "check_module")


class Topic(models.TextChoices):
    TRAFFICKING = "trafficking", _("Human trafficking and safe migration")
    LABOUR = "labour", _("Labour rights and the law")
    HIV = "hiv", _("HIV/AIDS and sexual health")
    DRUGS = "drugs", _("Drugs")
    CITY = "city", _("Safe city living")
    FEELINGS = "feelings", _("Feelings, stress and asking for help")
    PUBERTY = "puberty", _("Growing up: puberty and body safety")
    SAFETY = "safety", _("Keeping safe: my body, my safe adults, my way home")


class AgeBand(models.TextChoices):
    AGE_6_9 = "6-9", _("Ages 6–9")
    AGE_10_13 = "10-13", _("Ages 10–13")
    AGE_14_18 = "14-18", _("Ages 14–18")


def live_modules(queryset):
    """The module listing every page uses: one query, stable order, covers prefetched."""
    return (
        queryset.live()
        .public()
        .select_related("cover_image")
        .prefetch_related("cover_image__renditions")
        .order_by("path")
    )


class HomePage(KeptForVisitors, Page):
    """The front page of one language's site: a welcome and the modules to start with.

    Edited by curriculum editors; each language has its own translation.
    """

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Two or three short sentences that welcome a child to the site."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["curriculum.CurriculumIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = live_modules(ModulePage.objects.descendant_of(self))
        return context

    def route(self, request, path_components):
        """Find the page at an address below this one with one lookup, not two per level.

        Wagtail walks the tree a level at a time, two queries a level: eight
        for a lesson. Every page here is routed by its slug alone, so the page
        whose ``url_path`` is the whole address is the one Wagtail would find.
        Its parent comes in the same query, as a lesson's page shows its
        module. Anything else (an address no page has) takes Wagtail's walk.
        """
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            parent_path = url_path[: url_path.rstrip("/").rfind("/") + 1]
            found = {
                page.url_path: page
                for page in Page.objects.filter(
                    path__startswith=self.path, url_path__in=[url_path, parent_path]
                ).specific()
            }
            page = found.get(url_path)
            if page is not None:
                if parent_path in found:
                    # Treebeard's get_parent() uses this instead of a query.
                    page._cached_parent_obj = found[parent_path]
                return page.route(request, [])
        return super().route(request, path_components)


class CurriculumIndexPage(KeptForVisitors, Page):
    """Lists every module of one language. Its children are the modules."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A sentence or two above the list of modules."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["curriculum.HomePage"]
    subpage_types = ["curriculum.ModulePage"]

    class Meta:
        verbose_name = _("curriculum index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = live_modules(ModulePage.objects.child_of(self))
        return context


class ModulePage(KeptForVisitors, Page):
    """A module: one subject taught in a few lessons and a quiz, in order.

    Written by curriculum editors, reviewed by moderators, translated by
    translators. Its children are its lessons and quiz, in the order a class
    takes them.
    """

    summary = models.TextField(
        _("summary"),
        help_text=_("One or two plain sentences telling a child what this module is about."),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    age_band = models.CharField(
        _("age band"),
        max_length=5,
        choices=AgeBand.choices,
        help_text=_("The ages this module is written for."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        help_text=_("Class time for the whole module, lessons and quiz together."),
    )
    objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("Objective"), max_length=250))],
        blank=True,
        verbose_name=_("learning objectives"),
        help_text=_("What a child can do after the module, one sentence each."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A friendly picture for the module list. No photos of real children."),
    )
    is_starter_content = models.BooleanField(
        _("starter content, not yet reviewed"),
        default=False,
        help_text=_(
            "Starter content shipped with the platform. It must be reviewed by local "
            "child-protection experts before use; untick once they have."
        ),
    )

    content_panels = Page.content_panels + [
        HelpPanel(
            content=_(
                "<p>Starter modules are ticked below as <b>starter content — to be reviewed "
                "by local child-protection experts before use</b>.</p>"
            ),
        ),
        FieldPanel("is_starter_content"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("topic"), FieldPanel("age_band"), FieldPanel("estimated_minutes")],
            heading=_("For whom, and how long"),
        ),
        FieldPanel("objectives"),
        FieldPanel("cover_image"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("topic"),
        index.FilterField("age_band"),
    ]

    parent_page_types = ["curriculum.CurriculumIndexPage"]
    subpage_types = [LESSON_PAGE_TYPE, QUIZ_PAGE_TYPE]

    class Meta:
        verbose_name = _("module")

    @cached_property
    def steps(self):
        """The module's live lessons and quiz, in order: specific pages, each a ``ModuleStep``."""
        return list(self.get_children().live().public().specific().order_by("path"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["steps"] = self.steps
        # A preview has nothing to download. While the plan is being made this
        # page is rendered as part of it, and is given the plan (None at first).
        if hasattr(request, "offline_plan"):
            context["download"] = request.offline_plan
        elif not getattr(request, "is_preview", False):
            try:
                context["download"] = offline.download_plan(self, request)
            except OSError:
                # The media store cannot size the files: the module without its
                # download offer, rather than no module page (the plan is not kept).
                context["download"] = None
        return context


class HelpLine(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, TranslatableMixin, models.Model
):
    """A telephone line or place where a child can get help, shown on every page's help box.

    Edited by curriculum editors; each language has its own translation, so the
    names and descriptions read in the child's language. A wrong number can cost
    a child's safety, so a change is a draft until it is approved, like a page:
    English lines by a moderator, translated ones by a translation reviewer.
    Children only ever see the published (live) values.
    """

    name = models.CharField(
        _("name"), max_length=120, help_text=_("For example: Police, Youth service line.")
    )
    number = models.CharField(
        _("number"),
        max_length=40,
        help_text=_("As a child would dial it, for example 110 or 12355."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("When to call, in one or two plain sentences."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    # So that deleting a help line deletes its drafts and review history too.
    _revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="help_line",
        for_concrete_model=False,
    )
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="help_line",
        for_concrete_model=False,
    )

    # Every language dials the same numbers: a synced translation takes the
    # number from the approved English line, so no translation can change it.
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("number"),
        TranslatableField("description"),
        SynchronizedField("sort_order"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("number"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("help line")
        verbose_name_plural = _("help lines")
        ordering = ["sort_order", "pk"]
        permissions = [
            (PUBLISH_TRANSLATED_HELPLINE.codename, _("Can publish translated help lines")),
        ]

    def __str__(self):
        return f"{self.name} {self.number}"

    @classmethod
    def for_active_locale(cls):
        """The help lines of the current language, or of the default language if it has none."""
        live = cls.objects.filter(live=True)
        lines = list(live.filter(locale=Locale.get_active()))
        if not lines:
            lines = list(live.filter(locale=Locale.get_default()))
        return lines

    def get_workflow(self):
        """The review a change goes through: the same as the pages of its language.

        English lines go through the workflow assigned to help lines (the
        curriculum review); a translated line goes through the review its
        language's pages have (the translation review), so its reviewers
        approve it.
        """
        if self.locale_id != Locale.get_default().pk:
            home = Page.objects.filter(depth=2, locale_id=self.locale_id).first()
            if home is not None and (workflow := home.get_workflow()) is not None:
                return workflow
        return super().get_workflow()

    def may_be_published_by(self, user):
        """Moderators publish any line; translation reviewers only translated ones."""
        if user.has_perm(PUBLISH_HELPLINE.perm):
            return True
        return self.locale_id != Locale.get_default().pk and user.has_perm(
            PUBLISH_TRANSLATED_HELPLINE.perm
        )

    def publish(self, revision, user=None, skip_permission_checks=False, **kwargs):
        # Wagtail checks the model-wide publish permission, also when a review
        # is approved; a translated line's reviewer holds the narrower one.
        if user is not None and not skip_permission_checks:
            if not self.may_be_published_by(user):
                raise PermissionDenied(_("You may not publish this help line."))
            skip_permission_checks = True
        return super().publish(
            revision, user=user, skip_permission_checks=skip_permission_checks, **kwargs
        )


class ModuleCheck(models.Model):
    """A local child-protection reviewer's check of one module in one language.

    Starter content ships unchecked: until a reviewer marks a module checked here
    (in the admin, Child-protection review), teachers' prints say it is still to be
    reviewed. A check counts for what was live when it was made; publishing any
    page of the module in that language afterwards asks for a new check.
    """

    translation_key = models.UUIDField(db_index=True)
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField()
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"], name="one_check_per_module_language"
            )
        ]
        permissions = [
            (
                CHECK_MODULE.codename,
                "Can mark a module checked by a local child-protection reviewer",
            )
        ]

    def __str__(self):
        return f"{self.translation_key} · {self.locale_id} · {self.checked_at:%Y-%m-%d}"
