"""How a person takes the step a refusal asks for, in the words of what they are using: the
command line's commands, or the application's keys and boxes. A refusal names the step once
(`attach(face, ref, "draft-report")`) and reads right in either, so nobody at the screen is
told to type `casework note ... --kind ip-view`."""

from casework.workflow.papers import BOTH_REGIMES, REGIME_SECTIONS

SCREEN = "screen"  # the full-screen application (casework.workspace.Workspace.face)
COMMAND = "command"

_SECTIONS = {**BOTH_REGIMES, **{k: t for regime in REGIME_SECTIONS.values() for k, t in regime.items()}}

_NOTE_BOXES = {
    "ip-view": "tick “This is the Independent Person's view”",
    "meeting": "tick “This is the note of the disciplinary meeting” and say who accompanied the "
               "employee (or none)",
}


def attach(face: str, ref: str, section: str) -> str:
    if face == SCREEN:
        return f"press f and file it under “{_SECTIONS.get(section, section)}”"
    return f"casework attach {ref} FILE --section {section}"


def note(face: str, ref: str, kind: str) -> str:
    if face == SCREEN:
        return f"press n and {_NOTE_BOXES[kind]}"
    extra = " --companion NAME (or none)" if kind == "meeting" else ""
    return f"casework note {ref} TEXT --kind {kind}{extra}"


def grant(face: str, ref: str, who: str = "Independent Person") -> str:
    if face == SCREEN:
        return f"press g and choose the {who}"
    return f"casework grant {ref} LOGIN"


def comply(face: str, ref: str) -> str:
    return "press c" if face == SCREEN else f"casework comply {ref} ID"


def decision_notice(face: str, ref: str) -> str:
    return ("N on the case (read it, then issue it)" if face == SCREEN
            else f"casework decision {ref}")


def event(face: str, ref: str, name: str, title: str) -> str:
    """Taking an event of the route (`title` as the case's list of events shows it), with the
    note saying why."""
    if face == SCREEN:
        return f"choose “{title}” in the case's events and say why in its note"
    return f"casework advance {ref} {name} --note WHY"


def why(face: str) -> str:
    return "say why in the note" if face == SCREEN else "--note TEXT on the command line"


def reason(face: str, value: str, said: str) -> str:
    """A reason an event takes, `said` as the list of reasons words it."""
    return f"choose “{said[0].upper() + said[1:]}” as the reason" if face == SCREEN else f"--reason {value}"


def assess(face: str, ref: str, command: str, choices: str) -> str:
    """A decision of the initial assessment: classify, anonymity, the officer's choice."""
    if face == SCREEN:
        return "press i and record the decision, saying why"
    return f"casework {command} {ref} {choices} --note WHY"


def involve(face: str, ref: str, capacity: str) -> str:
    if face == SCREEN:
        return "press w and add each of them as a member of the hearing panel"
    return f"casework involve {ref} NAME {capacity}, for each member"


def end_measure(face: str, ref: str, mid: int, kind: str) -> str:
    if face == SCREEN:
        return f"press m and end measure #{mid} ({kind}), saying why"
    return f"casework measure end {ref} {mid} --note WHY ({kind})"
