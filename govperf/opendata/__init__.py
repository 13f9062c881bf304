"""Open-data export of evaluation cycles: JSON, CSV, XLSX and the data dictionary."""
