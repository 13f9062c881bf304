"""The demo: the sample imported into SQLite and served."""
