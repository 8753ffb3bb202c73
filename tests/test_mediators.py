"""Several active mediators: each drafts at its stated cadence in every protocol (trace tests), presses
toward a deadline, leans toward a preferred package, and bad drafting fields are refused in one line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import bargaining_document, load

import sim
from sim.cli import main
from sim.runtime.events import Event, EventKind

HOUR = 1.0 / 24.0


def stubborn(steps: int, protocol: dict[str, Any], mediators: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The tiny bargain between two Boulware sides that never agree within `steps`, with `mediators`."""
    document = bargaining_document(steps=steps, exponent=50.0)
    document["mediators"] = mediators
    document["protocol"] = {"step_hours": 1, "max_steps": steps, **protocol}
    return document


def drafter(every: int, drafting: str = "cadence", style: str = "broker", **more: Any) -> dict[str, Any]:
    return {"name": f"Drafter every {every}", "style": style, "drafts_packages": True, "draft_every_steps": every,
            "drafting": drafting, "relay_delay": {"mean": 0.01}, **more}


def draft_steps(events: list[Event]) -> dict[str, list[int]]:
    """The step each mediator's drafts came after, counted from the log (offers carry their step; in a
    single text each of the running mediator's drafts is a step)."""
    steps: dict[str, list[int]] = {}
    step = 0
    for event in events:
        if event.kind is EventKind.OFFER:
            step = int(event.payload["step"])
        elif event.kind is EventKind.DRAFT:
            steps.setdefault(event.actor, []).append(step)
    return steps


def test_two_side_mediators_draft_at_the_opening_and_then_each_on_its_own_cadence() -> None:
    """Direct talks at a host's table: M2 drafts every 2 steps, M3 every 3; at step 6 both, M2 first; the
    step limit (12) ends the talks before any draft after it."""
    mediators = {"H": {"name": "Host", "style": "host"}, "M2": drafter(2), "M3": drafter(3)}
    result = sim.run(load(stubborn(12, {"kind": "direct", "mediator": "H"}, mediators)), seed=0)
    assert draft_steps(result.events) == {"M2": [0, 2, 4, 6, 8, 10], "M3": [0, 3, 6, 9]}
    logged = [(e.actor, e.payload["step"]) for e in result.events if e.kind is EventKind.DRAFT]
    assert logged == [("M2", 0), ("M3", 0), ("M2", 2), ("M3", 3), ("M2", 4), ("M2", 6), ("M3", 6), ("M2", 8),
                      ("M3", 9), ("M2", 10)]
    assert result.outcome.status == "no agreement"


def test_drafting_at_the_opening_drafts_once_whatever_the_cadence() -> None:
    """`drafting: opening` keeps the behaviour before issue 14: one draft as the talks open, logged as before."""
    mediators = {"H": {"name": "Host", "style": "host"}, "M2": drafter(2, drafting="opening")}
    result = sim.run(load(stubborn(12, {"kind": "direct", "mediator": "H"}, mediators)), seed=0)
    assert draft_steps(result.events) == {"M2": [0]}
    assert "step" not in next(e for e in result.events if e.kind is EventKind.DRAFT).payload


def test_in_shuttle_talks_the_carrier_and_a_side_mediator_draft_on_their_cadences() -> None:
    """The shuttle S carries every offer and drafts every 4 offers (no opening draft, as before); the side
    mediator M3 drafts as the talks open and every 3 steps; at step 12 the talks end."""
    mediators = {"S": drafter(4, drafting="opening", style="shuttle"), "M3": drafter(3)}
    result = sim.run(load(stubborn(12, {"kind": "shuttle", "mediator": "S"}, mediators)), seed=0)
    assert draft_steps(result.events) == {"M3": [0, 3, 6, 9], "S": [4, 8]}
    assert sum(e.kind is EventKind.RELAYED for e in result.events) >= 11, "S still carries the offers"


def test_in_a_single_text_a_side_mediator_drafts_on_its_cadence_after_the_text() -> None:
    """The running mediator T revises the text at every step; M3 drafts at the opening and after steps 3 and 6."""
    mediators = {"T": drafter(1, drafting="opening", style="host"), "M3": drafter(3)}
    result = sim.run(load(stubborn(8, {"kind": "single_text", "mediator": "T"}, mediators)), seed=0)
    drafts = [(e.actor, e.payload.get("step")) for e in result.events if e.kind is EventKind.DRAFT]
    assert [step for actor, step in drafts if actor == "M3"] == [0, 3, 6]
    assert [actor for actor, _ in drafts] == ["M3", "T", "T", "T", "M3", "T", "T", "T", "M3", "T", "T"]


