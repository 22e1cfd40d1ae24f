from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Tokens are issued with `kunnskapsbro token create`; the admin only shows and revokes."""

    list_display = [
        "prefix",
        "user",
        "name",
        "can_write",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["can_write", "revoked_at"]
    search_fields = ["prefix", "name", "user__username"]
    readonly_fields = ["user", "prefix", "digest", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "can_write", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):  # noqa: ARG002
        return False
