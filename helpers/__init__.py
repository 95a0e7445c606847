"""Helpers for the course "JWT with Python, learned by doing".

Pure functions live in one module per idea (tokens, payloads, keys, claims, times, errors,
expiry, signing, verification, environment, exercises); ipywidgets views live in
helpers.widgets.
"""

from helpers.environment import check_environment
from helpers.errors import explain_error
from helpers.expiry import rejection_instant, seconds_until_rejected, wait_until_rejected
from helpers.tokens import split_token

__all__ = ["check_environment", "explain_error", "rejection_instant", "seconds_until_rejected",
           "split_token", "wait_until_rejected"]
