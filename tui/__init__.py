"""The full-screen application's screens and widgets."""

import os

# Textual draws at most TEXTUAL_FPS frames a second (60 unless set), and once it has drawn it
# waits one to two frame periods before drawing again: a keystroke's character is drawn at
# once and the page it finds, arriving a few milliseconds later, waited 17-33 ms more. At 120
# that wait halves. Nothing is drawn more often when nothing changes; a value the user has
# set wins.
os.environ.setdefault("TEXTUAL_FPS", "120")
