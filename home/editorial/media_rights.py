"""Who may delete images and documents: those given « delete » on their collection.

Wagtail's policy for images and documents (CollectionOwnershipPermissionPolicy)
treats deleting as changing: whoever may change an image — any writer, who has
« change » on the root collection, or its uploader — may delete it, through the
delete view, the bulk action or any other route that asks the policy. Here a
deletion needs the « delete » permission itself (managers have it, writers do
not, home/roles.py); everything else is Wagtail's rule, unchanged.

The policies are registered for the exact image and document models, which
Wagtail's lookup prefers to its own registration (made for the models and their
subclasses), whatever the order in which the apps are ready."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import Collection
from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
)

DELETE = "delete"


def _split(actions) -> tuple[set[str], bool]:
    actions = set(actions)
    return actions - {DELETE}, DELETE in actions


class DeletionNeedsPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's ownership policy, where « delete » is its own permission."""

    def user_has_permission(self, user, action):
        if action == DELETE:
            return self._check_perm(user, [DELETE])
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        others, delete = _split(actions)
        found = Q(pk__in=[])
        if others:
            found |= Q(pk__in=super().users_with_any_permission(others).values("pk"))
        if delete:
            found |= Q(pk__in=self._users_with_perm([DELETE]).values("pk"))
        return get_user_model().objects.filter(found)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        others, delete = _split(actions)
        if delete and self._check_perm(user, [DELETE], collection=instance.collection):
            return True
        return bool(others) and super().user_has_any_permission_for_instance(
            user, others, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        others, delete = _split(actions)
        if user.is_active and user.is_superuser:
            return self.model._default_manager.all()
        if not user.is_authenticated:
            return self.model._default_manager.none()
        instances = self.model._default_manager.none()
        if others:
            instances = super().instances_user_has_any_permission_for(user, others)
        if delete:
            collections = self._collections_with_perm(user, [DELETE])
            instances = instances | self.model._default_manager.filter(
                collection__in=collections
            )
        return instances

    def users_with_any_permission_for_instance(self, actions, instance):
        others, delete = _split(actions)
        found = Q(pk__in=[])
        if others:
            users = super().users_with_any_permission_for_instance(others, instance)
            found |= Q(pk__in=users.values("pk"))
        if delete:
            users = self._users_with_perm([DELETE], collection=instance.collection)
            found |= Q(pk__in=users.values("pk"))
        return get_user_model().objects.filter(found)

    def collections_user_has_any_permission_for(self, user, actions):
        others, delete = _split(actions)
        if user.is_active and user.is_superuser:
            return Collection.objects.all()
        if not user.is_authenticated:
            return Collection.objects.none()
        collections = Collection.objects.none()
        if others:
            collections = super().collections_user_has_any_permission_for(user, others)
        if delete:
            collections = collections | self._collections_with_perm(user, [DELETE])
        return collections


def register() -> None:
    """Called from home's AppConfig.ready()."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import register_permission_policy

    register_permission_policy(
        get_image_model(),
        DeletionNeedsPermissionPolicy(
            get_image_model(),
            auth_model="wagtailimages.Image",
            owner_field_name="uploaded_by_user",
        ),
        exact_class=True,
    )
    register_permission_policy(
        get_document_model(),
        DeletionNeedsPermissionPolicy(
            get_document_model(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        ),
        exact_class=True,
    )
