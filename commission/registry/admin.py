from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from commission.core.actors import signed_in
from commission.core.admin import ReadOnlyAdmin
from commission.registry import models, posts


@admin.register(models.Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("ref", "surname", "given_name", "patronymic", "known_as", "gender")
    search_fields = ("ref", "surname_key", "given_key")
    show_full_result_count = False


@admin.register(models.Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("person", "organisation", "unit", "status", "status_since")
    list_filter = ("status",)
    raw_id_fields = ("person",)
    show_full_result_count = False


@admin.register(models.Relationship)
class RelationshipAdmin(ReadOnlyAdmin):
    list_display = ("source", "kind", "target", "strength")
    list_filter = ("kind",)
    raw_id_fields = ("source", "target")
    show_full_result_count = False


for model in (models.Organisation, models.Unit, models.Commission, models.Commissioner):
    admin.site.register(model, ReadOnlyAdmin)


@admin.register(models.ClerkPost)
class ClerkPostAdmin(admin.ModelAdmin):
    """Posting a clerk, and ending a post, go through `registry.posts` (permission and audit
    event); a post is ended, never deleted, so the record of who could see what stays."""

    list_display = ("user", "commission", "started_on", "ended_on")
    list_filter = ("commission",)
    raw_id_fields = ("user",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("user", "commission", "started_on") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actor = signed_in(request.user)
        if not change:
            saved = posts.post_clerk(
                actor=actor, user=obj.user, commission=obj.commission, started_on=obj.started_on
            )
            if obj.ended_on is not None:
                saved = posts.end_clerk_post(
                    actor=actor, user=obj.user, commission=obj.commission, ended_on=obj.ended_on
                )
            obj.pk = saved.pk
        elif obj.ended_on is not None and "ended_on" in form.changed_data:
            posts.end_clerk_post(
                actor=actor, user=obj.user, commission=obj.commission, ended_on=obj.ended_on
            )
