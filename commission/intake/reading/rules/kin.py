"""Relatives: "her husband, Comrade Popov", "Kasparov's sister", "the widow of Comrade
Petrov", "the Ivanov family, i.e. the father and two sons".
"""

from __future__ import annotations

import re

from commission.intake.reading import lexicon as lx
from commission.intake.reading.mentions import Mention, gender_of
from commission.intake.reading.model import Extraction, Item, PersonRef, Span
from commission.intake.reading.rules.context import _Ctx, _ref, _sentence_at
from commission.intake.reading.rules.people import (
    _PRONOUN,
    _antecedent,
    _author_mention,
    _cluster_name,
    _mention_at,
)
from commission.registry import names as name_forms
from commission.registry.kin import inverse_kin

# A possessive's kin word after a name: "Kondratyev's brother-in-law", "Anna's late father".
_OWNS_KIN = re.compile(rf"['’]s\s+(?:{lx.KIN_ADJECTIVES}\s+)*(?P<kin>{lx.KIN_WORDS})\b")
# Between that kin word and the relative it names: "Gromyko's brother-in-law Pyotr Lanin".
_OWNED_NAMED = re.compile(rf",?\s+(?:{lx.TITLES}\s+)?")


def _relatives(ctx: _Ctx, out: Extraction) -> None:
    text, letter = ctx.text, ctx.letter
    seen: set[tuple[str, str, str]] = set()
    pairs: set[tuple[int, int]] = set()
    in_laws: set[int] = set()

    def add(
        person: Mention | None,
        description: str,
        kin: str,
        of: Mention | None,
        of_name: str,
        span: Span,
        written: str = "",
        given: str = "",
        owner_gender: str = "unknown",
        listed: bool = False,
        declared_to: bool = False,
    ) -> None:
        relation = lx.KIN[kin.lower()]
        if person is None and of is None and not of_name:
            # "her father" with no one named before it to be hers: the subject's, if the letter
            # turns out to have one alone (settle_unowned_kin)
            ctx.unowned_kin.append((kin, span))
            return
        person_key = str(person.cluster) if person is not None else ""
        of_key = str(of.cluster) if of is not None and of.cluster >= 0 else of_name
        key = (person_key or description.lower(), relation, of_key)
        if key in seen:
            return
        if not listed and person is None and any(k[1] == relation and k[2] == of_key for k in seen):
            return  # "her brother" after "her brother Slava Kasparov" is the same brother
        if person is not None and of is not None and (of.cluster, person.cluster) in pairs:
            return  # the same tie seen from the other side ("her brother" / "his sister")
        seen.add(key)
        if person is not None and of is not None:
            pairs.add((person.cluster, of.cluster))
        if person is not None and relation.endswith("-in-law"):
            in_laws.add(person.cluster)
        if person is not None:
            ref = _ref(letter, "text", person)
            ref.name = _cluster_name(ctx, person)
            if not declared_to:
                # (the one the writer introduced herself as kin to, "I, …, daughter-in-law of
                # Vasily Sinitsyn … my father-in-law", is most often whom she writes about)
                ctx.roles.setdefault(person.cluster, "relative")
        else:
            ref = PersonRef(
                name=given,
                span=span,
                gender=lx.KIN_GENDER.get(relation, "unknown"),
                description=f"{of_name}'s {relation}" if of_name else description,
            )
        of_value = _cluster_name(ctx, of) if of is not None else of_name
        of_ref = (
            _ref(letter, "text", of)
            if of is not None
            else (
                PersonRef(name=of_name, span=None, family=of_name.endswith(" family"))
                if of_name
                else None
            )
        )
        if of_ref is not None and of is not None:
            of_ref.name = of_value
        if of_ref is not None and of_ref.gender == "unknown" and not of_ref.family:
            # "Shubina … her son-in-law": the possessive tells whose gender the name did not;
            # "my son" in a letter signed "M. A. Sumarokova": the writer's name does
            of_ref.gender = owner_gender if owner_gender != "unknown" else gender_of(of_value)
        if listed and lx.KIN_GENDER.get(relation):
            ref.gender = lx.KIN_GENDER[relation]  # "sisters, Lida and Shura": both sisters
        value = {"person": ref.name or span.text, "relation": relation, "of": of_value}
        extra = {"of": of_ref, "kin_as_written": written or kin}
        out.add("relatives", Item(value, span, ref, extra))

    poss = re.compile(
        rf"\b(?P<poss>[Hh]er|[Hh]is|[Mm]y|[Tt]heir|[Oo]ur|[Aa]n?)\s+(?:{lx.KIN_ADJECTIVES}\s+)*"
        rf"(?P<kin>{lx.KIN_WORDS})\b"
        rf"(?:['’]s\s+(?P<kin2>{lx.KIN_WORDS})\b)?"
    )
    # The name after a kin phrase, perhaps behind an apposition: "her husband, Comrade Popov",
    # "his father-in-law, the miller Ivanov".
    named_tails = _NAMED_TAILS
    declared = _declared_kin(ctx)
    for m in poss.finditer(text):
        kin = m.group("kin")
        counted = _COUNTED.search(m.group(0)) and kin.lower() != lx.KIN[kin.lower()]
        if counted and (m.group("kin2") or m.group("poss").lower() in ("a", "an")):
            continue
        if m.group("poss").lower() in ("a", "an"):
            if _ARTICLE_KIN.fullmatch(m.group(0)) and kin.lower() in _ARTICLE_KIN_WORDS:
                # "She is left with a small son": the subject's, once the letter names its
                # subject
                add(None, m.group(0), kin, None, "", letter.span("text", m.start(), m.end()))
            continue
        if m.group("kin2"):
            compound = lx.COMPOUND_KIN.get((lx.KIN[kin.lower()], lx.KIN[m.group("kin2").lower()]))
            if compound is None:
                continue
            kin = compound
        named = None
        for tail_pattern in named_tails:
            tail = tail_pattern.match(text, m.end())
            if named is None and tail is not None:
                named = _mention_at(ctx, tail.end(), slack=0)
        if named is not None and named.possessive:
            # "Her brother, Gromyko's brother-in-law Pyotr Lanin": the name that owns the next
            # kin word is not this kin; the one that kin names is
            owned = _OWNS_KIN.match(text, named.end)
            behind = _OWNED_NAMED.match(text, owned.end()) if owned else None
            named = _mention_at(ctx, behind.end(), slack=0) if behind else None
        word = m.group("poss").lower()
        apposed = _apposed_kin(ctx, m.start(), m.end(), word)
        if apposed is not None and (named is None or "\n" in text[m.end() : named.start]):
            # (a name on the next line is the next signer's, not the kin's)
            kin_of, owner = apposed
            add(
                kin_of,
                m.group(0),
                kin,
                owner,
                owner.text if owner is not None else "",
                letter.span("text", kin_of.start, m.end()),
            )
            continue
        if word in ("my", "our"):
            # The author's fullest name in the letter ("I, Anna Petrovna Ivanova" over the
            # signed "A. Ivanova"), so the tie names the same person as the subjects do.
            authors = out.get("author")
            of = _author_mention(ctx)
            of_name = authors[0].value if authors else "the author"
        else:
            # "Her husband, Semyon Fomin, fell …; she brings up their two sons": the couple's
            # children are recorded as the one the letter is about, not the relative's.
            skip = ("relative",) if word == "their" else ()
            of = _antecedent(ctx, m.start(), word if word != "their" else "", skip_roles=skip)
            of_name = of.text if of is not None else ""
            families = [f for f in ctx.mentions if f.family and f.end <= m.start()]
            if word == "their" and families and (of is None or families[-1].start > of.start):
                of, of_name = None, f"{families[-1].text} family"
        declared_to = False
        if named is None and word in ("my", "our") and kin.lower() in lx.KIN:
            # "I am the wife of Grigory Tverdokhlebov … My husband has been expelled": the
            # husband is the man she named
            named = declared.get(lx.KIN[kin.lower()])
            if named is not None:
                ctx.kin_referents[m.end()] = named
                declared_to = True
        if named is not None and of is not None and named.cluster == of.cluster:
            named = None
        if (
            named is not None
            and of is not None
            and word in ("her", "his")
            and lx.KIN.get(kin.lower()) in _SAME_NAME_KIN
        ):
            # "… exposed the kulak Mordvinov … His brother, Ivan Burlakov, works …": the one
            # of the family name before, not the last man named
            of = _of_the_family(ctx, named, of, m.start(), word) or of
            of_name = of.text
        if named is None and of is None and word in ("her", "his"):
            same = _reciprocal_referent(ctx, m.start(), word, lx.KIN[kin.lower()])
            if same is not None:
                ctx.kin_referents[m.end()] = same
                continue  # the tie already read from the other side
        end = named.end if named is not None else m.end()
        forename = _forename_after(text, m.end()) if named is None else None
        if forename is not None:
            end = forename[1]  # "his wife Raisa": a forename alone, not found as a name
        span = letter.span("text", m.start(), end)
        written = m.group(0)[m.start("kin") - m.start() :]
        add(
            named,
            m.group(0),
            kin,
            of,
            of_name,
            span,
            written=written,
            given=forename[0] if forename is not None else "",
            owner_gender=lx.PRONOUN_GENDER.get(word, "unknown"),
            declared_to=declared_to,
        )
        if kin.lower() != lx.KIN.get(kin.lower()) and (named is not None or forename is not None):
            # "my little sisters, Lida and Shura", "two daughters, Nina and Vera": each named
            listed, end = _listed_kin(ctx, end, forenames=named is None)
            for person, given, place in listed:
                add(
                    person,
                    given,
                    kin,
                    of,
                    of_name,
                    place,
                    written=written,
                    given=given,
                    listed=True,
                )
        # "Her mother and father kept a shop": a second kin word joined to the first
        for second in _JOINED_KIN.finditer(text, end, end + 40):
            if second.start() != end:
                break
            end = second.end()
            add(
                None,
                second.group(0).strip(),
                second.group("kin"),
                of,
                of_name,
                letter.span("text", second.start("kin"), second.end()),
            )

    # "They have two small children", "He has a wife and four children to keep", "I have a son
    # of six to bring up alone": the kin counted, each a tie of the one who has them ("they":
    # the letter's subject, once it is known)
    for m in _HAVE_KIN.finditer(text):
        who = (m.group("who") or "").lower()
        if who in ("he", "she"):
            of = _antecedent(ctx, m.start(), who)
        elif who == "i":
            of = _author_mention(ctx)
        elif who == "they":
            of = None
        else:
            # "Com. Bazhenov has a wife …": the one named right before the verb
            of = next((x for x in ctx.mentions if x.end == m.start() and not x.family), None)
            if of is None:
                continue
        at = m.end()
        while (kin_m := _HAD_KIN.match(text, at)) is not None:
            # "She has a sister, Olga, who lives with her": named beside the word (or, in an
            # unschooled hand, right after it: "I have wife Agrafena and three kids")
            called = re.match(r",\s+|[ \t]+(?=[A-Z])", text[kin_m.end() :])
            named = _mention_at(ctx, kin_m.end() + called.end(), slack=0) if called else None
            if named is not None and not re.match(r"\s*(?:[,.;]|and\b)", text[named.end :]):
                named = None
            add(
                named,
                kin_m.group("had"),
                kin_m.group("kin"),
                of,
                of.text if of is not None else "",
                letter.span("text", kin_m.start("had"), kin_m.end("had")),
                written=kin_m.group("had"),
                listed=True,
            )
            at = kin_m.end()
            if (joined := _HAD_JOIN.match(text, at)) is None:
                break
            at = joined.end()

    for mention in ctx.mentions:
        if not mention.possessive:
            continue
        k = _OWNS_KIN.match(text, mention.end)
        if not k:
            continue
        if re.search(r"\b(?:is|was)\s+$", text[max(0, mention.start - 8) : mention.start]):
            continue  # "His wife, Anna Fotiyevna, is Sheshukov's only daughter": said of her
        kin = k.group("kin")
        relation = lx.KIN[kin.lower()]
        kin_end = k.end()
        named = None
        for tail_pattern in _NAMED_TAILS:
            # "Anna's father, old Stepan Kashin", "Kondratyev's brother-in-law Vasily Prokhorov"
            tail = tail_pattern.match(text, kin_end)
            if named is None and tail is not None:
                named = _mention_at(ctx, tail.end(), slack=0)
        if named is None:
            named = _kin_referent(ctx, mention, relation)
        add(
            named,
            text[mention.start : kin_end],
            kin,
            mention,
            mention.text,
            letter.span("text", mention.start, kin_end),
        )

    # "Marfa Lukina's sister-in-law" told the other way: "Zinaida Lukina, whose sister-in-law,
    # Comrade Marfa Lukina, sits on the soviet": the name before "whose" is the one she is kin to.
    # "In 1919 he married Anna Sergeyevna Kurbatova, a priest's daughter": his wife
    for m in _MARRIED.finditer(text):
        spouse = _mention_at(ctx, m.end(), slack=0)
        if spouse is None or spouse.cluster < 0:
            continue
        s, _e = _sentence_at(ctx, m.start())
        before = [
            # (not "Vitya's" in "My daughter Nadezhda, Vitya's mother, married Prosvirin")
            x
            for x in ctx.mentions
            if s <= x.start and x.end <= m.start() and x.cluster >= 0 and not x.possessive
        ]
        pron = re.search(r"\b([Hh]e|[Ss]he|I)\s+(?:[a-z]+\s+){0,3}$", text[s : m.start()])
        of = before[-1] if before else None
        if of is None and pron is not None and pron.group(1) == "I":
            of = _author_mention(ctx)  # "In 1919 I married Com. Nikolai Repin": her husband
        elif of is None and pron is not None:
            of = _antecedent(ctx, s + pron.start(1), pron.group(1).lower())
        if of is None or of.cluster == spouse.cluster:
            continue
        kin = "wife" if spouse.gender == "female" or of.gender == "male" else "husband"
        add(
            spouse,
            text[m.start() : spouse.end],
            kin,
            of,
            _cluster_name(ctx, of),
            letter.span("text", m.start(), spouse.end),
        )

    for m in _WHOSE_KIN.finditer(text):
        named = None
        for tail_pattern in _NAMED_TAILS:
            tail = tail_pattern.match(text, m.end())
            if named is None and tail is not None:
                named = _mention_at(ctx, tail.end(), slack=0)
        before = [x for x in ctx.mentions if x.end <= m.start() and x.cluster >= 0]
        gap = text[before[-1].end : m.start()] if before else "."
        if "." in gap or "\n" in gap or len(gap) > 60:
            # "a widow whose husband was killed …" of a woman not yet named: the subject's
            if named is None:
                add(None, m.group(0), m.group("kin"), None, "", letter.span("text", *m.span()))
            continue
        of = ctx.clusters[before[-1].cluster].best
        if named is not None and named.cluster == of.cluster:
            continue
        end = named.end if named is not None else m.end()
        add(named, m.group(0), m.group("kin"), of, of.text, letter.span("text", m.start(), end))

    of_pat = re.compile(
        # (after a name and its comma the article may go: "Praskovya Zuyeva, wife of M. I.
        # Zuyev", signed under a statement)
        rf"(?:\bthe\s+|(?<=[a-z], ))(?P<kin>{lx.KIN_WORDS})\s+of\s+(?:the\s+late\s+)?"
        rf"(?:{lx.TITLES}\s+)?"
    )
    for m in of_pat.finditer(text):
        of = _mention_at(ctx, m.end(), slack=0)
        if of is None and (described := _DESCRIBED.match(text, m.end())):
            # "the son of the old Bolshevik weaver Grigory Rudnev": a name behind its description
            for word in re.finditer(r"\S+", described.group(0)):
                of = _mention_at(ctx, m.end() + word.start(), slack=0)
                if of is not None:
                    break
        if of is None:
            continue
        # "Anna Petrova, the widow of Comrade Ivan Petrov": the name before is the relative.
        before = [
            x
            for x in ctx.mentions
            if x.end <= m.start() and re.fullmatch(r",\s*", text[x.end : m.start()])
        ]
        person = before[-1] if before and before[-1].cluster != of.cluster else None
        if person is None and re.search(r"\bI(?:\s+(?:am|was)|,)\s+$", text[: m.start()]):
            # "I am the wife of Grigory Tverdokhlebov", "I, the mother of the expelled …"
            person = _author_mention(ctx)
        start = person.start if person is not None and person.end <= m.start() else m.start()
        said = _IS_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if person is None and said is not None:
            # "she is the daughter of the merchant Kuzma Lopatin", "Belyaeva was the widow of"
            if said.group("pron"):
                person = _antecedent(ctx, said.start(), said.group("pron"))
            else:
                person = next((x for x in ctx.mentions if x.end == said.start("name")), None)
            if person is not None and person.cluster == of.cluster:
                person = None
        add(
            person,
            text[start : of.end],
            m.group("kin"),
            of,
            of.text,
            letter.span("text", start, of.end),
        )

    fam = re.compile(
        r"\bthe\s+(?:whole\s+|entire\s+)?(?P<fam>[A-Z][\w’'-]+)\s+family\b(?P<enum>(?:i\.\s?e\.|[^.;]){0,160})"
    )
    for m in fam.finditer(text):
        family = m.group("fam")
        member_of = _family_subject(ctx, family, exclude=in_laws)
        enum = m.group("enum")
        lead = re.match(r"\s*(?:,\s*)?(?:i\.\s?e\.,?|that is,?|namely,?|:|\(|—|–|-)\s*", enum)
        if not lead:
            continue
        base = m.start("enum") + lead.end()
        item_pat = re.compile(
            rf"(?:,\s*|\s+and\s+|,\s+and\s+)?(?:the\s+|her\s+|his\s+|their\s+)?"
            rf"(?:(?:two|three|four|both|elder|younger)\s+)?(?P<kin>{lx.KIN_WORDS})\b"
        )
        segment = text[base : base + len(enum) - lead.end()]
        found_items = []
        at = 0
        while (it := item_pat.match(segment, at)) is not None:
            found_items.append(it)
            at = it.end()
        for it in found_items:
            kin = it.group("kin")
            relation = lx.KIN[kin.lower()]
            span = letter.span(
                "text",
                base + it.start("kin") - _article(text, base + it.start("kin")),
                base + it.end(),
            )
            if relation in ("father", "mother", "parent") and member_of is not None:
                add(None, span.text, kin, member_of, member_of.text, span)
            else:
                add(None, span.text, kin, None, f"{family} family", span)
    authors = out.get("author")
    writer = _author_mention(ctx)
    for m in _BARE_KIN.finditer(text):
        # a telegram drops the pronoun: "HUSBAND KIRILL MATVEYEVICH NAUMOV PARTY MEMBER …" is
        # the writer's husband
        named = _mention_at(ctx, m.end(), slack=1)
        if named is None or writer is None or not letter.in_capitals(m.start(), named.end):
            continue
        kin = m.group("kin")
        add(
            named, m.group(0), kin, writer, authors[0].value if authors else writer.text,
            letter.span("text", m.start(), named.end), owner_gender=writer.gender,
            declared_to=True,  # (whom a telegram names so is most often whom it is about)
        )  # fmt: skip


