"""Two-level negotiation: how a delegation anticipates its own ratifiers (a field of `Delegation`).

A delegation negotiates at the table while its leader and its party's veto players wait at
home to ratify what it agrees (Putnam's two-level game). With anticipation on, it neither
proposes nor accepts a package its ratifiers would veto with a probability above
`max_veto_probability`, and it may cite them to ask for more: its aspiration never falls
below the least its ratifiers accept. The mechanism is in `sim.rules.anticipation`.
"""

from __future__ import annotations

from sim.scenario.fields import Frozen, Probability

ENABLED_BY_DEFAULT = True
"""Whether a delegation that does not say anticipates its ratifiers (on since issue 14; `enabled: false` gives the
behaviour before it)."""


class Anticipation(Frozen):
    """Whether and how a delegation anticipates its own ratifiers (its leader and its party's veto players)."""

    enabled: bool = ENABLED_BY_DEFAULT
    """On: the delegation neither proposes nor accepts a package its own ratifiers would veto with probability above
    `max_veto_probability` (a bloc's delegation: every member's ratifiers). Off: it ignores them, as before issue 14."""
    max_veto_probability: Probability = 0.2
    """The largest probability (0..1) that its ratifiers veto a package, together, for the delegation to propose or
    accept it (the ratifiers decide independently: 1 - product of (1 - each one's veto probability))."""
    cites_ratifiers: bool = True
    """With anticipation on: the delegation cites a tough ratifier to ask for more, i.e. its aspiration (utility, 0..1)
    never falls below the least utility of a package its ratifiers accept, so it concedes less where they bind; off,
    it only keeps out of what they would veto."""