def test_a_mediator_presses_toward_its_deadline_drafting_at_every_step_and_logs_it_once() -> None:
    """Deadline day 0.35, pressing from day 0.25: drafts as the talks open and after step 4 (day 0.23), then
    after every step (step 5 comes on day 0.33); `mediator_pressed` is logged once, before its first pressed draft."""
    pressing = drafter(4, interests={"deadline": 0.35, "press_days": 0.1})
    mediators = {"H": {"name": "Host", "style": "host"}, "P": pressing}
    result = sim.run(load(stubborn(10, {"kind": "direct", "mediator": "H"}, mediators)), seed=0)
    assert draft_steps(result.events)["P"] == [0, 4, 5, 6, 7, 8, 9]
    pressed = [e for e in result.events if e.kind is EventKind.MEDIATOR_PRESSED]
    assert [(e.payload["step"], e.payload["deadline_day"]) for e in pressed] == [(5, pytest.approx(0.35))]
    assert pressed[0].time >= 0.25
    flags = [e.payload["pressing"] for e in result.events if e.kind is EventKind.DRAFT]
    assert flags == [False, False, True, True, True, True, True]


def test_a_preferred_package_pulls_the_draft_and_credit_for_a_deal_pulls_it_back() -> None:
    """The sides' needs put the draft at mid; a mediator preferring `high` with weight 0.9 drafts high; with
    credit 1 (any deal is worth more to it than its preference) it drafts mid again."""
    def first_draft(interests: dict[str, Any]) -> str:
        mediators = {"H": {"name": "Host", "style": "host"}, "M": drafter(5, interests=interests)}
        result = sim.run(load(stubborn(4, {"kind": "direct", "mediator": "H"}, mediators)), seed=0)
        draft = next(e for e in result.events if e.kind is EventKind.DRAFT)
        return str(draft.payload["issues"]["price"])

    assert first_draft({}) == "mid"
    assert first_draft({"preferred": {"issues": {"price": "high"}, "weight": 0.9}}) == "high"
    assert first_draft({"preferred": {"issues": {"price": "high"}, "weight": 0.9}, "credit": 1.0}) == "mid"


def test_a_host_puts_its_draft_at_once_while_a_shuttle_carries_it_to_each_side_in_turn() -> None:
    """A host's draft reaches both sides at the moment it is made; a shuttle's takes its relay delay (0.25 days)
    to the first side, then again to the second."""
    def relays(style: str) -> list[float]:
        mediators = {"H": {"name": "Host", "style": "host"},
                     "M": drafter(5, style=style) | {"relay_delay": {"mean": 0.25}}}
        result = sim.run(load(stubborn(2, {"kind": "direct", "mediator": "H"}, mediators)), seed=0)
        return [e.time for e in result.events if e.kind is EventKind.RELAYED and e.payload["say"] == "draft"]

    assert relays("host") == []
    assert relays("shuttle") == pytest.approx([0.25, 0.5])


def test_a_brokers_drafts_are_marked_out_of_sight_a_hosts_and_a_shuttles_public() -> None:
    mediators = {"H": {"name": "Host", "style": "host"}, "B": drafter(3, style="broker"),
                 "S": drafter(3, style="shuttle"), "T": drafter(3, style="host")}
    result = sim.run(load(stubborn(4, {"kind": "direct", "mediator": "H"}, mediators)), seed=0)
    public = {(e.actor, e.payload["public"]) for e in result.events if e.kind is EventKind.DRAFT}
    assert public == {("B", False), ("S", True), ("T", True)}


def test_a_drafting_mediator_drafts_on_its_cadence_unless_told_to_draft_once() -> None:
    """Issue 14's one intended change: `cadence` is the default; `drafting: opening` gives the behaviour before it."""
    from sim.scenario.schema import Mediator

    assert Mediator(name="Any", style="host").drafting == "cadence"
    assert Mediator(name="Any", style="host", drafting="opening").drafting == "opening"


