"""Charts of the coordinator's report, drawn on the server as inline SVG.

Pure functions from figures to markup: no database, no template. Coordinators
show these to donors, often printed, so every chart carries its numbers as
text beside each bar, names itself for screen readers (``role="img"`` with a
title and a description that reads out every value), and tells its two kinds
of bar apart by a hatch pattern as well as by colour. Each chart on a page is
followed by a table of the same figures.

Every label is escaped: module titles and school names are typed by people
and may hold any text, in any script. Geometry is in percentages of the width
the page gives the chart and pixels of height, so text keeps its size from a
360 px phone to an A4 page; in a right-to-left language bars grow from the
right and time runs from right to left.
"""

import math
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

BRAND = "#0b6e6e"
INK = "#1d2433"
# Room kept beside the longest bar for its number.
LONGEST_BAR = 62.0
# Labels wider than this (in half-width characters, a Chinese character counting two)
# are shortened in the chart; the table that follows it has them whole.
LABEL_WIDTH = 44
LABEL_ROW, BAR_HEIGHT, ROW_GAP = 17, 14, 10
COLUMN_PLOT = 120


@dataclass
class Bar:
    """One bar: its label, its value, an optional second part drawn hatched after
    it (``extra``), and the text written beside it (``note``, the value if empty)."""

    label: str
    value: float
    extra: float = 0
    note: str = ""


def text_width(text):
    """Width in half-width characters: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def shorten(text, width=LABEL_WIDTH):
    text = " ".join(str(text).split())
    if text_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        used += text_width(char)
        if used > width - 1:
            break
        out.append(char)
    return "".join(out).rstrip() + "…"


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def _pct(value):
    return f"{value:.2f}%"


def _svg(chart_id, title, desc, height, body, rtl):
    direction = ' direction="rtl"' if rtl else ""
    return mark_safe(
        f'<svg class="chart" id="{chart_id}" role="img" width="100%" height="{height}"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12"{direction}'
        f' xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>{body}</svg>'
    )


def empty(text=None):
    """What a chart without figures shows instead of empty axes."""
    return mark_safe(f'<p class="chart-empty">{escape(text or _("No data yet"))}</p>')


def _x(percent, rtl):
    """A horizontal position, measured from the start side of the text."""
    return _pct(100 - percent if rtl else percent)


def bar_chart(chart_id, title, bars, *, rtl=False, max_value=None, empty_text=None):
    """Horizontal bars, one per row under its label; lengths proportional to the values.

    ``max_value`` fixes the full scale (100 for percentages); otherwise the
    largest bar (its value and extra together) is the longest.
    """
    bars = list(bars)
    largest = max((bar.value + bar.extra for bar in bars), default=0)
    # On a fixed scale a zero is a figure (no child passed); otherwise nothing to draw.
    if not bars or (largest <= 0 and not max_value):
        return empty(empty_text)
    scale = LONGEST_BAR / (max_value or largest)
    hatch = f"{chart_id}-hatch"
    parts = []
    if any(bar.extra for bar in bars):
        parts.append(
            f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse"'
            f' patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BRAND}" stroke-width="3"/>'
            f"</pattern></defs>"
        )
    row = LABEL_ROW + BAR_HEIGHT + ROW_GAP
    anchor = _x(0, rtl)
    step = -4 if rtl else 4
    descriptions = []
    for n, bar in enumerate(bars):
        top = n * row
        label = shorten(bar.label)
        note = bar.note or _number(bar.value)
        descriptions.append(f"{bar.label}: {note}")
        parts.append(
            f'<text x="{anchor}" y="{top + 12}" fill="{INK}">{escape(label)}'
            f"<title>{escape(bar.label)}</title></text>"
        )
        y = top + LABEL_ROW
        length = bar.value * scale
        extra = bar.extra * scale
        start = 100 - length if rtl else 0
        if length:
            parts.append(
                f'<rect class="chart-bar" x="{_pct(start)}" y="{y}" width="{_pct(length)}"'
                f' height="{BAR_HEIGHT}" fill="{BRAND}"/>'
            )
        if extra:
            extra_start = start - extra if rtl else length
            parts.append(
                f'<rect class="chart-extra" x="{_pct(extra_start)}" y="{y}" width="{_pct(extra)}"'
                f' height="{BAR_HEIGHT}" fill="url(#{hatch})" stroke="{BRAND}"/>'
            )
        parts.append(
            f'<text x="{_x(length + extra, rtl)}" dx="{step}" y="{y + 11}" fill="{INK}"'
            f' font-weight="700">{escape(note)}</text>'
        )
    height = len(bars) * row
    return _svg(chart_id, title, "; ".join(descriptions), height, "".join(parts), rtl)


def column_chart(chart_id, title, points, *, rtl=False, empty_text=None):
    """Vertical columns over time, oldest first (from the right in a right-to-left
    language); ``points`` is a list of (label, value)."""
    points = list(points)
    largest = max((value for _label, value in points), default=0)
    if not points or largest <= 0:
        return empty(empty_text)
    slot = 100 / len(points)
    # A label every few columns, so that they never run into each other on a phone.
    every = math.ceil(len(points) / 6)
    show_values = len(points) <= 16
    bottom = 18 + COLUMN_PLOT  # room above the tallest column for its number
    parts = [
        f'<line x1="0" x2="100%" y1="{bottom}" y2="{bottom}" stroke="{INK}" stroke-width="1"/>'
    ]
    for n, (label, value) in enumerate(points):
        middle = (n + 0.5) * slot
        centre = _pct(100 - middle if rtl else middle)
        height = round(COLUMN_PLOT * value / largest, 2)
        width = slot * 0.7
        left = (100 - middle if rtl else middle) - width / 2
        parts.append(
            f'<rect class="chart-bar" x="{_pct(left)}" y="{bottom - height}" width="{_pct(width)}"'
            f' height="{height}" fill="{BRAND}"><title>{escape(label)}: {escape(_number(value))}'
            f"</title></rect>"
        )
        if show_values and value:
            parts.append(
                f'<text x="{centre}" y="{bottom - height - 4}" text-anchor="middle"'
                f' fill="{INK}" font-weight="700">{escape(_number(value))}</text>'
            )
        if n % every == 0:
            parts.append(
                f'<text x="{centre}" y="{bottom + 14}" text-anchor="middle" fill="{INK}"'
                f' direction="ltr">{escape(label)}</text>'
            )
    desc = "; ".join(f"{label}: {_number(value)}" for label, value in points)
    return _svg(chart_id, title, desc, bottom + 20, "".join(parts), rtl)
