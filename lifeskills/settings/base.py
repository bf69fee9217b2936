"""Settings shared by every environment. Nothing secret lives here."""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "lifeskills.platform",
    "accounts",
    "curriculum",
    "lessons",
    "quizzes",
    "classrooms",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
]

MIDDLEWARE = [
    # Probes are answered before anything else: no session, cookie, redirect
    # or host check, and no access line every few seconds (lifeskills/health.py).
    "lifeskills.health.ProbeMiddleware",
    # Outside everything else, so its time and access line cover the whole
    # answer, a redirect to HTTPS and a kept page included (lifeskills/logs.py).
    "lifeskills.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Text compressed with gzip, BREACH mitigated (lifeskills/platform/compression.py).
    # After whitenoise, which sends static files compressed when collected; before
    # the page cache, so kept pages are compressed too and kept plain.
    "lifeskills.platform.compression.TextGZipMiddleware",
    # Before the page cache and the session: a device's downloads are a visitor's pages.
    "lifeskills.platform.pwa.VisitorCopyMiddleware",
    "lifeskills.platform.page_cache.VisitorPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lifeskills.middleware.PrivateForSignedInMiddleware",
    # Staff given a first password or a sign-in link choose their own password first.
    "accounts.middleware.ForcePasswordChangeMiddleware",
    # After the language and the user are known, so a refusal is shown in the
    # visitor's language with the site around it; before every view.
    "lifeskills.safe_input.BadInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An upload the media store cannot take now: a 503 that says so, in the site's page.
    "lifeskills.middleware.MediaUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lifeskills.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A signed-in child's lesson or quiz from its kept copy (classrooms/kept_pages.py),
    # inside every other middleware so their headers and checks apply.
    "classrooms.kept_pages.ChildPageMiddleware",
    # Last, so that a paused sign-in answers with our own page (accounts.throttle).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lifeskills.urls"
# A form refused by the CSRF check gets the site's page in the visitor's language.
CSRF_FAILURE_VIEW = "lifeskills.errors.csrf_failure"
WSGI_APPLICATION = "lifeskills.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "classrooms.context_processors.roles",
            ],
            # The interface strings JavaScript shows: {% load js_strings %}.
            "libraries": {"js_strings": "lifeskills.js_strings"},
        },
    },
]

AUTHENTICATION_BACKENDS = [
    # First, so that a paused account is refused before any password is checked.
    "axes.backends.AxesBackend",
    # Teachers may type their email address instead of their username.
    "accounts.backends.UsernameOrEmailBackend",
    # Loads a child signed in with her class: her kind is decided at sign-in
    # and kept in the session, so her pages ask no role queries. Authenticates no one.
    "classrooms.backends.SignedInChildBackend",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Guessing staff passwords (teacher and admin sign-in) is paused per account
# and client address together: 5 wrong passwords from one address pause that
# account there for 15 minutes, while the same person elsewhere and colleagues
# behind the same school address still sign in. Counts are kept in the database,
# so they hold when Redis is down. Operators lift a pause with
# `manage.py axes_reset_username NAME` (or axes_reset_ip, axes_reset).
AXES_HANDLER = "accounts.throttle.PasswordSignInHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.throttle.attempted_username"
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.signing_in_paused"
# No record of each successful sign-in (children's included): only failures are kept.
AXES_DISABLE_ACCESS_LOG = True
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none,
# the header is ignored). Set it to the real number, or every client seems to
# come from the proxy's address.
LIFESKILLS_TRUSTED_PROXIES = int(os.environ.get("LIFESKILLS_TRUSTED_PROXIES", "0"))

# Staff reset a forgotten password by email only where the site can send email
# (production: EMAIL_HOST set); elsewhere a coordinator or an operator gives them
# a new first password (manage.py import_people, the staff passwords page).
LIFESKILLS_PASSWORD_RESET_BY_EMAIL = False
# How long a one-time sign-in link (import_people --links, a reset) works.
LIFESKILLS_SIGN_IN_LINK_DAYS = int(os.environ.get("LIFESKILLS_SIGN_IN_LINK_DAYS", "14"))
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Production refuses the demo accounts' and the seeded programme's public
# passwords at sign-in, and demo commands without --allow-without-debug.
LIFESKILLS_REFUSE_DEMO_DATA = False

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
# Staff who sign out (often on a school's shared computer) are left at the sign-in page.
LOGOUT_REDIRECT_URL = "accounts:login"
# A child who signs out leaves the device at the class-code page for the next child.
LEARNER_LOGOUT_REDIRECT_URL = "classrooms:join"

# Children share phones: a child's session ends with the school day, at this
# local time (TIME_ZONE), or at midnight for a sign-in after it, and never lasts
# longer than LIFESKILLS_CHILD_SESSION_MAX_HOURS. Staff keep SESSION_COOKIE_AGE.
LIFESKILLS_CHILD_SESSION_ENDS_AT = os.environ.get("LIFESKILLS_CHILD_SESSION_ENDS_AT", "18:00")
LIFESKILLS_CHILD_SESSION_MAX_HOURS = float(
    os.environ.get("LIFESKILLS_CHILD_SESSION_MAX_HOURS", "11")
)

# Languages. English is the source language of the curriculum. The shipped
# languages are always on; an operator switches on more with
# LIFESKILLS_EXTRA_LANGUAGES (comma-separated codes from KNOWN_LANGUAGES).
LANGUAGE_CODE = "en"
SHIPPED_LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ug", "ئۇيغۇرچە"),
]
KNOWN_LANGUAGES = dict(
    SHIPPED_LANGUAGES
    + [
        ("kk", "Қазақ тілі"),
        ("th", "ไทย"),
        ("vi", "Tiếng Việt"),
        ("my", "မြန်မာ"),
        ("km", "ខ្មែរ"),
    ]
)
EXTRA_LANGUAGES = [
    code.strip().lower()
    for code in os.environ.get("LIFESKILLS_EXTRA_LANGUAGES", "").split(",")
    if code.strip()
]
_unknown = [code for code in EXTRA_LANGUAGES if code not in KNOWN_LANGUAGES]
if _unknown:
    raise ValueError(
        f"LIFESKILLS_EXTRA_LANGUAGES names unknown languages {_unknown}; "
        f"choose from {sorted(KNOWN_LANGUAGES)}"
    )
