"""Each widget used with the keyboard only: Tab, typing, paste, arrow keys, Enter and Space.

Every step checks what the learner sees and where the focus is, and that no JupyterLab
notebook shortcut fired on the way (typing `a` or `b` in command mode would add cells; the
arrow keys would move to another cell).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import jwt
import pytest
from playwright.sync_api import expect

from helpers.widgets import ExpiryCountdown, PayloadEditor, TokenInspector
from helpers.widgets.base import DEMO_SECRET, CourseWidget
from tests.browser import a11y_kit
from tools.jupyter_driver.lab import LabPage, PageOpener

SELECT_ALL = "ControlOrMeta+A"


@pytest.fixture(scope="module")
def demos(open_module_page: PageOpener, demos_notebook: str) -> LabPage:
    lab_page = open_module_page(demos_notebook).run_all()
    lab_page.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    return lab_page


class Keyboard:
    """The page's keyboard, plus checks that JupyterLab's notebook did not react to it."""

    def __init__(self, lab_page: LabPage, root: Any) -> None:
        self.page = lab_page.page
        self.root = root
        self.cells = self.page.evaluate(a11y_kit.CELL_COUNT_JS)
        a11y_kit.focus_cell_of(self.page, root)
        self.active_cell = self.page.evaluate(ACTIVE_CELL_JS)
        a11y_kit.tab_into(self.page, root)
        self.mode = self.page.evaluate(MODE_JS)

    @classmethod
    def into(cls, lab_page: LabPage, kind: type[CourseWidget], role: str,
             name: str) -> tuple[Any, Keyboard, Any]:
        """Tab into the first widget of this kind: its root, the keyboard, and its first control,
        which must have the focus."""
        root = lab_page.widgets(kind.css_class).first
        keys = cls(lab_page, root)
        first = root.get_by_role(role, name=name)
        expect(first).to_be_focused()
        return root, keys, first

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def moves_to(self, control: Any, key: str = "Tab") -> Any:
        """Press `key` (Tab, Shift+Tab...); `control` must then have the focus."""
        self.press(key)
        expect(control).to_be_focused()
        return control

    def tab_to(self, role: str, name: str) -> Any:
        """Press Tab; the widget's control with this role and name must then have the focus."""
        return self.moves_to(self.root.get_by_role(role, name=name))

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def notebook_untouched(self) -> None:
        """No cell added, none removed, the same cell still active, in the same mode (Enter in
        command mode would have opened the cell's editor)."""
        assert self.page.evaluate(a11y_kit.CELL_COUNT_JS) == self.cells
        assert self.page.evaluate(ACTIVE_CELL_JS) == self.active_cell
        assert self.page.evaluate(MODE_JS) == self.mode


ACTIVE_CELL_JS = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
MODE_JS = "() => window.jupyterapp.shell.currentWidget.content.mode"


def live_text(root: Any) -> Any:
    return root.locator("[aria-live=polite]")


def test_payload_editor_by_keyboard(demos: LabPage) -> None:
    root, keys, payload_box = Keyboard.into(demos, PayloadEditor, "textbox", "Payload")

    # Type a new payload: letters such as a, b, d, m, y are notebook shortcuts in command mode.
    keys.press(SELECT_ALL)
    payload = {"name": "bob", "admin": True, "mode": "ya"}
    keys.type(json.dumps(payload))
    token = root.locator(".jwt-token").first
    expect(token).to_have_text(jwt.encode(payload, DEMO_SECRET, algorithm="HS256"))
    expect(payload_box).to_be_focused()
    keys.notebook_untouched()

    keys.tab_to("textbox", "Secret")
    algorithm = keys.tab_to("combobox", "Algorithm")

    # Arrow keys pick the algorithm (they used to move to the next cell instead).
    keys.press("ArrowDown")
    expect(token).to_have_text(jwt.encode(payload, DEMO_SECRET, algorithm="HS384"))
    expect(live_text(root)).to_have_text("Token signed with HS384.")
    expect(algorithm).to_be_focused()
    keys.press("End")
    expect(token).to_have_text(jwt.encode(payload, DEMO_SECRET, algorithm="HS512"))
    expect(algorithm).to_be_focused()
    keys.notebook_untouched()


