"""The article before a title reads as it is said."""

import pytest

from casework.words import with_article
from casework.workflow.roles import ROLE_TITLES


@pytest.mark.parametrize("phrase, said", [
    ("Investigating Officer", "an Investigating Officer"),
    ("Independent Person", "an Independent Person"),
    ("HR adviser", "an HR adviser"),
    ("Monitoring Officer", "a Monitoring Officer"),
    ("committee clerk", "a committee clerk"),
    ("viewer", "a viewer"),
    ("index", "an index"),
    ("user", "a user"),
    ("hour", "an hour"),
])
def test_article(phrase, said):
    assert with_article(phrase) == said


def test_every_role_title_has_its_article():
    assert {with_article(t).split()[0] for t in ROLE_TITLES.values()} == {"a", "an"}
    assert not [t for t in ROLE_TITLES.values() if with_article(t).startswith("a ") and t[0] in "AEIOU"]
