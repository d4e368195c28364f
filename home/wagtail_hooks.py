from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from home.editorial import hooks as editorial_hooks  # noqa: F401  (registers them)
from home.editorial import snippet_rights
from home.help import hooks as help_hooks  # noqa: F401  (registers them)
from home.models import Menu
from home.translation import hooks as translation_hooks  # noqa: F401  (registers them)


class MenuViewSet(snippet_rights.TranslatableSnippetViewSet):
    model = Menu
    icon = "list-ul"
    menu_label = _("Menus")
    list_display = ["__str__", "location", "locale"]
    list_filter = ["location", "locale"]
    add_to_admin_menu = True
    menu_order = 300


register_snippet(MenuViewSet)


@hooks.register("insert_global_admin_css")
def admin_listings_css() -> str:
    """Listings whose words are never cut, down to 1024 pixels wide."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-listings.css")
    )