def test_token_inspector_by_keyboard(demos: LabPage) -> None:
    root, keys, token_box = Keyboard.into(demos, TokenInspector, "textbox", "Token")

    # Paste a token that expires in ten minutes (so the report says "expires in ... s").
    pasted = jwt.encode({"sub": "7", "exp": int(time.time()) + 600}, DEMO_SECRET, algorithm="HS256")
    demos.page.evaluate("(text) => navigator.clipboard.writeText(text)", pasted)
    keys.press(SELECT_ALL)
    keys.press("ControlOrMeta+V")
    expect(token_box).to_have_value(pasted)
    report = root.locator(".jwt-report-view")
    expect(report).to_contain_text("Signature verified with HS256")
    expect(live_text(root)).to_contain_text("Signature verified with HS256")
    expect(token_box).to_be_focused()
    keys.notebook_untouched()

    keys.tab_to("textbox", "Secret")
    button = keys.tab_to("button", "Check again")
    # Enter, then Space, each verify again: the "expires in ... s" line moves on.
    for key in ("Enter", "Space"):
        before = report.inner_text()
        demos.page.wait_for_timeout(1100)  # let the clock pass a whole second
        keys.press(key)
        expect(report).not_to_have_text(before)
        expect(report).to_contain_text("Signature verified with HS256")
        expect(button).to_be_focused()
    keys.notebook_untouched()


def test_expiry_countdown_by_keyboard(demos: LabPage) -> None:
    root, keys, lifetime = Keyboard.into(demos, ExpiryCountdown, "spinbutton", "Lifetime (s)")
    clock = root.locator(".jwt-clock-view")

    # A new lifetime, sent with Enter, starts a new token.
    keys.press(SELECT_ALL)
    keys.type("90")
    keys.press("Enter")
    expect(live_text(root)).to_have_text(re.compile(r"New token: PyJWT refuses it in (89|90) seconds"))
    expect(clock).to_contain_text("s left")
    expect(lifetime).to_be_focused()

    new_token = keys.tab_to("button", "New token")
    deadline = root.locator(".jwt-message-info").first
    before = deadline.inner_text()
    demos.page.wait_for_timeout(1100)  # a new token made a second later has another exp
    keys.press("Space")
    expect(deadline).not_to_have_text(before)
    expect(new_token).to_be_focused()

    decode = keys.tab_to("button", "Decode now")
    keys.press("Enter")
    expect(root.locator(".jwt-result-view")).to_contain_text("jwt.decode accepted it")
    expect(live_text(root)).to_contain_text("jwt.decode accepted it")
    expect(decode).to_be_focused()

    # Back to the lifetime with Shift+Tab: a 2 s token, then its expiry, announced.
    keys.press("Shift+Tab")
    keys.moves_to(lifetime, "Shift+Tab")
    keys.press(SELECT_ALL)
    keys.type("2")
    keys.press("Enter")
    expect(clock).to_contain_text("expired", timeout=60_000)
    expect(live_text(root)).to_contain_text("Time is up")
    expect(live_text(root)).to_contain_text("ExpiredSignatureError")
    keys.press("Tab")
    keys.moves_to(decode)
    keys.press("Space")
    expect(root.locator(".jwt-result-view")).to_contain_text("ExpiredSignatureError")
    expect(decode).to_be_focused()
    keys.notebook_untouched()


# --- the later widgets: policy panel, key pair editor, key rotation lab, forge console ---------

# Runs Python in the demos notebook's kernel (no cell added, nothing kept in the history) and
# returns what it printed. Messages to one kernel are handled in order, so what a button press
# sent before this runs is done by the time this prints.
KERNEL_PRINT_JS = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, store_history: false});
  let text = '';
  future.onIOPub = (message) => {
    if (message.header.msg_type === 'stream') text += message.content.text;
    if (message.header.msg_type === 'error') text += `${message.content.ename}: ${message.content.evalue}`;
  };
  await future.done;
  return text;
}"""


def kernel_print(lab_page: LabPage, code: str) -> str:
    return lab_page.page.evaluate(KERNEL_PRINT_JS, code).strip()


def shows_one_line(message: Any, text: str) -> None:
    """The message view shows exactly one problem line with `text`, and no traceback."""
    expect(message).to_contain_text(text)
    shown = message.inner_text().strip()
    assert "\n" not in shown and "Traceback" not in shown, shown
    assert shown.startswith("⚠️ Problem:"), shown


def policy_code(algorithms: str, audience: str, issuer: str, leeway: int, required: list[str]) -> str:
    return (f"jwt.decode(token, SECRET, algorithms={[algorithms]!r}, audience={audience!r}, "
            f"issuer={issuer!r}, leeway={leeway!r}, options={{'require': {required!r}}})")


def policy_verdicts(algorithms: str, audience: str, issuer: str, leeway: int,
                    required: list[str]) -> dict[str, str]:
    """What jwt.decode says of each of the panel's sample tokens: 'accepted' or the exception."""
    from helpers.tokens.policy import sample_tokens

    verdicts = {}
    for sample in sample_tokens(DEMO_SECRET, time.time()):
        try:
            jwt.decode(sample.token, DEMO_SECRET, algorithms=[algorithms], audience=audience,
                       issuer=issuer, leeway=leeway, options={"require": required})
            verdicts[sample.label] = "accepted"
        except jwt.PyJWTError as error:
            verdicts[sample.label] = type(error).__name__
    return verdicts


