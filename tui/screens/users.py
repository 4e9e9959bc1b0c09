"""The users of the system, for the Monitoring Officer and deputies: add one, rename, change a
role, deactivate or reactivate, each through the same services (and refusals) as
`casework users`, each an audit event naming who made it."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Select, Static

from casework.errors import UserError
from casework.workflow.roles import ALL_ROLES, ROLE_TITLES
from tui.keys import named
from tui.screens.dialogs import Confirm
from tui.screens.form_base import ActionForm
from tui.screens.pickers import pick
from tui.text import plain_row
from tui.widgets.footer import Footer


class UsersScreen(Screen):
    BINDINGS = named("users", [
        Binding("a", "add", "Add"),
        Binding("r", "rename", "Rename"),
        Binding("o", "role", "Role"),
        Binding("d", "standing", "Deactivate/reactivate"),
        Binding("i", "toggle_inactive", "Show deactivated"),
        Binding("escape", "back", "Back"),
    ])

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.inactive = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="users", cursor_type="row", zebra_stripes=True)
        yield Static("", id="users-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#users", DataTable)
        for heading, width in [("Login", 16), ("Name", 28), ("Role", 26), ("In the register", 24),
                               ("", 11)]:
            table.add_column(heading, width=width)
        table.focus()
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        from casework.people.users import list_users

        keep = keep or self.highlighted()
        try:
            self.rows = list_users(self.app.ws, self.app.login, self.inactive)
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        table = self.query_one("#users", DataTable)
        table.clear()
        for u in self.rows:
            table.add_row(*plain_row([u["login"], u["name"], u["role_title"], u["person"] or "–",
                                      "" if u["active"] else "deactivated"]))
        logins = [u["login"] for u in self.rows]
        if keep in logins:
            table.move_cursor(row=logins.index(keep))
        active = sum(u["active"] for u in self.rows)
        self.query_one("#users-status", Static).update(
            f" {active} active user{'s' if active != 1 else ''}"
            + ("" if self.inactive else "   i shows the deactivated too"))

    def highlighted(self) -> str | None:
        table = self.query_one("#users", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]["login"]

    def _user(self) -> dict | None:
        login = self.highlighted()
        return next((u for u in self.rows if u["login"] == login), None)

    def _done(self, said: str, undone: list[str], login: str) -> None:
        self.reload(keep=login)
        self.notify(said)
        if undone:
            self.notify("Your database login may not change database roles; the database's "
                        "administrator must run:\n" + ";\n".join(undone) + ";",
                        severity="warning", timeout=60)

    def action_add(self) -> None:
        from casework.people.register import add_user

        def submit(v: dict) -> str:
            undone: list[str] = []
            add_user(self.app.ws, self.app.login, v["login"], v["name"], v["role"], v["person"], undone)
            self._done(f"{v['name'].strip()} added as {ROLE_TITLES[v['role']]}", undone, v["login"].strip())
            return v["login"]

        self.app.push_screen(AddUserForm(submit))

    def action_rename(self) -> None:
        from casework.people.users import rename_user

        user = self._user()
        if user is None:
            return

        def submit(v: dict) -> str:
            rename_user(self.app.ws, self.app.login, user["login"], v["name"])
            self._done(f"{user['login']} is now {v['name'].strip()}", [], user["login"])
            return user["login"]

        self.app.push_screen(RenameForm(submit, user))

    def action_role(self) -> None:
        user = self._user()
        if user is None:
            return
        options = [(ROLE_TITLES[r] + ("  (now)" if r == user["role"] else ""), r) for r in ALL_ROLES]
        pick(self.app, f"{user['name']}'s role", options, lambda role: self._set_role(user, role))

    def _set_role(self, user: dict, role: str) -> None:
        from casework.people.users import set_role

        self._change(user, f"is now {ROLE_TITLES[role]}",
                     lambda undone: set_role(self.app.ws, self.app.login, user["login"], role, undone))

    def action_standing(self) -> None:
        user = self._user()
        if user is None:
            return
        if user["active"]:
            question = (f"Deactivate {user['name']} ({user['login']})? They may no longer act; "
                        "everything they did stays theirs in the audit trail.")
            self.app.push_screen(Confirm(question, "Deactivate", "Keep"),
                                 lambda yes: yes and self._set_active(user, False))
        else:
            self._set_active(user, True)

    def _set_active(self, user: dict, active: bool) -> None:
        from casework.people.users import set_active

        self._change(user, "reactivated" if active else "deactivated",
                     lambda undone: set_active(self.app.ws, self.app.login, user["login"], active, undone))

    def _change(self, user: dict, said: str, change) -> None:
        """Runs `change(undone)`; a refusal is said and changes nothing."""
        undone: list[str] = []
        try:
            change(undone)
        except UserError as exc:
            self.notify(exc.message, severity="error", timeout=15)
            return
        self._done(f"{user['login']} {said}", undone, user["login"])

    def action_toggle_inactive(self) -> None:
        self.inactive = not self.inactive
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()


class AddUserForm(ActionForm):
    title_text = "Add a user"
    required = {"login": "give the login they sign in with", "name": "give their name",
                "role": "choose their role"}

    def fields(self) -> ComposeResult:
        from casework.people.directory import people

        yield Label("Login (as they sign in: their account name on this machine or the database)")
        yield Input(id="login")
        yield Label("Name")
        yield Input(id="name")
        yield Select([(ROLE_TITLES[r], r) for r in ALL_ROLES], prompt="Role", id="role")
        yield Label("Who they are in the register (optional: lets casework see their conflicts)")
        yield Select([(p["name"], p["name"]) for p in people(self.app.ws)], prompt="nobody in the register",
                     id="person")

    def values(self) -> dict:
        role, person = self.query_one("#role", Select).value, self.query_one("#person", Select).value
        if role is Select.NULL:
            raise UserError("choose their role")
        return {"login": self.query_one("#login", Input).value, "name": self.query_one("#name", Input).value,
                "role": role, "person": None if person is Select.NULL else person}


class RenameForm(ActionForm):
    def __init__(self, submit, user: dict):
        super().__init__(submit)
        self.user = user
        self.title_text = f"Rename {user['login']}"

    def fields(self) -> ComposeResult:
        yield Label("Name")
        yield Input(value=self.user["name"], id="name")

    def values(self) -> dict:
        return {"name": self.query_one("#name", Input).value}
