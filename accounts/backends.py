from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with a username or, when it belongs to exactly one account, an email address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
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
