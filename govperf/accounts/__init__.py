"""Accounts: who belongs to which agency and unit, in which role."""
