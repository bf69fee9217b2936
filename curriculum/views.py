from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from . import offline
from .models import HelpLine, ModulePage


def get_help(request):
    """Where to get help: every help line of the visitor's language, open to everyone."""
    return render(request, "curriculum/get_help.html", {"help_lines": HelpLine.for_active_locale()})


@require_GET
def download_plan(request, page_id):
    """The files a device downloads to use a module offline, with their sizes."""
    module = get_object_or_404(
        ModulePage.objects.live().public().filter(locale__language_code=get_language()),
        pk=page_id,
    )
    return JsonResponse(offline.download_plan(module, request))
