"""The tables. Plain rows: no business rules live here."""

from datetime import date
from typing import Optional

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from db.roles import PERSON_KINDS, ROLES  # noqa: F401  (importers name them from here)


class Person(SQLModel, table=True):
    """A Member or an Officer in the council's register."""

    __tablename__ = "person"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    kind: str  # member | officer
    service: Optional[str] = None  # service or directorate (officers), ward or group (members)
    manager_id: Optional[int] = Field(default=None, foreign_key="person.id")
    politically_restricted: bool = False
    protocol_signed: Optional[date] = None
    # Officers' tier (1 Chief Executive .. 4); tiers 1-4 sign the protocol (seed 003, 2.2).
    tier: Optional[int] = None
    # head-of-paid-service | monitoring-officer | chief-finance-officer (SI 2015/881).
    statutory_post: Optional[str] = None
    # The day a Member left office (not re-elected, resigned, disqualified); their cases go on.
    left_office: Optional[date] = None
    # A complainant the Monitoring Officer restricted as vexatious or unreasonably persistent,
    # until this day: their later complaints are flagged.
    restricted_until: Optional[date] = None
    # Where casework sends their letters (casework.letters.send).
    email: Optional[str] = None
    # "cy" where they asked for letters in Welsh (Welsh Language Standards); else English.
    language: Optional[str] = None


