"""Relatives named in a Russian letter: a kin word with whose kin it is and, when given, the
relative's name.

Forms read: a pronoun before or after the kin word ("её брат Вячеслав", "муж её, Попов",
"с её сестрой Верой"); a name in the genitive after it ("брат Каспаровой"), which says whose;
a name in apposition, in the kin word's own case ("брат её Слава Каспаров"); the name before
it ("Попов, её муж,"); a kin word alone ("отец её — рабочий"), an unnamed relative; and a
family listed after "семью" ("знаю всю семью Аллилуевых: отца, мать и двух дочерей").
Whose kin: the pronoun's person (the subject of that gender), the name in the genitive, "мой"
the author, else the letter's subject.
"""

from __future__ import annotations

import re

from commission.intake.reading.lexicon import COMPOUND_KIN
from commission.intake.reading.model import Extraction, Item, PersonRef
from commission.intake.reading.ru import lexicon
from commission.intake.reading.ru.context import FEMALE_PRONOUNS, MALE_PRONOUNS, SCRIBE_LINE, Ctx
from commission.intake.reading.ru.people import Mention, lemma, word_case
from commission.registry import cyrillic
from commission.registry.kin import KIN_TERMS, kin_word

_WORD = re.compile(r"[А-Яа-яЁё]+")
_MINE = frozenset(
    [
        "мой",
        "моя",
        "моё",
        "мое",
        "мои",
        "моего",
        "моей",
        "моему",
        "моим",
        "моих",
        "мою",
        "моём",
        "моем",
    ]
)
# "дочь наша Нюра" in a wife's letter about her husband: the family's, so the subject's.
_OURS = frozenset(
    ["наш", "наша", "наше", "наши", "нашего", "нашей", "нашему", "нашим", "наших", "нашу"]
)
# "жену свою, Ермолаеву Дарью": the one the sentence is about, in these letters the subject.
_OWN = frozenset(
    ["свой", "своя", "своё", "свое", "своего", "своей", "своему", "своим", "своих", "свою"]
)
_POSSESSIVE = FEMALE_PRONOUNS | MALE_PRONOUNS | {"их"} | _MINE | _OURS | _OWN
# "семью Ивановых", "Семья Мазурова — жена и четверо детей"
_FAMILY = re.compile(
    r"\b[Сс]емь(?:ю|я|и|ей|е)\b[^.:;]{0,40}?(?P<name>[А-ЯЁ][а-яё]+(?:ых|их|ова|ева|ёва|ина|ына))\b"
)


def _kin_word(word: str) -> tuple[str, str] | None:
    return lexicon.kin().get(lemma(word))


# A count before plural kin: "трое малых детей", "двое детей", "две дочери", "четверо".
_COUNTED_BEFORE = re.compile(
    r"\b(?:двое|трое|четверо|пятеро|шестеро|семеро|два|две|три|четыре|пять|шесть|семь|"
    r"обе|оба|\d{1,2})(?:\s+[а-яё]+(?:ых|их|ие|ые))?\s+$",
    re.IGNORECASE,
)


# "у него (трое малых) детей": whose kin, said by who has them.
_HAS_KIN = re.compile(r"\bу\s+(него|неё|нее|них|нас|меня)\s+(?:[а-яё]+\s+){0,3}$", re.IGNORECASE)
# ("у нас трое детей" in a wife's letter: the family's, the subject's as hers)
_HAS_PRONOUN = {"него": "его", "неё": "её", "нее": "её", "них": "их", "нас": "наш", "меня": "мой"}


def _plural(word: str) -> bool:
    """Whether a kin word is read as plural in every reading the analyser gives ("детей",
    "сыновья"); "дочери", which may be one daughter, is not."""
    parses = cyrillic.analyser().parse(word.lower())
    kin = [p for p in parses if lexicon.kin().get(p.normal_form) is not None] or parses
    return all(str(p.tag.number) == "plur" for p in kin)


