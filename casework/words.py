"""English that messages build from parts: the indefinite article before a title."""

# Initialisms read letter by letter whose first letter's name starts with a vowel sound (aitch,
# em, ess...): "an HR adviser", "an MP".
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
# Words spelt with a vowel that start with a consonant sound, and the reverse.
_SAYS_YOU = ("uni", "use", "usu", "eur", "one", "once")
_SILENT_H = ("hour", "honest", "honour", "heir")


def with_article(phrase: str) -> str:
    """"an Investigating Officer", "a committee clerk", "an HR adviser", "a user"."""
    word = phrase.split(maxsplit=1)[0] if phrase.strip() else ""
    if len(word) > 1 and word.isupper():
        vowel = word[0] in _VOWEL_LETTERS
    else:
        low = word.lower()
        vowel = (low[:1] in tuple("aeiou") and not low.startswith(_SAYS_YOU)) or low.startswith(_SILENT_H)
    return f"{'an' if vowel else 'a'} {phrase}"
