"""How each link of the audit trail is hashed. The format is part of every stored chain: changing
it breaks them all, so it lives here, below casework, where migrations that must write a link
(moving cases whose stage changed meaning) compute it the same way as the application."""

import hashlib
import json

GENESIS = "0" * 64


def canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(seq, at, actor, action, case_ref, from_state, to_state, data, prev_hash) -> str:
    body = canonical(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "case": case_ref,
            "from": from_state,
            "to": to_state,
            "data": data,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(body.encode()).hexdigest()