def read_relatives(ctx: Ctx, out: Extraction) -> None:
    text = ctx.text
    taken: set[int] = set()
    families = _families(ctx)
    previous: tuple[int, str] | None = None  # end of the last kin phrase, its pronoun
    chained: set[int] = set()  # second kin words of "брат мужа", read with the first
    for m in _WORD.finditer(text, ctx.opening[1], ctx.closing[0]):
        word = m.group(0)
        if m.start() in chained:
            continue
        kin = _kin_word(word)
        if kin is None or _NURSE.match(ctx.low, m.end()):
            continue  # (a "сестра милосердия" is a nurse)
        if _FIGURATIVE.search(ctx.low, max(0, m.start() - 12), m.start()):
            continue  # "боевой брат покойного мужа": his comrade in arms, no kin
        relation, gender = kin
        # "трое малых детей", "две дочери", "два сына, Андрей и Яков": a count before the word
        count = _COUNTED_BEFORE.search(text, max(0, m.start() - 40), m.start())
        plural = _plural(word)
        counted = count if plural else None
        if plural and counted is None and not _names_follow(ctx, m.end()):
            # the children counted are one tie (the person the words as written); a plural
            # alone ("сыновей") is none, unless names follow it
            continue
        if relation in ("brother", "sister") and _COUSIN.search(
            text, max(0, m.start() - 16), m.start()
        ):
            relation = "cousin"  # "двоюродный брат"
        chain = _chain(ctx, m)
        if chain is not None:
            chained.add(chain.start())
            item = _chained_relative(ctx, m, chain, relation, gender, taken)
            if item is not None and not any(i.value == item.value for i in out.get("relatives")):
                out.add("relatives", item)
            previous = None
            continue
        inherited = ""
        if previous is not None and _enumerated(text[previous[0] : m.start()]):
            inherited = previous[1]  # "Отец мой — рабочий, мать — прачка": hers too
        found = _read_one(ctx, m, relation, gender, families, inherited)
        if found is None:
            previous = None
            continue
        named, of_ref, of_name, pronoun = found
        previous = (m.end(), pronoun) if pronoun else None
        if named is None and any(
            i.value["relation"] == relation
            and i.value["of"] == of_name
            and i.person is not None
            and i.person.name
            for i in out.get("relatives")
        ):
            continue  # "моего сына, Гусева Алексея … Сын мой …": the son already named
        if named is not None:
            if named.start in taken:
                continue
            taken.add(named.start)
            if named.cluster >= 0 and ctx.roles.get(named.cluster) is None:
                ctx.roles[named.cluster] = "relative"
        person_name = ctx.name_of(named) if named is not None else ""
        kin_span = ctx.letter.span("text", m.start(), m.end())
        person = (
            ctx.ref(named)
            if named is not None
            else PersonRef(name="", span=kin_span, gender=gender, description=word.lower())
        )
        if named is None and of_name:
            # "Пётр Гаврилович Чурсин: отец", in the letter's language (the relation, in the
            # registry's English vocabulary, is in the tie)
            person.description = f"{of_name}: {lemma(word)}"
        if named is not None and not named.surname and relation in _SAME_SURNAME:
            family = _family_surname(ctx, of_name, named.gender)
            if family:
                # "её брат Вячеслав": looked up as Вячеслав Каспаров, so a registry Vyacheslav
                # of another family is not taken for him.
                person.name = f"{person.name} {family}"
        as_written = text[counted.start() : m.end()].lower() if counted else word.lower()
        value = {"person": person_name or as_written, "relation": relation, "of": of_name}
        if any(i.value == value for i in out.get("relatives")):
            continue  # "Мужа моего … дело моего мужа": one husband
        out.add(
            "relatives",
            Item(value, kin_span, person, {"of": of_ref, "kin_as_written": word}),
        )
        if named is not None and (plural or count is not None):
            # "два сына, Андрей и Яков", "внучата, Маня и Петька": each of those named
            for other in _named_next(ctx, named, taken):
                taken.add(other.start)
                ctx.roles.setdefault(other.cluster, "relative")
                told = other.gender if other.gender in ("male", "female") else "unknown"
                group, said = KIN_TERMS[relation]
                # "две дочери, Люба и Шура": the word's gender, where it has one
                term = relation if said != "unknown" else kin_word(group, told)
                value = {"person": ctx.name_of(other), "relation": term, "of": of_name}
                out.add(
                    "relatives",
                    Item(value, kin_span, ctx.ref(other), {"of": of_ref, "kin_as_written": word}),
                )
    _married(ctx, out)
    _scribe_kin(ctx, out)
    _signers_kin(ctx, out)


# After a name signed under a petition, what the signer is to the member: "М. Суслов (муж)".
_SIGNER_KIN = re.compile(r"\s*\(\s*(?P<kin>[а-яё]+)\s*\)")


def _signers_kin(ctx: Ctx, out: Extraction) -> None:
    """Signers who say in brackets what they are to the one the letter is about ("Рабочие
    ткацкого цеха: М. Суслов (муж), А. Суслова (дочь), П. Клюев")."""
    subject = _subject(ctx)
    if subject is None:
        return
    for m in ctx.mentions:
        if m.start < ctx.closing[0] or ctx.roles.get(m.cluster) != "author":
            continue
        said = _SIGNER_KIN.match(ctx.text, m.end)
        found = _kin_word(said.group("kin")) if said is not None else None
        if said is None or found is None or m.cluster == subject.cluster:
            continue
        value = {"person": ctx.name_of(m), "relation": found[0], "of": ctx.name_of(subject)}
        if any(i.value == value for i in out.get("relatives")):
            continue
        span = ctx.letter.span("text", m.start, said.end())
        extra = {"of": ctx.ref(subject), "kin_as_written": said.group("kin")}
        out.add("relatives", Item(value, span, ctx.ref(m), extra))


# Between the names of a list: "Андрей и Яков", "Маня, Петька да Вера".
_NAMES_GAP = re.compile(r"\s*(?:,|,?\s*(?:и|да))\s*")


