"""Kin terms: the one table of what relation each term names and what gender it gives the
relative. The letter reader reads kin phrases with it ("her brother" is a man), and the witness
search words a tie with it ("his mother"). Data, not rules about any one letter."""

from __future__ import annotations

from functools import cache
from importlib import resources

# Each singular kin term: the relation it names without gender, and the gender it gives the
# relative. The one table of kin and gender: the reader, the ties and the witness search all
# read it (KIN_GENDER and kin_word below are views of it).
KIN_TERMS: dict[str, tuple[str, str]] = {
    "father": ("parent", "male"), "mother": ("parent", "female"), "parent": ("parent", "unknown"),
    "son": ("child", "male"), "daughter": ("child", "female"), "child": ("child", "unknown"),
    "brother": ("sibling", "male"), "sister": ("sibling", "female"),
    "sibling": ("sibling", "unknown"),
    "husband": ("spouse", "male"), "wife": ("spouse", "female"), "spouse": ("spouse", "unknown"),
    "widower": ("widowed spouse", "male"), "widow": ("widowed spouse", "female"),
    "fiancé": ("betrothed", "male"), "fiancée": ("betrothed", "female"),
    "grandfather": ("grandparent", "male"), "grandmother": ("grandparent", "female"),
    "grandson": ("grandchild", "male"), "granddaughter": ("grandchild", "female"),
    "grandchild": ("grandchild", "unknown"),
    "uncle": ("parent's sibling", "male"), "aunt": ("parent's sibling", "female"),
    "nephew": ("sibling's child", "male"), "niece": ("sibling's child", "female"),
    "cousin": ("cousin", "unknown"),
    "father-in-law": ("parent-in-law", "male"), "mother-in-law": ("parent-in-law", "female"),
    "brother-in-law": ("sibling-in-law", "male"), "sister-in-law": ("sibling-in-law", "female"),
    "son-in-law": ("child-in-law", "male"), "daughter-in-law": ("child-in-law", "female"),
    "stepfather": ("step-parent", "male"), "stepmother": ("step-parent", "female"),
    "stepson": ("step-child", "male"), "stepdaughter": ("step-child", "female"),
    "half-brother": ("half-sibling", "male"), "half-sister": ("half-sibling", "female"),
    "stepbrother": ("step-sibling", "male"), "stepsister": ("step-sibling", "female"),
}  # fmt: skip
KIN_GENDER = {term: gender for term, (_group, gender) in KIN_TERMS.items() if gender != "unknown"}
# The relation seen from the other side: a mother's son is her child, a brother's sister his
# sibling.
_INVERSE_GROUP = {
    "parent": "child", "child": "parent", "sibling": "sibling", "spouse": "spouse",
    "widowed spouse": "spouse", "grandparent": "grandchild", "grandchild": "grandparent",
    "parent's sibling": "sibling's child", "sibling's child": "parent's sibling",
    "parent-in-law": "child-in-law", "child-in-law": "parent-in-law",
    "step-parent": "step-child", "step-child": "step-parent",
}  # fmt: skip


def kin_word(group: str, gender: str) -> str:
    """The kin term for a relation and the relative's gender ("parent", "female" → "mother");
    the neutral term when the gender is not known."""
    neutral = group
    for term, (term_group, term_gender) in KIN_TERMS.items():
        if term_group != group:
            continue
        if term_gender == gender:
            return term
        if term_gender == "unknown":
            neutral = term
    return neutral


def inverse_kin(term: str) -> tuple[str, ...]:
    """The terms the other person of a tie may be called ("mother" → son, daughter, child)."""
    group = _INVERSE_GROUP.get(KIN_TERMS.get(term, ("", ""))[0], "")
    return tuple(t for t, (g, _gender) in KIN_TERMS.items() if g == group)


@cache
def russian_kin() -> dict[str, tuple[str, str]]:
    """Russian kin words in dictionary form → (English kin term, gender of the relative):
    "сестра" → ("sister", "female"). Read from `data/kin_ru.txt` once per process."""
    data = resources.files("commission.registry").joinpath("data/kin_ru.txt")
    out = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, relation, gender = line.split("\t")
            out[word] = (relation, gender)
    return out
