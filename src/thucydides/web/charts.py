"""Chart geometry computed on the server: the templates draw it as SVG.

Server-side charts need no script, render in any browser, print, and can be tested for their
elements; the only client-side drawing is the map, which projects the bundled world atlas.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

QUADS = (1, 2, 3, 4)


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    css: str
    title: str
    href: str | None = None  # the events the bar counts


@dataclass
class Tick:
    pos: float
    label: str


@dataclass
class BarChart:
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    bars: list[Rect] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    zero: float = 0.0
    empty: bool = False


def nice_step(span: float, ticks: int = 4, whole: bool = False) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` ticks; `whole`
    keeps it a whole number (counts of events have no half ticks)."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    if whole and raw < 1:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if whole and factor * power != int(factor * power):
            continue
        if raw <= factor * power:
            return factor * power
    return 10 * power


def format_number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if abs(value) >= 10:
        return f"{value:,.1f}"
    return f"{value:.2f}"


def period_label(day: date, freq: str) -> str:
    if freq == "year":
        return f"{day.year}"
    if freq == "month":
        return day.strftime("%Y-%m")
    if freq == "week":
        return f"week of {day.isoformat()}"
    return day.isoformat()


def _x_ticks(periods: list[date], freq: str, left: float, slot: float, most: int = 8) -> list[Tick]:
    if not periods:
        return []
    every = max(1, math.ceil(len(periods) / most))
    short = "%Y" if freq == "year" else ("%Y-%m" if freq == "month" else "%Y-%m-%d")
    return [
        Tick(left + (i + 0.5) * slot, day.strftime(short))
        for i, day in enumerate(periods)
        if i % every == 0
    ]


def _frame(width: int, height: int) -> BarChart:
    return BarChart(width, height, left=56, top=12, right=width - 12, bottom=height - 28)


def stacked_bars(
    periods: list[date], values: dict[int, list[float]], freq: str, names: dict[int, str],
    width: int = 920, height: int = 260, unit: str = "events", whole: bool = True,
    link: Callable[[date, date, int], str] | None = None,
) -> BarChart:
    """Bars per period, stacked by QuadClass (1 at the bottom); `whole`: the values are counts;
    `link(first day, last day, quad class)` gives the address of the events a bar counts."""
    chart = _frame(width, height)
    totals = [sum(values[q][i] for q in QUADS) for i in range(len(periods))]
    top_value = max(totals, default=0.0)
    if not periods or top_value <= 0:
        chart.empty = True
        chart.zero = chart.bottom
        return chart
    step = nice_step(top_value, whole=whole)
    ceiling = step * math.ceil(top_value / step)
    scale = (chart.bottom - chart.top) / ceiling
    slot = (chart.right - chart.left) / len(periods)
    gap = slot * 0.15 if slot > 4 else 0.0
    for i, day in enumerate(periods):
        base = chart.bottom
        for q in QUADS:
            value = values[q][i]
            if value <= 0:
                continue
            h = value * scale
            label = f"{period_label(day, freq)}: {format_number(value)} {unit}, {names[q].lower()}"
            href = link(day, period_end(day, freq), q) if link else None
            chart.bars.append(Rect(chart.left + i * slot + gap / 2, base - h, max(slot - gap, 0.8), h, f"q{q}", label,
                                   href))
            base -= h
    chart.y_ticks = [
        Tick(chart.bottom - v * scale, format_number(v)) for v in _steps(0.0, ceiling, step)
    ]
    chart.x_ticks = _x_ticks(periods, freq, chart.left, slot)
    chart.zero = chart.bottom
    return chart


def period_end(day: date, freq: str) -> date:
    """The last day of the period that starts on `day`."""
    if freq == "day":
        return day
    if freq == "week":
        return day + timedelta(days=6)
    if freq == "month":
        following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(day.year, 12, 31)


def brush_periods(periods: list[date], freq: str) -> list[list[str]]:
    """[first day, last day] of each bar, in order: what the timeline brush turns into since/until."""
    return [[day.isoformat(), period_end(day, freq).isoformat()] for day in periods]


def _steps(low: float, high: float, step: float) -> list[float]:
    count = int(round((high - low) / step))
    return [low + i * step for i in range(count + 1)]


def diverging_bars(
    periods: list[date], positive: list[float], negative: list[float], freq: str,
    width: int = 440, height: int = 200,
) -> BarChart:
    """Cooperation (Goldstein sums above zero) up and conflict (below zero) down, per period."""
    chart = _frame(width, height)
    high = max(positive, default=0.0)
    low = min(negative, default=0.0)
    if not periods or (high <= 0 and low >= 0):
        chart.empty = True
        chart.zero = (chart.top + chart.bottom) / 2
        return chart
    step = nice_step(high - low)
    ceiling = step * math.ceil(high / step) if high > 0 else 0.0
    floor = step * math.floor(low / step) if low < 0 else 0.0
    scale = (chart.bottom - chart.top) / (ceiling - floor)
    chart.zero = chart.top + ceiling * scale
    slot = (chart.right - chart.left) / len(periods)
    gap = slot * 0.15 if slot > 4 else 0.0
    for i, day in enumerate(periods):
        x, w = chart.left + i * slot + gap / 2, max(slot - gap, 0.8)
        label = period_label(day, freq)
        if positive[i] > 0:
            h = positive[i] * scale
            chart.bars.append(Rect(x, chart.zero - h, w, h, "coop", f"{label}: cooperation {format_number(positive[i])}"))
        if negative[i] < 0:
            h = -negative[i] * scale
            chart.bars.append(Rect(x, chart.zero, w, h, "conflict", f"{label}: conflict {format_number(negative[i])}"))
    chart.y_ticks = [Tick(chart.zero - v * scale, format_number(v)) for v in _steps(floor, ceiling, step)]
    chart.x_ticks = _x_ticks(periods, freq, chart.left, slot, most=5)
    return chart


# ------------------------------------------------------------------ network


def goldstein_colour(value: float | None) -> str:
    """Red for conflict (-10), grey at 0, green for cooperation (+10)."""
    if value is None:
        return "#9aa1a9"
    grey, red, green = (154, 161, 169), (192, 57, 43), (30, 132, 73)
    t = max(-1.0, min(1.0, value / 10.0))
    end = green if t > 0 else red
    mix = [round(g + (e - g) * abs(t)) for g, e in zip(grey, end, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def force_layout(
    count: int, edges: list[tuple[int, int, float]], iterations: int = 300, seed: int = 7
) -> np.ndarray:
    """Fruchterman-Reingold positions in the unit square (deterministic for a given input).

    Gravity towards the centre keeps separate components (two dyads that never meet) close to
    each other instead of flying to the corners; scaling is uniform, so the shape is kept.
    """
    if count == 0:
        return np.zeros((0, 2))
    if count == 1:
        return np.array([[0.5, 0.5]])
    rng = np.random.default_rng(seed)
    angles = np.linspace(0, 2 * np.pi, count, endpoint=False)
    pos = np.column_stack([np.cos(angles), np.sin(angles)]) * 0.5 + rng.normal(0, 0.01, (count, 2))
    k = 1.0 / math.sqrt(count)
    heads = np.array([a for a, _, _ in edges], dtype=int)
    tails = np.array([b for _, b, _ in edges], dtype=int)
    weights = np.array([w for _, _, w in edges], dtype=float)
    strength = (0.6 + 0.4 * weights / weights.max())[:, None] if len(edges) else np.zeros((0, 1))
    temperature = 0.2
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        shift = ((k * k / distance**2)[:, :, None] * delta).sum(axis=1)  # every pair repels
        if len(edges):
            d = pos[heads] - pos[tails]
            pull = d * (np.linalg.norm(d, axis=1)[:, None] / k) * strength  # linked pairs attract
            np.add.at(shift, heads, -pull)
            np.add.at(shift, tails, pull)
        shift -= pos * (1.0 / k) * 0.8  # gravity
        length = np.maximum(np.linalg.norm(shift, axis=1), 1e-9)
        pos += shift / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature = max(temperature * 0.98, 0.002)
    centre = (pos.min(axis=0) + pos.max(axis=0)) / 2
    half = max(float((pos.max(axis=0) - pos.min(axis=0)).max()) / 2, 1e-9)
    return (pos - centre) / half / 2 + 0.5


@dataclass
class Node:
    key: str
    label: str
    x: float
    y: float
    r: float
    events: int
    title: str


@dataclass
class Edge:
    source: str
    target: str
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: str
    events: int
    goldstein: float | None
    title: str


@dataclass
class NetworkDrawing:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


def network_drawing(
    nodes: list[dict], edges: list[dict], names: dict[str, str], width: int = 960, height: int = 620
) -> NetworkDrawing:
    """Nodes placed by force_layout; one arrow per direction of a dyad (source -> target), drawn
    beside the opposite direction, from the rim of one circle to the rim of the other."""
    keys = [n["actor"] for n in nodes]
    index = {k: i for i, k in enumerate(keys)}
    pairs: dict[tuple[int, int], float] = {}
    for e in edges:
        if e["source"] in index and e["target"] in index:
            pair = tuple(sorted((index[e["source"]], index[e["target"]])))
            pairs[pair] = pairs.get(pair, 0.0) + float(e["events"])  # type: ignore[index]
    unit = force_layout(len(keys), [(a, b, w) for (a, b), w in pairs.items()])
    margin = 60
    most = max((n["events"] for n in nodes), default=1)
    heaviest = max((e["events"] for e in edges), default=1)
    placed = []
    # The canvas is wider than tall: stretch x a little, not to the full width, to keep the shape.
    span_x = min(width - 2 * margin, (height - 2 * margin) * 1.5)
    left = (width - span_x) / 2
    labels = [names.get(n["actor"], n["actor"]) for n in nodes]
    for i, n in enumerate(nodes):
        x = left + unit[i][0] * span_x
        y = margin + unit[i][1] * (height - 2 * margin)
        label = labels[i] if labels.count(labels[i]) == 1 else f"{labels[i]} ({n['actor']})"
        placed.append(Node(
            n["actor"], label, round(x, 1), round(y, 1), round(5 + 17 * math.sqrt(n["events"] / most), 1),
            n["events"], f"{label} ({n['actor']}): {n['events']:,} events",
        ))
    drawn = []
    for e in edges:
        if e["source"] not in index or e["target"] not in index:
            continue
        a, b = placed[index[e["source"]]], placed[index[e["target"]]]
        dx, dy = b.x - a.x, b.y - a.y
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        w = round(1 + 7 * math.sqrt(e["events"] / heaviest), 1)
        # Each direction keeps to its own right, so A -> B and B -> A lie side by side.
        off = w / 2 + 1.5
        nx, ny = -uy * off, ux * off
        start = min(a.r + 2, length / 3)
        end = min(b.r + 4, length / 3)
        mean = e["goldstein_mean"]
        drawn.append(Edge(
            e["source"], e["target"],
            round(a.x + ux * start + nx, 1), round(a.y + uy * start + ny, 1),
            round(b.x - ux * end + nx, 1), round(b.y - uy * end + ny, 1),
            w, goldstein_colour(mean), e["events"], mean,
            f"{a.label} → {b.label}: {e['events']:,} events in {e.get('articles', 0):,} articles, mean Goldstein "
            f"{'n/a' if mean is None else f'{mean:+.1f}'}",
        ))
    drawn.sort(key=lambda edge: edge.events)  # heavy edges on top, easiest to click
    return NetworkDrawing(width, height, placed, drawn)
