"""The benchmark: production settings, served over plain HTTP on loopback.

Only what loopback without TLS needs differs from production: no redirect to
HTTPS, and cookies that are sent over HTTP.
"""

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# The benchmark signs in the seeded programme's accounts, whose password is public.
LIFESKILLS_REFUSE_DEMO_DATA = False
