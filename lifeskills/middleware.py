"""Response headers that keep what a signed-in person sees off shared devices and proxies."""

from django.utils.cache import patch_cache_control


class PrivateForSignedInMiddleware:
    """Every response to a signed-in person says ``Cache-Control: private, no-store``.

    Pages, CSV and JSON downloads alike: a child's answers or a teacher's class
    list must not stay in a shared phone's browser cache, nor in a school proxy,
    after the person has gone. Visitors' pages are the same for everyone and
    stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # ``private`` replaces any ``public``; ``no-store`` outranks a max-age.
            patch_cache_control(response, private=True, no_store=True)
        return response
