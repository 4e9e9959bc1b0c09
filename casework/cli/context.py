"""What every command is handed: the options given before it, and the workspace opened only
when a command needs it. Command modules import this, never main.py, which assembles them."""

import json

import click


class Ctx:
    """Opens the workspace only when a command needs it, so --help stays instant."""

    def __init__(self, db: str | None, login: str | None, profile: str | None):
        self.db_given, self.login_given, self.profile_given = db, login, profile
        self._ws = None
        self._login: str | None = None

    # Each setting: the flag, else the environment, else the user's settings file
    # (casework.config), else casework's default; read only when a command needs it.
    @property
    def db(self) -> str | None:
        from casework.config import setting

        return setting("db", self.db_given)

    @property
    def profile(self) -> str | None:
        from casework.config import setting

        return setting("profile", self.profile_given)

    @property
    def ws(self):
        if self._ws is None:
            from casework.workspace import open_workspace

            self._ws = open_workspace(self.db, self.profile)
            self.warn_exposure()
        return self._ws

    def warn_exposure(self) -> None:
        """Said whenever the database is read, the ordinary way or by kept statements."""
        said = self.exposure()
        if said:
            click.echo(f"casework: warning: {said}", err=True)

    def exposure(self) -> str | None:
        """Who else may read the embedded database, if anyone (casework.permissions)."""
        from casework.permissions import exposure
        from db.location import resolve_url, sqlite_file

        return exposure(sqlite_file(resolve_url(self.db)))

    def close(self) -> None:
        if self._ws is not None:
            self._ws.engine.dispose()

    def asked(self) -> tuple[str, bool]:
        """Who casework was asked to act as, and whether by name (--as, CASEWORK_USER, settings)."""
        from casework.access.who import current_login
        from casework.config import setting

        named = setting("user", self.login_given)
        return current_login(named), bool(named)

    def read_alone(self, shared, kept):
        """A read made without SQLAlchemy, or None to go the ordinary way. On PostgreSQL the
        server says who acts: `shared(asked, named)` gives the answer and that login, who then
        acts for the rest of the command; on SQLite `kept(login)` gives the answer."""
        from db.location import resolve_url

        if not resolve_url(self.db).startswith("postgresql"):
            return kept(self.login)
        found = shared(*self.asked())
        if found is None:
            return None
        self.acting(found[1])
        return found[0]

    def acting(self, login: str) -> None:
        """The login acting, as the database already said (casework.queue.first_page_pg)."""
        self._login = login

    @property
    def login(self) -> str:
        if self._login is None:
            from db.location import resolve_url

            asked, named = self.asked()
            if resolve_url(self.db).startswith("postgresql"):
                # A shared database knows who connected: that login acts (access.identity).
                from casework.access.identity import acting_login

                asked = acting_login(self.db, asked, explicit=named)
            self._login = asked
        return self._login


pass_ctx = click.make_pass_decorator(object)


def echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
