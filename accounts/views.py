from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url

from .landing import landing_url
from .roles import is_learner


class SignInView(auth_views.LoginView):
    """Staff sign-in. Each role lands on its own start page, unless a safe ``next`` says where."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # LoginView uses this only when ``next`` is missing or points off this site.
        return landing_url(self.request.user)


class SignOutView(auth_views.LogoutView):
    """Signs out (a POST). A child is taken to the class-code page, ready for the next child."""

    def post(self, request, *args, **kwargs):
        self.learner = is_learner(request.user)
        return super().post(request, *args, **kwargs)

    def get_default_redirect_url(self):
        if getattr(self, "learner", False):
            return resolve_url(settings.LEARNER_LOGOUT_REDIRECT_URL)
        return super().get_default_redirect_url()
