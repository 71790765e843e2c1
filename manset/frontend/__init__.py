"""What readers see: templates, static files, template filters."""
