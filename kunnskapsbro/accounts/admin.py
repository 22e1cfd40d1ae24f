from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, OidcIdentity


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Tokens are issued with `kunnskapsbro token create`; the admin only shows and revokes."""

    list_display = [
        "prefix",
        "user",
        "name",
        "scope",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "revoked_at"]
    search_fields = ["prefix", "name", "user__username"]
    readonly_fields = ["user", "prefix", "digest", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "scope", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):  # noqa: ARG002
        return False


@admin.register(OidcIdentity)
class OidcIdentityAdmin(SimpleHistoryAdmin):
    """Identities are made by signing in; the admin shows them and can remove a link."""

    list_display = ["provider", "subject", "user", "created_at", "last_login_at"]
    list_filter = ["provider"]
    search_fields = ["subject", "user__username"]
    readonly_fields = ["provider", "subject", "user", "created_at", "last_login_at"]

    def has_add_permission(self, request):  # noqa: ARG002
        return False
