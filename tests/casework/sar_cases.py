"""Three cases for subject access tests: Cllr Ann Jones complains in the first, is complained
about in the second, and is named in a note of the third, which is otherwise about others."""

import evidence as ev

from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach

# Words that are about others only: none may reach Ann Jones's pack.
OTHERS_ONLY = ("Olive Manager did not answer the Member's letter",
               "Olive Manager has been unwell since March",
               "Tom Price kept a diary of the correspondence")
OTHER_NAMES = ("bob smith", "olive manager", "tom price")


def three_cases(ws, tmp_path) -> dict:
    own = open_case(ws, "dep", "Bob Smith", "Cllr Ann Jones", "21.9.3",
                    "Bob Smith shouted at Cllr Ann Jones in the car park", "2026-09-01")
    about = open_case(ws, "dep", "Cllr Ann Jones", "Olive Manager", "21.9.1",
                      "Cllr Ann Jones criticised an officer in a public meeting", "2026-09-10")
    other = open_case(ws, "dep", "Olive Manager", "Cllr Tom Price", "21.10",
                      OTHERS_ONLY[0], "2026-09-20")
    notes = {
        "own": annotate(ws, own, "Bob Smith denies raising his voice to Cllr Ann Jones", "dep"),
        "about": annotate(ws, about, "Cllr Ann Jones was told of the complaint and will reply", "dep"),
        "named": annotate(ws, other, "Ann Jones was at the meeting and confirms the dates", "dep"),
        "elsewhere": annotate(ws, other, OTHERS_ONLY[1], "dep", confidential=True),
    }
    statement = ev.statement(tmp_path / "statement.pdf", [
        ["Statement of Cllr Ann Jones", "I was in the car park on 3 September."],
        ["Bob Smith came over and shouted.", "Signed, Ann Jones."]])
    diary = ev.text(tmp_path / "diary.txt", OTHERS_ONLY[2] + ".\n")
    papers = {
        "statement": attach(ws, own, str(statement), "dep", "evidence", description="Complainant's statement"),
        "diary": attach(ws, other, str(diary), "dep", "evidence", description="Diary"),
    }
    return {"own": own, "about": about, "other": other, "notes": notes, "papers": papers}
