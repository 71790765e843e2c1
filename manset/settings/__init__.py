"""Settings chosen by MANSET_ENV: development, test or production."""