# Between a plural kin word and the names of those it counts: "внуки мои, Ваня и Груша".
_PLURAL_GAP = re.compile(r"\s*(?:(?:мои|наши|его|её|ее|их)\b)?\s*[,—–:-]?\s*")


def _names_follow(ctx: Ctx, end: int) -> bool:
    """Whether names follow a plural kin word, more than one ("внучата, Маня и Петька")."""
    following = next((x for x in ctx.mentions if x.start >= end), None)
    return (
        following is not None
        and _PLURAL_GAP.fullmatch(ctx.text[end : following.start]) is not None
        and re.match(r"\s*(?:,|и\b|да\b)", ctx.text[following.end :]) is not None
    )


def _named_next(ctx: Ctx, named: Mention, taken: set[int]) -> list[Mention]:
    """The names listed after the first one a plural kin word names."""
    out: list[Mention] = []
    last = named
    for m in ctx.mentions:
        if m.start < last.end:
            continue
        if (
            m.cluster < 0
            or m.start in taken
            or ctx.roles.get(m.cluster) is not None
            or not _NAMES_GAP.fullmatch(ctx.text[last.end : m.start])
        ):
            break
        out.append(m)
        last = m
    return out


# "По неграмотности её расписался сын Пётр Зуев": the writer's kin who held the pen for her.
_SCRIBE_KIN = re.compile(
    r"(?:расписал(?:ся|ась)|подписал(?:ся|ась)?|писал[аи]?|записал[аи]?)\s+(?:за\s+\S+\s+)?"
    r"(?P<kin>сын|дочь|дочка|внук|внучка|брат|сестра|муж|жена)\s+(?=[А-ЯЁ])"
)


def _scribe_kin(ctx: Ctx, out: Extraction) -> None:
    author = ctx.author_cluster()
    if author is None:
        return
    for line in SCRIBE_LINE.finditer(ctx.text, ctx.closing[0]):
        line_end = ctx.text.find("\n", line.start())
        line_end = len(ctx.text) if line_end < 0 else line_end
        kin = _SCRIBE_KIN.search(ctx.text, line.start(), line_end)
        if kin is None:
            continue
        named = next((m for m in ctx.mentions if m.start == kin.end() and m.cluster >= 0), None)
        found = _kin_word(kin.group("kin"))
        if named is None or found is None or named.cluster == author:
            continue
        relation, _gender = found
        writer = ctx.clusters[author]
        value = {"person": ctx.name_of(named), "relation": relation, "of": writer.name}
        if any(i.value == value for i in out.get("relatives")):
            continue
        ctx.roles.setdefault(named.cluster, "relative")
        span = ctx.letter.span("text", kin.start("kin"), kin.end("kin"))
        out.add(
            "relatives",
            Item(
                value,
                span,
                ctx.ref(named),
                {"of": ctx.ref(writer.best), "kin_as_written": kin.group("kin")},
            ),
        )


_LIVES_WITH = re.compile(
    r"\b(?:(?:живет|живёт|проживает)\s+(?P<who>он|она)|(?P<who2>он|она)\s+(?:живет|живёт|проживает))"
    r"[^.;!?]{0,20}?\s+со?\s+(?:[а-яё]+\s+)?$",
    re.IGNORECASE,
)
_NURSE = re.compile(r"\s+милосерди")
_FIGURATIVE = re.compile(r"\b(?:боев|крестов|назван)[а-яё]+\s+$")

_COUSIN = re.compile(r"двоюродн[а-яё]+\s+$", re.IGNORECASE)

# "брат мужа", "сестра её мужа", "отца моей жены": a kin word, a possessive maybe, and a second
# kin word in the genitive, saying whose; the words on one line, spaces alone between them.
_CHAIN_GAP = re.compile(r"[^\S\n]+")
_LATE = re.compile(r"(?:покойн|умерш|погибш|бывш)(?:ого|ей|ой)")


def _chain(ctx: Ctx, kin: re.Match[str]) -> re.Match[str] | None:
    """The second kin word of a chain ("мужа" of "брат мужа"), or None."""
    following = _WORD.search(ctx.text, kin.end(), min(len(ctx.text), kin.end() + 30))
    if following is None or not _CHAIN_GAP.fullmatch(ctx.text, kin.end(), following.start()):
        return None
    if following.group(0).lower() in _POSSESSIVE or _LATE.fullmatch(following.group(0).lower()):
        # "брат её мужа", "брат покойного мужа"
        second = _WORD.search(ctx.text, following.end(), min(len(ctx.text), following.end() + 30))
        if second is None or not re.fullmatch(r"\s+", ctx.text[following.end() : second.start()]):
            return None
        following = second
    word = following.group(0)
    if _kin_word(word) is None or _plural(word) or word_case(word)[0] != "gent":
        return None
    return following


