"""The roles a login may have and the kinds of person in the register: plain names, kept
apart from the tables so the application's first page can read them without the ORM."""

ROLES = (
    "monitoring-officer",
    "deputy-monitoring-officer",
    "hr",
    "clerk",
    "investigator",
    "independent-person",
    "viewer",
)
PERSON_KINDS = ("member", "officer")
