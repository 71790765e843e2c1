"""Desks, authors, agencies, articles and their blocks."""