# A language Django does not know (Dai, Bulang, ...) is added without code:
# LIFESKILLS_CUSTOM_LANGUAGES="tdd|Tai Nüa|zh-hans|ltr;blr|Bulang|zh-hans|ltr"
# gives each language's code, its own name, the language its interface strings
# fall back to until its catalogue is translated, and its direction.
CUSTOM_LANGUAGES = []
for _entry in os.environ.get("LIFESKILLS_CUSTOM_LANGUAGES", "").split(";"):
    if not _entry.strip():
        continue
    _parts = [part.strip() for part in _entry.split("|")]
    if len(_parts) != 4 or _parts[3] not in ("ltr", "rtl") or not _parts[0]:
        raise ValueError(
            f"LIFESKILLS_CUSTOM_LANGUAGES entry {_entry!r}: write code|name|fallback|ltr or rtl"
        )
    if _parts[2] not in KNOWN_LANGUAGES:
        raise ValueError(f"LIFESKILLS_CUSTOM_LANGUAGES: unknown fallback language {_parts[2]!r}")
    CUSTOM_LANGUAGES.append(
        {
            "code": _parts[0].lower(),
            "name": _parts[1],
            "fallback": _parts[2],
            "bidi": _parts[3] == "rtl",
        }
    )
LANGUAGES = (
    SHIPPED_LANGUAGES
    + [
        (code, KNOWN_LANGUAGES[code])
        for code in EXTRA_LANGUAGES
        if code not in dict(SHIPPED_LANGUAGES)
    ]
    + [(language["code"], language["name"]) for language in CUSTOM_LANGUAGES]
)
LANGUAGES_BIDI = ["he", "ar", "ar-dz", "ckb", "fa", "ug", "ur"] + [
    language["code"] for language in CUSTOM_LANGUAGES if language["bidi"]
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail
WAGTAIL_SITE_NAME = "Lifeskills"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Audio and video are stored as documents so that lessons work from the
# school's own server, with no dependence on a video site.
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "mp3", "m4a", "ogg", "oga", "opus", "wav", "mp4", "webm", "vtt",
]  # fmt: skip
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
# Refuses a new file for a picture on a live page unless the user may publish it.
WAGTAILIMAGES_IMAGE_FORM_BASE = "curriculum.images.ImageForm"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"png": "webp", "jpeg": "webp", "gif": "webp", "bmp": "webp"}
# An image is refused from its header, before it is decoded, above 40
# megapixels: more than any phone saves by default (12 MP) or a camera takes
# (24 to 45 MP), and a rendition of it peaks at about 180 MB and 2.5 s.
# Pillow refuses to open anything larger anywhere else, and a file Pillow
# cannot decode is refused at upload (curriculum/images.py).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# Machine translation is not good enough for children's safety content.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LANGUAGE_COOKIE_NAME = "lifeskills_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Readable lines here; production writes JSON (LOG_FORMAT, settings/production.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "lifeskills.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# How long a page rendered for visitors (not signed in) is kept, at most. Any
# change to content retires kept pages at once (lifeskills/platform/page_cache.py).
PAGE_CACHE_SECONDS = 600

# Content-Security-Policy (django-csp 4). The site's pages run only scripts
# from its own static files: no inline script, no eval, nothing from another
# origin. Sound and video come from /documents/, pictures from /media/ and
# /static/, the service worker and the manifest from the site itself.
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF],
        "media-src": [_SELF],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "worker-src": [_SELF],
        "manifest-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": [_SELF],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin writes inline scripts and styles of its own (inline
# panels, date pickers, Draftail) and evaluates code in its vendor bundle;
# editors preview pages in frames of the admin and see upload previews from
# blob: and data: addresses. Staff only, and still nothing from another origin.
ADMIN_URL_PREFIX = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [_SELF, "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:"],
        "media-src": [_SELF, "blob:"],
        "frame-src": [_SELF],
        "frame-ancestors": [_SELF],
    }
}
