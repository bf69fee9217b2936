from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from wagtail.models import Locale

from curriculum import languages
from curriculum.content_review import review_of

register = template.Library()


@register.simple_tag
def language_name(code):
    """A language by its own name, marked as that language, such as an attempt's language."""
    if not code:
        return "—"
    try:
        name = languages.own_name(code)
    except KeyError:
        name = code
    return format_html('<bdi lang="{}" dir="{}">{}</bdi>', code, languages.direction(code), name)


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
                    "name": languages.own_name(translation.locale.language_code),
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
                    "url": _same_page_in(request, code),
                    "current": code == current,
                }
            )
    return {"languages": options if len(options) > 1 else []}


def _same_page_in(request, code):
    """This address in another language, always a path on this site.

    A path that begins with several slashes (``//evil.example/en/x/`` reaches a
    404 page as it is) would make a link to another host, so only the path is
    used, its leading slashes and backslashes folded into one, and anything
    that still does not read as a local path falls back to the language's start
    page. The query string is left out: on a page not found it is the visitor's
    own input.
    """
    path = "/" + request.path.lstrip("/\\")
    url = translate_url(path, code)
    if url == path or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return f"/{code}/"
    return url


def _order(code):
    codes = [c for c, _ in settings.LANGUAGES]
    return codes.index(code) if code in codes else len(codes)


def _other_language(context, page):
    """The language of ``page`` if it is not the one being read, else None.

    A page kept as plain data (a link in a kept outline) carries its ``language``.
    """
    code = getattr(page, "language", None)
    if code is None:
        codes = context.render_context.get("lang_attrs_codes")
        if codes is None:
            codes = dict(Locale.objects.values_list("pk", "language_code"))
            context.render_context["lang_attrs_codes"] = codes
        code = codes.get(getattr(page, "locale_id", None))
    if not code or code == get_language():
        return None
    return code


@register.simple_tag(takes_context=True)
def lang_attrs(context, page):
    """` lang=".." dir=".."` for a page shown in a language other than the page's own.

    A module not yet translated appears in its source language inside, say, a
    Uyghur page: the attributes let screen readers pronounce it and keep its
    punctuation where it belongs.
    """
    code = _other_language(context, page)
    if code is None:
        return ""
    return format_html(' lang="{}" dir="{}"', code, languages.direction(code))


@register.simple_tag(takes_context=True)
def language_label(context, page):
    """A visible "In Chinese" beside a page shown in another language than the reader's.

    A child who reads Uyghur should know before tapping that the module opens
    in Chinese; the label is in the reader's language, like the page around it.
    """
    code = _other_language(context, page)
    if code is None:
        return ""
    return format_html('<span class="in-language">{}</span>', languages.in_language_label(code))


@register.inclusion_tag("curriculum/includes/review_notice.html")
def review_notice(module):
    """Whether local child-protection experts have checked this module, for teachers."""
    return {"module": module, "review": review_of(module)}
