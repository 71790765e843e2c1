#!/usr/bin/env python
"""Same as the `manset` command, for those who type manage.py out of habit."""

from manset.cli import main

if __name__ == "__main__":
    main()
