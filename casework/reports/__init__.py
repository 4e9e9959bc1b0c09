"""Figures for the Standards Committee: the annual report (figures, tables, Markdown, CSV, PDF)
and the dashboard's charts.

May import the shared root modules, access, audit, bundle (its PDF machinery), profile,
workflow and db.
"""
