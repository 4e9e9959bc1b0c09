"""The routes to resolution as state machines: stages, events, guards and the roles that may
fire each event, and the route diagram drawn from them.

Pure domain: may import casework.errors and db, nothing else of casework.
"""
