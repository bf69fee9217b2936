"""Production: configuration comes from the environment (see .env.example)."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from lifeskills import error_reports
from lifeskills.cache import redis_cache
from lifeskills.storage import media_storage_from_environment

from .base import *  # noqa: F403


def _env(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


DEBUG = False
SECRET_KEY = _env("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _env("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
DATABASES = {
    "default": dj_database_url.parse(
        _env("DATABASE_URL"), conn_max_age=600, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that drops packets fails a request (and /readyz) in
    # seconds instead of holding a worker for the system's two minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )

if os.environ.get("REDIS_URL"):
    # The site outlives Redis (lifeskills/cache.py): a Redis that refuses or
    # hangs costs one request at most these timeouts, then is left alone for
    # RETRY_AFTER seconds while pages render and sessions read the database.
    CACHES = {
        "default": redis_cache(
            os.environ["REDIS_URL"],
            timeout=float(os.environ.get("REDIS_TIMEOUT", 0.5)),
            retry_after=float(os.environ.get("REDIS_RETRY_AFTER", 30)),
        )
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Each process would keep its own pages and would not hear that an editor
    # published in another: without a shared cache, pages are rendered every time.
    PAGE_CACHE_SECONDS = 0

# Media on the local disk (MEDIA_ROOT), or in an S3-compatible bucket when
# AWS_STORAGE_BUCKET_NAME is set: then no app server keeps uploads of its own
# (deploy/S3.md for the variables, the bucket policy and the web server).
STORAGES = {
    "default": media_storage_from_environment(os.environ),
    "staticfiles": {"BACKEND": "lifeskills.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS. A TLS-terminating proxy in front sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
# A load balancer probes each app server over plain HTTP. ProbeMiddleware
# answers these first anyway; this keeps them answered if it is ever moved.
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz)/?$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

WAGTAILADMIN_BASE_URL = _env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# Email (password reset by email). Without EMAIL_HOST the site sends no email and
# the sign-in page offers no reset by email: coordinators and operators give new
# first passwords instead.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "false").lower() == "true"
if EMAIL_USE_SSL:
    EMAIL_USE_TLS = False
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 20))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"Lifeskills <noreply@{ALLOWED_HOSTS[0]}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
LIFESKILLS_PASSWORD_RESET_BY_EMAIL = bool(EMAIL_HOST)

# The demo accounts and a seeded programme have public passwords: a real site
# refuses them at sign-in and refuses the commands that make them, unless it
# is a demo server (LIFESKILLS_DEMO_SERVER=true).
LIFESKILLS_REFUSE_DEMO_DATA = os.environ.get("LIFESKILLS_DEMO_SERVER", "false").lower() != "true"

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
# One JSON object a line, with an access line per request (lifeskills/logs.py);
# LOG_FORMAT=text for lines a person reads.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT is json or text.")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

# Error reports, scrubbed of children's data before they leave (lifeskills/error_reports.py).
if os.environ.get("SENTRY_DSN"):
    error_reports.start(
        os.environ["SENTRY_DSN"],
        release=os.environ.get("SENTRY_RELEASE") or os.environ.get("LIFESKILLS_RELEASE"),
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
