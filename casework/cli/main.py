"""The command line: a contract that scripts and other council systems call.

Every refusal is one line on stderr and exit status 2; nothing is changed.
"""

import io
import os
import sys

import click

from casework.cli.context import Ctx
from casework.errors import UserError, one_line, printable


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="casework", prog_name="casework", message="%(prog)s %(version)s")
@click.option("--db", metavar="URL", help="Database: a file path, sqlite:///..., or postgresql+psycopg://... (env CASEWORK_DB).")
@click.option("--as", "login", metavar="LOGIN", help="Act as this user (env CASEWORK_USER; default: your OS login).")
@click.option("--profile", metavar="FILE", envvar="CASEWORK_PROFILE", help="Council profile TOML (env CASEWORK_PROFILE; default: built-in England).")
@click.pass_context
def cli(ctx: click.Context, db, login, profile):
    """Case handling for breaches of a council's Member/Officer Relations Protocol."""
    if db:
        refuse_password(db)
    ctx.obj = Ctx(db, login, profile)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is not None:
        # What a command prints quotes names, file names and text people typed: escape
        # sequences, carriage returns and bidirectional overrides in them are shown, not obeyed.
        was = sys.stdout
        sys.stdout = PrintableStream(was)
        ctx.call_on_close(lambda: setattr(sys, "stdout", was))
    if ctx.invoked_subcommand is None:
        from casework.cli.app import open_app

        open_app(ctx.obj)


class PrintableStream(io.TextIOBase):
    """A text stream that passes on only what a terminal shows as it is (errors.printable);
    bytes written to its buffer (a document to stdout) pass untouched."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # as any text stream answers click's probe with b""
            raise TypeError("write() argument must be str")
        self._stream.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    @property
    def encoding(self):
        return getattr(self._stream, "encoding", "utf-8")

    @property
    def buffer(self):
        return self._stream.buffer

    def fileno(self) -> int:
        return self._stream.fileno()


def refuse_password(db: str) -> None:
    """A password in --db shows in the process list to every account on the machine."""
    if "://" not in db or "@" not in db:
        return  # no URL, or one with no one in it
    from urllib.parse import urlsplit

    try:
        password = urlsplit(db).password  # as SQLAlchemy reads a URL's, without loading it
    except ValueError:
        return  # the engine names what is wrong with the URL
    if password:
        raise click.UsageError(
            "--db holds a password, which every account on this machine can read in the process "
            "list: leave it out of the URL and keep it in ~/.pgpass (or PGPASSFILE), a service file "
            "(PGSERVICE), or the CASEWORK_DB environment variable")


def _register() -> None:
    """Adds every family's commands to the group, once; loaded on first use, not at import."""
    if cli.commands:
        return
    from casework.cli import (
        access,
        admin,
        backup,
        cases,
        config,
        exports,
        imports,
        letters,
        measures,
        papers,
        people,
        profile,
        publish,
        records,
        report,
        sar,
        serve,
    )

    for family in (access, admin, backup, cases, config, exports, imports, letters, measures,
                   papers, people, profile, publish, records, report, sar, serve):
        for command in family.COMMANDS:
            cli.add_command(command)


GLOBAL_OPTIONS = ("--db", "--as", "--profile")


def hoist_global_options(argv: list[str]) -> list[str]:
    """Lets `casework advance REF EVENT --as hr1` mean the same as `casework --as hr1 ...`,
    because people put who they are acting as wherever they think of it."""
    front, rest, i = [], [], 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and rest:
            if "=" in arg:
                front.append(arg)
            else:
                front.extend(argv[i:i + 2])
                i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


def main(argv: list[str] | None = None) -> None:
    _register()
    argv = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    for n, arg in enumerate(argv, 1):
        try:
            arg.encode("utf-8")
            if "\x00" in arg:  # only a caller in this process can pass one; a shell cannot
                raise UnicodeEncodeError("utf-8", arg, 0, 1, "NUL")
        except UnicodeEncodeError:
            # Python hands on bytes that are not UTF-8 as lone surrogates; say so before any work.
            sys.stderr.write(f"casework: argument {n} is not UTF-8 text; retype it or fix the "
                             f"terminal's encoding\n")
            sys.exit(2)
    from casework.atrest.passphrase import install
    from casework.permissions import private_umask
    from db.location import DatabaseUnavailable

    install()
    was = private_umask()
    try:
        cli.main(args=argv, prog_name="casework", standalone_mode=False)
    except click.exceptions.Abort:
        sys.stderr.write("casework: stopped\n")
        sys.exit(1)
    except click.exceptions.ClickException as exc:
        # click lays some messages out over lines ("Choose from:\n\tmember,"); keep one.
        sys.stderr.write(f"casework: {' '.join(exc.format_message().split())}\n")
        sys.exit(exc.exit_code)
    except UserError as exc:
        sys.stderr.write(f"casework: {one_line(exc.message)}\n")
        sys.exit(exc.exit_code)
    except DatabaseUnavailable as exc:  # an encrypted file's passphrase, found or not
        sys.stderr.write(f"casework: {one_line(str(exc))}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("casework: interrupted; nothing half-written was kept\n")
        sys.exit(130)
    except Exception as exc:  # the promise is one line, never a traceback
        if isinstance(exc, OSError) and exc.filename is not None:
            # A path the user gave that the system refuses: their input, so exit 2 like the rest.
            name = str(exc.filename)
            shown = name if len(name) <= 80 else name[:77] + "..."
            sys.stderr.write(f"casework: cannot use {shown}: {exc.strerror}\n")
            sys.exit(2)
        from casework.failures import explain

        sys.stderr.write(f"casework: {explain(exc)}\n")
        sys.exit(1)
    finally:
        os.umask(was)  # for a caller in this process; a command's own process simply ends
