"""The case actions' dialogs. Each gathers input, calls one service, and stays open with
what was typed when the service refuses, so nothing a user wrote is lost."""

from datetime import date

from textual.app import ComposeResult
from textual.widgets import Checkbox, DirectoryTree, Input, Label, Select, Static, TextArea

from casework.errors import UserError
from casework.workflow.assessment import ANONYMITY_AFTER, CLASSIFICATIONS, CLASSIFIED_FOR
from casework.workflow.involvement import CAPACITIES, PANELS
from tui.screens.form_base import ActionForm, date_input
from tui.text import plain


class AdvanceForm(ActionForm):
    submit_label = "Confirm"

    def __init__(self, case: dict, event: dict, today: date, submit, on_conflict):
        super().__init__(submit, on_conflict)
        self.case, self.event, self.today = case, event, today
        self.title_text = f"{case['ref']}: {event['title']}"
        self.required = {"reason": "choose why, from the list"}
        if event["needs_note"]:
            self.required["note"] = "say why: this step needs a note"
        if "review" in event.get("terms", ()) and event["name"] != "refer_to_ombudsman":
            self.required["review"] = "a pause needs a review date, when the Monitoring Officer looks at it again"

    def fields(self) -> ComposeResult:
        yield Static(plain(f"From  {self.case['stage']}\nTo    {self.event['to_title']}"), id="move")
        need = "required: say why" if self.event["needs_note"] else "optional"
        yield Label(f"Note ({need})")
        yield TextArea(id="note", soft_wrap=True)
        yield Label("Day it happened")
        yield date_input("on", self.today.isoformat())
        terms = self.event.get("terms", ())
        if "reason" in terms:
            prompt = "Why it goes no further" if self.event["name"] == "no_further_action" else "Why it pauses"
            yield Select([(why[0].upper() + why[1:], key) for key, why in self.event["reasons"].items()],
                         prompt=prompt, id="reason")
        if "review" in terms:
            optional = " (optional)" if self.event["name"] == "refer_to_ombudsman" else ""
            yield Label(f"Review on{optional}: when it is looked at again")
            yield date_input("review")

    def values(self) -> dict:
        reason, review = self.query("#reason"), self.query("#review")
        picked = reason.first(Select).value if reason else None
        return {"note": self.query_one("#note", TextArea).text, "on": self.query_one("#on", Input).value,
                "reason": None if picked in (None, Select.NULL) else picked,
                "review": review.first(Input).value or None if review else None}


class AssessForm(ActionForm):
    """The initial assessment's decisions that are not steps of the route: what kind of
    complaint it is, and the complainant's anonymity. One decision per save."""
    title_text = "Assessment"
    required = {"decision": "choose the decision"}

    DECISIONS = {
        **{f"classify:{k}": f"Classify: a complaint {t}" for k, t in CLASSIFICATIONS.items()},
        "anonymity:request": "The complainant asks for their name to be withheld",
        "anonymity:grant": "Grant anonymity (the subject is not told who complained)",
        "anonymity:refuse": "Refuse anonymity (offer the complainant the chance to withdraw)",
        "anonymity:anonymous": "The complaint was made anonymously",
        "anonymity:admit": "Take the anonymous complaint further (say the public interest)",
        "choice:protocol": "The officer chose this protocol (a complaint to the MO)",
        "choice:grievance": "The officer chose the grievance / bullying and harassment procedure",
    }

    def __init__(self, submit, on_conflict, case: dict):
        super().__init__(submit, on_conflict)
        self.case = case

    def fields(self) -> ComposeResult:
        c = self.case
        officer = c["complainant"]["kind"] == "officer"
        said = f"Now: {c['classification_title'] or 'not classified yet'}\n" \
               f"Anonymity: {c['anonymity_title'] or 'not asked for'}"
        if officer:
            said += f"\nThe officer chose: {c['complainant_choice_title'] or 'not recorded yet'}"
        yield Static(plain(said), id="assessed-now")
        offered = _offered(c["anonymity"])
        yield Select([(title, key) for key, title in self.DECISIONS.items()
                      if key != f"classify:{c['classification']}"
                      and CLASSIFIED_FOR.get(key.partition(":")[2], c["complainant"]["kind"])
                      == c["complainant"]["kind"]
                      and (not key.startswith("anonymity:") or key.partition(":")[2] in offered)
                      and (not key.startswith("choice:") or officer and key != f"choice:{c['complainant_choice']}")],
                     prompt="Decision", id="decision")
        yield Label("Note (say why)")
        yield TextArea(id="note", soft_wrap=True)

    def values(self) -> dict:
        picked = self.query_one("#decision", Select).value
        what, _, value = ("" if picked in (None, Select.NULL) else picked).partition(":")
        return {"what": what, "value": value, "note": self.query_one("#note", TextArea).text}


