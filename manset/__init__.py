"""Manşet: an open-source news platform for Turkish-language newsrooms."""