def _chained_relative(
    ctx: Ctx,
    kin: re.Match[str],
    chain: re.Match[str],
    relation: str,
    gender: str,
    taken: set[int],
) -> Item | None:
    """The relative of "брат мужа, Пётр Столбов": in a letter about the writer's husband (the
    subject, and the husband of "мужа" with no one else's pronoun), the subject's brother;
    the kin of the subject's kin ("сестра её мужа" in a letter about her), the one in-law term
    that names it ("sister-in-law"), or nothing when no one term does."""
    text = ctx.text
    through, through_gender = _kin_word(chain.group(0)) or ("", "")
    between = text[kin.end() : chain.start()]
    pronouns = [w.lower() for w in _WORD.findall(between)] + [
        w.lower() for w in _WORD.findall(text[chain.end() : chain.end() + 8])[:1]
    ]
    pronoun = next((w for w in pronouns if w in _POSSESSIVE), "")
    subject = _subject(ctx)
    if subject is None:
        return None
    if (
        through in _ONE_OF
        and through_gender == subject.gender
        and (not pronoun or pronoun in _MINE or pronoun in _OURS)
    ):
        # "Брат мужа, Пётр Столбов" in his wife's letter about him: the husband's brother.
        term = relation
    else:
        owner = ctx.referent(pronoun, kin.start()) if pronoun and pronoun not in _MINE else None
        if pronoun in _MINE or (owner is not None and owner.cluster != subject.cluster):
            return None  # kin of the writer's kin, or of someone else's
        term = COMPOUND_KIN.get((through, relation), "")
        if not term:
            return None
    end = chain.end()
    if pronoun and text[chain.end() :].lstrip().lower().startswith(pronoun):
        end = chain.end() + text[chain.end() :].lower().index(pronoun) + len(pronoun)
    following = next((x for x in ctx.mentions if x.start >= end), None)
    named: Mention | None = None
    if (
        following is not None
        and re.fullmatch(
            r"\s*[,—–-]?\s*(?:тов\.\s*|т\.\s*|товарищ\w*\s+)?", text[end : following.start]
        )
        and gender in ("unknown", following.gender, "")
        and following.cluster != subject.cluster
        and following.start not in taken
        and ctx.roles.get(following.cluster) in (None, "relative")
    ):
        named = following
        taken.add(named.start)
        if named.cluster >= 0:
            ctx.roles[named.cluster] = "relative"
    of_name = ctx.name_of(subject)
    kin_span = ctx.letter.span("text", kin.start(), chain.end())
    written = text[kin.start() : chain.end()]
    person = (
        ctx.ref(named)
        if named is not None
        else PersonRef(name="", span=kin_span, gender=gender, description=f"{of_name}: {written}")
    )
    value = {"person": ctx.name_of(named) if named else written.lower(), "relation": term,
             "of": of_name}  # fmt: skip
    return Item(value, kin_span, person, {"of": ctx.ref(subject), "kin_as_written": written})


# "Михаил в 1918 году женился на Прасковье Гавриловне Сычёвой": his wife; "вышла замуж за
# Ивана Лобова": her husband.
_MARRIED = (
    (re.compile(r"\b(?:женился|оженился|женат|венчался)\s+на\s+", re.I), "wife", "female"),
    # ("Потом она вышла за Митрофана Сафронова": her second husband)
    (re.compile(r"\b(?:вышла\s+замуж|вышла|замужем)\s+за\s+", re.I), "husband", "male"),
)


def _married(ctx: Ctx, out: Extraction) -> None:
    for pattern, relation, gender in _MARRIED:
        for m in pattern.finditer(ctx.text, ctx.opening[1], ctx.closing[0]):
            spouse = next((x for x in ctx.mentions if m.end() <= x.start <= m.end() + 8), None)
            if spouse is None or spouse.cluster < 0:
                continue
            s, _e = ctx.sentence_at(m.start())
            before = [x for x in ctx.in_sentence(s, m.start()) if x.cluster >= 0]
            pronoun = re.search(r"\b(он|она)\b[^.!?]*$", ctx.low[s : m.start()])
            of = before[-1] if before else None
            if of is None and pronoun is not None:
                of = ctx.referent(pronoun.group(1), s + pronoun.start(1))
            if of is None or of.cluster == spouse.cluster:
                continue
            value = {"person": ctx.name_of(spouse), "relation": relation, "of": ctx.name_of(of)}
            if any(
                i.value["relation"] == relation
                and i.value["of"] == value["of"]
                and i.value["person"] in (value["person"], i.extra.get("kin_as_written"))
                for i in out.get("relatives")
            ):
                continue  # the spouse the letter names elsewhere too (not a first husband)
            if ctx.roles.get(spouse.cluster) is None:
                ctx.roles[spouse.cluster] = "relative"
            span = ctx.letter.span("text", m.start(), spouse.end)
            person = ctx.ref(spouse)
            person.gender = gender
            out.add(
                "relatives",
                Item(
                    value, span, person, {"of": ctx.ref(of), "kin_as_written": m.group(0).strip()}
                ),
            )