def _offered(anonymity: str | None) -> set[str]:
    """The decisions on anonymity that may follow where it stands now."""
    return {k for k, after in ANONYMITY_AFTER.items() if anonymity in after}


class NoteForm(ActionForm):
    title_text = "Add a note"
    required = {"text": "write the note"}

    def __init__(self, submit, on_conflict, may_ip_view: bool, may_meeting: bool = False):
        super().__init__(submit, on_conflict)
        self.may_ip_view, self.may_meeting = may_ip_view, may_meeting

    def fields(self) -> ComposeResult:
        yield TextArea(id="text", soft_wrap=True)
        yield Checkbox("Confidential", id="confidential")
        if self.may_ip_view:
            yield Checkbox("This is the Independent Person's view", id="ip-view")
            yield Checkbox("This is my advice to the subject member, who consulted me (s.28(7)(b))",
                           id="ip-subject")
        if self.may_meeting:
            yield Checkbox("This is the note of the disciplinary meeting", id="meeting")
            yield Input(placeholder="who accompanied the employee (name, or none)", id="companion")

    def values(self) -> dict:
        ticked = [k for k in ("ip-view", "ip-subject", "meeting")
                  if (box := self.query(f"#{k}")) and box.first(Checkbox).value]
        if len(ticked) > 1:
            raise UserError("tick one kind of note: the view for the council's decision, or the "
                            "advice to the subject member, not both")
        kind = ticked[0] if ticked else "note"
        companion = self.query("#companion")
        return {"text": self.query_one("#text", TextArea).text,
                "confidential": self.query_one("#confidential", Checkbox).value,
                "kind": kind,
                "companion": companion.first(Input).value if kind == "meeting" else None}


class AttachForm(ActionForm):
    title_text = "Attach a document"
    required = {"path": "pick the file in the folders above, or type its path"}
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # casework.tcss: one line a field when short

    def __init__(self, submit, on_conflict, sections: dict[str, str], start: str = ".",
                 exemptions: dict[str, str] | None = None):
        super().__init__(submit, on_conflict)
        self.sections, self.start, self.exemptions = sections, start, exemptions or {}

    def fields(self) -> ComposeResult:
        yield DirectoryTree(self.start, id="tree")
        yield Input(placeholder="path of the file (pick above or type)", id="path")
        yield Select([(title, key) for key, title in self.sections.items()], value="evidence",
                     allow_blank=False, id="section")
        yield Input(placeholder="description for the bundle index", id="description")
        yield Label("Document's own date")
        yield date_input("on")
        yield Checkbox("Confidential (exempt: pink papers)", id="confidential")
        yield Label("Exempt under Schedule 12A (makes it confidential)")
        yield Select([(f"{key}  {title}", key) for key, title in self.exemptions.items()],
                     prompt="not exempt", id="exemption")

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#path", Input).value = str(event.path)

    def values(self) -> dict:
        para = self.query_one("#exemption", Select).value
        return {"path": self.query_one("#path", Input).value,
                "section": self.query_one("#section", Select).value,
                "description": self.query_one("#description", Input).value,
                "on": self.query_one("#on", Input).value or None,
                "confidential": self.query_one("#confidential", Checkbox).value,
                "exemption": None if para is Select.NULL else para}


class SanctionForm(ActionForm):
    title_text = "Record a sanction"
    required = {"kind": "choose the sanction"}

    def __init__(self, submit, on_conflict, kinds: dict[str, str], lapsing: dict[str, int] | None = None):
        super().__init__(submit, on_conflict)
        self.kinds = kinds
        self.lapsing = lapsing or {}

    def fields(self) -> ComposeResult:
        yield Select([(title, key) for key, title in self.kinds.items()], prompt="Sanction", id="kind")
        yield Input(placeholder="detail", id="detail")
        yield Label("Comply by (if it must be done by a date)")
        yield date_input("due")
        if any("suspension" in key for key in self.kinds):
            yield Label("Suspended until (a suspension's last day)")
            yield date_input("until")
        elif self.lapsing:
            policy = ", ".join(f"{self.kinds.get(k, k).lower()} {n} months" for k, n in self.lapsing.items())
            yield Label(f"A warning's last day (blank: the council's policy, {policy})")
            yield date_input("until")

    def values(self) -> dict:
        kind = self.query_one("#kind", Select).value
        until = self.query("#until")
        return {"kind": "" if kind is Select.NULL else kind,
                "detail": self.query_one("#detail", Input).value,
                "due": self.query_one("#due", Input).value or None,
                "until": until.first(Input).value or None if until else None}


