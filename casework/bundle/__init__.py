"""Hearing bundles: one paginated, indexed, bookmarked PDF of a case's papers."""
