"""What the snippet listings offer translators: only what they may do.

Translators never change a snippet in the source language (French); the hooks in
home/translation/rights.py refuse it after the click. Here the same rule
(`translation_rights.source_locked`) is the snippet models' permission policy, so
that whatever asks the policy about one snippet — the listings' « Edit »,
« Copy » and « Delete » below, the edit view's « Delete » — no longer offers a
translator those actions on a French snippet. Managers, writers and translators
on their translations keep Wagtail's model permissions, unchanged.

Wagtail's listing asks the policy about the model only; the listing below asks it
about each row. Copying a snippet is asked as « add » on that snippet, which
translators are never offered: the copy view creates without a target language,
which the create hook refuses them."""

from __future__ import annotations

from django.utils.functional import cached_property
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.models import TranslatableMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from home.translation.rights import in_source_language, source_locked, translates_only

# Everything but viewing and translating changes the snippet (or, for « add »
# asked about one snippet, copies it into its language).
LOCKED_ACTIONS = frozenset(
    {"add", "change", "delete", "publish", "unpublish", "lock", "unlock"}
)


class SourceLockedPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, less the source-language snippets'
    changes for translators."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action in LOCKED_ACTIONS and source_locked(user, instance):
            return False
        if action == "add" and translates_only(user):
            # A copy is created without a language to translate into, which
            # translators are refused (translation_rights.before_create_snippet).
            return False
        return super().user_has_permission_for_instance(user, action, instance)


class SourceLockedIndexView(IndexView):
    """The listing's row actions, asked of the policy for each row; in the
    source language, a translator is offered neither « Add » nor the boxes of
    the bulk actions (deleting, the only one, is refused them there)."""

    @cached_property
    def source_locked_listing(self) -> bool:
        return (
            issubclass(self.model, TranslatableMixin)
            and translates_only(self.request.user)
            and (self.locale is None or in_source_language(self.locale.pk))
        )

    def get_add_url(self):
        if self.source_locked_listing:
            return None
        return super().get_add_url()

    @cached_property
    def columns(self):
        columns = super().columns
        if self.source_locked_listing:
            return [c for c in columns if not isinstance(c, BulkActionsCheckboxColumn)]
        return columns

    def get_edit_url(self, instance):
        if self.user_has_permission_for_instance("change", instance):
            return super().get_edit_url(instance)
        return None

    def get_copy_url(self, instance):
        if self.user_has_permission_for_instance("add", instance):
            return super().get_copy_url(instance)
        return None

    def get_delete_url(self, instance):
        if self.user_has_permission_for_instance("delete", instance):
            return super().get_delete_url(instance)
        return None


class TranslatableSnippetViewSet(SnippetViewSet):
    """The viewset of a translatable snippet: its policy is SourceLockedPolicy."""

    index_view_class = SourceLockedIndexView

    def register_permissions(self):
        # Registered for the exact model, which Wagtail's lookup prefers to the
        # fallback policy it would otherwise create for it.
        register_permission_policy(
            self.model, SourceLockedPolicy(self.model), exact_class=True
        )
        super().register_permissions()
