"""Reader comments: the state machine and its selectors (moderation comes with its own issue)."""
