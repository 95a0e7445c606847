"""Shared by the widget tests: no countdown's clock outlives the test that started it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from helpers.widgets import stop_all_countdowns


@pytest.fixture(autouse=True)
def no_clock_left_running() -> Iterator[None]:
    yield
    stop_all_countdowns()
