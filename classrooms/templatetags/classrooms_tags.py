from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.roles import is_learner
from classrooms.queries import STATE_LABELS, State, child_module
from curriculum import languages

register = template.Library()

NEEDS_HELP_MARK = mark_safe('<span aria-hidden="true">! </span>')
_labels = {}  # language: {state: the label, escaped}


def _labels_now():
    language = get_language()
    if language not in _labels:
        _labels[language] = {state: escape(str(label)) for state, label in STATE_LABELS.items()}
    return _labels[language]


@register.simple_tag
def progress_cells(cells):
    """A row of the class dashboard: one table cell per module, in one call.

    The cell of ``progress_cell`` in shorter markup, drawn the same (site.css,
    ``.cell > i``): a class of 60 children and 8 modules draws 480 of them,
    and the class names and attributes of each were half the page. The bar
    is an empty element, which a screen reader passes over without being
    told; the state in words and the figures are read as before.
    """
    labels = _labels_now()
    return mark_safe("".join(_grid_cell(cell, labels) for cell in cells))


def _grid_cell(cell, labels):
    mark = NEEDS_HELP_MARK if cell.state == State.NEEDS_HELP else ""
    score = "" if cell.best_score is None else f" · {int(cell.best_score + 0.5)}%"
    return (
        f'<td><span class="cell cell--{cell.state}"><i><i class="fill-{_fill(cell.percent)}">'
        f"</i></i><b>{mark}{labels[cell.state]}</b>"
        f'<bdi dir="ltr">{int(cell.done)}/{int(cell.steps)}{score}</bdi></span></td>'
    )


def _fill(percent):
    # The bar's length as a class in steps of 5% (static/css/site.css): the
    # Content-Security-Policy allows no style attributes. The figures beside
    # the bar give the exact count.
    return min(100, max(0, int((percent + 2.5) // 5 * 5)))


@register.simple_tag
def progress_cell(cell, labels=None):
    """One child's standing in one module: a bar, the state in words, steps done, best score.

    Built in Python rather than with an include: a class dashboard draws 420 of
    them, and an include per cell was most of the page's time. Everything but
    the label is a number or one of the State constants.
    """
    mark = NEEDS_HELP_MARK if cell.state == State.NEEDS_HELP else ""
    # Scores are 0 to 100: adding a half and truncating rounds half up, as floatformat does.
    score = "" if cell.best_score is None else f" · {int(cell.best_score + 0.5)}%"
    return mark_safe(
        f'<span class="cell cell--{cell.state}"> <span class="cell__bar" aria-hidden="true">'
        f'<span class="fill-{_fill(cell.percent)}"></span></span> '
        f'<span class="cell__label">{mark}{(labels or _labels_now())[cell.state]}</span> '
        # Isolated left to right: in a Uyghur page "2/3 · 50%" would otherwise run backwards.
        f'<span class="cell__figures"><bdi dir="ltr">{int(cell.done)}/{int(cell.steps)}'
        f"{score}</bdi></span> </span>"
    )


@register.filter
def get(mapping, key):
    return mapping.get(key, "")


@register.filter
def index(sequence, position):
    return sequence[position]


@register.simple_tag
def teacher_classrooms(user):
    """The classes a signed-in teacher teaches, for the "record as taught" form."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(user.taught_classrooms.order_by("name"))


@register.filter
def isolate(text):
    """Text set apart from what surrounds it, for places that cannot hold a <bdi>
    (a page title, a translated sentence): FIRST STRONG ISOLATE and POP
    DIRECTIONAL ISOLATE keep a name written right to left, or one carrying its
    own direction marks, from turning the words around it."""
    return f"\u2068{text}\u2069"


@register.simple_tag(takes_context=True)
def child_module_progress(context, module):
    """A signed-in child's standing in ``module`` (a queries.ChildModule); None for anyone else.

    For the content's own pages (a module page), which cannot ask the classrooms
    app themselves. Never on a page kept for visitors: a child's request has a session.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if not is_learner(user):
        return None
    return child_module(user, module.translation_key, get_language())


def _other_code(link):
    code = link.language
    return None if code == get_language() else code


@register.simple_tag
def link_lang_attrs(link):
    """` lang=".." dir=".."` for a kept link (queries.PageLink) in another language than
    the reader's: ``lang_attrs`` for pages that are not page objects."""
    code = _other_code(link)
    if code is None:
        return ""
    return format_html(' lang="{}" dir="{}"', code, languages.direction(code))


@register.simple_tag
def link_language_label(link):
    """The visible "In Chinese" of ``language_label``, for a kept link."""
    code = _other_code(link)
    if code is None:
        return ""
    return format_html('<span class="in-language">{}</span>', languages.in_language_label(code))
