"""Geometry for small server-rendered SVG charts (stacked bars, a line); templates draw it, escaping the labels."""

from dataclasses import dataclass, field

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

WIDTH = 720
HEIGHT = 260
LEFT = 48
RIGHT = 12
TOP = 12
BOTTOM = 40


def nice_ceiling(value):
    """The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1), so axis ticks are round numbers."""
    value = max(value, 1)
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


@dataclass
class Chart:
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_right: int = WIDTH - RIGHT
    ticks: list = field(default_factory=list)  # (y, label)
    x_labels: list = field(default_factory=list)  # (x, label)
    bars: list = field(default_factory=list)  # dicts: x, y, width, height, fill, label
    points: str = ""  # polyline "x,y x,y"
    markers: list = field(default_factory=list)  # dicts: x, y, label
    legend: list = field(default_factory=list)  # (name, colour)


def _axis(chart, maximum):
    plot_height = chart.plot_bottom - TOP
    chart.ticks = [(chart.plot_bottom - plot_height * step / 4, f"{maximum * step / 4:g}") for step in range(5)]
    return plot_height


def _x_positions(chart, count):
    slot = (chart.plot_right - chart.plot_left) / max(count, 1)
    return slot, [chart.plot_left + slot * index for index in range(count)]


def stacked_bars(title, description, categories, series):
    """Bars per category, each stacked from `series`: a list of (name, values aligned with categories)."""
    chart = Chart(title, description)
    totals = [sum(values[index] for _name, values in series) for index in range(len(categories))]
    maximum = nice_ceiling(max(totals, default=0))
    plot_height = _axis(chart, maximum)
    slot, lefts = _x_positions(chart, len(categories))
    bar_width = slot * 0.7
    for index, (category, left) in enumerate(zip(categories, lefts, strict=True)):
        chart.x_labels.append((left + slot / 2, category))
        base = chart.plot_bottom
        for number, (name, values) in enumerate(series):
            value = values[index]
            if not value:
                continue
            height = plot_height * value / maximum
            base -= height
            chart.bars.append(
                {
                    "x": round(left + (slot - bar_width) / 2, 1),
                    "y": round(base, 1),
                    "width": round(bar_width, 1),
                    "height": round(height, 1),
                    "fill": PALETTE[number % len(PALETTE)],
                    "label": f"{category}, {name}: {value}",
                }
            )
    chart.legend = [(name, PALETTE[number % len(PALETTE)]) for number, (name, _values) in enumerate(series)]
    return chart


def line(title, description, categories, values):
    """A line through `values`, one point per category."""
    chart = Chart(title, description)
    maximum = nice_ceiling(max(values, default=0))
    plot_height = _axis(chart, maximum)
    slot, lefts = _x_positions(chart, len(categories))
    coordinates = []
    for category, left, value in zip(categories, lefts, values, strict=True):
        x = round(left + slot / 2, 1)
        y = round(chart.plot_bottom - plot_height * value / maximum, 1)
        coordinates.append(f"{x},{y}")
        chart.x_labels.append((x, category))
        chart.markers.append({"x": x, "y": y, "label": f"{category}: {value}"})
    chart.points = " ".join(coordinates)
    return chart
