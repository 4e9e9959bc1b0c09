"""Which letters of a case were to be emailed and were not: read from the case's history, so
a failure to send shows on the case until a copy goes."""


def unsent(history: list[dict]) -> list[dict]:
    """Letters issued with --send and not sent since, oldest first: {document_id, kind, to, reason}."""
    waiting: dict[tuple, dict] = {}
    for ev in history:
        data = ev["data"]
        if ev["action"] == "letter" and data.get("send"):
            waiting[(data["kind"], data["to"])] = {"document_id": data["document_id"], "kind": data["kind"],
                                                  "to": data["to"], "on": data.get("on"),
                                                  "reason": "no record of sending"}
        elif ev["action"] == "letter-not-sent":
            found = waiting.get((data["kind"], data["to"]))
            if found is not None and found["document_id"] == data["document_id"]:
                found["reason"] = data["reason"]
        elif ev["action"] == "letter-sent":
            waiting.pop((data["kind"], data["to"]), None)
    return list(waiting.values())
