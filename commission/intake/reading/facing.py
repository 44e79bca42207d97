"""Ties told from the subject's side. A commission asks who a member's kin are, so a tie that
names the subject as someone's kin ("my son Ivan Demin" in his mother's letter, "Kirill Dyomin,
my husband") is turned round to name that someone as the subject's kin: the letter's writer is
Ivan Demin's mother. The tie is the same; only the side it is told from changes, with the kin
term for the other person's gender ("son" of a woman → "mother"). Both the English and the
Russian rules end with this step.
"""

from __future__ import annotations

from functools import lru_cache

from commission.intake.reading import lexicon as lx
from commission.intake.reading.kinnames import kin_by_names, name_unnamed_kin, people_of
from commission.intake.reading.model import Extraction, Item, PersonRef
from commission.registry import names as name_forms
from commission.registry.kin import KIN_TERMS, inverse_kin, kin_word


def face_subjects(out: Extraction) -> None:
    _named_later(out)
    subjects = [item.person for item in out.get("subjects") if item.person is not None]
    if not subjects:
        _drop_unnamed_twins(out)
        return
    for item in out.get("relatives"):
        relative, of = item.person, item.extra.get("of")
        if relative is None or not isinstance(of, PersonRef) or not of.name:
            continue
        if not any(same_person(relative, s) for s in subjects) or any(
            same_person(of, s) for s in subjects
        ):
            continue
        relation = _turned(item.value["relation"], of.gender)
        if not relation:
            continue
        item.value = {"person": of.name, "relation": relation, "of": item.value["person"]}
        item.person, item.extra["of"] = of, relative
    _parents_of_siblings(out, subjects)
    _kin_of_the_one_subject(out, subjects)
    _drop_told_twice(out)
    _drop_unnamed_twins(out)


def _kin_of_the_one_subject(out: Extraction, subjects: list[PersonRef]) -> None:
    """ "Portnov … was expelled on Ukhov's report. His wife is ill": an unnamed relative whose
    possessive the rules gave to someone the letter is not about, and who is no relative of a
    subject, is the relative of the one subject that possessive can mean."""
    items = out.get("relatives")
    kin = [item.person for item in items if item.person is not None and item.person.name]
    for item in items:
        of = item.extra.get("of")
        if (item.person is not None and item.person.name) or not isinstance(of, PersonRef):
            continue
        owner = lx.PRONOUN_GENDER.get(str(item.value["person"]).split(" ")[0].lower())
        if owner is None or not of.name or of.family:
            continue
        if any(same_person(of, s) for s in subjects + kin):
            continue
        fits = [s for s in subjects if s.gender == owner]
        if len(fits) != 1:
            continue
        item.extra["of"] = fits[0]
        item.value = {**item.value, "of": fits[0].name}


def ties_from_names(out: Extraction) -> None:
    """The ties the subjects' patronymics settle (`kinnames`), read once every person of the
    letter is known: a person they make a relative is no longer one of its other people."""
    subjects = [item.person for item in out.get("subjects") if item.person is not None]
    if not subjects:
        return
    people = people_of(out, same_person)
    kin_by_names(out, subjects, people, same_person)
    name_unnamed_kin(out, subjects, people, same_person)
    _ties_through_kin(out, subjects)
    _between_the_subjects_kin(out, subjects)
    _drop_told_twice(out)
    _drop_unnamed_twins(out)
    kin = [item.person for item in out.get("relatives") if item.person is not None]
    out.fields["other_people"] = [
        item
        for item in out.get("other_people")
        if item.person is None or not any(same_person(item.person, k) for k in kin)
    ]


