from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

# Passwords printed in the README and demo output (demo accounts, a seeded
# programme): apps that make such accounts name them here, and a production
# site refuses them (settings.LIFESKILLS_REFUSE_DEMO_DATA).
_public_passwords: set[str] = set()


def refuse_in_production(*passwords):
    """Declare passwords that are public, so a real site never lets them sign in."""
    _public_passwords.update(passwords)


def is_refused_password(password):
    return bool(getattr(settings, "LIFESKILLS_REFUSE_DEMO_DATA", False)) and (
        password in _public_passwords
    )


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with a username or, when it belongs to exactly one account, an email address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = self._authenticate(request, username, password, **kwargs)
        if user is not None and is_refused_password(password):
            return None
        return user

    def _authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None or not username or "@" not in username:
            return user
        User = get_user_model()
        matches = list(User.objects.filter(email__iexact=username.strip())[:2])
        if len(matches) != 1:
            # Run the hasher anyway, so a wrong email takes as long as a wrong password.
            User().set_password(password)
            return None
        candidate = matches[0]
        if candidate.check_password(password) and self.user_can_authenticate(candidate):
            return candidate
        return None
