"""People in a case besides its parties, and what being one bars them from. Natural justice:
whoever is a witness to the matter, or advised on it before, does not handle the complaint (the
Monitoring Officer's deputy does), and no member of the panel that assessed a complaint sits on
the panel that hears it."""

# Capacity -> how it reads after "is" or "you are".
CAPACITIES = {
    "witness": "a witness",
    "adviser": "an earlier adviser on the matter",
    "assessment-panel": "on the panel that assessed the complaint",
    "hearing-panel": "on the hearing panel",
}
# Those who may not handle the case, as its parties may not.
CONFLICTING = frozenset({"witness", "adviser"})


def conflict_of(held: set[str] | None) -> str | None:
    """How someone holding these capacities is conflicted ("a witness"), or None if they are not."""
    conflicting = (held or set()) & CONFLICTING
    return CAPACITIES[min(conflicting)] if conflicting else None


# Panels of the Standards Committee, for complaints about Members.
PANELS = frozenset({"assessment-panel", "hearing-panel"})
# A notice of the hearing served on the parties, filed to this section before the panel decides.
HEARING_NOTICE = "hearing-notice"


def roles_from(rows) -> list[dict]:
    # A member seated again for a reopened case's new hearing is listed once, from the first time.
    first = {(n, c): at for n, c, at in reversed(rows)}
    return [{"name": n, "capacity": c, "capacity_title": CAPACITIES[c], "at": at}
            for (n, c), at in sorted(first.items(), key=lambda item: item[1])]
