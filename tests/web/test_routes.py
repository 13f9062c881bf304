"""Every route declares who may call it: each view, and each API operation."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver
from ninja.operation import PathView

from govperf.api.routes import api
from govperf.web.access import DECLARATIONS, declared_access

# Django's admin checks is_staff itself; ninja's schema, docs and root pages show no data.
SELF_GUARDED_NAMESPACES = {"admin"}
NINJA_OWN_ROUTES = {"openapi-json", "openapi-view", "api-root"}


def walk(
    patterns: list, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:  # type: ignore[type-arg]
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            yield from walk(entry.url_patterns, inner, route)
        else:
            yield namespace, route, entry


def test_every_view_declares_who_may_call_it() -> None:
    undeclared = []
    views = 0
    for namespace, route, pattern in walk(get_resolver().url_patterns):
        if namespace.split(":")[0] in SELF_GUARDED_NAMESPACES:
            continue
        if namespace.startswith("api"):
            continue  # the operations behind ninja's views are checked below
        views += 1
        if declared_access(pattern.callback) not in DECLARATIONS:
            undeclared.append(route)
    assert views >= 4
    assert undeclared == []


def test_every_api_operation_declares_who_may_call_it() -> None:
    undeclared = []
    operations = 0
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                operations += 1
                if declared_access(operation.view_func) not in DECLARATIONS:
                    undeclared.append(f"{operation.methods} {prefix}{path}")
    assert operations >= 1
    assert undeclared == []


def path_view_of(callback: object) -> PathView | None:
    """The ninja PathView a URL pattern's view function dispatches to (it closes over it)."""
    cells = getattr(callback, "__closure__", None) or ()
    contents = (cell.cell_contents for cell in cells)
    return next((found for found in contents if isinstance(found, PathView)), None)


def test_ninja_routes_outside_operations_are_only_its_schema_and_docs() -> None:
    names = {
        pattern.name
        for namespace, _, pattern in walk(get_resolver().url_patterns)
        if namespace.startswith("api")
    }
    operation_names = {
        pattern.name for pattern in api.urls[0] if pattern.name not in NINJA_OWN_ROUTES
    }
    assert names - operation_names <= NINJA_OWN_ROUTES
    # Reached from the URL conf itself: every other API route's operations are declared.
    undeclared, served = [], 0
    for namespace, route, pattern in walk(get_resolver().url_patterns):
        if not namespace.startswith("api") or pattern.name in NINJA_OWN_ROUTES:
            continue
        path_view = path_view_of(pattern.callback)
        assert path_view is not None, route
        for operation in path_view.operations:
            served += 1
            if declared_access(operation.view_func) not in DECLARATIONS:
                undeclared.append(f"{operation.methods} {route}")
    assert served >= 8
    assert undeclared == []
