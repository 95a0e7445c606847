"""The exercises' checkers, one module per notebook; each returns friendly feedback and never raises.

Notebooks import them from here: `from helpers.exercises import check_hs384_token`. Imported
lazily, so checking 02 never imports the attack lab.
"""

from __future__ import annotations

from helpers._lazy import lazy_names

_HOMES = {
    "check_part_count": "helpers.exercises.start",
    "check_editor_payload": "helpers.exercises.start",
    "check_version_answer": "helpers.exercises.install",
    "check_fix_command": "helpers.exercises.install",
    "check_hs384_token": "helpers.exercises.encode",
    "check_payload_read_by_hand": "helpers.exercises.encode",
    "check_secret_strength": "helpers.exercises.encode",
    "make_mystery_token": "helpers.exercises.decode",
    "check_verdicts": "helpers.exercises.decode",
    "check_safe_decode": "helpers.exercises.decode",
    "check_ten_minute_token": "helpers.exercises.expiry",
    "check_reset_verifier": "helpers.exercises.expiry",
    "check_policy_verifier": "helpers.exercises.claims",
    "check_except_clause": "helpers.exercises.claims",
    "check_es256_pair": "helpers.exercises.keys",
    "check_loaded_key_token": "helpers.exercises.keys",
    "check_second_key": "helpers.exercises.key_sets",
    "check_refusal_reasons": "helpers.exercises.key_sets",
    "check_reset_check": "helpers.exercises.password_reset",
    "check_use_once": "helpers.exercises.password_reset",
    "check_header_reader": "helpers.exercises.bearer_api",
    "check_refusal_reason": "helpers.exercises.bearer_api",
    "mystery_session": "helpers.exercises.bearer_api",
    "check_orders_dependency": "helpers.exercises.your_app",
    "check_scope_decorator": "helpers.exercises.your_app",
    "check_expiry_test": "helpers.exercises.your_app",
    "check_attack": "helpers.exercises.attack_lab",
    "check_replay_verdicts": "helpers.exercises.attack_lab",
    "check_cognito_verifier": "helpers.exercises.real_world",
    "check_public_key_reader": "helpers.exercises.real_world",
    "check_github_app_jwt": "helpers.exercises.real_world",
}
__all__ = sorted(_HOMES)
__getattr__, __dir__ = lazy_names(__name__, _HOMES)