def shows_policy(root: Any, algorithms: str = "HS256", audience: str = "orders-api",
                 issuer: str = "https://auth.example.com", leeway: int = 0,
                 required: tuple[str, ...] = ("exp", "iat", "sub"),
                 said: str = "Policy applied") -> dict[str, str]:
    """The panel shows this policy as code, PyJWT's verdict on every token, and says how many passed."""
    expect(root.locator(".jwt-policy-code")).to_have_text(
        policy_code(algorithms, audience, issuer, leeway, list(required)))
    verdicts = policy_verdicts(algorithms, audience, issuer, leeway, list(required))
    for label, verdict in verdicts.items():
        row = root.locator(f'.jwt-policy-table tr[data-label="{label}"]')
        if verdict == "accepted":
            expect(row).to_have_attribute("data-verdict", "accepted")
        else:
            expect(row).to_have_attribute("data-verdict", "refused")
            expect(row).to_contain_text(f"refused: {verdict}")
    accepted = list(verdicts.values()).count("accepted")
    expect(live_text(root)).to_have_text(f"{said}: {accepted} of {len(verdicts)} tokens accepted.")
    expect(root.locator(".jwt-message-view")).to_have_text("")
    return verdicts


def test_policy_panel_by_keyboard(demos: LabPage) -> None:
    from helpers.widgets.policy_panel import PolicyPanel

    root, keys, algorithms = Keyboard.into(demos, PolicyPanel, "textbox", "Algorithms")
    shows_policy(root)
    message = root.locator(".jwt-message-view")

    # A lower-case algorithm name, typed: one line says how to write it, no verdicts, no traceback.
    keys.press(SELECT_ALL)
    keys.type("hs256")
    shows_one_line(message, "'hs256' is not an algorithm PyJWT knows: write 'HS256' "
                            "(names are case-sensitive).")
    expect(live_text(root)).to_have_text("Problem: 'hs256' is not an algorithm PyJWT knows: "
                                         "write 'HS256' (names are case-sensitive).")
    expect(root.locator(".jwt-policy-table tr[data-label]")).to_have_count(0)
    expect(algorithms).to_be_focused()
    keys.press(SELECT_ALL)
    keys.type("HS256")
    shows_policy(root)
    keys.notebook_untouched()

    audience = keys.tab_to("textbox", "Audience")
    keys.press(SELECT_ALL)
    keys.type("billing-api")
    shows_policy(root, audience="billing-api")
    expect(audience).to_be_focused()

    # Back one box and forward again, then put the audience back.
    keys.moves_to(algorithms, "Shift+Tab")
    keys.moves_to(audience)
    keys.press(SELECT_ALL)
    keys.type("orders-api")
    shows_policy(root)

    keys.tab_to("textbox", "Issuer(s)")
    leeway = keys.tab_to("textbox", "Leeway (s)")
    keys.press(SELECT_ALL)
    keys.type("ten")
    shows_one_line(message, "The leeway 'ten' is not a number: type seconds, e.g. 30.")
    expect(live_text(root)).to_have_text("Problem: The leeway 'ten' is not a number: type seconds, e.g. 30.")
    keys.press(SELECT_ALL)
    keys.type("60")
    verdicts = shows_policy(root, leeway=60)
    assert verdicts["expired"] == "accepted"  # exp was 30 s ago: inside a leeway of 60 s
    expect(leeway).to_be_focused()
    keys.notebook_untouched()

    required = keys.tab_to("textbox", "Require")
    keys.press("End")
    keys.type(", jti")
    verdicts = shows_policy(root, leeway=60, required=("exp", "iat", "sub", "jti"))
    assert set(verdicts.values()) != {"accepted"}
    expect(required).to_be_focused()

    # Check again makes every sample token anew (a second later, another iat) and checks it.
    button = keys.tab_to("button", "Check again")
    keys.press("ArrowDown")  # nothing happens (in command mode: the next cell)
    expect(button).to_be_focused()
    keys.notebook_untouched()
    first_token = "print(demo_PolicyPanel.rows[0][0].token)"
    for key in ("Enter", "Space"):
        before = kernel_print(demos, first_token)
        demos.page.wait_for_timeout(1100)  # let the clock pass a whole second
        keys.press(key)
        assert kernel_print(demos, first_token) != before
        shows_policy(root, leeway=60, required=("exp", "iat", "sub", "jti"),
                     said="Tokens made again and checked")
        expect(button).to_be_focused()
    keys.notebook_untouched()


def payload_part(payload: dict[str, Any]) -> str:
    """The payload segment PyJWT writes for `payload` (the same whatever the key)."""
    return jwt.encode(payload, DEMO_SECRET, algorithm="HS256").split(".")[1]


