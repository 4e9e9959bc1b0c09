"""What typed text matches in the queue: the tests of a case's reference, summary, subject,
complainant and ordinary notes, walked case by case or gathered from the indexes (SQLite's FTS5
tables, PostgreSQL's trigram indexes). casework.queue.pages decides which way a page is read."""

from sqlalchemy import (
    ARRAY,
    Integer,
    and_,
    any_,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    union_all,
)

from db.models import Case, Note, Person


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def text_values(text: str) -> dict:
    """What typed text becomes in the statements' parameters: a LIKE pattern in which % and _
    typed are characters, not wildcards, and a phrase for the trigram indexes."""
    text = text.strip()
    return {"pattern": "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
            "phrase": _phrase(text)}


def _like(column, fts: bool, pattern):
    """On SQLite, LIKE is already blind to ASCII case, so it is not wrapped in lower() on
    every row as ilike would be; that alone took "Cllr F" from 25 to 14 ms at 100,000 cases."""
    return (column.like if fts else column.ilike)(pattern, escape="\\")


def _walk_like(column, fts: bool, pattern):
    """A case's own text tested as it is walked. On PostgreSQL lower() of both and LIKE, which is
    what ILIKE does (and so finds the same), but with the pattern lowered once for the statement
    instead of on every row, and no trigram index that could answer it, so a walk plans as one:
    planning a keystroke's page at 100,000 cases 1.4-1.7 ms, 2.2-2.5 with ILIKE (a note
    search's 3.2-5.5, was 5.8-8.3); the walk itself no quicker or slower within the noise."""
    if fts:
        return _like(column, fts, pattern)
    return func.lower(column).like(func.lower(pattern), escape="\\")


def pattern_of(values: dict):
    """The LIKE pattern's parameter. On PostgreSQL its statements run only through
    db.engine.planned_once, where each is planned once for any text. Written into each
    statement instead, as it was, every key was planned afresh: 2 to 7 ms of a page's 4 to 14
    at 1,000 cases. One plan for any text must be right for all text: the walks test each case
    (_walk_like), which no index could answer, and the indexes are read only for text known to
    be rare or behind a one-time test of what the walk found (casework.queue.pages). Before
    that test, a plan for any text, which psycopg's preparing and PostgreSQL's own choice gave
    after a few keys, read the indexes' branch of a common name for 50 s."""
    return bindparam("pattern", values["pattern"])


def walked(values: dict, notes: bool, fts: bool, open_only: bool = False):
    """Cases whose reference, summary, subject, complainant or (with `notes`) ordinary notes
    contain the text, tested case by case. Every test is over the case's own columns, or one
    lookup by its id, so a case is tested before it is joined to anyone; names are looked
    up in the register (a few hundred people) once per statement. `open_only`: the caller
    keeps open cases only (see below)."""
    pattern = pattern_of(values)
    named = select(Person.id).where(_like(Person.name, fts, pattern))
    matches = [_walk_like(Case.ref, fts, pattern), _walk_like(Case.summary, fts, pattern),
               Case.subject_id.in_(named), Case.complainant_id.in_(named)]
    if notes:
        tests = [Note.case_id == Case.id, _walk_like(Note.text, fts, pattern), Note.confidential.is_(False)]
        if open_only and not fts:
            # PostgreSQL may instead read every ordinary note once, keeping the cases of those
            # that match in a hash (it costs that against testing each of ~17,000 open cases),
            # which reads 436,000 notes at 100,000 cases however soon a page is found: "q" in
            # a note search took 340 ms, "Sm" 235. A test of the case's id beside the equality
            # keeps the notes read case by case, through their index on the case: 6 and 4 ms.
            # Over every case, ended ones too, reading every note is the quicker, and stays.
            tests.append(Note.case_id >= Case.id)
        matches.append(exists().where(and_(*tests)))
    return or_(*matches)


def _rowids(index: str, phrase):
    """The cases whose row in a trigram index (one row per case) holds `phrase`."""
    found = table(index, column("rowid"))
    return select(found.c.rowid).where(literal_column(index).op("MATCH")(phrase))


def indexed(values: dict, notes: bool, fts: bool = True, open_only: bool = False):
    """The same cases as `walked`, as one list of ids gathered from the indexes. On SQLite each
    FTS5 row is one case and its row id the case's, so no row is read to find them. On
    PostgreSQL each select is one ILIKE the planner answers from a trigram index (db.pg_text):
    as an OR of tests per case, as `walked` has it, it could only read every case and its notes.
    `open_only`: the caller keeps open cases only, so on PostgreSQL the cases' own columns are
    tested on open cases only (the notes' are not: that would join every note to its case)."""
    pattern = pattern_of(values)
    named = select(Person.id).where(_like(Person.name, fts, pattern))
    if fts:
        phrase = bindparam("phrase", values["phrase"])
        texts = [_rowids("case_text", phrase)]
        in_notes = _rowids("case_note_text", phrase)
    else:
        # "Cllr Fi" at 100,000 cases: its summaries' trigrams matched 35,000 cases, each tested
        # again; 68 ms for every case, 22 for the open ones.
        kept = (Case.is_open.is_(True),) if open_only else ()
        texts = [select(Case.id).where(_like(Case.ref, False, pattern), *kept),
                 select(Case.id).where(_like(Case.summary, False, pattern), *kept)]
        # The same test as the partial index's (db.pg_text), or the planner cannot use it.
        in_notes = select(Note.case_id).where(_like(Note.text, False, pattern), Note.confidential.is_(False))
    kept = (Case.is_open.is_(True),) if open_only and not fts else ()
    ids = [*texts, select(Case.id).where(Case.subject_id.in_(named), *kept),
           select(Case.id).where(Case.complainant_id.in_(named), *kept)]
    if notes:
        ids.append(in_notes)
    if fts:
        return Case.id.in_(union_all(*ids))
    # As one array computed first: as IN, PostgreSQL guessed 200 ids (there may be thousands)
    # and joined them to the register before the cases, probing the cases once for each pair.
    # A CTE, so the triage order's two parts gather them once between them, not once each.
    return among(union_all(*ids).cte("matched").c[0])


def among(ids):
    """PostgreSQL: the case is one of `ids` (a column of a subquery or CTE), gathered first into
    one array and probed by key. As IN the planner is free to join them in any order, and chose
    badly here and in casework.queue.pages._bounded_first."""
    return Case.id == any_(cast(select(func.array_agg(ids)).scalar_subquery(), ARRAY(Integer)))
