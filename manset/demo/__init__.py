"""Demo content (our own writing) and load-test generators."""