def _may_read_as(mention: Mention, case: str, gender: str) -> bool:
    """Whether the mention's first word reads, among its readings, as a name in this case (or
    the nominative) and of this gender."""
    words = mention.text.split()
    if not words or gender == "unknown":
        return False
    return any(
        r.gender == gender and (r.case in (case, "nomn", "any"))
        for r in cyrillic.word_readings(words[0])
    )


def _same_case(a: str, b: str) -> bool:
    """Cases that can be one form: a masculine animate accusative is its genitive."""
    return a == b or "any" in (a, b) or {a, b} == {"gent", "accs"}


def _enumerated(gap: str) -> bool:
    """Whether two kin words stand in one list: a comma or "и" between them, no sentence end,
    not far apart."""
    return len(gap) <= 40 and not re.search(r"[.!?;]", gap) and bool(re.search(r",|\sи\s", gap))


def _families(ctx: Ctx) -> list[tuple[int, int, str]]:
    """(start, end, family name in the nominative) of "семью Аллилуевых: отца, мать …", so the
    kin words listed after it are that family's."""
    found = []
    for m in _FAMILY.finditer(ctx.text):
        plural = m.group("name")
        stem = plural[:-2]
        end = ctx.text.find(".", m.end())
        found.append((m.end(), len(ctx.text) if end < 0 else end, stem))
    return found