# A kin word with no pronoun before it, at a line's or a clause's head: a telegram's "HUSBAND".
_BARE_KIN = re.compile(
    rf"(?:^|(?<=[.=:]\s)|(?<=[.=:]\s\s)|(?<=\s\s\s))(?P<kin>{lx.KIN_WORDS})\b(?=\s+[A-Z])",
    re.IGNORECASE | re.MULTILINE,
)

# The name after a kin phrase, perhaps behind an apposition or a verb of being: "her husband,
# Comrade Popov", "his father-in-law, the miller Ivanov", "her late husband was Comrade Grachov".
_NAMED_TAILS = (
    # ("Her husband himself, Nikanor Kholodov, went off with the Whites")
    re.compile(rf"(?:\s+(?:himself|herself))?,?\s+(?:{lx.TITLES}\s+)?"),
    re.compile(rf",\s+the\s+(?:[a-z][\w-]*\s+){{1,2}}(?:{lx.TITLES}\s+)?"),
    # "their father too, the turner Luka Abrosimov", "Anna's father, old Stepan Kashin"
    re.compile(
        rf"(?:\s+(?:too|also))?,\s+(?:the\s+|old\s+|young\s+|an?\s+)(?:[a-z][\w-]*\s+){{0,2}}"
        rf"(?:{lx.TITLES}\s+)?"
    ),
    re.compile(rf"\s+(?:was|is)\s+(?:{lx.TITLES}\s+)?"),
)

