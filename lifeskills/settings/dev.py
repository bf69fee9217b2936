"""Local development: SQLite, debug pages, no HTTPS."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-lifeskills"  # noqa: S105 - never used in production
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Reset emails are printed in the console.
LIFESKILLS_PASSWORD_RESET_BY_EMAIL = True
