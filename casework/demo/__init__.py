"""A demo council to try casework on, and bulk databases of up to 100,000 cases for benchmarks.

May import the shared root modules, audit, cases, people, profile, workflow and db.
"""
