"""Names as papers write them: whole words only, in any case, across the line breaks of text
drawn from a PDF, with and without titles, and a surname after a title; the requester's own
name is never taken out, even where another's name is part of it."""

from casework.sar.names import WITHHELD, Names, variants


def test_a_name_is_found_as_papers_write_it():
    assert variants("Cllr Ann Jones")[:3] == ["Cllr Ann Jones", "Ann Jones", "Cllr Jones"]
    names = Names(["Cllr Ann Jones"], {"Cllr Tom Price": ["Cllr Tom Price"], "Bob Smith": ["Bob Smith"]})
    said = "ANN JONES wrote to Councillor Price;\nBob\nSmith replied. Bob Smithers did not."
    assert names.about_requester(said)
    assert names.third_parties(said) == ["Bob Smith", "Cllr Tom Price"]
    assert names.redact(said) == (f"ANN JONES wrote to {WITHHELD};\n{WITHHELD} replied. Bob Smithers "
                                  "did not.", 2)


def test_the_requesters_name_stays_where_anothers_is_part_of_it():
    names = Names(["Ann Jones Smith"], {"Ann Jones": ["Ann Jones"]})
    assert names.redact("Ann Jones Smith and Ann Jones met.") == (
        f"Ann Jones Smith and {WITHHELD} met.", 1)
    assert names.third_parties("Ann Jones Smith alone") == []