def signed_with_shown_key(root: Any, payload: dict[str, Any], algorithm: str,
                          said: str = "Token signed with") -> str:
    """The token carries `payload`, signed with `algorithm`, and PyJWT verifies it with the public
    key shown as PEM; the live region says so. Returns the PEM."""
    # The public key is drawn after the token: once it names the algorithm, the token is new too.
    expect(root.locator(".jwt-public-jwk")).to_contain_text(f'"alg": "{algorithm}"')
    token = root.locator(".jwt-token").first
    expect(token).to_have_text(re.compile(rf"^[\w-]+\.{re.escape(payload_part(payload))}\.[\w-]+$"))
    text = token.inner_text()
    pem = root.locator(".jwt-public-pem").inner_text()
    assert jwt.get_unverified_header(text) == {"alg": algorithm, "typ": "JWT"}
    assert jwt.decode(text, pem, algorithms=[algorithm]) == payload
    expect(live_text(root)).to_have_text(
        f"{said} {algorithm}; the public key that verifies it is shown as PEM and JWK.")
    assert "PRIVATE" not in root.inner_text()
    return pem


def test_key_pair_editor_by_keyboard(demos: LabPage) -> None:
    from helpers.widgets.key_pair_editor import KeyPairEditor

    root, keys, payload_box = Keyboard.into(demos, KeyPairEditor, "textbox", "Payload")
    signed_with_shown_key(root, {"sub": "ada", "role": "reader"}, "ES256")

    # Type a payload without its closing brace: one line says so; the brace, typed, fixes it.
    payload = {"sub": "ada", "admin": True, "mode": "ya"}
    keys.press(SELECT_ALL)
    keys.type(json.dumps(payload)[:-1])
    shows_one_line(root.locator(".jwt-message-view"),
                   "The payload is not valid JSON: Expecting ',' delimiter at line 1, column 43. "
                   "The text ends too early")
    expect(root.locator(".jwt-token[data-state=stale]")).to_be_visible()
    expect(live_text(root)).to_contain_text("Problem: The payload is not valid JSON")
    expect(payload_box).to_be_focused()
    keys.type("}")
    signed_with_shown_key(root, payload, "ES256")
    expect(payload_box).to_be_focused()
    keys.notebook_untouched()

    algorithm = keys.tab_to("combobox", "Algorithm")
    keys.press("ArrowDown")  # ES256 -> EdDSA
    signed_with_shown_key(root, payload, "EdDSA")
    expect(algorithm).to_be_focused()
    keys.notebook_untouched()

    # New key pair, by Enter: another public key, which verifies the new token; the old does not.
    button = keys.tab_to("button", "New key pair")
    old_pem = root.locator(".jwt-public-pem").inner_text()
    keys.press("Enter")
    expect(root.locator(".jwt-public-pem")).not_to_have_text(old_pem)
    signed_with_shown_key(root, payload, "EdDSA", said="New key pair made: token signed with")
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(root.locator(".jwt-token").first.inner_text(), old_pem, algorithms=["EdDSA"])
    expect(button).to_be_focused()

    # Back to the algorithm with Shift+Tab; Home picks the first one, RS256.
    keys.moves_to(algorithm, "Shift+Tab")
    keys.press("Home")
    signed_with_shown_key(root, payload, "RS256")
    expect(algorithm).to_be_focused()
    keys.moves_to(payload_box, "Shift+Tab")
    keys.notebook_untouched()


def rotation_step(root: Any, said: str, accepted: int, tokens: int) -> None:
    """The lab shows `said` (one line, no traceback), announces it with the count, and the table
    has that many tokens, that many accepted."""
    expect(live_text(root)).to_have_text(f"{said} {accepted} of {tokens} tokens accepted.")
    expect(root.locator(".jwt-message-view")).to_have_text(said)
    expect(root.locator(".jwt-checks-view tr[data-accepted]")).to_have_count(tokens)
    expect(root.locator(".jwt-checks-view tr[data-accepted=true]")).to_have_count(accepted)
    assert "Traceback" not in root.inner_text()


def fresh_verifier_verdicts(lab_page: LabPage) -> dict[str, str]:
    """What a verifier with an empty cache (PyJWKClient on the lab's endpoint) says of each token."""
    lab = json.loads(kernel_print(lab_page, "import json\nprint(json.dumps("
                                  "[demo_KeyRotationLab.lab.url, demo_KeyRotationLab.lab.tokens]))"))
    url, tokens = lab
    verdicts = {}
    for label, token in tokens.items():
        try:
            key = jwt.PyJWKClient(url).get_signing_key_from_jwt(token)
            jwt.decode(token, key, algorithms=["ES256"])
            verdicts[label] = "accepted"
        except jwt.PyJWTError as error:
            verdicts[label] = type(error).__name__
    return verdicts


