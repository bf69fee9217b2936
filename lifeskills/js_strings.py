"""Every interface string JavaScript shows, declared once, and the tags that put them in a page.

A page carries the strings its scripts need as one JSON blob,
``<script id="js-strings" type="application/json">``, which ``static/js/i18n.js``
reads: ``t("quiz.next")``, ``t("download.size", {size: ...})``. Placeholders are
Python's: ``%(name)s``, and ``%%`` for a percent sign.

Why a blob in the page and not Django's ``JavaScriptCatalog``: the catalogue is
one more request, which costs seconds on a weak connection, and one more file
the service worker must keep for every language before a downloaded module
works offline. The blob arrives with the page, in the page's language, and a
kept copy of the page carries it too.

A template asks for the groups its scripts use, anywhere in the page:
``{% load js_strings %}{% js_strings "quiz" %}``; ``base.html`` writes the one
blob at the end of the body with ``{% js_strings_script %}``. A page carries only
the groups it asked for: pages have byte budgets. Nothing in a group may depend
on who is signed in, since visitor pages are cached and kept on shared phones.

The msgids are those the templates and ``quizzes/offline.py`` used before, so
every translation carries over. ``{% translate %}`` doubles each ``%`` of a
template's text in its msgid; ``_from_template`` undoes that, as the tag does.
"""

import json

from django import template
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()


def _unescape_percent(text):
    return str(text).replace("%%", "%")


_from_template = lazy(_unescape_percent, str)


# name -> text, by group. A name is "<group>.<what>", so groups never collide.
GROUPS = {
    # offline.js, on a signed-in child's own pages and on lessons a device keeps: work
    # waiting on the phone.
    "sync": {
        # A lesson finished on a kept copy: the words a downloaded quiz's attempt uses.
        "finished": _("Saved on this phone. It will be sent to your teacher when you are online."),
        "waiting": _(
            "Some of your work is saved on this phone. "
            "It will be sent to your teacher when you are online."
        ),
        "sent": _("Your saved work has been sent to your teacher."),
        "refused": _("Some saved work could not be sent:"),
    },
    # quiz.js: one question at a time.
    "quiz": {
        "next": _("Next question"),
        "back": _("Previous question"),
        "unanswered": _("Answer this question before you go on."),
        "progress": _("Question %(number)s of %(count)s"),
    },
    # offline-quiz.js: where a downloaded quiz's attempt went (the rest of its result
    # comes from the online result's templates).
    "result": {
        "practice": _("This was practice: your answers were not saved."),
        "queued": _("Saved on this phone. It will be sent to your teacher when you are online."),
        "sent": _("Sent to your teacher."),
    },
    # present.js: present mode and the presenter view of a lesson.
    "present": {
        "present": _("Present"),
        "presenter": _("Presenter view"),
        "next": _("Next"),
        "previous": _("Previous"),
        "exit": _("Exit"),
        "start": _("Start timer"),
        "pause": _("Pause"),
        "reset": _("Reset"),
        "notes": _("Teacher notes"),
        "no_notes": _("No notes for this part."),
        "up_next": _("Next"),
    },
    # downloads.js on a module page: "Download this module".
    "download": {
        "size": _from_template(_("On this phone: %%(size)s")),
        "downloading": _from_template(_("Downloading: %%(done)s of %%(total)s")),
        "done": _("Downloaded: this module works without a connection."),
        "failed": _("The download stopped. Check the connection and try again; nothing was kept."),
        "stale": _(
            "This module has changed since you downloaded it. "
            "Download it again to get the new version."
        ),
        "deleted": _("The download is deleted."),
        "full": _("This phone has no room for the download. Delete other downloads and try again."),
    },
    # downloads.js on "My downloads".
    "downloads": {
        "total": _from_template(_("Downloads use %%(size)s on this phone.")),
        "storage": _from_template(
            _("This site uses %%(used)s of the %%(quota)s this browser allows.")
        ),
        "empty": _(
            "Nothing is downloaded on this phone yet. "
            "Open a module and choose “Download this module”."
        ),
        "saved": _from_template(_("Downloaded %%(date)s")),
        "delete": _("Delete"),
        "deleted": _from_template(_("Deleted: %%(title)s")),
    },
}

# The groups a page has asked for, kept where every template of one rendering
# sees them (includes get a render context of their own; its first dict is shared).
_ASKED = "lifeskills.js_strings"

# As django.utils.html.json_script escapes, but the text stays UTF-8: Chinese and
# Uyghur would take two to three times the bytes as \u escapes.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def strings(*groups):
    """The texts of ``groups`` in the active language, as ``{"group.name": text}``."""
    unknown = set(groups) - set(GROUPS)
    if unknown:
        raise KeyError(f"no such group of JavaScript strings: {', '.join(sorted(unknown))}")
    return {
        f"{group}.{name}": str(text)
        for group in GROUPS
        if group in groups
        for name, text in GROUPS[group].items()
    }


def script(*groups):
    """The blob itself: one ``<script type="application/json">`` holding ``strings(*groups)``."""
    data = json.dumps(strings(*groups), ensure_ascii=False, separators=(",", ":"))
    return mark_safe(
        f'<script id="js-strings" type="application/json">{data.translate(_JSON_ESCAPES)}</script>'
    )


@register.simple_tag(takes_context=True)
def js_strings(context, *groups):
    """Asks for ``groups`` in this page's blob. Renders nothing where it stands."""
    strings(*groups)  # an unknown group fails here, where the template names it
    context.render_context.dicts[0].setdefault(_ASKED, []).extend(groups)
    return ""


@register.simple_tag(takes_context=True)
def js_strings_script(context):
    """The page's one blob, with every group asked for so far; nothing if none was."""
    asked = context.render_context.dicts[0].get(_ASKED)
    return script(*asked) if asked else ""
