"""One round of talks: setting up a run, agreement and execution, exogenous events, outcome, result, invariants.

The channel (`sim.channel`) builds on this room: it opens many rounds over months and years.
"""