def shows_fresh_verifier_verdicts(lab_page: LabPage, root: Any) -> None:
    """Each token's row says what a verifier with an empty cache says (right after New verifier,
    or once an unknown kid made the verifier fetch the set again)."""
    for index, (label, verdict) in enumerate(fresh_verifier_verdicts(lab_page).items()):
        row = root.locator(".jwt-checks-view tr[data-accepted]").nth(index)
        expect(row.locator("td").first).to_have_text(label)
        if verdict == "accepted":
            expect(row).to_have_attribute("data-accepted", "true")
            expect(row).to_contain_text("✅ accepted")
        else:
            expect(row).to_have_attribute("data-accepted", "false")
            expect(row).to_contain_text(f"❌ {verdict}")


def test_key_rotation_lab_by_keyboard(demos: LabPage) -> None:
    from helpers.widgets.key_rotation import KeyRotationLab

    root, keys, publish = Keyboard.into(demos, KeyRotationLab, "button", "Publish a new key")
    remove = root.get_by_role("button", name="Remove the oldest key")
    verifier = root.get_by_role("button", name="New verifier")
    check = root.get_by_role("button", name="Check again")
    rotation_step(root, "Published key-1 and signed token 1 with it.", 1, 1)

    keys.press("Enter")
    rotation_step(root, "Published key-2 and signed token 2 with it.", 2, 2)
    expect(root.locator(".jwt-state-view")).to_contain_text("Published now: key-1, key-2")
    expect(publish).to_be_focused()
    # Arrow keys on a button do nothing here (in command mode they would select another cell).
    keys.press("ArrowDown")
    keys.press("ArrowUp")
    expect(publish).to_be_focused()
    keys.notebook_untouched()

    keys.moves_to(remove)
    keys.press("Space")
    rotation_step(root, "Removed key-1 from the key set.", 2, 2)  # the verifier's cached copy
    expect(root.locator(".jwt-state-view")).to_contain_text("Published now: key-2 ·")
    expect(remove).to_be_focused()

    keys.moves_to(verifier)
    keys.press("Enter")
    rotation_step(root, "A new verifier, with an empty cache: its first check fetches the set.", 1, 2)
    shows_fresh_verifier_verdicts(demos, root)
    expect(verifier).to_be_focused()

    keys.moves_to(check)
    keys.press("Space")
    rotation_step(root, "Checked every token again.", 1, 2)
    expect(check).to_be_focused()
    keys.notebook_untouched()

    # Back to Remove with Shift+Tab; removing more keys than are published says so in one line.
    keys.moves_to(verifier, "Shift+Tab")
    keys.moves_to(remove, "Shift+Tab")
    keys.press("Enter")
    rotation_step(root, "Removed key-2 from the key set.", 1, 2)
    keys.press("Enter")
    said = "No key is published any more."
    expect(live_text(root)).to_contain_text(said)
    expect(root.locator(".jwt-message-view")).to_have_text(said)
    expect(root.locator(".jwt-state-view")).to_contain_text("Published now: no key")
    expect(remove).to_be_focused()

    keys.moves_to(publish, "Shift+Tab")
    keys.press("Space")
    # token 1's unknown kid (key-1) makes the verifier fetch the set again: key-2 is gone too.
    rotation_step(root, "Published key-3 and signed token 3 with it.", 1, 3)
    shows_fresh_verifier_verdicts(demos, root)
    expect(root.locator(".jwt-checks-view tr[data-accepted]").nth(1)).to_contain_text(
        "token 1's unknown kid made the verifier fetch the set again, so it now sees that key-2 "
        "was removed")
    expect(publish).to_be_focused()
    keys.notebook_untouched()


def token_part(value: dict[str, Any]) -> str:
    """A token segment as the forge console writes it: compact JSON in the given order, base64url."""
    data = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256_token(header: dict[str, Any], payload: dict[str, Any], secret: str) -> str:
    """The HS256 token for this header and payload, made with the stdlib; PyJWT must verify it."""
    message = f"{token_part(header)}.{token_part(payload)}"
    signature = hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    token = f"{message}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
    assert jwt.decode(token, secret, algorithms=["HS256"]) == payload
    return token


def unsigned_token(header: dict[str, Any], payload: dict[str, Any]) -> str:
    token = f"{token_part(header)}.{token_part(payload)}."
    assert jwt.get_unverified_header(token)["alg"] == "none"
    assert jwt.decode(token, options={"verify_signature": False}) == payload
    return token


def safe_api_refusal(token: str) -> str:
    """What the safe lab API (algorithms=["RS256"] in jwt.decode) answers, as the console says it."""
    with pytest.raises(jwt.PyJWTError) as refused:
        jwt.decode(token, "any key: the algorithm is refused first", algorithms=["RS256"])
    return f"safe API: 401, {type(refused.value).__name__}: {refused.value}."


