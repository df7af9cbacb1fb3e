"""The hand-written stylesheet: every colour it names through a custom property exists."""

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "static/css/raasta.css").read_text(encoding="utf-8")


def test_every_custom_property_has_a_value_of_its_own():
    """A property defined as itself (`--danger: var(--danger)`) is invalid, so every rule
    that reads it loses its colour: the "still missing" squares of the skills chart, error
    messages and the filters notice all drew nothing in the light theme."""
    root = CSS[CSS.index(":root {") : CSS.index("}", CSS.index(":root {"))]
    defined = dict(re.findall(r"(--[\w-]+):\s*([^;]+);", root))
    for name, value in defined.items():
        assert f"var({name})" not in value, name
    used = set(re.findall(r"var\((--[\w-]+)", CSS))
    assert used <= defined.keys(), used - defined.keys()
