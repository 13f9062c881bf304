"""Settings for the demo and local development (SQLite under var/ unless DATABASE_URL is set)."""

from .base import *  # noqa: F403

DEBUG = True