def test_forge_console_by_keyboard(demos: LabPage) -> None:
    from helpers.widgets.forge_console import ForgeConsole

    root, keys, header_box = Keyboard.into(demos, ForgeConsole, "textbox", "Header")
    payload_box = root.get_by_role("textbox", name="Payload")
    mode = root.get_by_role("combobox", name="Sign with")
    key_box = root.get_by_role("textbox", name="Key")
    send = root.get_by_role("button", name="Send to both")
    token = root.locator(".jwt-token-view .jwt-token")
    message = root.locator(".jwt-message-view")
    answers = root.locator(".jwt-answers-view")
    forged = "Token forged; press Send to both."
    hs256 = {"typ": "JWT", "alg": "HS256"}
    expect(header_box).to_have_value(json.dumps(hs256, indent=2))
    expect(token).to_have_text(hs256_token(hs256, {"sub": "learner", "role": "admin"}, DEMO_SECRET))

    # A trailing comma typed into the payload: one line, a stale token; Backspace and } fix it.
    keys.moves_to(payload_box)
    payload = {"sub": "learner", "role": "admin", "mode": "ya"}
    keys.press(SELECT_ALL)
    typed = json.dumps(payload)[:-1] + ","
    keys.type(typed)
    with pytest.raises(json.JSONDecodeError) as bad:
        json.loads(typed)
    shows_one_line(message, f"The payload is not valid JSON ({bad.value.msg}, line 1 column "
                            f"{bad.value.colno}): use double quotes and no trailing comma.")
    expect(root.locator(".jwt-token[data-state=stale]")).to_be_visible()
    expect(live_text(root)).to_contain_text("Problem: The payload is not valid JSON")
    keys.press("Backspace")
    keys.type("}")
    expect(token).to_have_text(hs256_token(hs256, payload, DEMO_SECRET))
    expect(message).to_have_text("")
    expect(live_text(root)).to_have_text(forged)
    expect(payload_box).to_be_focused()
    keys.notebook_untouched()

    # ArrowUp picks "none": the Header box says alg none, the token has no signature.
    keys.moves_to(mode)
    keys.press("ArrowUp")
    unsigned = {"typ": "JWT", "alg": "none"}
    expect(header_box).to_have_value(json.dumps(unsigned, indent=2))
    expect(token).to_have_text(unsigned_token(unsigned, payload))
    expect(mode).to_be_focused()
    keys.press("ArrowDown")  # back to the HMAC secret
    expect(header_box).to_have_value(json.dumps(hs256, indent=2))
    expect(token).to_have_text(hs256_token(hs256, payload, DEMO_SECRET))
    expect(mode).to_be_focused()
    keys.notebook_untouched()

    # An empty secret says what is missing; a secret typed signs the token.
    keys.moves_to(key_box)
    keys.press(SELECT_ALL)
    keys.press("Delete")
    shows_one_line(message, "The HMAC secret is empty: type the secret you want to sign with.")
    expect(live_text(root)).to_have_text(
        "Problem: The HMAC secret is empty: type the secret you want to sign with.")
    secret = "a secret typed by keyboard, 32 bytes or more"
    keys.type(secret)
    forged_token = hs256_token(hs256, payload, secret)
    expect(token).to_have_text(forged_token)
    expect(live_text(root)).to_have_text(forged)
    expect(key_box).to_be_focused()

    keys.tab_to("textbox", "JKU URL")
    keys.moves_to(send)
    keys.press("Enter")
    refusal = safe_api_refusal(forged_token)  # the demo puts the safe API on both sides
    expect(live_text(root)).to_have_text(f"{refusal} {refusal}")
    expect(answers.locator("td[data-status='401']")).to_have_count(2)
    expect(answers.locator("td").first).to_contain_text("HTTP 401 · ⛔ refused")
    expect(send).to_be_focused()
    keys.notebook_untouched()

    # Shift+Tab back to the mode, "none" again, then Tab to Send and Space.
    for _ in range(3):
        keys.press("Shift+Tab")
    expect(mode).to_be_focused()
    keys.press("ArrowUp")
    unsigned_forged = unsigned_token(unsigned, payload)
    expect(token).to_have_text(unsigned_forged)
    expect(answers).to_have_text("")  # old answers belong to the old token
    expect(live_text(root)).to_have_text(forged)
    for _ in range(3):
        keys.press("Tab")
    expect(send).to_be_focused()
    keys.press("Space")
    refusal = safe_api_refusal(unsigned_forged)
    expect(live_text(root)).to_have_text(f"{refusal} {refusal}")
    expect(answers.locator("td[data-status='401']")).to_have_count(2)
    expect(send).to_be_focused()
    keys.notebook_untouched()


