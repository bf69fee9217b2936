from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url

from .landing import landing_url
from .roles import is_learner

# Added to the address a sign-out leads to, so that the page there says so. A query
# parameter rather than a message: the sign-out script follows the redirect itself
# (to send a child's saved work first), which would use a message up unseen.
SIGNED_OUT_PARAMETER = "signed_out"


class SignInView(auth_views.LoginView):
    """Staff sign in with a username or an email; children use the class-code page.

    Each role lands on its own start page, unless a safe ``next`` says where.
    """

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signed_out"] = SIGNED_OUT_PARAMETER in self.request.GET
        return context

    def get_default_redirect_url(self):
        # LoginView uses this only when ``next`` is missing or points off this site.
        return landing_url(self.request.user)


class SignOutView(auth_views.LogoutView):
    """Signs out (a POST). A child is taken to the class-code page, ready for the next
    child on a shared phone; staff to the sign-in page. Both in the page's language."""

    def post(self, request, *args, **kwargs):
        self.learner = is_learner(request.user)
        return super().post(request, *args, **kwargs)

    def get_default_redirect_url(self):
        if getattr(self, "learner", False):
            target = resolve_url(settings.LEARNER_LOGOUT_REDIRECT_URL)
        else:
            target = super().get_default_redirect_url()
        return f"{target}?{SIGNED_OUT_PARAMETER}=1"