def test_drafting_is_refused_on_a_mediator_that_drafts_nothing_only_when_written() -> None:
    """Were the default of `drafting` `cadence` (the flip issue 14 leaves to the lead), a host that drafts nothing,
    with no `drafting` written, must still validate; written out, `drafting: cadence` on it is refused."""
    from sim.scenario.mediator_references import find_mediator_problems
    from sim.scenario.schema import Scenario

    mediators = {"H": {"name": "Host", "style": "host", "drafting": "cadence"}, "M": drafter(2)}
    scenario = Scenario.model_validate(stubborn(4, {"kind": "direct", "mediator": "H"}, mediators))
    refused = ("mediators.H.drafting", "drafting: cadence needs drafts_packages: true")
    assert find_mediator_problems(scenario) == [refused]
    host = scenario.mediators["H"]
    unwritten = type(host).model_construct(_fields_set=host.model_fields_set - {"drafting"}, **dict(host))
    assert unwritten.drafting == "cadence"
    scenario = scenario.model_copy(update={"mediators": {**scenario.mediators, "H": unwritten}})
    assert find_mediator_problems(scenario) == []


def write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_a_cadence_of_zero_is_refused_in_one_line_naming_file_field_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mediators = {"H": {"name": "Host", "style": "host"}, "M": drafter(0)}
    path = write(tmp_path, stubborn(4, {"kind": "direct", "mediator": "H"}, mediators))
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "draft_every_steps" in text)
    assert lines == [f"{path}:{line}: mediators.M.draft_every_steps: Input should be greater than or equal to 1 "
                     "(found 0)"]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"drafts_packages": False}, "mediators.M.drafting", "drafting: cadence needs drafts_packages: true"),
    ({"interests": {"deadline": dt.date(2022, 12, 8)}}, "mediators.M.interests.deadline",
     "a date needs the scenario's"),
    ({"interests": {"deadline": 99}}, "mediators.M.interests.deadline", "outside 0..10"),
    ({"interests": {"preferred": {"issues": {"price": "free"}}}}, "mediators.M.interests.preferred.issues.price",
     "unknown option 'free'"),
    ({"interests": {"preferred": {"released": {"Z": 1}}}}, "mediators.M.interests.preferred.released.Z",
     "unknown side 'Z'"),
])
def test_bad_mediator_fields_are_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    change: dict[str, Any], field: str, message: str) -> None:
    mediators = {"H": {"name": "Host", "style": "host"}, "M": drafter(2) | change}
    path = write(tmp_path, stubborn(4, {"kind": "direct", "mediator": "H"}, mediators))
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:") and f": {field}: " in lines[0] and message in lines[0]


def test_the_timeline_has_a_lane_per_mediator_and_the_account_names_each_in_its_style() -> None:
    """Host H runs the talks; shuttle M2 and broker M3 draft on their cadences: each has a lane labelled with
    its style (M3 even before it drafts), and the account says how often each drafted, in its style's way."""
    from sim.analysis.account import account
    from sim.plots.timeline import lane_label, lane_order

    mediators = {"H": {"name": "Host", "style": "host"}, "M2": drafter(2, style="shuttle"),
                 "M3": drafter(5, style="broker", drafting="opening")}
    result = sim.run(load(stubborn(6, {"kind": "direct", "mediator": "H"}, mediators)), seed=0)
    lanes = lane_order(result)
    assert lanes[:3] == ["H", "M2", "M3"]
    assert [lane_label(result, lane) for lane in lanes[:3]] == [
        "H (Host, host)", "M2 (Drafter every 2, shuttle)", "M3 (Drafter every 5, broker)"]
    told = next(line for line in account(result) if line.startswith("Mediators' drafts: "))
    assert told == ("Mediators' drafts: Drafter every 2 carried 3 drafts to each side in turn; Drafter every 5 "
                    "passed 1 draft to the sides out of sight (not made public at the time).")


def test_the_account_tells_when_a_mediator_pressed_toward_its_deadline() -> None:
    from sim.analysis.account import account

    mediators = {"H": {"name": "Host", "style": "host"},
                 "P": drafter(4, style="host", interests={"deadline": 0.35, "press_days": 0.1})}
    result = sim.run(load(stubborn(10, {"kind": "direct", "mediator": "H"}, mediators)), seed=0)
    lines = account(result)
    assert "Mediators' drafts: Drafter every 4 tabled 7 drafts at its table." in lines
    assert "Drafter every 4 pressed for a deal as its deadline (day 0.3) neared, from day 0.3: it drafted at every " \
           "step from then on." in lines
