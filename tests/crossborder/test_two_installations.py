"""In a real browser, between two live Palermo installations — Belarus and Testland, each its own
server process, database and jurisdiction pack: the administrators exchange public keys and
register each other as partners; the Minsk-city officer refers a consented case abroad and
delivers it; the Testland officer sees it, accepts it (a case of Testland) and delivers the
answer; in Minsk the referral shows "Accepted by the partner". The same package posted again is
refused as a replay, and a changed one as tampered."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journey_steps import menu_link
from tests.crossborder.installations import PASSWORD, Installation

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def installations(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    root = tmp_path_factory.mktemp("installations")
    belarus = Installation("belarus", root / "belarus")
    testland = Installation("testland", root / "testland")
    migrations = [belarus.prepare(), testland.prepare()]
    assert [m.wait(timeout=600) for m in migrations] == [0, 0]
    facts = {"belarus": belarus.setup(), "testland": testland.setup()}
    keys = {"belarus": belarus.public_key(), "testland": testland.public_key()}
    try:
        belarus.start()
        testland.start()
        yield {"belarus": belarus, "testland": testland, "facts": facts, "keys": keys}
    finally:
        belarus.stop()
        testland.stop()


def login(page: Page, site: Installation, username: str) -> None:
    page.goto(f"{site.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def logout(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()


def register_partner(
    page: Page, site: Installation, name: str, country: str, keys: dict[str, str],
    inbox: str, agency: str,
) -> None:  # fmt: skip
    page.goto(f"{site.url}/crossborder/partners/")
    form = page.locator("form", has=page.get_by_role("button", name="Register the partner"))
    form.get_by_label("Name").fill(name)
    form.get_by_label("Country").select_option(country)
    form.get_by_label("Encryption public key").fill(keys["encryption_key"])
    form.get_by_label("Signing public key").fill(keys["signing_key"])
    form.get_by_label("Address of its inbox").fill(inbox)
    form.get_by_label("Agency that receives its referrals").select_option(label=agency)
    with page.expect_navigation():
        form.get_by_role("button", name="Register the partner").click()
    # The fingerprint to compare by phone is the partner's own.
    fingerprint = keys["fingerprint"]
    expect(page.get_by_text("Partner registered")).to_contain_text(fingerprint[:4])
    expect(page.get_by_role("row").filter(has_text=name)).to_contain_text(fingerprint[-4:])


def post(url: str, body: str) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(  # noqa: S310  (a local test server)
        url, data=body.encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_referral_crosses_the_border_and_its_answer_comes_back(
    page: Page,
    installations: dict[str, object],
    tmp_path: Path,
) -> None:
    belarus: Installation = installations["belarus"]  # type: ignore[assignment]
    testland: Installation = installations["testland"]  # type: ignore[assignment]
    facts: dict[str, dict[str, object]] = installations["facts"]  # type: ignore[assignment]
    keys: dict[str, dict[str, str]] = installations["keys"]  # type: ignore[assignment]
    minsk_unit = str(facts["belarus"]["agency"])
    testland_police = str(facts["testland"]["agency"])

    # Each national administrator registers the other installation as a partner.
    login(page, belarus, "admin")
    register_partner(page, belarus, "Testland National Referral Mechanism", "TL",
                     keys["testland"], testland.inbox, minsk_unit)  # fmt: skip
    logout(page)
    login(page, testland, "tl_admin")
    expect(page.locator("#own-fingerprint")).to_have_count(0)  # only on the partners page
    register_partner(page, testland, "Belarus National Referral Mechanism", "BY",
                     keys["belarus"], belarus.inbox, testland_police)  # fmt: skip
    logout(page)

    # Minsk: refer the consented case abroad, sharing names, profile and exploitation only.
    login(page, belarus, "officer_minsk")
    page.goto(f"{belarus.url}/cases/{facts['belarus']['case_id']}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Refer abroad").click()
    page.get_by_label("Partner abroad").select_option(
        label="Testland National Referral Mechanism (TL)"
    )
    page.get_by_label("Names").check()
    page.get_by_label("Sex / gender and citizenship").check()
    page.get_by_label("Forms and countries of exploitation").check()
    page.get_by_label("Reason for the referral").select_option("MigrationOrChangeOfLocation")
    page.get_by_label("Note to the partner").fill("Wants to stay in Testland; needs a shelter.")
    with page.expect_navigation():
        page.get_by_role("button", name="Seal the referral").click()
    expect(page.get_by_text("The referral was sealed for the partner.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the sealed package").click()
    package_file = tmp_path / "package.json"
    download_info.value.save_as(package_file)
    assert "Ковалёва" not in package_file.read_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Deliver to the partner's installation").click()
    expect(page.get_by_text("Delivered to the partner's installation.")).to_be_visible()
    logout(page)

    # The same package again, and a changed one: refused with a clear reason, nothing written.
    status, body = post(testland.inbox, package_file.read_text())
    assert status == 400 and body["code"] == "replayed"
    document = json.loads(package_file.read_text())
    document["header"]["expires_at"] = "2099-01-01T00:00:00Z"
    status, body = post(testland.inbox, json.dumps(document))
    assert status == 400 and body["code"] == "bad_signature"
    assert "changed after it was signed" in str(body["detail"])

    # Testland: the referral waits in the police queue; accept it.
    login(page, testland, "tl_officer")
    with page.expect_navigation():
        menu_link(page, "Cross-border").click()
    received = page.get_by_role("row").filter(has_text="Belarus National Referral Mechanism")
    with page.expect_navigation():
        received.get_by_role("link").first.click()
    expect(page.locator("#incoming-names")).to_contain_text("Ковалёва")
    expect(page.locator("#incoming-names")).to_contain_text("Kavaliova")
    expect(page.get_by_text("Wants to stay in Testland")).to_be_visible()
    page.get_by_label("Accept").check()
    page.get_by_label("Region of the new case").select_option(label="Southern Province")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Accepted: case TST-")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Deliver the answer to the partner's installation").click()
    expect(page.get_by_text("The answer was delivered")).to_be_visible()
    logout(page)

    # Minsk: the referral shows the partner's acceptance.
    login(page, belarus, "officer_minsk")
    with page.expect_navigation():
        menu_link(page, "Cross-border").click()
    with page.expect_navigation():
        page.get_by_role("row").filter(has_text="Testland").get_by_role("link").first.click()
    expect(page.locator("#outgoing-status")).to_have_text("Accepted by the partner")
