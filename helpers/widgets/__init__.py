"""The course's widgets: thin ipywidgets views over the pure functions in `helpers`.

Each is a `CourseWidget` (see `base.py`), registered for the accessibility tests. Imported
lazily, so drawing the payload editor never imports the attack lab.
"""

from __future__ import annotations

from helpers._lazy import lazy_names

_HOMES = {
    "PayloadEditor": "helpers.widgets.payload_editor",
    "TokenInspector": "helpers.widgets.token_inspector",
    "ExpiryCountdown": "helpers.widgets.countdown",
    "stop_all_countdowns": "helpers.widgets.countdown",
    "PolicyPanel": "helpers.widgets.policy_panel",
    "KeyPairEditor": "helpers.widgets.key_pair_editor",
    "KeyRotationLab": "helpers.widgets.key_rotation",
    "ForgeConsole": "helpers.widgets.forge_console",
    "ConceptCheck": "helpers.widgets.concept_check",
    "CourseMap": "helpers.widgets.course_map",
    "SaveYourWork": "helpers.widgets.save_work",
}
__all__ = sorted(_HOMES)
__getattr__, __dir__ = lazy_names(__name__, _HOMES)
