"""Turn a published agreement list into records and a report of every doubt.

A pipeline of pure functions (text -> lines -> rows -> records -> reconciled
records + report). Only the edge (persist/, importing.py, the commands) imports Django.
"""
