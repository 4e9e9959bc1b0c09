"""The command line: one module per command family, assembled into one group in main.py.

May import any part of casework; never tui (the application is opened through the
casework.faces entry point). No command module imports main.
"""
