"""Translations fall out of date when their English source changes.

wagtail-localize keeps a copy of the source (``TranslationSource``) and counts
a translation against that copy, which is refreshed only when someone presses
"Sync translated pages". Until then a quiz given a new question in English still
shows "100% translated · Published" for Chinese, although Chinese children do
not get the question. So when a source-language page is published with
different words or answers, its copy is refreshed at once: the new text counts
as untranslated, and ``translation_status`` shows the translation as out of date
until it is updated and published again.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.dispatch import receiver
from wagtail.blocks import StreamValue
from wagtail.models import Locale
from wagtail.signals import page_published
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import TranslationSource


def _content(instance):
    """What a translation is made from: the translated and synchronised fields.

    Stream fields are compared block by block once converted: the same content
    serialises differently before and after Wagtail has read its blocks.
    """
    content = {}
    for field in get_translatable_fields(type(instance)):
        if field.field_name == "slug":
            continue  # the address never makes a translation out of date
        value = getattr(instance, field.field_name, None)
        if isinstance(value, StreamValue):
            list(value)  # reads every block, so get_prep_value gives their full values
            value = value.get_prep_value()
        else:
            value = instance.serializable_value(field.field_name)  # a picture by its id
        content[field.field_name] = json.dumps(
            value, cls=DjangoJSONEncoder, sort_keys=True, default=str
        )
    return content


def refresh_source(instance):
    """Bring the stored copy of ``instance`` up to date. Returns True if it changed."""
    source = TranslationSource.objects.filter(
        object_id=instance.translation_key, locale_id=instance.locale_id
    ).first()
    if source is None:
        return False
    stored = source.as_instance()
    if _content(stored) == _content(instance):
        return False
    source.update_from_db()
    return True


@receiver(page_published, dispatch_uid="curriculum_translation_freshness")
def mark_translations_out_of_date(sender, instance, **kwargs):
    if instance.locale_id != Locale.get_default().pk:
        return
    refresh_source(instance.specific)
