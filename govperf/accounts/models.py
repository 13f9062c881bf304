"""Memberships: a person's role in an agency, and for unit roles, the unit."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from govperf.agencies.models import Agency, Unit
from govperf.domain.workflow import ROLE_LABELS_ZH, Role

ROLE_CHOICES = [(role.value, ROLE_LABELS_ZH[role]) for role in Role if role != Role.PUBLIC]


class Membership(models.Model):
    """`user` acts as `role` in `agency`; unit staff and unit heads act for one `unit`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=ROLE_CHOICES)

    class Meta:
        verbose_name = "角色指派"
        verbose_name_plural = "角色指派"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "unit", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        where = f"{self.agency.name}{self.unit.name if self.unit else ''}"
        return f"{self.user} {where} {self.get_role_display()}"


class ApiToken(models.Model):
    """A personal token for the API (`Authorization: Bearer …`): it acts as its user, with exactly
    that user's roles. Only the SHA-256 of the token is kept; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名稱", max_length=100)
    digest = models.CharField("權杖的 SHA-256", max_length=64, unique=True)
    prefix = models.CharField("權杖開頭", max_length=12)  # to tell tokens apart, not to find one
    created_at = models.DateTimeField("建立時間", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤銷時間", null=True, blank=True)

    class Meta:
        verbose_name = "API 權杖"
        verbose_name_plural = "API 權杖"

    def __str__(self) -> str:
        return f"{self.user} {self.name} ({self.prefix}…)"
