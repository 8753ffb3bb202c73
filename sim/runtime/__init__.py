"""Where SimPy is touched: the run's context, events and sinks, the guard, messages and mailboxes.

Agents and protocols build on these; everything below this room (scenario, valuation,
rules) is pure and testable without SimPy.
"""