# A relative's relative told as the subject's own: (how the one between is kin to the subject,
# how the third person is kin to the one between) → how the third person is kin to the
# subject. Only the nuclear family: an in-law of an in-law, or a wife's father, the outside
# sets label as the letter tells it ("Pyotr, father of Anna", Anna the subject's wife).
_COMPOSED: dict[tuple[str, str], str] = {
    ("parent", "spouse"): "parent",  # "my husband Ilya Sorokin" in the subject's mother's letter
    ("parent", "child-in-law"): "spouse",  # "my daughter-in-law Marya", the same letter
    ("parent", "child"): "sibling",  # "my daughter Anna" in the subject's mother's letter
    ("child", "sibling"): "child",  # "his sister Olga" of the subject's son
    ("sibling", "parent"): "parent",  # "our father" in the subject's sister's letter
    ("sibling", "sibling"): "sibling",  # "our brother Fyodor", the same letter
    ("spouse", "parent-in-law"): "parent",  # «свекровь моя» in the subject's wife's letter
    ("spouse", "child"): "child",  # "our son Pyotr" in the subject's wife's letter
    ("child", "parent"): "spouse",  # "my mother" in the subject's son's letter
    ("child", "grandparent"): "parent",  # "our grandfather, Papa's father", the same letter
    ("parent-in-law", "grandchild"): "child",  # «двое внуков моих» in his father-in-law's
    ("parent", "grandchild"): "child",  # «внучата, Маня и Петька» in the subject's father's
    ("spouse", "grandchild"): "grandchild",  # "our grandson" in the subject's wife's letter
    ("parent", "sibling's child"): "cousin",  # «Федька, племянник мой» in his father's letter
    # "my mother-in-law Stepanida" in the letter of the subject's daughter-in-law (her
    # father-in-law, the subject, is the other)
    ("child-in-law", "parent-in-law"): "spouse",
    ("child-in-law", "spouse"): "child",  # "my husband" in the subject's daughter-in-law's
    ("grandparent", "child"): "parent",  # "my daughter Nadezhda" in the subject's grandmother's
}


def _ties_through_kin(out: Extraction, subjects: list[PersonRef]) -> None:
    """ "Ilya Sorokin, my husband" in the letter of the subject's mother is the subject's
    father: a tie of someone to the subject's relative is told instead as the tie to the
    subject that the two ties make (every tie of a letter is told from its subject's side),
    unless the letter ties the two already."""
    items = out.get("relatives")
    added: list[Item] = []
    told: list[Item] = []  # ties told again as the subject's, in the subject's terms
    for item in items:
        person, between = item.person, item.extra.get("of")
        if person is None or not isinstance(between, PersonRef) or not between.name:
            continue
        if any(same_person(between, s) for s in subjects):
            continue
        for tie in items:
            subject, middle = tie.extra.get("of"), tie.person
            if tie is item or middle is None or not isinstance(subject, PersonRef):
                continue
            if not same_person(middle, between) or not any(
                same_person(subject, s) for s in subjects
            ):
                continue
            if not person.name and _the_subject_again(item.value["relation"], tie, subject):
                # "the case of my son" in his mother's letter: the subject himself, whose tie
                # to her the letter tells already
                told.append(item)
                break
            group = _COMPOSED.get((_group(tie.value["relation"]), _group(item.value["relation"])))
            if group is None or (person.name and same_person(person, subject)):
                continue
            gender = (
                person.gender
                if person.gender != "unknown"
                else KIN_TERMS.get(item.value["relation"], ("", "unknown"))[1]
            )
            if group == "spouse" and gender != "unknown" and gender == subject.gender:
                continue  # (her father-in-law is the subject himself, not his spouse)
            relation = kin_word(group, gender)
            if relation not in KIN_TERMS or _tied(items + added, person, subject):
                continue
            value = {"person": item.value["person"], "relation": relation, "of": subject.name}
            added.append(Item(value, item.span, person, {**item.extra, "of": subject}))
            told.append(item)
    out.fields["relatives"] = [i for i in items if not any(i is t for t in told)] + added


def _the_subject_again(relation: str, tie: Item, subject: PersonRef) -> bool:
    """Whether an unnamed `relation` of the subject's relative, the other side of their tie
    ("son" of the subject's mother), of a gender that fits, is the subject."""
    other_side = {_group(term) for term in inverse_kin(tie.value["relation"])}
    gender = KIN_TERMS.get(relation, ("", "unknown"))[1]
    return _group(relation) in other_side and (
        "unknown" in (gender, subject.gender) or gender == subject.gender
    )


def _tied(items: list[Item], person: PersonRef, subject: PersonRef) -> bool:
    for item in items:
        of = item.extra.get("of")
        if item.person is None or not isinstance(of, PersonRef) or not same_person(of, subject):
            continue
        if person.name and item.person.name and same_person(item.person, person):
            return True
        if not person.name and item.person is person:
            return True
    return False


def _group(relation: str) -> str:
    group = KIN_TERMS.get(relation, ("", ""))[0]
    return "spouse" if group == "widowed spouse" else group


