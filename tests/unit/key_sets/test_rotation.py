"""The rotation lab, without its widget: a planned rotation refuses no token until a fresh verifier."""

from __future__ import annotations

from helpers.key_sets.rotation import RotationLab


def verdicts(lab: RotationLab) -> list[tuple[str, bool, int]]:
    return [(check.kid, check.accepted, check.requests) for check in lab.check_tokens()]


def test_a_planned_rotation_never_refuses_a_token_until_a_fresh_verifier():
    lab = RotationLab(name="unit-lab")
    assert lab.published == ["key-1"] and verdicts(lab) == [("key-1", True, 1)]
    assert lab.publish_new_key() == "key-2"
    assert verdicts(lab) == [("key-1", True, 0), ("key-2", True, 1)], "unknown kid: one fetch"
    assert verdicts(lab) == [("key-1", True, 0), ("key-2", True, 0)], "then cached"
    assert lab.remove_oldest_key() == "key-1"
    assert verdicts(lab) == [("key-1", True, 0), ("key-2", True, 0)], "the cached set still has key-1"
    lab.new_verifier()
    checks = lab.check_tokens()
    assert [(c.accepted, c.requests) for c in checks] == [(False, 2), (True, 0)]
    assert checks[0].verdict.startswith("PyJWKClientError") and "key-1" in checks[0].verdict
    assert lab.remove_oldest_key() == "key-2" and lab.remove_oldest_key() is None


def test_with_a_cooldown_the_unknown_kid_is_not_fetched_at_once():
    lab = RotationLab(cooldown=30, name="unit-lab-cooldown")
    lab.check_tokens()
    lab.publish_new_key()
    checks = lab.check_tokens()
    assert [(c.accepted, c.requests) for c in checks] == [(True, 0), (False, 0)]


def test_a_refusal_caused_by_another_tokens_refetch_is_explained():
    lab = RotationLab(name="unit-lab-note")
    lab.publish_new_key()
    lab.publish_new_key()
    lab.check_tokens()
    lab.remove_oldest_key()
    lab.new_verifier()
    first = lab.check_tokens()
    assert [(c.accepted, c.note) for c in first] == [(False, ""), (True, ""), (True, "")]
    lab.remove_oldest_key()  # key-2: refused at once, because token 1's unknown kid refetched the set
    checks = lab.check_tokens()
    assert [c.accepted for c in checks] == [False, False, True]
    assert "token 1's unknown kid made the verifier fetch the set again" in checks[1].note
    assert "key-2 was removed" in checks[1].note and checks[0].note == checks[2].note == ""
