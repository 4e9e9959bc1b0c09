"""The routes to resolution as state machines: stages, events, guards and the roles that may
fire each event, what the law fixes about sanctions, and the route diagram drawn from them.

Pure domain: may import casework.errors and db, nothing else of casework.
"""
