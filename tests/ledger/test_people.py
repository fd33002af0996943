"""People across articles: one person per real person, named by its clean full name."""

from __future__ import annotations

import pytest

from claimledger.ledger.people import DOMINANT_SHARE, People, name_form, within

TITLES = frozenset({"sen", "senator", "mr", "mrs", "ms", "president", "gov", "dr"})


def people(*mentions: tuple[str, str]) -> People:
    return People(mentions, TITLES)


def test_forms_with_a_middle_initial_or_an_epithet_are_the_same_person() -> None:
    found = people(
        ("a1", "Dana J. Morrow"),
        ("a2", "Dana Morrow"),
        ("a3", "Dana Morrow"),
        ("a4", "Crooked Dana Morrow"),
    )
    assert {found.canonical(n) for n in ("Dana J. Morrow", "Crooked Dana Morrow", "Sen. Dana Morrow")} == {
        "Dana Morrow"
    }


def test_the_name_is_the_form_used_in_most_articles_not_the_longest() -> None:
    found = people(("a1", "Elena Park Vance"), ("a2", "Elena Vance"), ("a3", "Elena Vance"))
    assert found.canonical("Elena Park Vance") == "Elena Vance"


def test_different_first_names_are_different_people() -> None:
    found = people(("a1", "Bill Aldana"), ("a2", "Hilde Aldana"), ("a3", "Hilde Aldana"))
    assert found.canonical("Bill Aldana") == "Bill Aldana"
    assert found.canonical("Hilde Aldana") == "Hilde Aldana"


def test_a_form_that_fits_two_people_joins_neither() -> None:
    found = people(("a1", "Jon Bray"), ("a2", "Gil Bray"), ("a3", "Jon Gil Bray"))
    assert found.canonical("Jon Bray") == "Jon Bray"
    assert found.canonical("Gil Bray") == "Gil Bray"
    assert found.canonical("Jon Gil Bray") == "Jon Gil Bray"


def test_a_bare_surname_is_the_dominant_person_or_stays_itself() -> None:
    mostly = [(f"a{i}", "Rosa Quill") for i in range(8)] + [("b1", "Tom Quill")]
    assert found_share(mostly) >= DOMINANT_SHARE
    assert people(*mostly).canonical("Quill") == "Rosa Quill"
    assert people(*mostly).canonical("Sen. Quill") == "Rosa Quill"
    even = [("a1", "Rosa Quill"), ("a2", "Rosa Quill"), ("b1", "Tom Quill"), ("b2", "Tom Quill")]
    assert people(*even).canonical("Quill") == "Quill"


def found_share(mentions: list[tuple[str, str]]) -> float:
    rosa = {a for a, n in mentions if n == "Rosa Quill"}
    return len(rosa) / len({a for a, _ in mentions})


def test_transliterations_and_accents_fold() -> None:
    found = people(("a1", "Volodymyr Zelensky"), ("a2", "Volodymyr Zelenskyy"), ("a3", "Volodymyr Zelensky"))
    assert found.canonical("Volodymyr Zelenskyy") == "Volodymyr Zelensky"
    assert found.canonical("Zelenskiy") == "Volodymyr Zelensky"
    accents = people(("a1", "Jorge Castañeda"), ("a2", "Jorge Castaneda"), ("a3", "Jorge Castañeda"))
    assert accents.canonical("Jorge Castaneda") == "Jorge Castañeda"


@pytest.mark.parametrize(
    "written, given, surname",
    [
        ("Rendell, a Clinton surrogate", (), "rendell"),
        ("Ukraine's President Zelensky", (), "zelensky"),
        ("Sen. Tim Kaine", ("tim",), "kaine"),
        ("Martin Luther King Jr.", ("martin", "luther"), "king jr"),
        ("Kaine\u2019s", (), "kaine"),
    ],
)
def test_name_form_keeps_only_the_name(written: str, given: tuple[str, ...], surname: str) -> None:
    form = name_form(written, TITLES)
    assert form is not None and (form.given, form.surname) == (given, surname)


def test_within_takes_initials_for_names() -> None:
    assert within(("donald",), ("donald", "j"))
    assert within(("d", "trump"), ("donald", "trump"))
    assert not within(("hillary",), ("bill",))


def test_a_list_of_people_or_a_headline_is_no_one() -> None:
    assert name_form("Jeb Bush and Chris Christie", TITLES) is None
    assert name_form("Dana Morrow & Eli Stone", TITLES) is None
    assert name_form("Hilde Aldana Slams Dana Morrow Over Ads", TITLES) is None


def test_a_junior_is_another_person() -> None:
    found = people(("a1", "Dana Morrow"), ("a2", "Dana Morrow Jr."), ("a3", "Dana Morrow"))
    assert found.canonical("Dana Morrow Jr.") == "Dana Morrow Jr."
    assert found.canonical("Dana Morrow") == "Dana Morrow"


def test_a_person_named_as_an_organisation_is_known() -> None:
    found = people(("a1", "Dana J. Morrow"), ("a2", "Dana Morrow"))
    assert found.knows("Dana J. Morrow") and not found.knows("Morrow Holdings")


@pytest.mark.parametrize(
    "written, name",
    [
        ("former Florida Gov. Jeb Bush", "Jeb Bush"),
        ("Mayor Bill de Blasio", "Bill de Blasio"),
        ("the Vermont senator", None),
        ("Spokesman <a href='x'>click</a> Norr", "Norr"),
    ],
)
def test_the_name_is_the_last_run_of_capitalised_words(written: str, name: str | None) -> None:
    form = name_form(written, TITLES | {"gov", "mayor", "spokesman"})
    assert (form.written if form else None) == name
