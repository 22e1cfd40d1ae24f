"""Accounts: API tokens (hashed at rest), roles, and identities from OpenID Connect providers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TokenScope(models.TextChoices):
    """What a token may do: ``read`` only GET/HEAD/OPTIONS; ``write`` also changes data."""

    READ = "read", _("lese")
    WRITE = "write", _("lese og skrive")


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=100, blank=True)
    prefix = models.CharField(_("prefiks"), max_length=12, db_index=True)
    digest = models.CharField(_("sjekksum"), max_length=64, unique=True)
    scope = models.CharField(
        _("tilgang"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Role(models.TextChoices):
    """What a user may do in a partnership (issue: accounts, roles and single sign-on)."""

    ADMINISTRATOR = "administrator", _("administrator")
    COORDINATOR = "coordinator", _("koordinator")
    FOCUS_AREA_LEADER = "focus_area_leader", _("satsingsområdeleder")
    COMMITTEE_MEMBER = "committee_member", _("medlem av innovasjonsutvalg")
    UNIT_EDITOR = "unit_editor", _("enhetsredaktør")
    CONTRIBUTOR = "contributor", _("bidragsyter")
    VIEWER = "viewer", _("leser")


class RoleAssignment(models.Model):
    """A user's role in one partnership, or in every partnership when ``partnership`` is empty.

    Scoped roles carry their scope: a focus-area leader a focus area, a unit editor an OrgUnit
    (and its subtree), an innovation-committee member the committee (a GovernanceBody).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text=_("Tomt betyr alle partnerskap i installasjonen."),
    )
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    focus_area = models.ForeignKey(
        "partnerships.FocusArea",
        verbose_name=_("satsingsområde"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    org_unit = models.ForeignKey(
        "organizations.OrgUnit",
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    body = models.ForeignKey(
        "partnerships.GovernanceBody",
        verbose_name=_("organ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opprettet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user_id", "partnership_id", "role"]
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        indexes = [models.Index(fields=["user", "partnership"])]

    def __str__(self) -> str:
        scope = self.partnership or _("alle partnerskap")
        return f"{self.user} – {self.get_role_display()} ({scope})"


class OidcIdentity(models.Model):
    """A user's identity at one OpenID Connect provider: the provider's ``sub`` for them.

    Only the provider and subject are kept, never the ID token or its other claims (ID-porten's
    ``pid``, the national identity number, in particular).
    """

    provider = models.CharField(_("innloggingstjeneste"), max_length=50)
    subject = models.CharField(_("identifikator hos tjenesten"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="oidc_identities",
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("sist innlogget"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_login_at"])

    class Meta:
        ordering = ["provider", "subject"]
        verbose_name = _("innloggingsidentitet")
        verbose_name_plural = _("innloggingsidentiteter")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="accounts_oidc_identity_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.user}"
