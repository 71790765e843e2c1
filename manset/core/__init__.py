"""Small shared pieces: errors, health checks. Never a catch-all."""
