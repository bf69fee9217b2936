from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


def _language_name(code):
    return dict(settings.LANGUAGES).get(code) or get_language_info(code)["name_local"]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context, page=None):
    """Links to this page in the other languages it exists in.

    On a CMS page only the live translations are offered, so a child never lands
    on a missing page; elsewhere every site language is offered.
    """
    current = get_language()
    request = context.get("request")
    options = []
    if page is not None and getattr(page, "pk", None):
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        for translation in sorted(translations, key=lambda p: _order(p.locale.language_code)):
            options.append(
                {
                    "code": translation.locale.language_code,
                    "name": _language_name(translation.locale.language_code),
                    "url": translation.get_url(request=request),
                    "current": translation.locale.language_code == current,
                }
            )
    elif request is not None:
        for code, name in settings.LANGUAGES:
            options.append(
                {
                    "code": code,
                    "name": name,
                    "url": translate_url(request.get_full_path(), code),
                    "current": code == current,
                }
            )
    return {"languages": options if len(options) > 1 else []}


def _order(code):
    codes = [c for c, _ in settings.LANGUAGES]
    return codes.index(code) if code in codes else len(codes)