class ComplyForm(ActionForm):
    title_text = "Record compliance with a sanction"
    required = {"sanction": "choose the sanction"}

    def __init__(self, submit, on_conflict, sanctions: list[dict], today: date):
        super().__init__(submit, on_conflict)
        self.sanctions, self.today = sanctions, today

    def fields(self) -> ComposeResult:
        yield Select([(f"#{s['id']} {s['title']}", s["id"]) for s in self.sanctions],
                     prompt="Sanction", id="sanction")
        yield Label("Complied with on")
        yield date_input("on", self.today.isoformat())
        yield Checkbox("Not complied with", id="not")
        yield Input(placeholder="why not (when not complied with)", id="reason")

    def values(self) -> dict:
        sid = self.query_one("#sanction", Select).value
        return {"sanction": None if sid is Select.NULL else sid,
                "on": self.query_one("#on", Input).value or None,
                "not": self.query_one("#not", Checkbox).value,
                "reason": self.query_one("#reason", Input).value}


class AssignForm(ActionForm):
    title_text = "Assign a handler"
    required = {"handler": "choose who handles the case"}

    def __init__(self, submit, on_conflict, users: list[dict]):
        super().__init__(submit, on_conflict)
        self.users = users

    def fields(self) -> ComposeResult:
        yield Select([(f"{u['name']} ({u['role_title']})", u["login"]) for u in self.users],
                     prompt="Handler", id="handler")

    def values(self) -> dict:
        login = self.query_one("#handler", Select).value
        return {"handler": "" if login is Select.NULL else login}


class InvolveForm(ActionForm):
    """Someone from the register in the case besides its parties: a witness, an earlier adviser
    on the matter, or a member of the panel that assesses or hears it."""
    title_text = "Who else is in the case"
    required = {"person": "choose who", "capacity": "choose how they are in the case"}

    def __init__(self, submit, on_conflict, people: list[dict], case: dict):
        super().__init__(submit, on_conflict)
        self.people, self.case = people, case

    def fields(self) -> ComposeResult:
        now = "; ".join(f"{r['name']} ({r['capacity_title']})" for r in self.case["involved"])
        yield Static(plain("A witness or an earlier adviser may neither handle nor read the case; "
                           "nobody sits on both panels.\nNow: " + (now or "only the parties")),
                     id="involved-now")
        parties = {self.case["complainant"]["name"], self.case["subject"]["name"]}
        yield Select([(p["name"], p["name"]) for p in self.people if p["name"] not in parties],
                     prompt="Who", id="person")
        yield Select([(title, key) for key, title in CAPACITIES.items()
                      if self.case["route"] == "member" or key not in PANELS],
                     prompt="As", id="capacity")

    def values(self) -> dict:
        name, capacity = (self.query_one(f"#{i}", Select).value for i in ("person", "capacity"))
        if name in (None, Select.NULL) or capacity in (None, Select.NULL):
            raise UserError("choose who, and how they are in the case")
        return {"name": name, "capacity": capacity}


class GrantForm(ActionForm):
    title_text = "Assign an Investigating Officer or Independent Person"
    required = {"grantee": "choose who"}

    def __init__(self, submit, on_conflict, users: list[dict], assigned: list[str]):
        super().__init__(submit, on_conflict)
        self.users, self.assigned = users, assigned

    def fields(self) -> ComposeResult:
        yield Static("They then read this case's confidential papers.\nAssigned now: "
                     + (", ".join(self.assigned) or "nobody"))
        yield Select([(f"{u['name']} ({u['role_title']})", u["login"]) for u in self.users],
                     prompt="Who", id="grantee")
        yield Checkbox("Take the assignment back instead", id="revoke")

    def values(self) -> dict:
        login = self.query_one("#grantee", Select).value
        return {"login": "" if login is Select.NULL else login,
                "revoke": self.query_one("#revoke", Checkbox).value}
