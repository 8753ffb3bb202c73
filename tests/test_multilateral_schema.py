"""Scenarios of many parties: blocs, veto players, named captives and demands load, and each bad input of
issue 13 is one located line at exit 2."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from sim.cli.main import main
from sim.scenario import LIMITS, load_scenario

MULTILATERAL = Path(__file__).resolve().parent / "data" / "multilateral.yaml"


def _party(name: str) -> dict[str, Any]:
    return {"name": name, "leader": {"name": "L"}, "delegation": {"name": "D"}}


def _edit(mutate: Callable[[dict[str, Any]], None], tmp_path: Path) -> Path:
    document = yaml.safe_load(MULTILATERAL.read_text(encoding="utf-8"))
    mutate(document)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_a_four_party_scenario_loads_with_two_blocs_as_its_sides() -> None:
    scenario = load_scenario(MULTILATERAL)
    assert scenario.sides == {"east": ("AA", "BB"), "west": ("CC", "DD")}
    assert scenario.party_ids == ("AA", "BB", "CC", "DD")
    assert list(scenario.veto_players_of("DD")) == ["parliament"]
    assert scenario.parties["DD"].ratification.mode == "in_sequence"


def test_two_parties_without_blocs_are_two_sides_named_by_party() -> None:
    scenario = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "istanbul-2025-05.yaml")
    assert scenario.sides == {"RU": ("RU",), "UA": ("UA",)}


BAD_INPUTS = {
    "a demand for a captive no one holds": (
        lambda d: d["parties"]["CC"]["demands"].append({"name": "Nobody Known"}),
        "parties.CC.demands.1.name", "no party holds a captive named 'Nobody Known'"),
    "a bloc member that is not a party": (
        lambda d: d["blocs"]["west"]["members"].append("ZZ"),
        "blocs.west.members.2", "unknown party 'ZZ'"),
    "a party in two blocs": (
        lambda d: d["blocs"]["west"]["members"].append("AA"),
        "blocs.west.members.2", "party 'AA' is already in bloc 'east'"),
    "a veto player of an unknown party": (
        lambda d: d["veto_players"].update(senate={"party": "QQ", "name": "Senate"}),
        "veto_players.senate.party", "unknown party 'QQ'"),
    "a ratification order naming an unknown player": (
        lambda d: d["parties"]["DD"]["ratification"].update(order=["leader", "senate"]),
        "parties.DD.ratification.order.1", "unknown ratifier of 'DD' 'senate'"),
    "a refusal of someone the party does not hold": (
        lambda d: d["parties"]["AA"].update(refuses=["Dee Agent"]),
        "parties.AA.refuses.0", "'AA' holds no captive named 'Dee Agent'"),
    "a generated roster without a home among more than two parties": (
        lambda d: d["parties"]["AA"]["roster"].pop("home"),
        "parties.AA.roster.home", "say whose people"),
    "alternating offers between four sides": (
        lambda d: (d.pop("blocs"), d.update(protocol={"kind": "direct"})),
        "protocol.kind", "between two sides, and there are 4"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_each_bad_input_is_one_line_naming_file_field_and_line(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mutate, path, message = BAD_INPUTS[case]
    bad = _edit(mutate, tmp_path)
    assert main(["validate", str(bad)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    found = re.fullmatch(rf"{re.escape(str(bad))}:(\d+): {re.escape(path)}: (.*)", lines[0])
    assert found is not None, lines[0]
    assert message in found.group(2)
    # the line holds the field, the list item, or (for a field left out) its parent
    keys = path.split(".")[-2:]
    line = bad.read_text(encoding="utf-8").splitlines()[int(found.group(1)) - 1]
    assert any(key in line for key in keys) or line.lstrip().startswith("- "), (keys, line)


def test_more_parties_than_the_limit_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def seventeen(document: dict[str, Any]) -> None:
        document.pop("blocs")
        document["protocol"] = {"kind": "single_text", "mediator": "TT"}
        document["parties"].update({f"P{n:02d}": _party(f"P{n}") for n in range(LIMITS.parties - 3)})

    bad = _edit(seventeen, tmp_path)
    assert main(["validate", str(bad)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(rf"{re.escape(str(bad))}:\d+: parties: Dictionary should have at most {LIMITS.parties} "
                        rf"items after validation, not {LIMITS.parties + 1}( .*)?", lines[0]), lines[0]


def _with_csv(tmp_path: Path, csv_text: str, demand: str = "Eve Writer") -> Path:
    document = yaml.safe_load(MULTILATERAL.read_text(encoding="utf-8"))
    document["parties"]["AA"]["roster"] = {"home": "CC", "csv": "aa.csv"}
    document["parties"]["CC"]["demands"] = [{"name": demand, "kind": "soft", "penalty": 0.1}]
    (tmp_path / "aa.csv").write_text(csv_text, encoding="utf-8")
    path = tmp_path / "csv.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_a_roster_csv_may_name_captives_and_value_them_for_other_parties(tmp_path: Path) -> None:
    from sim.talks.setup import start_run

    path = _with_csv(tmp_path, "id,category,name,value_for_DD\n1,civilian,,\n2,civilian,Eve Writer,4.5\n")
    ctx = start_run(load_scenario(path), seed=1).ctx
    roster = ctx.rosters["AA"]
    assert roster is not None and roster.names == {1: "Eve Writer"}
    assert roster.extra["DD"].tolist() == [0.0, 4.5]
    assert [(d.party, d.holder, d.index) for d in ctx.valuation.people.demands] == [("CC", "AA", 1), ("DD", "BB", 0)]


def test_a_demand_for_a_name_in_no_roster_csv_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_csv(tmp_path, "id,category,name\n1,civilian,Eve Writer\n", demand="Nobody Known")
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "parties.CC.demands.0.name: no party holds a captive named 'Nobody Known'" in lines[0]


def test_a_value_column_for_an_unknown_party_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_csv(tmp_path, "id,category,name,value_for_ZZ\n1,civilian,Eve Writer,1\n")
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and re.search(r":\d+: parties\.AA\.roster\.csv: column value_for_ZZ: unknown party 'ZZ'",
                                         lines[0]), lines


def test_a_name_given_twice_in_a_roster_csv_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_csv(tmp_path, "id,category,name\n1,civilian,Eve Writer\n2,civilian,Eve Writer\n")
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "aa.csv:3: column 'name': 'Eve Writer' is named twice (first on line 2)" in lines[0]
