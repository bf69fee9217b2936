from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import HelpLine


class HelpLineViewSet(SnippetViewSet):
    model = HelpLine
    icon = "help"
    menu_label = _("Help lines")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "number", "sort_order"]
    ordering = ["sort_order", "pk"]


register_snippet(HelpLineViewSet)
