"""A council's register and open cases from CSV or Excel: reading sheets, checking every row,
and bringing the whole file in as one change.

May import the shared root modules, access, audit, cases, people, profile, workflow and db.
"""


def importer(what: str):
    """The import of `what` (people | cases), for the faces that offer both: called as
    importer(what)(ws, login, path, dry_run), it returns casework.imports.run.Report."""
    if what == "people":
        from casework.imports.people import import_people

        return import_people
    from casework.imports.cases import import_cases

    return import_cases