# --- the learner's journey: concept check, course map, saving one's work ------------------------

def verdict(root: Any, number: int) -> Any:
    return root.locator(".jwt-question").nth(number - 1).locator(".jwt-verdict-view")


def said_and_shown(root: Any, number: int, text: str) -> None:
    """The question's verdict line shows `text` (one line, no traceback); the live region says it
    with the question's number."""
    expect(verdict(root, number)).to_contain_text(text)
    expect(live_text(root)).to_have_text(re.compile(rf"^Question {number}(, the same again)?: "
                                                    + re.escape(text)))
    assert "Traceback" not in root.inner_text()


def test_concept_check_by_keyboard(demos: LabPage) -> None:
    from helpers.course.questions import questions_for
    from helpers.widgets.concept_check import ConceptCheck, plain

    questions = questions_for("03-decode").questions
    root = demos.widgets(ConceptCheck.css_class).first
    keys = Keyboard(demos, root)
    first = root.get_by_role("group", name=re.compile(r"^Question 1 of 4\. Why must you pass"))
    options = first.get_by_role("button")
    expect(options).to_have_count(4)
    for index, option in enumerate(questions[0].options):
        expect(options.nth(index)).to_have_accessible_name(plain(option.text))
    expect(options.nth(0)).to_be_focused()

    # Tab to the second option, Enter: its own explanation, shown and said; it is marked chosen.
    keys.press("Tab")
    expect(options.nth(1)).to_be_focused()
    keys.press("Enter")
    said_and_shown(root, 1, "Not yet. " + plain(questions[0].options[1].explanation))
    expect(options.nth(1)).to_have_class(re.compile(r"\bjwt-chosen\b"))
    expect(options.nth(1)).to_be_focused()
    keys.press("Enter")  # the same answer again is said again
    expect(live_text(root)).to_have_text(re.compile(r"^Question 1, the same again: Not yet\. "))
    keys.notebook_untouched()

    # Tab twice more, Space on the right option.
    keys.press("Tab")
    keys.press("Tab")
    expect(options.nth(3)).to_be_focused()
    keys.press("Space")
    said_and_shown(root, 1, "Right. " + plain(questions[0].options[3].explanation))
    expect(options.nth(1)).not_to_have_class(re.compile(r"\bjwt-chosen\b"))
    keys.notebook_untouched()

    # Arrow keys on an option move to no other cell; Shift+Tab goes back one option.
    keys.press("ArrowDown")
    keys.press("ArrowUp")
    expect(options.nth(3)).to_be_focused()
    keys.press("Shift+Tab")
    expect(options.nth(2)).to_be_focused()
    keys.notebook_untouched()

    # Question 2 and 3: right away.
    keys.press("Tab")
    keys.press("Tab")
    second = root.get_by_role("group", name=re.compile(r"^Question 2 of 4\.")).get_by_role("button")
    expect(second.nth(0)).to_be_focused()
    keys.press("Enter")
    said_and_shown(root, 2, "Right. ")
    for _ in range(7):  # past question 2's other three options, to question 3's fourth
        keys.press("Tab")
    third = root.get_by_role("group", name=re.compile(r"^Question 3 of 4\.")).get_by_role("button")
    expect(third.nth(3)).to_be_focused()
    keys.press("Enter")
    said_and_shown(root, 3, "Right. ")

    # Question 4, a short answer: a usual wrong answer committed with Enter; then the right one.
    keys.press("Tab")
    box = root.get_by_role("textbox", name="Answer 4")
    expect(box).to_be_focused()
    keys.type("DecodeError")
    keys.press("Enter")
    said_and_shown(root, 4, "Not yet. " + plain(questions[3].hints[1].explanation))
    expect(box).to_be_focused()
    keys.press(SELECT_ALL)
    keys.type("jwt.InvalidAlgorithmError")
    keys.press("Enter")
    said_and_shown(root, 4, "Right. ")
    keys.press("Tab")
    check = root.get_by_role("button", name="Check answer 4")
    expect(check).to_be_focused()
    keys.press("Space")  # Check judges what the box holds, again
    expect(live_text(root)).to_have_text(re.compile(r"^Question 4, the same again: Right\. "))
    keys.press("Tab")
    expect(root.get_by_role("button", name="Show answer 4")).to_be_focused()
    keys.press("Enter")
    said_and_shown(root, 4, "The answer is InvalidAlgorithmError.")
    expect(root.locator(".jwt-summary-view")).to_have_text("Answered right so far: 4 of 4.")
    keys.notebook_untouched()