# Between a name and the kin words that follow it as an apposition.
_APPOSED = re.compile(r"(?:, |\s*\(\s*)$")
_BRACKET_CLOSES = re.compile(r"\s*\)")
# (or the end of a signed line: "Kuzma Rodionov / Ivan Rodionov, his son")
_APPOSITION_ENDS = re.compile(r"[ \t]*(?:[,;:]|\n|$)")
_NAME_ALONE_ABOVE = re.compile(r"[ \t]*\n[ \t]*")


def _signer_above(ctx: _Ctx, named: Mention) -> Mention | None:
    """The name alone on the line just above `named`'s line ("Kuzma Rodionov" over "Ivan
    Rodionov, his son"), or None."""
    line_start = ctx.text.rfind("\n", 0, named.start) + 1
    for x in ctx.mentions:
        own_line = ctx.text.rfind("\n", 0, x.start) + 1
        if (
            x.cluster >= 0
            and x.end < line_start
            and _NAME_ALONE_ABOVE.fullmatch(ctx.text, x.end, line_start)
            and not ctx.text[own_line : x.start].strip()
        ):
            return x
    return None


def _apposed_kin(
    ctx: _Ctx, start: int, end: int, word: str
) -> tuple[Mention, Mention | None] | None:
    """ "Sidorkina, Maria Petrovna, his wife, clerk …", "Pyotr Bazhenov (his son) and …": the
    name before the kin words is the kin, of the one named before it."""
    gap = _APPOSED.search(ctx.text, max(0, start - 6), start) if word in ("his", "her") else None
    if gap is None:
        return None
    closing = _BRACKET_CLOSES if "(" in gap.group(0) else _APPOSITION_ENDS
    named = next((x for x in ctx.mentions if x.end == gap.start()), None)
    after = closing.match(ctx.text, end)
    if named is None or after is None:
        return None
    at_line_end = after.group(0).strip(" \t") in ("", "\n") or (
        "(" in gap.group(0) and _APPOSITION_ENDS.match(ctx.text, after.end()) is not None
    )
    if at_line_end:
        # a signer's line: whose son is the signer on the line just above
        of = _signer_above(ctx, named)
        if of is None or of.gender not in (lx.PRONOUN_GENDER[word], "unknown"):
            return None if after.group(0).strip(" \t") in ("", "\n") else (named, None)
        if "(" in gap.group(0) and not _one_family(of, named):
            # "Members: A. Belkin / F. Ryabov / P. Chaplygina (his cousin)": a member of the
            # bureau signs, kin of the one the letter is about (settled once it is known)
            return named, None
    else:
        of = _antecedent(ctx, named.start, word)
    return (named, of) if of is not None and of.cluster != named.cluster else None


