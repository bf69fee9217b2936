"""A staff member's first sign-in, and a new start after a forgotten password.

Either a first password, printed for them and handed over, or a one-time
sign-in link. Both leave ``User.must_change_password`` set, so that their first
pages lead them to choose their own password (ForcePasswordChangeMiddleware).

Nothing secret is stored: a first password is kept only as Django's hash, and a
link is Django's signed, timestamped token, made from the account's password
hash and last sign-in. Signing in with the link changes the last sign-in, so the
link works once; setting any password ends it too; and it names one account.
"""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

# Letters and digits that are not mistaken for each other when read off paper.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_GROUPS = 3
PASSWORD_GROUP_LENGTH = 4
DEFAULT_LINK_DAYS = 14
# Set in the session of a person who must choose a password: the middleware
# reads the session it has already loaded, not the user, so a child's kept page
# costs nothing more.
SESSION_KEY = "_lifeskills_must_change_password"


def new_first_password():
    """Twelve random characters in three groups, about 59 bits: ``k7mq-3xwe-p9ha``."""
    return "-".join(
        "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(PASSWORD_GROUP_LENGTH))
        for _g in range(PASSWORD_GROUPS)
    )


def link_days():
    return int(getattr(settings, "LIFESKILLS_SIGN_IN_LINK_DAYS", DEFAULT_LINK_DAYS))


class SignInLinkTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset token, with its own salt and its own lifetime."""

    key_salt = "lifeskills.accounts.first_sign_in.SignInLinkTokenGenerator"

    def check_token(self, user, token):
        if not (user and token) or not isinstance(token, str):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= link_days() * 24 * 3600


sign_in_links = SignInLinkTokenGenerator()


# A first password is random (about 59 bits) and lives only until the first
# sign-in, so stretching it as much as a password a person chose guards nothing:
# guessing 2**58 passwords at even this count is out of reach. The full count
# would cost an import of 1,500 teachers about ten minutes of a server's CPU.
FIRST_PASSWORD_ITERATIONS = 50_000


def hash_first_password(password):
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=FIRST_PASSWORD_ITERATIONS)
    return make_password(password)


def give_first_password(user, save=True):
    """A new random password the person must change at first sign-in. Returns it."""
    password = new_first_password()
    user.password = hash_first_password(password)
    user.must_change_password = True
    if save:
        user.save(update_fields=["password", "must_change_password"])
    return password


def give_sign_in_link(user, base_url, save=True):
    """A one-time sign-in link for the person; any password they had stops working.

    ``base_url`` is the site's address as people reach it (https://...).
    """
    user.set_unusable_password()
    user.must_change_password = True
    if save:
        user.save(update_fields=["password", "must_change_password"])
    return sign_in_link(user, base_url)


def sign_in_link(user, base_url):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = sign_in_links.make_token(user)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        path = reverse("accounts:sign_in_link", kwargs={"uidb64": uid, "token": token})
    return base_url.rstrip("/") + path
