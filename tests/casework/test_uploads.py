"""A browser tab's application reads papers only from the upload folder: not "../", not a link
out of it, not an absolute path elsewhere; a bare name is taken from it."""

import pytest
from cli_runner import run_cli

from casework.errors import UserError
from casework.infile import UPLOADS_ONLY, read_file


@pytest.fixture
def area(tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    (folder / "hr").mkdir(parents=True)
    (folder / "hr" / "letter.txt").write_text("a letter")
    (tmp_path / "secret.txt").write_text("the server's own")
    (folder / "out").symlink_to(tmp_path)
    monkeypatch.setenv(UPLOADS_ONLY, str(folder))
    return folder


def test_papers_come_from_the_upload_folder(area):
    assert read_file(str(area / "hr" / "letter.txt"), 100)[0] == b"a letter"
    assert read_file("hr/letter.txt", 100)[0] == b"a letter"  # a bare name, from the folder


@pytest.mark.parametrize("name", ["../secret.txt", "hr/../../secret.txt", "out/secret.txt", "/etc/passwd", "."])
def test_nothing_outside_it(area, name):
    with pytest.raises(UserError, match="in the browser a paper comes from the upload folder"):
        read_file(name, 100, "paper")


def test_attach_from_a_tab_is_confined_end_to_end(area, tmp_path):
    db = str(tmp_path / "council.db")
    for args in (["init"], ["people", "add", "--kind", "member", "--name", "Cllr Ann Jones"],
                 ["people", "add", "--kind", "officer", "--name", "Bob Smith"]):
        assert run_cli(db, *args).code == 0
    ref = run_cli(db, "new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
                  "--summary", "Shouted").out.strip()
    r = run_cli(db, "attach", ref, str(tmp_path / "secret.txt"))
    assert r.code == 2 and "comes from the upload folder" in r.err
    assert run_cli(db, "attach", ref, "hr/letter.txt").code == 0
