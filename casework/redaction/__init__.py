"""Redacted copies of a case's PDF papers: what may be withheld and why (grounds), what to
redact (marks), the copy itself (burn, scrub) and filing it beside the original (service)."""
