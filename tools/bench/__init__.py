"""Measure what a learner feels: one module per figure, each a median over runs with its spread.

    python -m tools.bench [P1 P2 ...] [--runs N] [--out bench-results/bench.json]

FIGURES lists the figure modules in order; a new figure is a module with NAME, TITLE, GOAL,
GOAL_TEXT and measure(runs) (see tools/bench/common.py), added to that list.
"""

from __future__ import annotations

# The registry: append a module name to add a figure.
FIGURES = [
    "tools.bench.p1_countdown",    # P1 countdown accuracy (Chromium)
    "tools.bench.p2_kernel",       # P2 kernel responsiveness
    "tools.bench.p3_keystroke",    # P3 keystroke -> token (Chromium)
    "tools.bench.p4_nbval",        # P4 nbval run / floor
    "tools.bench.p5_interactive",  # P5 time to interactive (Chromium)
    "tools.bench.p6_footprint",    # P6 install footprint (PyPI or pip's cache)
    "tools.bench.p7_api",          # P7 /me with JWT verification vs no auth; refresh round trip
    "tools.bench.p8_class",        # P8 a class on one hub (JupyterHub, CLASS_SIZE learners)
    "tools.bench.p9_lite",         # P9 JupyterLite: opening the site -> first token (Chromium)
    "tools.bench.p10_hub_keystroke",  # P10 P3 through the hub's proxy vs straight (Chromium, hub)
    "tools.bench.p11_class_pace",  # P11 a class arriving over 5 min, whole course at a reader's pace
    "tools.bench.p12_your_app",    # P12 notebook 12's apps: protected vs unprotected, keys once vs each time
]
