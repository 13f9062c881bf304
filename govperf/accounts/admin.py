"""Admin page for memberships."""

from django.contrib import admin

from govperf.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "agency", "unit", "role"]
    list_filter = ["agency", "role"]
