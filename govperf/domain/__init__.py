"""Pure-Python domain logic of govperf: values, lights, ROC dates. Imports nothing from Django."""
