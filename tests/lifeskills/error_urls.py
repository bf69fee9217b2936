"""The site's addresses and handlers, plus one address whose view breaks: for the 500 page only."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from lifeskills import urls
from lifeskills.urls import handler400, handler403, handler404, handler500  # noqa: F401


def broken(request):
    raise RuntimeError("a view that breaks, to show the 500 page")


def broken_knowing_who(request):
    if request.user.is_authenticated:  # loads the user, as nearly every view does
        raise RuntimeError("a view that breaks for someone signed in")
    raise RuntimeError("a view that breaks for a visitor")


urlpatterns = i18n_patterns(
    path("broken/", broken),
    path("broken-knowing-who/", broken_knowing_who),
    prefix_default_language=True,
)
urlpatterns += urls.urlpatterns