_SIBLINGS = frozenset({"brother", "sister", "sibling"})
_PARENTS = frozenset({"father", "mother"})


def _parents_of_siblings(out: Extraction, subjects: list[PersonRef]) -> None:
    """ "Our father" in a letter from the subject's sister is the subject's father too: a
    parent of someone the letter names as the subject's brother or sister is told as the
    subject's."""
    items = out.get("relatives")
    siblings: list[tuple[PersonRef, PersonRef]] = []  # (sibling, subject)
    for item in items:
        person, of = item.person, item.extra.get("of")
        if item.value["relation"] not in _SIBLINGS or person is None:
            continue
        if not isinstance(of, PersonRef) or not person.name:
            continue
        for subject in subjects:
            if same_person(of, subject) and not same_person(person, subject):
                sibling = person
            elif same_person(person, subject) and not same_person(of, subject):
                sibling = of
            else:
                continue
            if not any(same_person(sibling, other) for other in subjects):
                siblings.append((sibling, subject))  # two subjects keep their own ties
    for item in items:
        of = item.extra.get("of")
        if item.value["relation"] not in _PARENTS or not isinstance(of, PersonRef):
            continue
        for sibling, subject in siblings:
            if of.family or not of.name.strip():
                break
            if same_person(of, sibling):
                item.extra["of"] = subject
                item.value = {**item.value, "of": subject.name}
                break


def _between_the_subjects_kin(out: Extraction, subjects: list[PersonRef]) -> None:
    """ "My son Nikolai … His father, my late husband Pyotr Ilyich": a tie between two people
    each tied to the subject (the mother and the father; the mother and the stepfather she
    married) goes without saying once both are told from the subject's side."""
    items = out.get("relatives")
    tied = [
        (item.person, item.extra["of"])
        for item in items
        if item.person is not None
        and item.person.name
        and isinstance(item.extra.get("of"), PersonRef)
        and any(same_person(item.extra["of"], s) for s in subjects)
    ]

    def to_subject(person: PersonRef) -> list[PersonRef]:
        return [subject for kin, subject in tied if same_person(kin, person)]

    def implied(item: Item) -> bool:
        person, of = item.person, item.extra.get("of")
        if person is None or not person.name or not isinstance(of, PersonRef) or not of.name:
            return False
        if any(same_person(x, s) for x in (person, of) for s in subjects):
            return False
        if item.value["relation"] in ("widow", "widower"):
            return False  # (that he died says more than that they were married)
        return any(same_person(a, b) for a in to_subject(person) for b in to_subject(of))

    out.fields["relatives"] = [item for item in items if not implied(item)]


# The subject's kin through a spouse or a sibling: (the tie between the subject and the one
# between, the group of the third person's tie to the one between) → the third person's
# group to the subject.
_THROUGH: dict[tuple[str, str], str] = {
    ("spouse", "parent"): "parent-in-law",  # his wife's father
    ("spouse", "sibling"): "sibling-in-law",  # her husband's brother
    ("sibling", "spouse"): "sibling-in-law",  # his sister's husband
    ("child", "spouse"): "child-in-law",  # her son's wife
}


def through(kin_relation: str, relation: str) -> str:
    """The kin term, to the subject, of someone who is `relation` to the subject's
    `kin_relation` ("wife", "father" → "father-in-law"); "" when no one term says it."""
    kin_group = KIN_TERMS.get(kin_relation, ("", ""))[0]
    group, gender = KIN_TERMS.get(relation, ("", "unknown"))
    joined = _THROUGH.get((kin_group, group))
    return kin_word(joined, gender) if joined else ""


def _named_later(out: Extraction) -> None:
    """ "I write about my son and my daughter-in-law …: my son Vasily Kuzmich Pronin, … and his
    wife Anna": the writer's kin spoken of first and named after are the named ones. An unnamed
    "my son" goes when the letter names a son of the same person."""
    items = out.get("relatives")
    named = {
        (item.value["relation"], item.value["of"])
        for item in items
        if item.person is not None and item.person.name
    }
    out.fields["relatives"] = [
        item
        for item in items
        if item.person is None
        or item.person.name
        or not str(item.value["person"]).lower().startswith(("my ", "our "))
        or (item.value["relation"], item.value["of"]) not in named
    ]


