"""Tests: the database comes from DATABASE_URL when set (PostgreSQL in CI)."""

import os
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "test-only-not-secret-lifeskills"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LIFESKILLS_PASSWORD_RESET_BY_EMAIL = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "test-artifacts" / "media"))

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
    # On a shared server the test database's own name may be prescribed.
    if os.environ.get("TEST_DATABASE_NAME"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

# The browser tests run the app under gunicorn, as in production, with static
# files from the finders (nothing is collected) and media served by Django.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LIFESKILLS_SERVE_MEDIA = True

# The first-load browser test serves static files as production does: collected
# with hashed names and gzip copies, under long cache headers
# (tests/e2e/test_first_load.py collects them here).
if os.environ.get("LIFESKILLS_COLLECTED_STATIC"):
    STATIC_ROOT = Path(os.environ["LIFESKILLS_COLLECTED_STATIC"])
    STORAGES = {
        **STORAGES,  # noqa: F405
        "staticfiles": {"BACKEND": "lifeskills.storage.CompressedManifestStaticFilesStorage"},
    }
    WHITENOISE_USE_FINDERS = False
    WHITENOISE_AUTOREFRESH = False
