"""The token's parts as HTML: each a group named for screen readers."""

from __future__ import annotations

import re

from helpers.widgets.style import token_html


def test_each_token_part_is_a_group_named_for_screen_readers():
    html = token_html("aaa.bbb.ccc")
    for part, text in (("header", "aaa"), ("payload", "bbb"), ("signature", "ccc")):
        assert re.search(rf'role="group" aria-label="{part}"[^>]*>{text}</span>', html)
