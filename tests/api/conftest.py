"""Fixtures for the API tests: the sample cycle opened for entry, and a JSON client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.workflow.helpers import open_year

ANONYMOUS = "anonymous"


@pytest.fixture
def open_cycle(draft_cycle, people):  # type: ignore[no-untyped-def]
    return open_year(people["planning"], draft_cycle)


@pytest.fixture
def call(client: Client, people):  # type: ignore[no-untyped-def]
    """`call(username, method, path, body)` → the response, as that account or anonymous."""

    def send(username: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        client.logout()
        if username != ANONYMOUS:
            client.force_login(people[username])
        if method in ("post", "patch"):
            send_body = getattr(client, method)
            return send_body(f"/api/v1{path}", body or {}, content_type="application/json")
        return client.get(f"/api/v1{path}")

    return send
