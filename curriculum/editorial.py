"""The editorial set-up: who may do what in the admin, and the review workflow.

Roles are groups with permissions, never flags on users; their names are
``accounts.roles``'s. ``ensure_editorial_setup``
is safe to run again and again: it only adds what is missing and puts the
curriculum under the review workflow.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from accounts.roles import (
    ADMIN_ACCESS,
    CHILD_PROTECTION_REVIEWERS,
    EDITORS,
    KEEP_LEARNING_RECORDS,
    LEARNERS,
    MODERATORS,
    QUIZ_STATISTICS,
    SUBMIT_TRANSLATION,
    TEACHER_NOTES,
    TEACHERS,
    TRANSLATION_REVIEWERS,
    TRANSLATORS,
)

from .models import CHECK_MODULE, PUBLISH_HELPLINE, PUBLISH_TRANSLATED_HELPLINE, HelpLine, HomePage

WORKFLOW_NAME = "Curriculum review"
REVIEW_TASK_NAME = "Review by a moderator"
TRANSLATION_WORKFLOW_NAME = "Translation review"
TRANSLATION_TASK_NAME = "Review by a translation reviewer"

# Model permissions per group, as (app_label, codename).
MODEL_PERMISSIONS = {
    EDITORS: [
        ADMIN_ACCESS,
        SUBMIT_TRANSLATION,
        TEACHER_NOTES,
        QUIZ_STATISTICS,
        ("curriculum", "add_helpline"),
        ("curriculum", "change_helpline"),
    ],
    MODERATORS: [
        ADMIN_ACCESS,
        SUBMIT_TRANSLATION,
        TEACHER_NOTES,
        QUIZ_STATISTICS,
        ("curriculum", "add_helpline"),
        ("curriculum", "change_helpline"),
        ("curriculum", "delete_helpline"),
        PUBLISH_HELPLINE,
        ("curriculum", "lock_helpline"),
        ("curriculum", "unlock_helpline"),
    ],
    TRANSLATORS: [
        ADMIN_ACCESS,
        SUBMIT_TRANSLATION,
        TEACHER_NOTES,
        ("curriculum", "change_helpline"),
    ],
    TRANSLATION_REVIEWERS: [
        ADMIN_ACCESS,
        SUBMIT_TRANSLATION,
        TEACHER_NOTES,
        ("curriculum", "change_helpline"),
        # Through the translation review only: never an English line.
        PUBLISH_TRANSLATED_HELPLINE,
    ],
    CHILD_PROTECTION_REVIEWERS: [ADMIN_ACCESS, TEACHER_NOTES, CHECK_MODULE],
    TEACHERS: [TEACHER_NOTES],
    LEARNERS: [KEEP_LEARNING_RECORDS],
}

# Page permissions on the whole tree. Editors write and submit for review;
# moderators approve and publish.
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Page permissions on each translated language's tree only (given at its home
# page), never on the source language's: translators edit translations, which
# then go through the translation review; its reviewers may also publish there.
TRANSLATED_PAGE_PERMISSIONS = {
    TRANSLATORS: ["add_page", "change_page"],
    TRANSLATION_REVIEWERS: ["add_page", "change_page", "publish_page"],
}

COLLECTION_PERMISSIONS = {
    EDITORS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
    MODERATORS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
        ("wagtaildocs", "choose_document"),
    ],
    TRANSLATORS: [
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ],
    TRANSLATION_REVIEWERS: [
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ],
}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_editorial_setup():
    """Create the groups, their permissions and the review workflow if missing."""
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name, perms in MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(app, code) for app, code in perms])
        groups[name] = group
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name],
                page=root_page,
                permission=_permission("wagtailcore", codename),
            )
    # Earlier set-ups gave translators the whole tree, the source language's
    # included; what they need is given per translated language below.
    GroupPagePermission.objects.filter(
        group__name__in=TRANSLATED_PAGE_PERMISSIONS, page=root_page
    ).delete()
    for name, perms in COLLECTION_PERMISSIONS.items():
        for app, codename in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name],
                collection=root_collection,
                permission=_permission(app, codename),
            )

    task, _created = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK_NAME)
    task.groups.add(groups[MODERATORS])
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Assigned at the root so that every language's tree, present and future,
    # goes through the same review.
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    # Help lines too: a change is a draft until a moderator approves it.
    # Translated lines follow their language's review (HelpLine.get_workflow).
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(HelpLine),
        defaults={"workflow": workflow},
    )

    # Translations are approved by a translator who reviews (or a moderator):
    # every language but the source one has its own review, assigned at its
    # home page, so a translation stays a draft, unseen by children, until then.
    review, _created = GroupApprovalTask.objects.get_or_create(name=TRANSLATION_TASK_NAME)
    review.groups.add(groups[TRANSLATION_REVIEWERS], groups[MODERATORS])
    translation_workflow, _created = Workflow.objects.get_or_create(
        name=TRANSLATION_WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=translation_workflow, task=review, defaults={"sort_order": 0}
    )
    for home in root_page.get_children().exclude(locale=Locale.get_default()):
        assign_translation_review(home, translation_workflow)
    return groups, workflow


def assign_translation_review(home, workflow=None):
    """Put one language's tree under the translation review and open it to the translators."""
    workflow = workflow or Workflow.objects.filter(name=TRANSLATION_WORKFLOW_NAME).first()
    if workflow is None:
        return
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    for group in Group.objects.filter(name__in=TRANSLATED_PAGE_PERMISSIONS):
        for codename in TRANSLATED_PAGE_PERMISSIONS[group.name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=_permission("wagtailcore", codename)
            )


@receiver(post_save, sender=HomePage)
def review_a_new_language(sender, instance, created, raw=False, **kwargs):
    # A language added later (a translated home page) goes under review at once.
    if created and not raw and instance.locale_id != Locale.get_default().pk:
        assign_translation_review(instance)
