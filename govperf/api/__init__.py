"""The JSON API at /api/v1 (django-ninja, OpenAPI 3)."""
