from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views import View

from .first_sign_in import SESSION_KEY, sign_in_links
from .landing import landing_url
from .roles import LEARNERS, is_learner, is_signed_in_child

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
        context["email_reset"] = email_reset_enabled()
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


def email_reset_enabled():
    """Whether the site can send email, so that staff reset a forgotten password themselves."""
    return bool(getattr(settings, "LIFESKILLS_PASSWORD_RESET_BY_EMAIL", False))


class ChoosePasswordView(LoginRequiredMixin, auth_views.PasswordChangeView):
    """Staff choose their own password: at first sign-in (a first password or a
    link), and whenever they like after that.

    Someone who must choose one has just proved who they are (with the first
    password they typed, or a one-time link) and may have no password to type,
    so they are not asked for the old one.
    """

    template_name = "accounts/choose_password.html"

    def dispatch(self, request, *args, **kwargs):
        if is_signed_in_child(request.user) or is_learner(request.user):
            # Children have picture passwords, which their teacher gives.
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        if self.request.user.must_change_password:
            return SetPasswordForm
        return PasswordChangeForm

    def form_valid(self, form):
        form.user.must_change_password = False
        response = super().form_valid(form)
        self.request.session.pop(SESSION_KEY, None)
        messages.success(self.request, _("Your new password is saved."))
        return response

    def get_success_url(self):
        return landing_url(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["first_time"] = self.request.user.must_change_password
        return context


class SignInLinkView(View):
    """A one-time sign-in link from a printed sheet or a reset: a button, then the
    page where the person chooses a password.

    Opening the link signs no one in (a mail scanner or a preview opens links
    too); pressing the button does, once.
    """

    template_name = "accounts/sign_in_link.html"

    def get_user(self, uidb64, token):
        try:
            pk = int(urlsafe_base64_decode(uidb64).decode())
            user = get_user_model().objects.get(pk=pk)
        except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
            return None
        except get_user_model().DoesNotExist:
            return None
        if user.is_active and sign_in_links.check_token(user, token):
            return user
        return None

    def get(self, request, uidb64, token):
        user = self.get_user(uidb64, token)
        status = 200 if user else 410
        return render(request, self.template_name, {"valid": user is not None}, status=status)

    def post(self, request, uidb64, token):
        user = self.get_user(uidb64, token)
        if user is None:
            return render(request, self.template_name, {"valid": False}, status=410)
        # Whoever was signed in on this device is signed out first.
        auth_logout(request)
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])
        auth_login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
        return redirect("accounts:choose_password")


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form, for staff only: a child never gets a reset email."""

    def get_users(self, email):
        return (
            user
            for user in super().get_users(email)
            if not user.groups.filter(name=LEARNERS).exists()
        )


class _EmailResetOnly:
    def dispatch(self, request, *args, **kwargs):
        if not email_reset_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(_EmailResetOnly, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(_EmailResetOnly, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(_EmailResetOnly, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        form.user.must_change_password = False
        return super().form_valid(form)


class PasswordResetCompleteView(_EmailResetOnly, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
