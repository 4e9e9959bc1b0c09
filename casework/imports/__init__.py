"""Bringing a council's existing register and open cases in from CSV or Excel."""