def _one_family(a: Mention, b: Mention) -> bool:
    """Whether two names share a surname ("Kuzma Rodionov", "Ivan Rodionov"; "Chaplygina")."""
    return name_forms.fold(a.text.split()[-1]) == name_forms.fold(b.text.split()[-1])


# Before "the daughter of …": who is said to be it, by pronoun or by name.
_IS_BEFORE = re.compile(r"(?:\b(?P<pron>[Ss]he|[Hh]e)|(?P<name>(?<=[\w’'])))\s+(?:is|was)\s+$")

_MARRIED = re.compile(
    # "I was married in church in November last with the widow Avdotya Kryukova"
    r"\bmarried\s+(?:[^.;,\n]{1,40}?\s)?(?:to|with)\s+(?:the\s+|a\s+)?"
    r"(?:(?:young\s+)?(?:widow|girl|woman|lad|widower)\s+)?(?=[A-Z])"
    rf"|\b(?:married|is married to|was married to|has married)\s+(?:to\s+)?(?:{lx.TITLES}\s+)?"
)

_WHOSE_KIN = re.compile(rf"\bwhose\s+(?:late\s+|own\s+)?(?P<kin>{lx.KIN_WORDS})\b")

# The words that describe a person before the name: "the old Bolshevik weaver".
_DESCRIBED = re.compile(r"the(?:\s+[\w-]+){1,8}")

