"""Lessons of blind round 25 (tests/eval/blind/round-25.md), each with its near miss: a
mare's or a cow's legs are an animal's, a client's numbness is hers, a cancer charity run
is no cancer; the patient's own "I had breast cancer myself" always counts.
"""
from __future__ import annotations

from tests.conftest import assert_flag, assert_none


def test_animals_and_clients_are_not_the_patient():
    assert_none([
        "my mare went weak in the hind legs, I've been walking her out twice a day and now my back is sore",
        "one of our cows went down with weak back legs, took four of us to get her up, my back's sore since",
        "a client at the salon told me all about her saddle numbness, I'm a hairdresser on my feet all day",
        "Grey's Anatomy had a guy with saddle numbness lol, I don't have that, just back pain",
        "my daughter's pony threw her on sunday, she's fine, I hurt my back lifting her saddle",
    ])
    assert_flag("trauma", [
        "I fell off my mare on sunday and landed on my back",
        "was out with the cattle thursday and one of the cows pinned me hard against the gate",
        "my mare kicked me in the back yesterday",
        "horse threw me off, back sore to walk",
        "the pony bucked me off on saturday",
    ])
    assert_flag("leg_weakness", ["my horse went lame and then my legs went weak yesterday"])
    assert_flag("saddle_numbness", ["her numbness is worse than mine, my bum's numb since monday"])


def test_a_cancer_charity_run_is_no_cancer_but_my_own_cancer_always_counts():
    assert_none(["my cancer-research fun run is next month and my back aches when I walk, help"])
    assert_flag("cancer_history", [
        "I had breast cancer myself",
        "I'm a cancer research nurse and I had breast cancer myself",
        "my mum had cancer and I had cancer too",
        "my mum had cancer and I had it too",
    ])
