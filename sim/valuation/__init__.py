"""What outcomes are worth: rosters of captives as numpy columns, the outcome space, utilities and rankings.

Pure numpy, no SimPy: `roster` holds captives, `captives` builds a scenario's rosters,
`space` enumerates packages, `utilities` values them for each party, `ranking` sorts a
party's outcomes so an offer is a binary search.
"""