# A forename right after a kin word ("his wife Raisa keeps the money"), which the name finder
# does not take for a name on its own.
_GIVEN_NAME = re.compile(
    r"\s+(?P<n>[A-Z][a-z]{2,})\b(?![.’'-]?\s*[A-Z])"
    # "His wife, Bronislava, has not answered": the forename alone between commas
    r"|,\s+(?P<n2>[A-Z][a-z]{2,}),"
)


# Who has the kin that follow: a pronoun, or the name just before the verb.
_HAVE_KIN = re.compile(
    r"(?:\b(?P<who>[Tt]hey|[Hh]e|[Ss]he|I)|(?<=[A-Za-z’']))\s+(?:has|have|had)\s+"
    r"(?:got\s+|also\s+|still\s+)?(?=(?:an?|two|three|four|five|six|seven|eight|nine)\s"
    # an unschooled hand's "I have wife Praskovya and four kids"
    r"|(?:wife|husband|old\s+mother|mother|father)\s)"
)
_NUMBER_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|\d{1,2}"
)
# One kin counted: "a wife", "four children", "a sick sister-in-law", "a son of six".
_HAD_KIN = re.compile(
    r"(?P<had>(?:(?:an?|two|three|four|five|six|seven|eight|nine)\s+"
    r"|(?=(?:wife|husband|old\s+mother|mother|father)\s))"
    r"(?:(?:small|little|young|grown|grown-up|infant|old|aged|sick|ailing|blind|elderly|invalid|"
    r"crippled|widowed|bedridden)\s+)*"
    rf"(?P<kin>{lx.KIN_WORDS})\b(?:\s+of\s+(?:{_NUMBER_WORDS})\b(?:\s+years?)?)?)"
)
_HAD_JOIN = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


