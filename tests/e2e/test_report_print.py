"""The coordinator's report on a phone and the donor summary on A4, in every shipped language.

The summary is printed to PDF by Chromium, as a coordinator's "Save as PDF"
does: it must fit on one or two A4 pages and carry its headings as text
(pypdf reads them back), in Chinese and right-to-left Uyghur too.
"""

import io
import re
import unicodedata

import pypdf
import pytest
from django.utils import translation
from django.utils.translation import gettext

from .conftest import ARTIFACTS
from .layout import assert_fits

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "zh-hans", "ug"]
HEADINGS = [
    "Programme summary",
    "Reach over time",
    "By school",
    "By age band",
    "By gender",
    "By module",
    "Quiz pass rates by module",
]


def sign_in(page, server):
    page.goto(f"{server}/en/accounts/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "lifeskills-coordinator")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def squeezed(text):
    """Text as compared here: compatibility forms folded (PDF text holds Arabic
    presentation forms, and Uyghur's ae drawn as the heh it is shaped from),
    spaces dropped (PDF text breaks lines anywhere)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("\u06d5", "\u0647")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_donor_summary_prints_on_a4(server, page_at, screenshot, language):
    page = page_at(1280, 900)
    sign_in(page, server)
    response = page.goto(f"{server}/{language}/reports/summary/")
    assert response.status == 200
    assert page.locator("svg[role=img]").count() >= 4
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"report-summary-{language}.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2, f"{len(reader.pages)} A4 pages"
    text = squeezed("".join(p.extract_text() for p in reader.pages))
    (ARTIFACTS / f"report-summary-{language}.txt").write_text(text)
    with translation.override(language):
        headings = [gettext(h) for h in HEADINGS]
    for heading in headings:
        # Right-to-left words may come out of a PDF in the order they are drawn.
        drawn = " ".join(reversed(heading.split()))
        assert squeezed(heading) in text or squeezed(drawn) in text, f"{heading!r} not in the PDF"
    page.emulate_media(media="print")
    screenshot(page, f"report-summary-print-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_fits_a_phone(server, page_at, screenshot, language):
    page = page_at(360, 800)
    sign_in(page, server)
    response = page.goto(f"{server}/{language}/reports/")
    assert response.status == 200
    assert page.locator("svg[role=img]").count() >= 4
    assert_fits(page, 360, f"the report in {language}")
    screenshot(page, f"report-{language}-360")
    # The filters work without JavaScript: a plain GET form.
    page.fill("#filter-start", "2000-01-01")
    page.locator(".report-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"start=2000-01-01"))
    assert page.locator("#filter-errors").count() == 0