def _read_one(
    ctx: Ctx,
    kin: re.Match[str],
    relation: str,
    gender: str,
    families: list[tuple[int, int, str]],
    inherited: str = "",
) -> tuple[Mention | None, PersonRef | None, str, str] | None:
    text = ctx.text
    after = text[kin.end() : kin.end() + 60]
    before = text[max(0, kin.start() - 30) : kin.start()]
    pron_after = re.match(r"\s+([А-Яа-яЁё]+)\b", after)
    pron_before = re.search(r"\b([А-Яа-яЁё]+)\s+$", before)
    # "Он племянник Орлова": who he is, not whose
    says_who = (
        pron_before if pron_before and pron_before.group(1).lower() in ("он", "она") else None
    )
    if says_who:
        pron_before = None
    pronoun = ""
    gap_end = kin.end()
    if pron_after and pron_after.group(1).lower() in _POSSESSIVE:
        pronoun = pron_after.group(1).lower()
        gap_end = kin.end() + pron_after.end()
    elif pron_before and pron_before.group(1).lower() in _POSSESSIVE:
        pronoun = pron_before.group(1).lower()
    elif not says_who:
        pronoun = _pronoun_before_adjectives(before)
    if not pronoun and (has := _HAS_KIN.search(before)) is not None:
        # "У него трое малых детей": kin one has ("у которой муж жил" is where he lived)
        pronoun = _HAS_PRONOUN[has.group(1).lower()]
    if not pronoun and (lives := _LIVES_WITH.search(before)) is not None:
        # "Живёт он с престарелой матерью": kin of the one who lives with them
        who = (lives.group("who") or lives.group("who2")).lower()
        pronoun = {"он": "его", "она": "её"}[who]
    pronoun = pronoun or inherited
    kin_case, _ = word_case(kin.group(0))
    following = next((x for x in ctx.mentions if x.start >= gap_end), None)
    if (
        not pronoun
        and following is not None
        and not text[gap_end : following.start].strip()
        and ctx.letter.in_capitals(kin.start(), following.end)
    ):
        # a telegram drops the pronoun: "ПРОШУ ЗАСТУПИТЬСЯ МУЖ ОКУНЕВ ТИМОФЕЙ ЛУКИЧ" is the
        # writer's husband
        pronoun = "мой"
    gap = text[gap_end : following.start] if following is not None else ""
    named: Mention | None = None
    of_mention: Mention | None = None
    if following is not None and pronoun and _OCCUPATION_GAP.fullmatch(gap) and _apposition(gap):
        gap = ""  # "её отца, наборщика Федора Кочеткова": an occupation in apposition
    if following is not None and re.fullmatch(
        # "брат её единокровный, Тихон Фомич Рогов": a word of which kin between
        r"\s*(?:(?:единокровн|единоутробн|сводн|родн)[а-яё]+\s*)?[,—–]?\s*"
        # ("Отец самого Пыжова": the man himself, whose father)
        r"(?:тов\.\s*|т\.\s*|товарищ\w*\s+|сам(?:ого|ой)\s+)?",
        gap,
    ):
        agrees = _same_case(following.case, kin_case) or following.case == "nomn"
        fits = gender in ("unknown", following.gender) or following.gender == "unknown"
        whose = following.case == "gent" and kin_case not in ("gent", "")
        own = bool(
            pron_after
            and pron_after.group(1).lower() in ("мой", "моя", "моё", "мое", "мои", "наш", "наша")
            and kin_case == "nomn"
            and not text[gap_end : following.start].strip()
        )
        if own and not fits and _may_read_as(following, kin_case, gender):
            # "Жена моя Антонина": the pronoun after the kin word makes the name after it the
            # relative (a woman's name, though "Антонина" also reads as a man's genitive)
            reading = cyrillic.read_name(following.text, case="nomn", gender=gender, strict=True)
            following.nominative, following.gender, following.case = (
                reading.text,
                reading.gender,
                reading.case,
            )
            named = following
        elif pronoun and fits and not (whose and pronoun == inherited):
            named = following  # "брата её, Славу Каспарова": the pronoun says whose
        elif pronoun and whose:
            # "Сын мой Коля, внук Игнатия Петровича": the list's pronoun does not reach a kin
            # word whose name in the genitive says whose
            of_mention = following
        elif not pronoun and following.case == "gent" and kin_case != "gent":
            of_mention = following  # "брат Каспаровой": whose brother
        elif not pronoun and _owner_then_named(ctx, following):
            # "уволили и сына Никифорова, Алексея": whose son, then the son by his name
            of_mention = following
        elif agrees and fits:
            named = following
        elif not pronoun and following.case == "gent":
            of_mention = following
    elif (
        following is not None
        and not pronoun
        and following.case == "gent"
        and kin_case != "gent"
        and _OCCUPATION_BEFORE_NAME.fullmatch(gap)
    ):
        of_mention = following  # "мать рабочего Тульского завода Малышева Льва": whose mother
    named_after = False
    if named is None and of_mention is not None:
        # "бывшего мужа Ветловой — Ветлова Игната": whose, then the relative's name in the kin
        # word's own case after a dash or a comma.
        after_of = next((x for x in ctx.mentions if x.start >= of_mention.end), None)
        if (
            after_of is not None
            # ("свёкор Клёновой, профессор Клёнов Борис Игоревич": an occupation between)
            and _OCCUPATION_AFTER.fullmatch(text, of_mention.end, after_of.start)
            and after_of.cluster != of_mention.cluster
        ):
            if _same_case(after_of.case, kin_case) and gender in ("unknown", after_of.gender):
                named, named_after = after_of, True
            elif gender != "unknown" and _may_read_as(after_of, kin_case, gender):
                # "жена Зотова, Антонина": the kin word's gender and case read the name after
                # it as hers ("Антонина", not the man's genitive "Антонин")
                reading = cyrillic.read_name(
                    after_of.text, case=kin_case or "nomn", gender=gender, strict=True
                )
                after_of.nominative, after_of.gender, after_of.case = (
                    reading.text,
                    reading.gender,
                    reading.case,
                )
                named, named_after = after_of, True
    if named is None and of_mention is None and not pronoun and following is not None:
        # "Глебовой, жены рабочего Сормовского завода Николая Ильича Глебова": the name before
        # in apposition is the relative, the name in the genitive after her occupation whose
        prev = [x for x in ctx.mentions if x.end <= kin.start()]
        if (
            prev
            and following.case == "gent"
            and re.fullmatch(r"\s*,\s*", text[prev[-1].end : kin.start()])
            and re.fullmatch(r"\s*(?:[А-Яа-яЁё-]+\s+){0,4}", gap)
            and gender in ("unknown", prev[-1].gender)
            and prev[-1].cluster != following.cluster
        ):
            named, of_mention = prev[-1], following
    if named is None and of_mention is None:
        # "Попов, её муж,": the name just before, in apposition.
        prev = [x for x in ctx.mentions if x.end <= kin.start()]
        if (
            prev
            and pronoun
            # "Попов, её муж", "Анфиса — его жена" (not "Анной Петровной, и тёщей": the next of a
            # list)
            and (
                between := re.fullmatch(
                    r"(?:,|\s*[—–])\s*(?P<w>[А-Яа-яЁё]+)\s+", text[prev[-1].end : kin.start()]
                )
            )
            and between.group("w").lower() in _POSSESSIVE
        ):
            candidate = prev[-1]
            # A subject too: "Лаптева Прасковья Ивановна, его жена" in a list of the expelled.
            if gender in ("unknown", candidate.gender) and ctx.roles.get(candidate.cluster) in (
                None,
                "relative",
                "subject",
            ):
                named = candidate
    if named is None and of_mention is not None and says_who is not None:
        # "Он племянник покойного Никиты Тарасова": the one the pronoun stands for is the kin
        # of the one named after (the tie is turned to his side later)
        he = ctx.referent(says_who.group(1), kin.start() - len(before) + says_who.start(1))
        if he is not None and he.cluster != of_mention.cluster:
            named, named_after = he, True
    author = ctx.author_cluster()
    if named is None and author is not None and _WRITER_SAYS.search(before):
        # "Пишет Вам вдова Гаврилы Чурсина": the writer says who she is
        named, named_after = ctx.clusters[author].best, True
    role = ctx.roles.get(named.cluster) if named is not None else None
    if role == "addressee" or (role == "author" and not named_after):
        return None  # "Пишет Вам мать …, Анна Малышева": the writer says who she is
    of_ref: PersonRef | None = None
    # the words say whose kin, asked only with no pronoun: the member's ("мать исключённого")
    # or a family's named before ("Семья Мазурова — жена и четверо детей")
    said_whose = False
    of_name = ""
    if of_mention is not None:
        of_ref, of_name = ctx.ref(of_mention), ctx.name_of(of_mention)
    elif pronoun in _MINE:
        author = ctx.author_cluster()
        if author is not None:
            best = ctx.clusters[author].best
            of_ref, of_name = ctx.ref(best), ctx.clusters[author].name
            subject = _subject(ctx)
            if (
                named is None
                and subject is not None
                and subject.cluster != author
                and gender == subject.gender
                and relation in _ONE_OF
            ):
                named = subject  # "Мужа моего исключили": the husband is the letter's subject
    elif pronoun in _OWN and (doer := _clause_subject(ctx, kin.start())) is not None:
        # "Ольга Васильевна … с отцом своим порвала": her own father, the one the clause is
        # about, not the letter's subject
        of_ref, of_name = ctx.ref(doer), ctx.name_of(doer)
    elif pronoun in _OURS or pronoun in _OWN:
        subject = _subject(ctx)
        author = ctx.author_cluster()
        if (
            pronoun in _OURS
            and named is not None
            and subject is not None
            and named.cluster == subject.cluster
            and author is not None
            and author != subject.cluster
        ):
            # "Пишу про сына нашего Петра" in his mother's letter: the son is the writer's
            best = ctx.clusters[author].best
            of_ref, of_name = ctx.ref(best), ctx.clusters[author].name
        elif subject is not None:
            of_ref, of_name = ctx.ref(subject), ctx.name_of(subject)
    elif pronoun:
        referent = ctx.referent(pronoun, kin.start())
        if referent is not None:
            of_ref, of_name = ctx.ref(referent), ctx.name_of(referent)
    else:
        family = next((f for f in families if f[0] <= kin.start() <= f[1]), None)
        said_whose = family is not None or _the_members(ctx, kin)
        if family is not None:
            of_name = _family_member_of(ctx, family[2])
        elif named is not None or _listed(ctx, kin.start()) or said_whose:
            subject = _subject(ctx)
            if subject is not None:
                of_ref, of_name = ctx.ref(subject), ctx.name_of(subject)
    if not of_name or (named is not None and ctx.name_of(named) == of_name):
        return None
    if (
        named is None
        and not pronoun
        and not _listed(ctx, kin.start())
        and not said_whose
        and of_mention is None
    ):
        return None
    return named, of_ref, of_name, pronoun


