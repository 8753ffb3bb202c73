"""The schema of how an agreed deal is carried out (`execution`): tranches, or a plan of stages.

`Execution` holds the defaults for every stage (delays, slips, failures) and the plan. A plan
is `execution.plan`, a mapping from stage id to `Stage`. A stage releases a share of
some parties' agreed captives (or `rest`: what their other stages leave, split evenly among
the stages that say `rest`), delivers the agreed value of an issue (funds transferred, a
pause begun), or both; it starts once every stage in its `after` list has been executed,
and may override the `execution` defaults for slipping, failing and waiting. Cross-checks
(unknown stages and parties, cycles, captives released twice or not at all) are in
`sim.scenario.stage_references`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from sim.scenario.fields import Days, Frozen, Identifier, Probability
from sim.scenario.limits import AtMost, AtMostItems

REST = "rest"
"""A release share meaning: what the party's stages with a number leave, split evenly among its `rest` stages."""



def _share(value: float | str) -> float | str:
    """A share is a number in (0, 1] or the word `rest`; anything else is refused in one message."""
    if value == REST or (isinstance(value, float | int) and 0.0 < value <= 1.0):
        return value
    raise ValueError(f"a share must be a number above 0 and at most 1, or `{REST}`")


Share = Annotated[float | str, AfterValidator(_share)]


class Stage(Frozen):
    """One stage of an execution plan: what it moves, which stages it waits for, and its own odds and delay."""

    release: dict[Identifier, Share] = {}
    """Captives this stage releases, by party id: a share (0..1] of the party's agreed captives, or `rest`
    (what the party's numbered shares leave, split evenly among its stages that say `rest`). Each party that holds
    captives must be released in full over the plan."""
    deliver: Identifier | None = None
    """Id of an issue whose agreed value this stage carries out (e.g. `funds`: the funds are transferred); null:
    none."""
    after: Annotated[list[Identifier], Field(max_length=1000)] = []
    """Ids of the stages that must be executed before this one starts; a failed, scrapped or cancelled one among
    them cancels this stage. Empty: the stage starts with the plan."""
    delay_days: Days | None = None
    """Time in days from the last of the `after` stages being executed (for a stage with no `after`: from the
    plan's start, `execution.start_after_days` after ratification) to this stage; null: `execution.interval_days`
    after its dependencies, or at once for a stage with none."""
    slip_probability: Probability | None = None
    """Probability (0..1) that this stage slips, at zero trust (scaled by 1 - mean trust); null: the
    `execution` default."""
    slip_days: Days | None = None
    """Time in days a slip puts this stage off; null: the `execution` default."""
    failure_probability: Probability | None = None
    """Probability (0..1) that a party defaults on this stage at zero trust (scaled by 1 - its trust and by any
    mediator guarantee); null: the `execution` default."""

    @model_validator(mode="after")
    def _moves_something(self) -> Stage:
        if not self.release and self.deliver is None:
            raise ValueError("a stage must release captives (`release`) or deliver an issue (`deliver`)")
        return self


class Execution(Frozen):
    """How an agreed swap is carried out: in stages that can slip or fail, equal tranches or a plan of stages."""

    stages: Annotated[int, Field(ge=1), AtMost("stages")] = 1
    """Number of stages the swap is carried out in when it is staged (count)."""
    staged_below_trust: Probability = 0.5
    """The swap is staged if either side's trust (0..1) is below this; otherwise it is done at once."""
    start_after_days: Days = 0.0
    """Time in days from agreement (and ratification) to the first stage."""
    interval_days: Days = 1.0
    """Time in days between two stages."""
    slip_probability: Probability = 0.0
    """Probability (0..1) that a stage slips (is put off by `slip_days`)."""
    slip_days: Days = 1.0
    """Time in days a slipped stage is put off."""
    failure_probability: Probability = 0.0
    """Probability (0..1) that a stage fails at zero trust; scaled by (1 - trust) and by any mediator guarantee."""
    plan: Annotated[dict[Identifier, Stage], AtMostItems("stages", "Dictionary")] = {}
    """The stages of the swap by id, each with what it moves and the stages it waits for (e.g. funds first, then
    people); always followed when given, and then `stages` and `staged_below_trust` are not used. Empty: the
    agreed captives go in `stages` equal tranches, one after another (or at once when trust is high)."""
