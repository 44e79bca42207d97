"""People in a letter: which names are names (a surname opening a sentence, a place heading a
date line), whom a mention or a pronoun stands for, and the role a cluster of mentions takes.
"""

from __future__ import annotations

import re

from commission.intake.reading import lexicon as lx
from commission.intake.reading.mentions import Mention, forenames_clash
from commission.intake.reading.rules.context import _Ctx

_PRONOUN = lx.PRONOUN_GENDER

# A surname opening a sentence as the subject of its verb ("Lapshina is a good worker"),
# which a capitalised first word alone would not show to be a name.
_OPENING_SURNAME = re.compile(
    r"(?:^|[.!?;]\s+)(?P<n>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:is|was|has|had|worked|works|"
    r"joined|asks|asked|wrote|writes|served|knows|knew|came|lived|lives|fought|remains)\b",
    re.MULTILINE,
)


def _sentence_initial_surnames(text: str) -> list[str]:
    return [
        m.group("n")
        for m in _OPENING_SURNAME.finditer(text)
        if lx.SURNAME_SUFFIX.search(m.group("n"))
        and m.group("n").lower() not in lx.NOT_NAME_WORDS
        and m.group("n").lower() not in lx.ORG_WORDS
        and len(m.group("n")) > 4
    ]


def _place_of_date(text: str, mention: Mention) -> bool:
    """ "Kozlov, 2 January 1922": the word heading a date line is where it was written."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if len(mention.words) > 1 or mention.titled:
        return False  # "I. Petrov, 12 January 1922" is a signed name
    if text[line_start : mention.start].strip() or len(line.split()) > 8:
        return False
    rest = text[mention.end : len(text) if line_end < 0 else line_end]
    after = re.match(r"\s*,\s*", rest)
    return bool(after and (lx.DATE.match(rest, after.end()) or lx.MONTH_YEAR.match(rest)))


def _claim(ctx: _Ctx, mention: Mention, role: str) -> None:
    keys = mention.keys
    gender = mention.gender
    # the very mention, whatever the cluster's fullest name ("K. Rudneva-Bogomolova" signed under
    # "Klavdia Petrovna Rudneva (née Bogomolova)"); that cluster alone when it is one ("O.
    # Kiselyov" signed is Osip, not also his cousin Onisim Kiselyov of the same initial)
    own = [
        cluster
        for cluster in ctx.clusters
        if any(m.start == mention.start and m.end == mention.end for m in cluster.mentions)
    ]
    for cluster in own or [
        cluster
        for cluster in ctx.clusters
        if keys
        and (keys <= cluster.best.keys or cluster.best.keys <= keys)
        and (gender == "unknown" or cluster.gender in ("unknown", gender))
        and not forenames_clash(mention, cluster.best)
    ]:
        ctx.roles.setdefault(cluster.index, role)


def _antecedent(
    ctx: _Ctx, pos: int, pronoun: str, *, skip_roles: tuple[str, ...] = ()
) -> Mention | None:
    want = _PRONOUN.get(pronoun.lower(), "unknown")
    found: list[Mention] = []
    for mention in reversed(ctx.mentions):
        if mention.start >= pos or mention.family or mention.cluster < 0:
            continue
        if ctx.roles.get(mention.cluster) in ("author", "addressee", *skip_roles):
            continue
        gender = ctx.clusters[mention.cluster].gender
        if want == "unknown" or gender in (want, "unknown"):
            found.append(mention)
    if not found:
        return None
    if _opens_sentence(ctx.text, pos):
        # "Nemirovsky joined on the recommendation of Savelyev and Khrustalev. … His brother":
        # a pronoun opening a sentence goes on with the one the sentences before were about,
        # the last person named as the subject of a sentence, not one named inside it.
        for mention in found:
            if pos - mention.start > _TOPIC_REACH:
                break
            if _opens_sentence(ctx.text, mention.start):
                return mention
    if _KIN_OF_BEFORE.search(ctx.text, max(0, found[0].start - 40), found[0].start):
        # "His wife Zoya is the daughter of Sergeyev … check his membership": the one a kin
        # phrase names as a relative's parent is not who the letter goes on about
        for mention in found[1:]:
            if pos - mention.start > _TOPIC_REACH:
                break
            if not _KIN_OF_BEFORE.search(ctx.text, max(0, mention.start - 40), mention.start):
                return mention
    return found[0]


_KIN_OF_BEFORE = re.compile(
    rf"\b(?:{lx.KIN_WORDS})\s+of\s+(?:the\s+(?:late\s+)?)?(?:[a-z-]+\s+){{0,2}}"
    rf"(?:{lx.TITLES}\s+)?$"
)

# How far back a sentence's subject is looked for (a few sentences).
_TOPIC_REACH = 400
_SENTENCE_OPENING = re.compile(
    rf"(?:^|[.!?;]\s+|\n\s*)(?:(?:but|and|yet|so|still|now|then|since\s+then),?\s+)?"
    rf"(?:(?:{lx.TITLES})\s+)?$",
    re.IGNORECASE | re.MULTILINE,
)


def _opens_sentence(text: str, pos: int) -> bool:
    return bool(_SENTENCE_OPENING.search(text, max(0, pos - 30), pos))


def _mention_at(ctx: _Ctx, pos: int, *, slack: int = 3) -> Mention | None:
    for mention in ctx.mentions:
        if pos <= mention.start <= pos + slack:
            return mention
    return None


def _cluster_name(ctx: _Ctx, mention: Mention) -> str:
    if mention.cluster >= 0:
        return ctx.clusters[mention.cluster].name
    return mention.text


def _author_mention(ctx: _Ctx) -> Mention | None:
    for mention in ctx.mentions:
        if ctx.roles.get(mention.cluster) == "author":
            return ctx.clusters[mention.cluster].best
    return None


def _addressee_mention(ctx: _Ctx) -> Mention | None:
    """The one person the letter is addressed to, when it is addressed to one."""
    clusters = {m.cluster for m in ctx.mentions if ctx.roles.get(m.cluster) == "addressee"}
    if len(clusters) != 1:
        return None
    return ctx.clusters[clusters.pop()].best