_NEXT_IN_LIST = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?=[A-Z])")


def _listed_kin(
    ctx: _Ctx, end: int, *, forenames: bool
) -> tuple[list[tuple[Mention | None, str, Span]], int]:
    """The names after the first one a plural kin word names, each its own tie (a person found
    by the name finder, or a forename alone as the first was), and where they end."""
    text = ctx.text
    found: list[tuple[Mention | None, str, Span]] = []
    while (gap := _NEXT_IN_LIST.match(text, end)) is not None:
        person = _mention_at(ctx, gap.end(), slack=0)
        if (
            person is not None
            and not forenames
            and ctx.roles.get(person.cluster) in (None, "relative")
        ):
            found.append((person, "", ctx.letter.span("text", person.start, person.end)))
            end = person.end
            continue
        forename = _forename_after(text, gap.end() - 1)
        if forename is None or forename[1] - gap.end() > 20:
            break
        found.append((None, forename[0], ctx.letter.span("text", gap.end(), forename[1])))
        end = forename[1]
    return found, end


def _forename_after(text: str, pos: int) -> tuple[str, int] | None:
    """A forename alone after a kin phrase, and where it ends."""
    given = _GIVEN_NAME.match(text, pos)
    if given is None:
        return None
    group = "n" if given.group("n") else "n2"
    if given.group(group).lower() in lx.NOT_NAME_WORDS:
        return None
    return given.group(group), given.end(group)


