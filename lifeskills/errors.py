"""The pages shown when a page cannot be shown: refused (403), missing (404),
broken (500) and a form refused by the CSRF check.

Each says in the visitor's language what happened and offers a way back: the
start page, and for someone signed in their own area (a child's modules, a
teacher's classes). The 403, 404 and CSRF pages are the site's own pages
(base.html). The 500 page is rendered without the request, so no context
processor or database query runs, and with the language read from the address:
whatever broke the page must not break the page that says so.
"""

import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

# Said in every language at once, for when even the 500 template cannot be rendered.
LAST_RESORT = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Lifeskills</title></head><body><h1>Something went wrong</h1>"
    '<p>Please try again in a moment.</p><p><a href="/">Lifeskills</a></p></body></html>'
)


def permission_denied(request, exception=None):
    """The 403 handler: a page that is not for this person, said plainly."""
    return TemplateResponse(request, "403.html", status=403).render()


def page_not_found(request, exception=None):
    """The 404 handler."""
    return TemplateResponse(request, "404.html", status=404).render()


def server_error(request):
    """The 500 handler: no database, no context processors, the language from the address."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            context = {
                "LANGUAGE_CODE": translation.get_language(),
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            }
            html = loader.get_template("500.html").render(context)
    except Exception:
        logger.exception("The 500 page could not be rendered")
        html = LAST_RESORT
    return HttpResponseServerError(html)


def _back_url(request):
    """The page the refused form was on, if it is on this site; else None."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return None


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page open too long, or without cookies.

    The refused form saved nothing, and nothing saved before is touched. Django's
    own page speaks English to developers; this one speaks to the child. Work a
    device sends in the background gets this page too, not JSON: offline.js reads
    an answer that is not JSON as "try again later", never as refused for good.
    """
    context = {"back_url": _back_url(request)}
    response = TemplateResponse(request, "403_csrf.html", context, status=403)
    return response.render()
