"""casework: the domain and its services, one subpackage per responsibility.

The shared parts every room uses stay here: errors (the one exception a user can cause),
inputs (checks of what people type), clock (the council's today), outfile (files written
whole or not at all), transaction (a change and its audit event commit together), workspace
(an open database with its profile) and failures (one line for what no user caused).

casework may import db; it never imports tui.
"""
