"""One case and its life: opening it, advancing it along its route, its papers (notes, evidence,
sanctions), assignments of investigators and Independent Persons, what the faces show of it,
and its timeline.

May import the shared root modules, access, audit, people, profile, queue, workflow and db.
"""
