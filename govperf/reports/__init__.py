"""The annual report (施政績效報告): one builder, data → document; one renderer per format."""