# "мать исключённого", "за отца-лавочника", "муж-торговец": kin of the one the letter is about,
# said without a name or a pronoun.
_OF_THE_MEMBER = re.compile(
    r"\s+(?:исключ[её]нн(?:ого|ой)|обвиняем(?:ого|ой)|проверяем(?:ого|ой))\b"
)
_HYPHENED = re.compile(r"-[а-яё]{3,}\b")


def _the_members(ctx: Ctx, kin: re.Match[str]) -> bool:
    """Whether a kin word, with no name and no pronoun, is the member's kin by its words: a
    genitive "of the expelled one" after it, or an occupation joined to it by a hyphen."""
    text = ctx.text
    return bool(
        _OF_THE_MEMBER.match(text, kin.end())
        or _HYPHENED.match(text, kin.end())
        or re.search(r"\b[а-яё]{3,}-$", text[max(0, kin.start() - 20) : kin.start()])
    )


def _clause_subject(ctx: Ctx, pos: int) -> Mention | None:
    """The person named in the nominative earlier in the sentence, whom a "свой" before `pos`
    refers to; None when the sentence names no one so."""
    start = max(ctx.text.rfind(mark, 0, pos) for mark in (".", "!", "?", "\n")) + 1
    named = [
        x
        for x in ctx.mentions
        if start <= x.start and x.end <= pos and x.case == "nomn" and x.cluster >= 0
    ]
    return named[-1] if named else None


# Before a kin word, the writer introducing themself: "Пишет Вам мать …", "Я, вдова …",
# "Обращается к Вам жена …".
_WRITER_SAYS = re.compile(
    r"(?:^|[.!?\n]\s*)(?:Пишет|Обращается|Пишу\s+Вам\s+я|Я)\s*(?:Вам|вам|к\s+Вам|к\s+вам)?\s*[,—–-]?"
    r"\s*(?:(?:старая|старый|бедная|несчастная|родная|родной)\s+)?$"
)


# Between a kin word and the name, one or two lower-case words of an occupation: ", наборщика ",
# ", бывшего владельца булочной ," is not read here (it follows the name).
_OCCUPATION_GAP = re.compile(
    # "её отца, наборщика Федора Кочеткова", "его тесть член партии с 1905 Огнев Лука Ильич"
    # (a telegram's apposition without its comma), "его дед по матери, Кондрат Лукьянов"
    r"\s*(?:по\s+(?:матери|отцу)\s*)?,?\s*(?:(?:[а-яё]+(?:-[а-яё]+)?|с\s+\d{4}(?:\s+г\.)?)\s+){0,4}"
)