_JOINED_KIN = re.compile(rf"\s+(?:and|or)\s+(?P<kin>{lx.KIN_WORDS})\b")

_KIN_OF = re.compile(rf"\bthe\s+(?P<kin>{lx.KIN_WORDS})\s+of\s+(?:{lx.TITLES}\s+)?")


_COUNTED = re.compile(r"\b(?:two|three|four|five|six|seven|both)\b", re.I)
# A child or parent introduced with an article and a word of age or state: "a small son", "an
# infant daughter", "an old blind mother"; without such a word "a son" is too loose to record.
_ARTICLE_KIN = re.compile(
    r"(?i:an?)\s+(?:\w+\s+)*?(?i:small|infant|newborn|baby|little|young|sick|old|aged|blind|"
    r"elderly|invalid|crippled|widowed)\s+(?:\w+\s+)?\w+"
)
_ARTICLE_KIN_WORDS = frozenset({"son", "daughter", "child", "baby", "mother", "father", "wife"})

# The writer saying whose kin she is: "I am the wife of Grigory Tverdokhlebov", "I am the
# mother of Comrade Ivan Demin".
_I_AM_KIN = re.compile(
    # "I, Matryona Kuzminichna Tikhonova, wife of the turner of the Pskov railway workshops
    # Arkhip Danilovich Tikhonov, write …": the kin phrase in apposition to the writer
    rf"\bI(?:\s+am|,\s+[A-Z][^,]{{2,60}},)\s+(?:the\s+)?(?:lawful\s+|own\s+|old\s+)?"
    rf"(?P<kin>{lx.KIN_WORDS})\s+of\s+(?:the\s+late\s+)?(?:{lx.TITLES}\s+)?"
)


def _declared_kin(ctx: _Ctx) -> dict[str, Mention]:
    """The people the writer says she is kin to, by the term she would call them ("husband"
    for "I am the wife of X"), so that "my husband" later in the letter is X."""
    declared: dict[str, Mention] = {}
    for m in _I_AM_KIN.finditer(ctx.text):
        named = _mention_at(ctx, m.end(), slack=0)
        if named is None:
            # "wife of the turner of the Pskov railway workshops Arkhip Danilovich Tikhonov":
            # the first person named in the phrase, before its comma
            named = next(
                (
                    x
                    for x in ctx.mentions
                    if m.end() <= x.start <= m.end() + 90
                    and x.cluster >= 0
                    and not re.search(r"[,.;]", ctx.text[m.end() : x.start])
                ),
                None,
            )
        if named is None or named.cluster < 0:
            continue
        for term in inverse_kin(lx.KIN[m.group("kin").lower()]):
            declared.setdefault(term, named)
    return declared


