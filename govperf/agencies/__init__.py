"""Agencies (機關) and their units (單位)."""
