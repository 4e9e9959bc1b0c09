"""The README's promises that can be checked mechanically."""

from pathlib import Path

from casework.workflow.diagram import render

README = (Path(__file__).parent.parent / "README.md").read_text()


def test_route_diagrams_match_the_machines():
    assert render("mermaid") in README


def test_quick_start_has_the_two_commands_ci_uses():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "./scripts/run" in quick and "./scripts/test" in quick
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    assert "scripts/test" in ci


def test_every_screenshot_the_readme_links_exists():
    import re

    root = Path(__file__).parent.parent
    links = re.findall(r"\]\((tests/tui/__snapshots__/[^)]+\.svg)\)", README)
    assert len(links) >= 7
    assert [link for link in links if not (root / link).exists()] == []


def test_the_layout_section_names_every_folder_and_only_folders_that_exist():
    import re

    root = Path(__file__).parent.parent
    section = README.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `([a-z_/]+)/` \|", section, re.M))
    assert [n for n in named if not (root / n).is_dir()] == []
    rooms = {f"casework/{p.name}" for p in (root / "casework").iterdir()
             if (p / "__init__.py").is_file()}
    assert rooms - named == set()  # every subpackage of casework/ is in the table
    for path in re.findall(r"`((?:casework|tui|db)/[a-z_/]+\.py)`", section):
        assert (root / path).is_file(), path
