"""What each editorial role may do on a page, in the permission tester Wagtail asks
for every page button, menu and view: an action a role may not take is neither
offered (explorer menus, page header, edit view's action menu, title links) nor
performed (the views check the same tester and answer « permission denied »).

- Translators (home/translation/rights.py) do not edit, add under, delete or
  reorder pages in the source language, and copy or move no page.
- Writers (and not managers) delete only their own pages, and none in moderation.
  Wagtail's own rule lets anyone with the « change » permission delete any page
  not yet published. The delete view, the admin's JSON API action and the bulk
  action all ask this tester (tests/security/test_role_routes.py).

Translators' refusals reached by address keep the explanation of
home/translation/rights.py where Wagtail asks its hooks before its tester (page
creation); elsewhere Wagtail answers with its own « permission denied ».
"""

from __future__ import annotations

from wagtail.models import Page, PagePermissionTester

from home.roles import MANAGERS, WRITERS
from home.translation.rights import in_source_language, translates_only


def writes_without_managing(user) -> bool:
    """A writer who is not a manager (kept on the user object for the request)."""
    if not user.is_authenticated or user.is_superuser:
        return False
    cached = getattr(user, "_writes_without_managing", None)
    if cached is None:
        roles = set(user.groups.values_list("name", flat=True))
        cached = WRITERS in roles and MANAGERS not in roles
        user._writes_without_managing = cached
    return cached


def writer_may_delete(user, page: Page) -> bool:
    """Writers delete their own pages only, and none while it is in moderation."""
    if not writes_without_managing(user):
        return True
    return page.owner_id == user.pk and not page.workflow_in_progress


class EditorialPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, with the roles' rules above."""

    def translator_on_source(self) -> bool:
        return translates_only(self.user) and in_source_language(self.page.locale_id)

    def can_edit(self) -> bool:
        return not self.translator_on_source() and super().can_edit()

    def can_add_subpage(self) -> bool:
        return not self.translator_on_source() and super().can_add_subpage()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        if self.translator_on_source() or not writer_may_delete(self.user, self.page):
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_reorder_children(self) -> bool:
        return not self.translator_on_source() and super().can_reorder_children()

    def can_copy(self) -> bool:
        return not translates_only(self.user) and super().can_copy()

    def can_move(self) -> bool:
        return not translates_only(self.user) and super().can_move()