def _reciprocal_referent(ctx: _Ctx, pos: int, pronoun: str, relation: str) -> Mention | None:
    """For "her son" with no woman named before it: when the letter spoke of "the mother of
    Sidorov", "her" is that mother and her son is Sidorov himself."""
    want = _PRONOUN[pronoun]
    last = None
    for m in _KIN_OF.finditer(ctx.text, 0, pos):
        last = m
    if last is None:
        return None
    earlier = lx.KIN[last.group("kin").lower()]
    person = _mention_at(ctx, last.end(), slack=0)
    if (
        person is None
        or person.cluster < 0
        or lx.KIN_GENDER.get(earlier) != want
        or relation not in lx.inverse_kin(earlier)
        or ctx.clusters[person.cluster].gender
        not in ("unknown", lx.KIN_GENDER.get(relation, "unknown"))
    ):
        return None
    return ctx.clusters[person.cluster].best


# Kin who mostly bear the family's surname (no in-laws, step-relations or fiancées).
_SAME_NAME_KIN = frozenset(
    ("father", "mother", "son", "daughter", "brother", "sister", "grandfather", "grandmother",
     "wife", "husband", "widow", "cousin", "uncle", "aunt", "nephew", "niece")
)  # fmt: skip


def _of_the_family(
    ctx: _Ctx, named: Mention, of: Mention, pos: int, pronoun: str
) -> Mention | None:
    """The person named before `pos` who shares the relative's surname, when `of` does not:
    the one whose kin a "his brother, Ivan Burlakov" is."""
    surname = named.surname_keys
    if not surname or surname & ctx.clusters[of.cluster].best.surname_keys:
        return None
    want = lx.PRONOUN_GENDER.get(pronoun, "unknown")
    for mention in reversed(ctx.mentions):
        if mention.start >= pos or mention.cluster < 0 or mention.cluster == named.cluster:
            continue
        best = ctx.clusters[mention.cluster].best
        if best.surname_keys & surname and ctx.clusters[mention.cluster].gender in (
            want,
            "unknown",
        ):
            return best
    return None


def _article(text: str, pos: int) -> int:
    before = text[max(0, pos - 20) : pos]
    m = re.search(
        r"(?:the\s+|her\s+|his\s+)?(?:(?:two|three|four|both|elder|younger)\s+)?$", before
    )
    return len(m.group(0)) if m else 0


def _family_subject(ctx: _Ctx, family: str, *, exclude: set[int]) -> Mention | None:
    from commission.registry import names as name_forms

    key = name_forms.fold(family)
    for mention in ctx.mentions:
        if (
            not mention.family
            and key in mention.keys
            and mention.cluster >= 0
            and mention.cluster not in exclude
        ):
            return ctx.clusters[mention.cluster].best
    return None


def _kin_referent(ctx: _Ctx, of: Mention, relation: str) -> Mention | None:
    """For "Kasparov's sister": a person in the letter with Kasparov's surname and the kin
    term's gender, other than Kasparov himself."""
    want = lx.KIN_GENDER.get(relation, "unknown")
    if relation not in ("brother", "sister", "son", "daughter", "father", "mother"):
        return None
    for cluster in ctx.clusters:
        if cluster.index == of.cluster:
            continue
        if of.keys and of.keys <= cluster.best.keys and cluster.gender in (want, "unknown"):
            return cluster.best
    return None


def settle_unowned_kin(ctx: _Ctx, out: Extraction) -> None:
    """Unnamed kin whose possessor no name before them gave ("… a young woman … her father had
    been a colonel …"), and named kin read with no one's: the subject's, when the letter has
    one subject alone."""
    subjects = out.get("subjects")
    if len(subjects) != 1:
        return
    subject = subjects[0]
    of_name = str(subject.value)
    for item in out.get("relatives"):
        if not item.value["of"]:
            item.value["of"] = of_name
            item.extra["of"] = subject.person
    taken = {(i.value["relation"], i.value["of"]) for i in out.get("relatives")}
    for kin, span in ctx.unowned_kin:
        relation = lx.KIN[kin.lower()]
        if (relation, of_name) in taken:
            continue  # "her brother" after "her brother Georgy"
        taken.add((relation, of_name))
        ref = PersonRef(
            name="",
            span=span,
            gender=lx.KIN_GENDER.get(relation, "unknown"),
            description=f"{of_name}'s {relation}",
        )
        value = {"person": span.text, "relation": relation, "of": of_name}
        out.add("relatives", Item(value, span, ref, {"of": subject.person, "kin_as_written": kin}))