def test_course_map_by_keyboard(demos: LabPage, tmp_path: Path) -> None:
    from helpers.course.catalog import load_course
    from helpers.widgets.course_map import CourseMap

    root = demos.widgets(CourseMap.css_class).first
    # This kernel records into a file of this test's own; 00's two exercises get done meanwhile.
    progress_file = tmp_path / "progress.jsonl"
    kernel_print(demos, f"import os\nos.environ['JWT_COURSE_PROGRESS'] = {str(progress_file)!r}")
    try:
        keys = Keyboard(demos, root)
        goal = root.get_by_role("combobox", name="Your goal")
        expect(goal).to_be_focused()
        rows = root.locator(".jwt-map-view tr[data-notebook]")

        # ArrowDown: the next goal, its notebooks and minutes, said.
        keys.press("ArrowDown")
        course = load_course()
        total = course.minutes(course.path("password-reset").notebooks)[0]
        left = total - course.notebook("00-start-here").minutes
        expect(live_text(root)).to_have_text(
            f"Add a password-reset link: 6 notebooks, {total} minutes. Done: 0 of 6.")
        expect(rows).to_have_count(6)
        expect(rows.nth(5)).to_have_attribute("data-notebook", "08-password-reset")
        expect(goal).to_be_focused()
        keys.notebook_untouched()

        # Check my progress again: the ticks recorded meanwhile appear, and the press is said.
        kernel_print(demos, "from helpers.course import progress\n"
                            "progress.record('00-start-here', 'ex1', True)\n"
                            "progress.record('00-start-here', 'ex2', True)")
        keys.press("Tab")
        refresh = root.get_by_role("button", name="Check my progress again")
        expect(refresh).to_be_focused()
        keys.press("Enter")
        expect(live_text(root)).to_have_text(re.compile(
            r"^Progress read again at \d\d:\d\d:\d\d\. Add a password-reset link: 6 notebooks, "
            rf"{total} minutes\. Done: 1 of 6; about {left} minutes left\.$"))
        expect(rows.nth(0)).to_have_attribute("data-status", "✓ done")
        expect(rows.nth(0)).to_contain_text("2 of 2 done")
        before = live_text(root).inner_text()
        demos.page.wait_for_timeout(1100)
        keys.press("Space")
        expect(live_text(root)).not_to_have_text(before)  # pressed again: said again
        expect(refresh).to_be_focused()
        keys.notebook_untouched()
    finally:
        kernel_print(demos, "os.environ['JWT_COURSE_PROGRESS'] = 'off'")


def test_save_your_work_by_keyboard(demos: LabPage, tmp_path: Path) -> None:
    from helpers.widgets.save_work import SaveYourWork

    root = demos.widgets(SaveYourWork.css_class).first
    # Listening for file choosers before any key is pressed makes Playwright intercept them from
    # the start (its interception is otherwise switched on late, and Enter acts on key down).
    choosers: list[Any] = []
    demos.page.on("filechooser", lambda chooser: choosers.append(chooser))
    keys = Keyboard(demos, root)
    download_button = root.get_by_role("button", name="Download my work")
    expect(download_button).to_be_focused()
    with demos.page.expect_download() as downloading:
        keys.press("Enter")
    download = downloading.value
    assert re.fullmatch(r"jwt-course-work-\d{4}-\d\d-\d\d-\d{4}\.zip", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    names = zipfile.ZipFile(saved).namelist()
    assert "notebooks/00-start-here.ipynb" in names and "notebooks/empty.ipynb" in names
    assert "progress.jsonl" in names
    expect(live_text(root)).to_have_text(re.compile(rf"^Downloading {re.escape(saved.name)}: \d+ notebooks"))
    expect(download_button).to_be_focused()
    keys.notebook_untouched()

    # Restore by keyboard: a notebook changed since the download comes back as it was.
    served = Path(kernel_print(demos, "import os\nprint(os.getcwd())"))
    original = (served / "empty.ipynb").read_bytes()
    (served / "empty.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    keys.press("Tab")
    restore = root.get_by_role("button", name=re.compile(r"Restore my work"))
    expect(restore).to_be_focused()
    with demos.page.expect_file_chooser() as choosing:
        keys.press("Enter")
    choosing.value.set_files(str(saved))
    expect(live_text(root)).to_contain_text("Restored 1 notebook(s): empty.ipynb.")
    assert (served / "empty.ipynb").read_bytes() == original
    expect(root.locator(".jwt-message-view")).to_contain_text("Reload Notebook from Disk")
    keys.notebook_untouched()

    # A file that is not such a download: one line, nothing written.
    wrong = tmp_path / "holiday.zip"
    wrong.write_bytes(b"not a zip at all")
    with demos.page.expect_file_chooser() as choosing:
        keys.press("Space")
    choosing.value.set_files(str(wrong))
    shows_one_line(root.locator(".jwt-message-view"),
                   "holiday.zip cannot be restored: this is not a zip file")
    expect(live_text(root)).to_contain_text("Problem: holiday.zip cannot be restored")
