"""Checks of numeric issues, value curves and linkage that field types cannot make (see `sim.scenario.references`).

An issue's fields must suit its kind; a numeric range must be non-empty with a positive step
no wider than it, a grid no larger than `Limits.outcomes` and a status quo in the range; a
curve must suit the issue it values and a table's amounts increase within the range; a
linkage must name a numeric issue with a unit and a known side, category or issue. Each
problem is one `(dotted path, message)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sim.scenario.limits import LIMITS
from sim.scenario.numeric import ValueCurve
from sim.scenario.schema import Issue, Scenario
from sim.scenario.suggest import unknown_name

NUMERIC_ONLY = ("range", "step", "unit")
"""The fields an issue of kind `options` must not have."""


def find_numeric_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Every problem of the numeric issues, the curves over them and the linkage, as (dotted path, message)."""
    for issue_id, issue in scenario.issues.items():
        yield from _check_issue(f"issues.{issue_id}", issue)
    yield from _check_curves(scenario)
    yield from _check_linkage(scenario)


def _check_issue(base: str, issue: Issue) -> Iterator[tuple[str, str]]:
    if not issue.numeric:
        if issue.options is None:
            yield f"{base}.options", "an issue of kind options needs options (or set kind: numeric)"
        for name in NUMERIC_ONLY:
            if getattr(issue, name) is not None:
                yield f"{base}.{name}", f"'{name}' is for issues of kind numeric (this one has options)"
        if issue.status_quo is not None and not isinstance(issue.status_quo, str):
            yield f"{base}.status_quo", f"expected one of the options, found the number {issue.status_quo:g}"
        return
    if issue.options is not None:
        yield f"{base}.options", "a numeric issue has a range and a step, not options"
    if issue.range is None or issue.step is None:
        for name in ("range", "step"):
            if getattr(issue, name) is None:
                yield f"{base}.{name}", f"a numeric issue needs '{name}'"
        return
    low, high = issue.range
    if high <= low:
        yield f"{base}.range", f"the range [{low:g}, {high:g}] is {'empty' if high == low else 'inverted'}: " \
                               "give [low, high] with low < high"
        return
    if issue.step <= 0:
        yield f"{base}.step", f"the step must be more than 0 (found {issue.step:g})"
        return
    if issue.step > high - low:
        yield f"{base}.step", f"the step {issue.step:g} is larger than the range [{low:g}, {high:g}]"
        return
    if issue.size > LIMITS.outcomes:
        yield f"{base}.step", (f"{issue.size} amounts is more than the limit of {LIMITS.outcomes} outcomes; "
                               f"raise the step (now {issue.step:g})")
        return
    quo = issue.status_quo
    if isinstance(quo, str):
        yield f"{base}.status_quo", f"expected an amount in the range [{low:g}, {high:g}], found '{quo}'"
    elif quo is not None:
        if not low <= quo <= high:
            yield f"{base}.status_quo", f"{quo:g} is outside the range [{low:g}, {high:g}]"
        elif abs(issue.values[issue.status_quo_index] - quo) > 1e-9 * max(abs(quo), issue.step):
            yield f"{base}.status_quo", f"{quo:g} is not on the grid (from {low:g} in steps of {issue.step:g})"


def _check_curves(scenario: Scenario) -> Iterator[tuple[str, str]]:
    for party_id, party in scenario.parties.items():
        for issue_id, values in party.interests.issue_values.items():
            issue = scenario.issues.get(issue_id)
            base = f"parties.{party_id}.interests.issue_values.{issue_id}"
            if issue is None:
                continue  # reported by `sim.scenario.references`
            if isinstance(values, ValueCurve) and not issue.numeric:
                yield f"{base}.curve", f"'{issue_id}' has options: give a value per option, not a curve"
            elif issue.numeric and not isinstance(values, ValueCurve):
                yield base, (f"'{issue_id}' is numeric: give a curve, e.g. {{curve: linear, rising: true}}, "
                             "not values per option")
            elif isinstance(values, ValueCurve) and issue.range is not None and issue.range[0] < issue.range[1]:
                yield from _check_curve(base, values, float(issue.range[0]), float(issue.range[1]))


def _check_curve(base: str, curve: ValueCurve, low: float, high: float) -> Iterator[tuple[str, str]]:
    if curve.curve == "concave" and curve.curvature is None:
        yield f"{base}.curvature", "a concave curve needs a curvature (> 0; 2 is moderate)"
    if curve.curve != "concave" and curve.curvature is not None:
        yield f"{base}.curvature", f"'curvature' is for concave curves (this one is {curve.curve})"
    if curve.curve != "table":
        if curve.points is not None:
            yield f"{base}.points", f"'points' is for table curves (this one is {curve.curve})"
        return
    if curve.points is None:
        yield f"{base}.points", "a table curve needs points: [[amount, value], ...]"
        return
    for index, (amount, _) in enumerate(curve.points):
        if not low <= amount <= high:
            yield f"{base}.points.{index}", f"the amount {amount:g} is outside the issue's range [{low:g}, {high:g}]"
        elif index and amount <= curve.points[index - 1][0]:
            yield f"{base}.points.{index}", (f"amounts must increase: {amount:g} follows "
                                             f"{curve.points[index - 1][0]:g}")


def _check_linkage(scenario: Scenario) -> Iterator[tuple[str, str]]:
    sides = scenario.sides
    for index, link in enumerate(scenario.linkage):
        base = f"linkage.{index}"
        yield from _linked_issue(scenario, f"{base}.issue", link.issue)
        target = link.of
        if (target.released_by is None) == (target.issue is None):
            yield f"{base}.of", "give exactly one of released_by (a side) or issue (a numeric issue)"
            continue
        if target.issue is not None:
            if target.category is not None:
                yield f"{base}.of.category", "a category goes with released_by, not with issue"
            if target.issue == link.issue:
                yield f"{base}.of.issue", f"'{link.issue}' cannot be tied to itself"
            else:
                yield from _linked_issue(scenario, f"{base}.of.issue", target.issue)
            continue
        if target.released_by not in sides:
            yield f"{base}.of.released_by", unknown_name("side", target.released_by or "", set(sides))
        if target.category is not None and target.category not in scenario.categories:
            yield f"{base}.of.category", unknown_name("category", target.category, scenario.categories)


def _linked_issue(scenario: Scenario, path: str, issue_id: str) -> Iterator[tuple[str, str]]:
    issue = scenario.issues.get(issue_id)
    if issue is None:
        yield path, unknown_name("issue", issue_id, set(scenario.issues))
    elif not issue.numeric:
        yield path, f"'{issue_id}' has options; a linkage ties numeric issues (kind: numeric)"
    elif issue.unit is None:
        yield path, f"'{issue_id}' has no unit; a linkage needs one (add unit: ... to issues.{issue_id})"