# Between a kin word and the name of whose kin, an occupation in the genitive and where
# ("рабочего Тульского оружейного завода ").
def _apposition(gap: str) -> bool:
    """Whether the words between a kin word and a name describe the relative (nouns and their
    adjectives, "с 1905"), not a clause ("сын мой с самой Пасхи не разговаривает", "сын мой
    выгнал Лыкова")."""
    words = re.findall(r"[А-Яа-яЁё-]+|\d+", gap)
    for i, word in enumerate(words):
        low = word.lower()
        if low.isdigit() or (low in ("с", "по") and i + 1 < len(words) and words[i + 1].isdigit()):
            continue
        if low == "по" and i + 1 < len(words) and words[i + 1].lower() in ("матери", "отцу"):
            continue
        if low in ("матери", "отцу") and i and words[i - 1].lower() == "по":
            continue
        if low == "г":
            continue
        parses = cyrillic.analyser().parse(low)
        # a word read first as a preposition, verb or particle ("с", "выгнал") ends the
        # apposition, unless a noun is a likely reading too ("слесарь" is read first as a
        # verb's imperative)
        if parses[0].tag.POS in ("PREP", "CONJ", "VERB", "PRCL") and not any(
            p.tag.POS == "NOUN" and p.score >= 0.2 for p in parses
        ):
            return False
        if not any(p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses):
            return False
    return True


_OCCUPATION_AFTER = re.compile(r"\s*[—–,-]\s*(?:[а-яё]+(?:-[а-яё]+)?\s+){0,2}")
_OCCUPATION_BEFORE_NAME = re.compile(r"\s+[а-яё]+(?:\s+[А-Яа-яЁё-]+){0,3}\s+")


def _owner_then_named(ctx: Ctx, following: Mention) -> bool:
    """Whether a surname in the genitive after a kin word is whose kin, the kin named after it
    by a given name in apposition ("сына Никифорова, Алексея")."""
    if following.case != "gent" or following.given or not following.surname:
        return False
    after = next((x for x in ctx.mentions if x.start >= following.end), None)
    return (
        after is not None
        and bool(after.given)
        and not after.surname
        and after.cluster != following.cluster
        and re.fullmatch(r",\s*", ctx.text[following.end : after.start]) is not None
    )


def _pronoun_before_adjectives(before: str) -> str:
    """ "моего второго мужа", "её покойного мужа": the possessive before one or two adjectives
    that stand before the kin word."""
    words = re.findall(r"[А-Яа-яЁё]+|[,.;:!?]", before)[-3:]
    for word in reversed(words):
        low = word.lower()
        if low in _POSSESSIVE:
            return low
        if not word.isalpha() or not _is_adjective(low):
            return ""
    return ""


def _is_adjective(word: str) -> bool:
    from commission.registry.cyrillic import analyser

    return any(
        {"ADJF"} <= set(p.tag.grammemes) or "Anum" in p.tag.grammemes
        for p in analyser().parse(word)[:2]
    )


# Kin born to a family, who bear its surname (a wife, a husband may not).
_SAME_SURNAME = frozenset(["brother", "sister", "father", "mother", "son", "daughter"])
_GENDERED_ENDINGS = (
    ("ская", "ский"),
    ("цкая", "цкий"),
    ("ова", "ов"),
    ("ева", "ев"),
    ("ина", "ин"),
)


def _family_surname(ctx: Ctx, of_name: str, gender: str) -> str:
    """The surname of the person whose kin this is, in the kinsman's gender ("брат
    Каспаровой-Поповой" is a Каспаров)."""
    cluster = next((c for c in ctx.clusters if c.name == of_name), None)
    surname = cluster.best.surname if cluster is not None else ""
    if not surname or gender not in ("male", "female"):
        return ""
    head = surname.split("-")[0]
    for feminine, masculine in _GENDERED_ENDINGS:
        if head.endswith(feminine):
            return head if gender == "female" else head[: -len(feminine)] + masculine
        if head.endswith(masculine):
            return head if gender == "male" else head[: -len(masculine)] + feminine
    return head


# Kin a person has one of: "мой муж" in a letter about one man is that man.
_ONE_OF = frozenset(["husband", "wife"])


def _listed(ctx: Ctx, pos: int) -> bool:
    """Whether a kin word stands in a family enumeration ("отца, мать и двух дочерей")."""
    return any(f[0] <= pos <= f[1] for f in _families(ctx))


def _family_member_of(ctx: Ctx, stem: str) -> str:
    """Parents in "семью Аллилуевых" are the subject's when the subject bears that name;
    otherwise the family itself is whose they are."""
    subject = _subject(ctx)
    if subject is not None and ctx.name_of(subject).split()[-1].startswith(stem[:-1]):
        return ctx.name_of(subject)
    return f"{stem} family"


def _subject(ctx: Ctx) -> Mention | None:
    for cluster in ctx.clusters:
        if ctx.roles.get(cluster.index) == "subject":
            return cluster.best
    author = ctx.author_cluster()
    if ctx.author_is_subject and author is not None:
        return ctx.clusters[author].best  # "на венчании своей сестры": the writer's own
    return None
