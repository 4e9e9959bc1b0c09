"""Which values in an audit event are personal, and the keyed commitment that stands for them in
the chained JSON. Like db.audit_hash this is part of every stored chain, and migration 0029
writes it, so it lives below casework.

A personal value (a party's name, a sanction's words) is stored beside the event, in
audit_value, and the event carries HMAC-SHA256 of it under a secret key of its scope (a case,
or a person in the register). A SHA-256 of personal text that an event already carried (a note's,
a summary's, a redaction's search terms) is keyed the same way: a bare hash lets anyone who
guesses the text confirm it. Disposal deletes the values and the key; the chain still verifies,
and nothing left can confirm a guessed name.
"""

import hashlib
import hmac
import json

PREFIX = "hmac-sha256:"
# Sign-in addresses and imported sheets' names are about staff, not a case: they are committed
# under a key for the month they were written in ("log:2026-12"), which the retention schedule
# for the log destroys once the month has been kept long enough (casework.records.logs), as UK
# GDPR art. 5(1)(e) (storage limitation) asks. Not a key per user: users are never deleted (the
# trail must say who acted), so a user's key would keep every address they ever came from.
LOG, LOG_MONTH = "log:", "log_month"

# action -> the fields whose values move out of the event into audit_value.
VALUES: dict[str, tuple[str, ...]] = {
    "open": ("complainant", "subject"),
    # An imported sheet's file name may name someone ("complaint from J Smith.xlsx").
    "import": ("complainant", "subject", "source"),
    "involve": ("name",),
    "sanction": ("detail",),
    "compliance": ("not_complied",),
    "attach": ("filename",),
    # Where an export was written, and on which machine: a path can hold a name.
    "export": ("path", "host"),
    # What the mail server said when it refused a letter: often the recipient's address.
    "letter-not-sent": ("reason",),
    **{a: ("name",) for a in ("person-sign", "person-tier", "person-restrict", "person-left-office")},
    **{a: ("name", "source") for a in ("person-add", "person-train")},
    # The address a member of staff signed in from (casework.access.signins).
    **{a: ("address",) for a in ("sign-in", "sign-in-refused", "sign-out")},
}
# Hashes of personal text: keyed, the text itself lives in its own row (a note, a case).
DIGESTS = ("summary_sha256", "note_sha256", "companion_sha256", "reason_sha256", "detail_sha256",
           "terms_sha256")


def scope_of(action: str, case_ref: str | None, data: dict) -> str | None:
    """Whose key an event's personal values are committed under: its case's, for the
    register's own events the person's, and for the operational log (sign-ins, an import's
    sheet) its month's, which the event names (`log_month`)."""
    if case_ref is not None:
        return f"case:{case_ref}"
    if action.startswith("person-") and data.get("person_id") is not None:
        return f"person:{data['person_id']}"
    if data.get(LOG_MONTH):
        return f"{LOG}{data[LOG_MONTH]}"
    return None


def digest_fields(action: str) -> tuple[str, ...]:
    # A note event's own "sha256" is its text's; an attach's is the paper's address, kept bare.
    return (*DIGESTS, "sha256") if action == "note" else DIGESTS


def touches(action: str, data: dict) -> bool:
    return any(data.get(f) is not None for f in (*VALUES.get(action, ()), *digest_fields(action)))


def mac(key: bytes, field: str, value) -> str:
    body = field + "\x00" + json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return PREFIX + hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def committed(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def commit(key: bytes, action: str, data: dict) -> tuple[dict, dict]:
    """The event's data with its personal values and digests committed to, and the values
    taken out (field -> value), to be stored beside it."""
    data, values = dict(data), {}
    for field in VALUES.get(action, ()):
        value = data.get(field)
        if value is not None and not committed(value):
            values[field] = value
            data[field] = mac(key, field, value)
    for field in digest_fields(action):
        value = data.get(field)
        if isinstance(value, list):
            data[field] = sorted(v if committed(v) else mac(key, field, v) for v in value)
        elif isinstance(value, str) and not committed(value):
            data[field] = mac(key, field, value)
    return data, values


def new_key() -> str:
    import secrets

    return secrets.token_hex(32)
