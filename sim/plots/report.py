"""HTML reports: one self-contained page per run, sweep or comparison, assembled with Jinja2.

A report is a single `report.html` that opens offline: Plotly's JavaScript is inlined once
in the page's head, each figure's data sits in a JSON script block beside its `<div>`, and a
few lines at the end draw them. Element ids are fixed (`plot-timeline`, `plot-trust`, ...)
and nothing depends on the clock, so the same run gives the same bytes. The page template
(`templates/report.html.j2`) ships as package data.

`page(...)` renders any report from its parts (title, account, tables, figures);
`sim.plots.run_report`, `sim.plots.sweep_report` and `sim.plots.compare_report` fill them in.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from sim.files import write_atomically
from sim.talks.result import package_version

REPORT_NAME = "report.html"
"""The file name of every report."""


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, and whether it is a number (right-aligned)."""

    text: str
    number: bool = False


@dataclass(frozen=True)
class Table:
    """A table of the report: element id, heading, column names, rows of cells."""

    id: str
    heading: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]


@dataclass(frozen=True)
class Panel:
    """A figure of the report: element id (`plot-<id>`), heading, one-line caption, the figure."""

    id: str
    heading: str
    caption: str
    figure: go.Figure


def cell(value: Any) -> Cell:
    """A table cell for a value: numbers formatted and right-aligned, mappings as `key value` lists."""
    if isinstance(value, bool) or value is None:
        return Cell("—" if value is None else ("yes" if value else "no"))
    if isinstance(value, int):
        return Cell(f"{value:,}", number=True)
    if isinstance(value, float):
        return Cell("—" if math.isnan(value) else f"{value:,.4g}", number=True)
    if isinstance(value, Mapping):
        return Cell("; ".join(f"{k} {cell(v).text}" for k, v in value.items()) or "none")
    if isinstance(value, list | tuple):
        return Cell(", ".join(cell(v).text for v in value) if len(value) <= 12 else f"{len(value)} items")
    return Cell(str(value))


def key_value_table(table_id: str, heading: str, items: Iterable[tuple[str, Any]]) -> Table:
    """A two-column table of named values."""
    return Table(table_id, heading, ("", "value"), [(Cell(name), cell(value)) for name, value in items])


def figure_json(figure: go.Figure) -> str:
    """The figure as JSON safe inside a `<script>` block (no `</` closes it early)."""
    text = pio.to_json(figure, validate=False, engine="json")
    return text.replace("</", "<\\/")


@functools.cache
def _template() -> Any:
    import jinja2

    environment = jinja2.Environment(loader=jinja2.PackageLoader("sim.plots", "templates"),
                                     autoescape=True, keep_trailing_newline=True)
    return environment.get_template("report.html.j2")


@functools.cache
def plotly_js() -> str:
    """Plotly's JavaScript bundle, inlined once in every report."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def page(title: str, subtitle: str, panels: Sequence[Panel], tables: Sequence[Table] = (),
         account: Sequence[str] = ()) -> str:
    """The HTML of one report page."""
    figures = [{"id": p.id, "heading": p.heading, "caption": p.caption, "json": figure_json(p.figure)}
               for p in panels]
    return _template().render(title=title, subtitle=subtitle, account=list(account), tables=list(tables),
                              figures=figures, plotly_js=plotly_js(), version=package_version())


def write_report(html: str, folder: Path) -> Path:
    """Write `report.html` into `folder` (made if missing) atomically; return its path."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    return write_atomically(Path(folder) / REPORT_NAME, html)
