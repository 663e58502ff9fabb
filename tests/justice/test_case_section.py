"""The case page lists the criminal proceedings its person takes part in, as far as the viewer
may see them."""

from __future__ import annotations

import re

import pytest

from palermo.cases.services import do_register_case
from tests.conftest import case_input, case_page, person_input


def proceedings_section(html: str) -> str:
    found = re.search(r'<section id="proceedings".*?</section>', html, re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize("persona", ["officer_minsk", "caseworker_gomel", "investigator", "admin"])
def test_the_case_page_shows_the_proceedings_of_its_person(persona, scene, client_for):
    page = case_page(client_for(persona), scene.case.pk)
    assert page.status_code == 200
    section = proceedings_section(page.content.decode())
    assert ">12600001<" in section  # the proceedings the person is a victim in
    assert "Preliminary investigation" in section and "Victim" in section
    assert "12600002" not in section  # proceedings without this person
    assert f"/justice/participants/{scene.local_victim.pk}/" in section


def test_no_section_for_a_case_outside_any_proceedings(scene, client_for, actor):
    other = do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())
    page = case_page(client_for("officer_minsk"), other.pk).content.decode()
    assert 'id="proceedings"' not in page
