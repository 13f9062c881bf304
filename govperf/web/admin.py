"""Admin pages for records the cycle's workflow governs: shown, never changed there.

Those records change only through govperf's own services (pages, XLSX form, API, commands),
which ask the policy table (`govperf/domain/policy.py`) and record who and why; an admin edit
would bypass both, so the admin is read-only for them.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only admin: the list and each record's page, no add, change or delete."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GovernedAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Read-only admin with the record's history."""


class GovernedInline(admin.TabularInline):  # type: ignore[type-arg]
    """A read-only inline of governed records."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
