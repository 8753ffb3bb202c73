"""`parley analyze`: the bargaining set of a scenario as a short table or as JSON.

The table names the frontier size and, for the Nash, Kalai-Smorodinsky and maximum-welfare
points, who releases how many and which option each issue takes, with both utilities. The
JSON object carries the same, plus every frontier point; utility pairs are always in the
order of `parties` (the scenario's sorted party ids). With captives on the table, a last
line (and a `subsets` entry) gives the frontier when lists may be any subsets of the rosters.
With more than two parties it gives the Pareto set, the Nash and Kalai-Smorodinsky points
(`sim.analysis.multilateral`), each with every party's utility and each side's releases.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.cli.options import seed_value

if TYPE_CHECKING:
    from sim.analysis.bargaining import BargainingSet
    from sim.analysis.multilateral import MultilateralSet
    from sim.scenario.schema import Scenario

LABELS = {"nash": "Nash", "kalai": "Kalai-Smorodinsky", "max_welfare": "max welfare"}


def add_parser(commands: Any) -> None:
    """Register `parley analyze` and its options."""
    parser = commands.add_parser("analyze", help="the bargaining set: Pareto frontier, Nash and Kalai points")
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--seed", type=seed_value, default=0, help="seed that draws the rosters (default 0)")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead of a table")
    parser.add_argument("--all-outcomes", action="store_true",
                        help="ignore the ratio limits (default: outcomes both accept at initial trust)")
    parser.set_defaults(handler=command_analyze)


def command_analyze(args: argparse.Namespace) -> int:
    """Print the scenario's bargaining set as a table, or as JSON with `--json`."""
    from sim.analysis.bargaining import bargaining_set
    from sim.scenario import Problem, ScenarioError, load_scenario

    scenario = load_scenario(args.scenario, allow_outside_files=args.allow_outside_files)
    if len(scenario.parties) > 2:
        if args.all_outcomes:
            raise ScenarioError([Problem(str(args.scenario), "parties", "--all-outcomes covers two parties for "
                                         "now; more parties are analysed within their limits")])
        from sim.analysis.multilateral import multilateral_set

        found = multilateral_set(scenario, seed=args.seed)
        print(json.dumps(multilateral_json(found, args.seed), indent=2) if args.json
              else describe_multilateral(found, args.seed))
        return 0
    bargaining = bargaining_set(scenario, seed=args.seed, respect_ratio_limits=not args.all_outcomes)
    if args.json:
        print(json.dumps(bargaining_json(bargaining, args.seed), indent=2))
    else:
        print(describe_bargaining(bargaining, args.seed))
    return 0


def subsets_summary(bargaining: BargainingSet) -> dict[str, float] | None:
    """Size and error bounds of the any-subset frontier (None without captives)."""
    from sim.analysis.subsets import subset_problem, supported_frontier

    if not bargaining.scenario.has_prisoners:
        return None
    problem = subset_problem(bargaining.valuation)
    frontier = supported_frontier(problem.items, problem.groups, problem.base)
    captives_only = supported_frontier(problem.items)
    return {
        "supported_points": float(len(frontier.vertices)),
        "vertex_bound": frontier.vertex_bound,
        "gap_bound": frontier.gap_bound,
        "vertex_bound_fixed_issues": captives_only.vertex_bound,
    }


def bargaining_json(bargaining: BargainingSet, seed: int) -> dict[str, Any]:
    """The bargaining set as a JSON-ready dict: frontier, solution points, subset bounds."""
    from sim.analysis.bargaining import SOLUTION_NAMES

    data: dict[str, Any] = {
        "scenario": bargaining.scenario.name,
        "seed": seed,
        "parties": list(bargaining.parties),
        "outcomes": bargaining.valuation.space.size,
        "analysed": int(bargaining.considered.size),
        "ratio_limits": bargaining.respects_ratio_limits,
        "disagreement": list(bargaining.disagreement),
        "ideal": list(bargaining.solutions.ideal) if bargaining.solutions.ideal else None,
        "pareto": bargaining.frontier_points.tolist(),
    }
    for name in SOLUTION_NAMES:
        outcome = bargaining.outcome(name)
        data[name] = None if outcome is None else {
            "outcome": bargaining.describe(outcome), "utilities": list(bargaining.utilities(outcome))}
    subsets = subsets_summary(bargaining)
    if subsets is not None:
        data["subsets"] = subsets
    return data


