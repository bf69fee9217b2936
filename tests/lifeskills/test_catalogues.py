"""The Chinese and Uyghur interface catalogues are complete, and compiled from their latest text."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = ["zh_Hans", "ug"]


def po_path(locale):
    return Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / "django.po"


def msgattrib(*args):
    if not shutil.which("msgattrib"):
        pytest.fail("GNU gettext is needed for this test: apt-get install gettext")
    return subprocess.run(["msgattrib", *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("locale", CATALOGUES)
def test_no_entry_is_untranslated_or_fuzzy(locale):
    assert msgattrib("--untranslated", str(po_path(locale))).strip() == ""
    assert msgattrib("--only-fuzzy", str(po_path(locale))).strip() == ""


@pytest.mark.parametrize("locale", CATALOGUES)
def test_the_compiled_catalogue_matches_the_text_one(locale):
    """A .mo built before the last edit of the .po would serve stale strings."""
    path = po_path(locale)
    with open(path.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    entries = msgattrib("--translated", "--no-obsolete", "--no-wrap", str(path))
    checked = 0
    msgid = context = None
    for line in entries.splitlines():
        if line.startswith('msgctxt "'):
            context = line[9:-1]
        elif line.startswith('msgid "') and line != 'msgid ""':
            msgid = line[7:-1]
        elif line.startswith('msgstr "') and msgid and "\\" not in msgid:
            found = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            assert found == line[8:-1].replace('\\"', '"'), msgid
            checked += 1
            msgid = context = None
    assert checked > 300
