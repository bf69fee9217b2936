"""The private parts of Django that lifeskills.platform.languages relies on are still there.

Should a Django upgrade rename or reshape any of them, this fails before custom
languages quietly stop working: read the module's docstring, then look for a
public way again.
"""

import importlib
import inspect

import pytest
from django.conf.locale import LANG_INFO
from django.utils.translation import trans_real

from lifeskills.platform import languages

# No test here reads the database, but every test of the suite may (tests/conftest.py).
pytestmark = pytest.mark.django_db


def _owner(path):
    if path.endswith(".DjangoTranslation"):
        # Attributes each translation sets on itself.
        return trans_real.DjangoTranslation("en")
    return importlib.import_module(path)


@pytest.mark.parametrize(("owner", "name"), languages.PRIVATE_NAMES)
def test_every_private_name_is_still_there(owner, name):
    assert hasattr(_owner(owner), name), f"{owner}.{name} is gone: see {languages.__name__}"


def test_the_language_table_still_describes_languages_as_we_write_them():
    assert isinstance(LANG_INFO, dict)
    assert {"bidi", "code", "name", "name_local"} <= set(LANG_INFO["en"])


def test_check_for_language_still_asks_the_replaceable_catalogue_test():
    # Replacing the module attribute works only while check_for_language looks
    # it up by name on every call, and Django clears it through cache_clear().
    assert "translation_catalog_exists(" in inspect.getsource(trans_real.check_for_language)
    assert callable(trans_real.translation_catalog_exists.cache_clear)


def test_translation_still_reads_its_cache_and_a_translation_still_falls_back():
    assert isinstance(trans_real._translations, dict)
    assert "_translations" in inspect.getsource(trans_real.translation)
    english = trans_real.DjangoTranslation("en")
    assert hasattr(english._catalog, "keys")
    # gettext answers from the fallback when its own catalogue has no entry.
    chinese = trans_real.DjangoTranslation("zh-hans")
    custom = trans_real.DjangoTranslation("en")
    custom._catalog = type(english._catalog)()
    custom._fallback = chinese
    assert custom.gettext("Get help") == chinese.gettext("Get help") != "Get help"
