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
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "test-artifacts" / "media"))

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}

# The browser tests run the app under gunicorn, as in production, with static
# files from the finders (nothing is collected) and media served by Django.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LIFESKILLS_SERVE_MEDIA = True
