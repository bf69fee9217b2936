from django.shortcuts import render

from .models import HelpLine


def get_help(request):
    """Where to get help: every help line of the visitor's language, open to everyone."""
    return render(request, "curriculum/get_help.html", {"help_lines": HelpLine.for_active_locale()})