class Training(SQLModel, table=True):
    """A protocol or standards course a Member or Officer completed."""

    __tablename__ = "training"
    __table_args__ = (UniqueConstraint("person_id", "course", "completed", name="uq_training"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    course: str
    completed: date
    recorded_by: int = Field(foreign_key="user_account.id")
    recorded_at: str  # ISO 8601 UTC


class User(SQLModel, table=True):
    """A login of this system; the acting user of every change."""

    __tablename__ = "user_account"
    id: Optional[int] = Field(default=None, primary_key=True)
    login: str = Field(unique=True, index=True)
    name: str
    role: str
    # Links a login to the register, so conflicts of interest can be found.
    person_id: Optional[int] = Field(default=None, foreign_key="person.id")
    active: bool = True
    email: Optional[str] = None  # for letters to them (an Independent Person's, say)


class Case(SQLModel, table=True):
    __tablename__ = "case_file"
    __table_args__ = (
        Index("ix_case_open_due", "is_open", "next_due"),
        Index("ix_case_open_state", "is_open", "state", "received"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    ref: str = Field(unique=True, index=True)
    route: str  # member | officer: who the complaint is about
    complainant_id: int = Field(foreign_key="person.id", index=True)
    subject_id: int = Field(foreign_key="person.id", index=True)
    clause: str
    summary: str = Field(sa_column=Column(Text, nullable=False))
    received: date
    state: str = Field(index=True)
    is_open: bool = True
    # Derived from the audit when the stage changes, stored so lists never rebuild it.
    stage_entered: date
    next_due: Optional[date] = None
    # While paused, or withdrawn: the stage it left and what was due there, so resume (or the
    # Monitoring Officer's continuing it in the public interest) returns to it with the deadline
    # moved on by the working days stopped.
    paused_from: Optional[str] = None
    paused_due: Optional[date] = None
    # The Monitoring Officer's assessment of a complaint about a Member: code | protocol |
    # outside; and the complainant's anonymity: requested | granted | refused | anonymous | admitted.
    classification: Optional[str] = None
    anonymity: Optional[str] = None
    # An officer complainant's choice of procedure: protocol | grievance.
    complainant_choice: Optional[str] = None
    handler_id: Optional[int] = Field(default=None, foreign_key="user_account.id")
    confidential: bool = False
    profile_version: str = ""
    # Optimistic lock: every change to a case or its papers bumps it.
    version: int = 1


class CaseAccess(SQLModel, table=True):
    """An Investigating Officer or Independent Person assigned to a case: they alone, of their
    roles, may read its confidential papers, or the case at all when it is restricted."""
    __tablename__ = "case_access"
    __table_args__ = (UniqueConstraint("case_id", "user_id", name="uq_case_access"),
                      Index("ix_case_access_user", "user_id", "case_id"))
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id")
    user_id: int = Field(foreign_key="user_account.id")
    granted_by: int = Field(foreign_key="user_account.id")
    granted_at: str


class CaseRole(SQLModel, table=True):
    """Someone in a case other than its parties: a witness, an earlier adviser on the matter, or
    a member of the panel that assessed the complaint or hears it. A reopened case's new hearing
    records its panel again, so one person may hold a capacity more than once (migration 0017)."""
    __tablename__ = "case_role"
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    capacity: str  # casework.workflow.involvement.CAPACITIES
    recorded_by: int = Field(foreign_key="user_account.id")
    recorded_at: str


class SchemaRelease(SQLModel, table=True):
    """Which release of casework brought the database to each schema revision, so that an
    older casework can name the release a database needs."""
    __tablename__ = "schema_release"
    revision: str = Field(primary_key=True)
    release: str
    upgraded_at: str


class ProfileVersion(SQLModel, table=True):
    """A council profile as it stood when a case was first opened under it."""
    __tablename__ = "profile_version"
    version: str = Field(primary_key=True)
    first_used: str
    source: str
    body: str = Field(sa_column=Column(Text, nullable=False))


class Note(SQLModel, table=True):
    """Append-only: a correction is a new note that amends an old one."""

    __tablename__ = "note"
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    author_id: int = Field(foreign_key="user_account.id")
    kind: str = "note"  # note | ip-view | meeting
    # Who accompanied the employee at a disciplinary meeting, or "none" (ACAS Code para. 13).
    companion: Optional[str] = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    confidential: bool = False
    amends_id: Optional[int] = Field(default=None, foreign_key="note.id")
    created_at: str  # ISO 8601 UTC: when it was recorded, as the audit trail has it
    # The day the note speaks of (--on, default the day recorded): a meeting noted two days
    # later is a note of that meeting's day, and bundles and lists date it so.
    dated: Optional[date] = None


class Blob(SQLModel, table=True):
    """Evidence bytes, content-addressed, kept in the database so a case never loses them."""

    __tablename__ = "blob"
    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Document(SQLModel, table=True):
    __tablename__ = "document"
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    sha256: str = Field(foreign_key="blob.sha256")
    size: int
    media_type: str
    filename: str
    description: str = ""
    section: str
    confidential: bool = False
    # Schedule 12A paragraph ("1", "18C", ...) that keeps it out of public bundles.
    exemption: Optional[str] = None
    dated: Optional[date] = None  # the document's own date, for the bundle index
    added_by: int = Field(foreign_key="user_account.id")
    added_at: str
    # A redacted copy names the paper it was made from and the ground of its redaction
    # (casework.redaction.grounds); public bundles bind it in that paper's place.
    redacts_id: Optional[int] = Field(default=None, foreign_key="document.id")
    redaction: Optional[str] = None


class Sanction(SQLModel, table=True):
    __tablename__ = "sanction"
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    kind: str
    detail: str = ""
    due: Optional[date] = None
    ends: Optional[date] = None  # the last day of a sanction that runs for a period
    complied: Optional[date] = None
    non_compliance: Optional[str] = None
    recorded_by: int = Field(foreign_key="user_account.id")
    recorded_at: str


class CaseMeasure(SQLModel, table=True):
    """A measure in place while a case runs: an officer's suspension on full pay, or protection
    of an officer who complained (casework.workflow.measures). Ends before the case does."""
    __tablename__ = "case_measure"
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    kind: str  # suspension | protective
    detail: str = Field(sa_column=Column(Text, nullable=False))
    started: date
    review: date  # the next review, moved on at each review
    ended: Optional[date] = None
    recorded_by: int = Field(foreign_key="user_account.id")
    recorded_at: str


class CaseHold(SQLModel, table=True):
    """A legal hold: while one is in place (not lifted) the case's records are kept whatever
    the retention schedule says. Lifted holds stay, so the case shows every hold it had."""
    __tablename__ = "case_hold"
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    placed_by: int = Field(foreign_key="user_account.id")
    placed_at: str  # ISO 8601 UTC
    lift_reason: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    lifted_by: Optional[int] = Field(default=None, foreign_key="user_account.id")
    lifted_at: Optional[str] = None


class SubjectAccess(SQLModel, table=True):
    """A subject access request (UK GDPR Art. 15): who asked, when, and the day the answer is
    due, one calendar month from receipt and up to two more with a reason (Art. 12(3))."""
    __tablename__ = "subject_access"
    id: Optional[int] = Field(default=None, primary_key=True)
    # A person in the register, or only a name: someone outside it may be named in papers.
    person_id: Optional[int] = Field(default=None, foreign_key="person.id", index=True)
    requester: str
    # Other names the requester is known by, one a line: the pack searches for them too.
    aliases: str = Field(default="", sa_column=Column(Text, nullable=False))
    received: date
    due: date
    extended_months: int = 0
    extension_reason: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    status: str = "open"  # open | answered
    packed_sha256: Optional[str] = None  # the newest pack made, the one an answer must send
    answered: Optional[date] = None
    opened_by: int = Field(foreign_key="user_account.id")
    opened_at: str  # ISO 8601 UTC


LETTER_EVENTS = "action IN ('letter', 'letter-sent', 'letter-not-sent')"


class AuditEvent(SQLModel, table=True):
    """One link of the hash chain. Everything hashed is stored as text, so the hash
    reads back the same from SQLite and PostgreSQL."""

    __tablename__ = "audit_event"
    # The letter events alone, for counting letters not sent: migration 0021 makes it partial
    # on both databases. Declared partial here for SQLite only, where create_all builds a
    # backup's scratch image: a postgresql_where would make SQLAlchemy import its PostgreSQL
    # dialect (about 30 ms) in every process that imports the models, a SQLite one included.
    __table_args__ = (Index("ix_audit_event_letters", "seq", sqlite_where=text(LETTER_EVENTS)),)
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: str  # ISO 8601 UTC instant
    actor: str
    action: str
    case_ref: Optional[str] = Field(default=None, index=True)
    from_state: Optional[str] = None
    to_state: Optional[str] = None
    data: str = Field(sa_column=Column(Text, nullable=False))  # canonical JSON
    prev_hash: str
    hash: str


class AuditHead(SQLModel, table=True):
    """The chain's last link. A single row that writers lock, so the chain never forks,
    and that shows when events were cut off the end."""

    __tablename__ = "audit_head"
    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str


class AuditKey(SQLModel, table=True):
    """The secret key under which a scope's personal values are committed to in the trail
    (db.audit_personal): `case:REF` or `person:ID`. Never exported with the trail; disposal
    clears it, and records when."""
    __tablename__ = "audit_key"
    scope: str = Field(primary_key=True)
    secret: Optional[str] = None  # 64 hex digits; None once erased
    made_at: str
    erased_at: Optional[str] = None


class AuditValue(SQLModel, table=True):
    """A personal value an audit event commits to by its keyed hash, kept beside the event
    so that it can be erased without breaking the chain."""
    __tablename__ = "audit_value"
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    field: str = Field(primary_key=True)
    value: str = Field(sa_column=Column(Text, nullable=False))  # JSON


class CaseDisposal(SQLModel, table=True):
    """A case whose personal data was disposed of: its skeleton stays for the statistics."""
    __tablename__ = "case_disposal"
    case_id: int = Field(primary_key=True, foreign_key="case_file.id", sa_column_kwargs={"autoincrement": False})
    disposed_at: str
    disposed_by: int = Field(foreign_key="user_account.id")
    seq: int  # the dispose event
    # The disposal certificate (PDF): kept here, not as a paper of the case, so that it
    # survives the disposal it records; it names no one.
    certificate: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    certificate_sha256: str


class AuditFormer(SQLModel, table=True):
    """Each event's hash in the chain as it stood before migration 0029 re-hashed it, so a seal
    or anchor given before then can still be tied to the new chain by its re-seal event."""
    __tablename__ = "audit_former"
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    hash: str