def describe_bargaining(bargaining: BargainingSet, seed: int) -> str:
    """The bargaining set as the short table `parley analyze` prints."""
    from sim.analysis.bargaining import SOLUTION_NAMES

    first, second = bargaining.parties
    scope = "within both ratio limits at initial trust" if bargaining.respects_ratio_limits else "analysed"
    lines = [
        f"{bargaining.scenario.name} (seed {seed}): {bargaining.valuation.space.size} outcomes, "
        f"{bargaining.considered.size} {scope}",
        f"  disagreement point: {first} {bargaining.disagreement[0]:.3f}, {second} {bargaining.disagreement[1]:.3f}",
        f"  Pareto frontier: {bargaining.frontier.size} points",
        f"  {'point':<18}{first:>7}{second:>7}  outcome",
    ]
    for name in SOLUTION_NAMES:
        outcome = bargaining.outcome(name)
        if outcome is None:
            lines.append(f"  {LABELS[name]:<18}{'-':>7}{'-':>7}  no outcome is individually rational")
            continue
        utilities = bargaining.utilities(outcome)
        lines.append(f"  {LABELS[name]:<18}{utilities[0]:>7.3f}{utilities[1]:>7.3f}  "
                     f"{_outcome_text(bargaining.describe(outcome), bargaining.scenario)}")
    subsets = subsets_summary(bargaining)
    if subsets is not None:
        lines.append(f"  lists as any subsets: {subsets['supported_points']:.0f} supported points; every Pareto "
                     f"point within {subsets['vertex_bound']:.3g} of one "
                     f"({subsets['vertex_bound_fixed_issues']:.3g} for fixed issue options)")
    return "\n".join(lines)


def _outcome_text(description: dict[str, Any], scenario: Scenario) -> str:
    parts = [f"{party} releases {count}" for party, count in description.get("released", {}).items()]
    parts += [f"{issue} {issue_text(scenario, issue, option)}" for issue, option in description["issues"].items()]
    return ", ".join(parts) or "status quo"


def issue_text(scenario: Scenario, issue: str, option: Any) -> str:
    """An issue's option as printed: its label, or a numeric issue's amount with its unit (`6,000,000,000 USD`)."""
    return scenario.issues[issue].show(option)


def multilateral_json(found: MultilateralSet, seed: int) -> dict[str, Any]:
    """The bargaining set of more than two parties as a JSON-ready dict."""
    def point(outcome: int | None) -> dict[str, Any] | None:
        if outcome is None:
            return None
        return {"outcome": outcome, "released": found.released(outcome),
                "issues": found.valuation.space.issue_options(outcome), "utilities": list(found.utilities(outcome))}

    return {"scenario": found.scenario.name, "seed": seed, "parties": list(found.parties),
            "outcomes": found.valuation.space.size, "analysed": int(found.considered.size), "sampled": found.sampled,
            "disagreement": list(found.disagreement), "pareto": [int(o) for o in found.frontier],
            "solutions": {"nash": point(found.nash), "kalai": point(found.kalai)}}


def describe_multilateral(found: MultilateralSet, seed: int) -> str:
    """The bargaining set of more than two parties as the short table `parley analyze` prints."""
    scope = "a uniform sample" if found.sampled else "every outcome"
    header = "".join(f"{party:>7}" for party in found.parties)
    lines = [f"{found.scenario.name} (seed {seed}): {found.valuation.space.size} outcomes, "
             f"{found.considered.size} within every party's limits at initial trust ({scope} analysed)",
             f"  {'point':<18}{header}  outcome",
             f"  {'disagreement':<18}" + "".join(f"{value:>7.3f}" for value in found.disagreement),
             f"  Pareto set: {found.frontier.size} points"]
    for name, outcome in (("Nash", found.nash), ("Kalai-Smorodinsky", found.kalai)):
        if outcome is None:
            lines.append(f"  {name:<18}  no outcome is individually rational for every party")
            continue
        released = ", ".join(f"{side} {count}" for side, count in found.released(outcome).items())
        issues = ", ".join(f"{k} {issue_text(found.scenario, k, v)}"
                           for k, v in found.valuation.space.issue_options(outcome).items())
        lines.append(f"  {name:<18}" + "".join(f"{value:>7.3f}" for value in found.utilities(outcome))
                     + f"  releases {released}" + (f"; {issues}" if issues else ""))
    return "\n".join(lines)
