"""Evaluation cycles, strategic goals, KPIs and their yearly values, lights and statistics."""
