"""The narrative chapters of a report, their blocks, and last year's recommendations."""