def _drop_told_twice(out: Extraction) -> None:
    """One tie told twice ("Пишет Вам жена Бессонова Михаила … Мужа моего исключили": the
    writer is his wife, and he her husband, turned round above) is kept once."""
    kept: list[Item] = []
    for item in out.get("relatives"):
        person, of = item.person, item.extra.get("of")
        if (
            person is not None
            and person.name
            and isinstance(of, PersonRef)
            and any(
                k.value["relation"] == item.value["relation"]
                and k.person is not None
                and same_person(k.person, person)
                and isinstance(k.extra.get("of"), PersonRef)
                and same_person(k.extra["of"], of)
                for k in kept
            )
        ):
            continue
        kept.append(item)
    out.fields["relatives"] = kept


def _drop_unnamed_twins(out: Extraction) -> None:
    """ "Her father" beside the father named elsewhere ("the daughter of the merchant Kuzma
    Lopatin … her father's gold") is one person: the named tie stays. Only a father, mother,
    husband or wife is one person by the relation alone."""
    items = out.get("relatives")
    named = {
        (item.value["relation"], item.value["of"])
        for item in items
        if item.person is not None and item.person.name
    }
    kept: list[Item] = []
    for item in items:
        one = item.value["relation"] in _ONLY_ONE
        key = (item.value["relation"], item.value["of"])
        if item.person is not None and not item.person.name and one and key in named:
            continue
        if item.person is not None and not item.person.name and one:
            named.add(key)  # "её отец … с отцом она разошлась": one father, told once
        kept.append(item)
    out.fields["relatives"] = kept


_ONLY_ONE = frozenset({"father", "mother", "husband", "wife"})
_MARRIED = {"husband": "wife", "wife": "husband"}


# The other side of the ties beyond the nuclear family, when the other's gender is known: an
# uncle's nephew, a father-in-law's son-in-law.
_TURNED_WIDER = {
    "parent's sibling": "sibling's child", "sibling's child": "parent's sibling",
    "parent-in-law": "child-in-law", "child-in-law": "parent-in-law",
    "step-parent": "step-child", "step-child": "step-parent",
    "grandparent": "grandchild", "grandchild": "grandparent",
}  # fmt: skip


def _turned(relation: str, gender: str) -> str:
    """The kin term of the other side of a tie: "son" seen from a woman is "mother", "nephew"
    seen from a man "uncle"."""
    if relation not in KIN_TERMS:
        return ""
    wider = _TURNED_WIDER.get(KIN_TERMS[relation][0])
    if wider is not None:
        return kin_word(wider, gender) if gender != "unknown" else ""
    if not inverse_kin(relation):
        return ""  # a cousin, a grandparent: the other side's word is not one known term
    if relation in _MARRIED:
        return _MARRIED[relation]  # a husband's spouse is his wife, whatever her name suggests
    group = KIN_TERMS[inverse_kin(relation)[0]][0]
    return kin_word(group, gender)


def same_person(a: PersonRef, b: PersonRef) -> bool:
    """Two references to one person: the words of one name among the other's, and no clash
    of gender (the folded "Demina" is "Demin", her son)."""
    if a.name == b.name:
        return True
    if {a.gender, b.gender} == {"male", "female"}:
        return False
    ka, kb = _keys(a.name), _keys(b.name)
    if not (ka and kb and (ka <= kb or kb <= ka)):
        return False
    # "N. S. Orlik" is not "V. A. Orlik": one surname, other first names
    first_a, first_b = _first_given(a.name, ka & kb), _first_given(b.name, ka & kb)
    return not (first_a and first_b and first_a != first_b)


def _first_given(name: str, surname: frozenset[str]) -> str:
    """The folded first letter of the first word of `name` that is not its shared surname:
    its given name or first initial ("" when it has none)."""
    for word in name_forms.words(name):
        folded = name_forms.fold(word)
        if folded and folded not in surname:
            return folded[:1]
    return ""


@lru_cache(maxsize=20000)
def _keys(name: str) -> frozenset[str]:
    # (a given name cut short, "Вас. Дроздов", "Dm. Yastrebov", counts as its initial)
    cut = name_forms.shortened(name)
    return frozenset(
        k
        for k in (name_forms.fold(w) for w in name_forms.words(name) if len(w) > 1 and w not in cut)
        if k
    )
