"""New first passwords for staff who forgot theirs, given by a coordinator or an operator.

Where the site sends no email, this is how a teacher gets back in: their
coordinator gives them a new first password (or a one-time link) in person.
The old password and every session of the account stop working at once, and
the teacher must choose a new password at their next sign-in.
"""

from axes.utils import reset as reset_sign_in_pauses
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.first_sign_in import give_first_password, give_sign_in_link, link_days

from .permissions import coordinator_required, resettable_staff

PER_PAGE = 100
MAX_SEARCH = 100


@coordinator_required
def staff_passwords(request):
    """The people whose password this coordinator or operator may reset."""
    people = resettable_staff(request.user).order_by("username")
    search = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_SEARCH]
    if search:
        people = people.filter(Q(username__icontains=search) | Q(display_name__icontains=search))
    page = Paginator(people.prefetch_related("schools_taught"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request, "classrooms/staff_passwords.html", {"page": page, "search": search}
    )


@coordinator_required
@require_POST
@never_cache
def reset_staff_password(request, pk):
    """A new first password (or one-time link) for one person, shown once."""
    person = get_object_or_404(resettable_staff(request.user), pk=pk)
    if request.POST.get("how") == "link":
        secret = {"link": give_sign_in_link(person, request.build_absolute_uri("/"))}
    else:
        secret = {"password": give_first_password(person)}
    # Their wrong tries no longer count: they sign in with what they are given now.
    reset_sign_in_pauses(username=person.get_username())
    return TemplateResponse(
        request,
        "classrooms/staff_password_given.html",
        {"person": person, "link_days": link_days(), **secret},
    )
