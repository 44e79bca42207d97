"""Whose membership a Russian letter is about: the person beside a phrase that puts it at stake
("исключена из партии", "прошу восстановить тов. Белову", "о восстановлении Каспаровой",
"дело тов. Смирновой"), by a name after the phrase, a pronoun after it ("восстановить её"), or
a name before it ("Тов. Белова исключена"); the author when the phrase is in the first person
("меня исключили", "я исключена"); failing all of these, the person named most often."""

from __future__ import annotations

import re
from collections.abc import Iterator

from commission.intake.reading.model import Extraction, Item
from commission.intake.reading.ru import lexicon
from commission.intake.reading.ru.context import ABOUT_LINE, FEMALE_PRONOUNS, MALE_PRONOUNS, Ctx
from commission.intake.reading.ru.people import Mention, lemma, word_case
from commission.registry import cyrillic

# The author speaking of their own case: "я исключена", "меня исключили", "восстановить
# меня", "моё дело", "о моём исключении".
_FIRST_PERSON_BEFORE = re.compile(
    r"\b(?:меня|я)\s+(?:был[аи]?\s+|не\s+|[а-яё]+о\s+)?$|\bмо(?:е|его|ем|ей)\s+$"
)
_FIRST_PERSON_AFTER = re.compile(r"^\s*(?:[а-яё]+\s+){0,2}?меня\b")
_PRONOUN = re.compile(
    r"\b(" + "|".join(sorted(FEMALE_PRONOUNS | MALE_PRONOUNS, key=len, reverse=True)) + r")\b"
)
# Words after which a name is someone's kin or a witness, not the person the letter is about.
_NOT_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:её|ее|его|их|мой|моя)\s+[а-яё]+\s*,?\s*|\b[а-яё]+\s+(?:её|ее|его|их),?\s+)$"
)
_WITNESS_BEFORE = re.compile(
    r"\b(?:запрос(?:ить|ите)|спрос(?:ить|ите)|опрос(?:ить|ите)|допрос(?:ить|ите)"
    r"|вызвать\s+в\s+качестве\s+свидетел\w+|сослаться\s+на)"
    # "спросите бывшего фельдфебеля Гаврилу Мохова": his office between
    r"\s+(?:у\s+)?(?:[а-яё]+\s+){0,3}?(?:тов\.\s*|тт\.\s*)?$"
)


def _eligible(ctx: Ctx, mention: Mention) -> bool:
    if ctx.roles.get(mention.cluster) in ("author", "addressee"):
        return False
    before = ctx.low[max(0, mention.start - 60) : mention.start]
    if _WITNESS_BEFORE.search(before):
        return False
    kin_before = _NOT_SUBJECT_BEFORE.search(before)
    if kin_before:
        words = re.findall(r"[а-яё]+", kin_before.group(0))
        if any(lemma(w) in lexicon.kin() for w in words):
            return False
    return not re.match(
        r"\s*,\s*(?:её|ее|его|их)\s+[а-яё]+", ctx.low[mention.end : mention.end + 20]
    )


# The short passive participle of expelling, which follows whom it says it of.
_PASSIVE_CUE = re.compile(r"(?:исключ[её]н|вычищен|отчислен)[аоы]?$")


def _named_just_before(ctx: Ctx, cue: re.Match[str]) -> Mention | None:
    """ "МУЖ ОКУНЕВ ТИМОФЕЙ ЛУКИЧ ИСКЛЮЧЕН НЕПРАВИЛЬНО ОГОВОРИЛ … ГУСЕВ": the name right
    before "исключен" is the one expelled, though a telegram runs on without a stop to the
    next name."""
    if not _PASSIVE_CUE.search(cue.group(0)):
        return None
    before = [m for m in ctx.mentions if m.end <= cue.start()]
    if before and not ctx.text[before[-1].end : cue.start()].strip(" ,"):
        return before[-1]
    return None


_OF_A_THING = re.compile(r"\s+([а-яё]{4,})\b")
_DEVERBAL = re.compile(r"(?:восстановлени|исключени)[а-яё]*$")
_PERSONAL_THINGS = ("парти", "партбилет", "билет", "член", "кандидат", "прав", "стаж", "ряд")


def _thing(ctx: Ctx, word: re.Match[str] | None) -> bool:
    """The word after a cue names a thing in the genitive ("восстановлении транспорта"), not a
    person, the party, a party card or one's rights."""
    if word is None or not ctx.text[word.start(1) : word.start(1) + 1].islower():
        return False
    w = word.group(1)
    if w.startswith(_PERSONAL_THINGS):
        return False
    best = cyrillic.analyser().parse(w)[0]
    return "NOUN" in best.tag and "inan" in best.tag and "gent" in best.tag


def read_subjects(ctx: Ctx, out: Extraction) -> None:
    found: dict[int, re.Match[str] | None] = {}
    cue: re.Match[str] | None
    author = ctx.author_cluster()
    for cue in lexicon.subject_cues().finditer(ctx.low, 0, ctx.closing[0]):
        if cue.start() < ctx.opening[1] and not ABOUT_LINE.match(ctx.text, _line_start(ctx, cue)):
            continue  # (but "О т. Шестакове Александре Фёдоровиче" heads a reply: whom it is about)
        s, e = ctx.sentence_at(cue.start())
        if _DEVERBAL.search(cue.group(0)) and _thing(ctx, _OF_A_THING.match(ctx.low, cue.end())):
            continue  # "при восстановлении транспорта": no one restored
        before = ctx.low[max(s, cue.start() - 30) : cue.start()]
        after = ctx.low[cue.end() : min(e, cue.end() + 30)]
        first_person = bool(
            _FIRST_PERSON_BEFORE.search(before.rsplit(",", 1)[-1])
            or _FIRST_PERSON_AFTER.match(after.split(",", 1)[0])
            or re.search(r"\bменя\b", cue.group(0))  # "принять меня в кандидаты"
        ) and not _my_kin(before, after)
        if author is not None and first_person and not _third_person_near(ctx, cue, s, e):
            found.setdefault(author, cue)
            continue
        if _ends_in_a_tie(cue):
            # "заявление … о муже её, члене ячейки Ефимове И. К.": the one the tie names (the
            # name inside the cue is the paper's writer)
            tied = _named_by_tie(ctx, cue)
            if tied is not None:
                found.setdefault(tied.cluster, cue)
            continue
        mention = (
            _inside(ctx, cue)
            or _named_just_before(ctx, cue)
            or _after(ctx, cue, e)
            or _pronoun_after(ctx, cue, e, list(found))
            or _before(ctx, cue, s)
        )
        if mention is not None and mention.cluster >= 0:
            found.setdefault(mention.cluster, cue)
            for joined in _joined(ctx, mention, e):
                found.setdefault(joined.cluster, cue)
        for listed in _listed_below(ctx, cue.end()):
            found.setdefault(listed.cluster, cue)
    if not found:
        for listed in _numbered_list(ctx):
            found.setdefault(listed.cluster, None)
    if not found:
        member = _member_named(ctx)
        if member is not None:
            found[member.cluster] = None
    if not found:
        named = (
            _named_after_description(ctx)
            or _known_object(ctx)
            or _whose_paper_sent(ctx)
            or _bearer_named(ctx)
            or _certified(ctx)
        )
        if named is not None:
            found[named.cluster] = None
    if (
        not found
        and author is not None
        and _ACCUSED_ME.search(ctx.low, ctx.opening[1], ctx.closing[0])
    ):
        # "поступило заявление, будто я скрыла …", "ОБЪЯСНЕНИЕ по жалобе …": the writer
        # answers what is said against her
        found[author] = None
    if not found:
        most = _most_named(ctx)
        if most is not None:
            found[most.cluster] = None
    if any(not _family(ctx.clusters[c].best) for c in found):
        found = {c: cue for c, cue in found.items() if not _family(ctx.clusters[c].best)}
    for cluster_index, cue in sorted(found.items(), key=lambda kv: kv[0]):
        _add(ctx, out, cluster_index, cue)


def _ends_in_a_tie(cue: re.Match[str]) -> bool:
    words = re.findall(r"[а-яё]{3,}", cue.group(0))
    # (any reading of the word: «внуке» is read first as a form of «внука»)
    return bool(words) and any(
        p.normal_form in lexicon.kin() for p in cyrillic.analyser().parse(words[-1])
    )


# Between the tie and the name: "о его зяте Дёмине", "о муже её, члене ячейки Ефимове".
_TIE_GAP = re.compile(r"\s*(?:(?:его|её|ее|моем|моём|моей|нашем)\b)?\s*,?\s*(?:[а-яё-]+\s+){0,3}")


def _named_by_tie(ctx: Ctx, cue: re.Match[str]) -> Mention | None:
    """ "письмо … о его зяте Дёмине": the person the paper is about, named after the tie the
    cue says (not the writer's kin in passing, which `_eligible` leaves out)."""
    named = next((m for m in ctx.mentions if m.start >= cue.end()), None)
    if (
        named is None
        or named.cluster < 0
        or not _TIE_GAP.fullmatch(ctx.low[cue.end() : named.start])
    ):
        return None
    return named if ctx.roles.get(named.cluster) not in ("author", "addressee") else None


def _line_start(ctx: Ctx, cue: re.Match[str]) -> int:
    return ctx.text.rfind("\n", 0, cue.start()) + 1


def _my_kin(before: str, after: str) -> bool:
    """ "Мужа моего исключили", "дело моего сына": the author's kin, not the author."""
    words = re.findall(r"[а-яё]+", before)[-2:] + re.findall(r"[а-яё]+", after)[:2]
    return any(w.startswith("мо") for w in words) and any(lemma(w) in lexicon.kin() for w in words)


# (a blank line may stand under the line that leads the list, and between its points)
_LIST_ITEM = re.compile(r"\n(?:[ \t]*\n)?[ \t]*(?:\d{1,2}[.)]|[-—•])?[ \t]*")


def _listed_below(ctx: Ctx, cue_end: int) -> list[Mention]:
    """ "просит проверить исключение следующих товарищей:" and a list below, one person to a
    line: the name that opens each line (a wife listed beside her husband is in it too)."""
    pos = ctx.low.find("\n", cue_end)
    if pos < 0 or not ctx.low[cue_end:pos].rstrip().endswith(":"):
        return []
    if _WITNESS_LIST.search(ctx.low, cue_end, pos):
        return []  # "… дело тов. Каспаровой. Её работу могут подтвердить:"
    out = []
    while True:
        item = _LIST_ITEM.match(ctx.low, pos)
        if item is None:
            break
        first = _opening(ctx, item.end())
        line_end = ctx.low.find("\n", item.end())
        line_end = len(ctx.low) if line_end < 0 else line_end
        if first is None:
            break
        if ctx.roles.get(first.cluster) not in ("author", "addressee"):
            out.append(first)
        pos = line_end
    return out


def _opening(ctx: Ctx, pos: int) -> Mention | None:
    """The person named right at `pos`, where a list's line begins after its number."""
    first = next((m for m in ctx.mentions if m.start >= pos), None)
    return first if first is not None and first.start == pos and first.cluster >= 0 else None


_NUMBERED = re.compile(r"^[ \t]*\d{1,2}[.)][ \t]*", re.M)
# Before a list of people who vouch or can tell, not people whose membership is at stake.
_WITNESS_LIST = re.compile(
    r"подтверд|свидетел|могут\s+(?:\S+\s+)?(?:сказать|подтвердить|рассказать)|знают\b|"
    r"рекоменд|поручит|спросить|опросить|расспросить|подписал"
)


def _numbered_list(ctx: Ctx) -> list[Mention]:
    """With no phrase that names whom the letter is about, a numbered list of two or more
    people, one to a line ("СПИСОК / 1. Алексеев Дмитрий Прокофьевич — зав. земотделом …"), in
    a letter about membership: the people listed. Not a list of those who vouch or can tell."""
    listed: list[Mention] = []
    first_line = -1
    # to the end: short list lines may read as the closing block (signatories numbered so are
    # the letter's authors, and left out)
    for item in _NUMBERED.finditer(ctx.text, ctx.opening[1]):
        first = _opening(ctx, item.end())
        if first is None or ctx.roles.get(first.cluster) in ("author", "addressee"):
            continue
        if first_line < 0:
            first_line = item.start()
        listed.append(first)
    if len(listed) < 2:
        return []
    before = ctx.low[max(ctx.opening[1], first_line - 300) : first_line]
    if _WITNESS_LIST.search(before) or not re.search(r"член|парти|исключ|провер", before):
        return []
    return listed


_MEMBER_BEFORE = re.compile(
    r"(?:\bчлен[а-я]*\s+(?:ркп\s*\(б\)|ркп|партии)|\bкоммунист(?:а|у|ом|ка|ку|ки)?)"
    r"\s*(?:тов\.\s*|т\.\s*)?$"
)


def _member_named(ctx: Ctx) -> Mention | None:
    """With no phrase that puts anyone's membership at stake, the one person the letter calls
    a member of the Party in its text ("вызвать в губКК члена РКП(б) Мелентьева Фрола
    Игнатьевича и выслушать его объяснения"): whom it is about."""
    named = [
        m
        for m in ctx.mentions
        if ctx.opening[1] <= m.start < ctx.closing[0]
        and m.cluster >= 0
        and _eligible(ctx, m)
        and _MEMBER_BEFORE.search(ctx.low, max(0, m.start - 30), m.start)
    ]
    clusters = {m.cluster for m in named}
    return named[0] if len(clusters) == 1 else None


_THIS_IS = re.compile(
    r"(?:^|[.!?]\s+)(?:это|зовут\s+(?:её|ее|его)|фамилия\s+(?:её|ее|его)\s*[—–-]?"
    # "Брата зовут Илья Маркович Зелинский", "Сына моего зовут …"
    r"|(?:(?:моего|мою|нашего|нашу)\s+)?(?:брата|сына|мужа|отца|дочь|сестру|жену|мать|внука"
    r"|племянника)(?:\s+(?:моего|мою|нашего|нашу))?\s+зовут)"
    r"\s+(?:тов\.\s*|товарищ\s+)?$"
)


def _in_body(ctx: Ctx, start: int = 0) -> Iterator[Mention]:
    """The people the letter's text names between its opening (or `start`) and its closing
    who may be its subject."""
    start = max(start, ctx.opening[1])
    return (m for m in ctx.mentions if start <= m.start < ctx.closing[0] and _eligible(ctx, m))


def _named_after_description(ctx: Ctx) -> Mention | None:
    """A person described first and named after: "… исключена проверочной комиссией. Это
    Никифорова Ксения Ивановна." """
    return next(
        (m for m in _in_body(ctx) if _THIS_IS.search(ctx.low[max(0, m.start - 30) : m.start])),
        None,
    )


# A covering note's "Посылаю Вам письмо сормовского рабочего Никифора Осиповича Кудрявцева": the
# paper sent on, and whose it is (a description of a few words between).
_PAPER_SENT = re.compile(
    r"\b(?:посылаю|пересылаю|направляю|препровождаю|передаю|прилагаю)\s+(?:вам\s+)?"
    r"(?:письмо|заявление|жалобу|записку|прошение)\s+(?:[а-яё-]+\s+){0,4}(?:тов\.\s*|т\.\s*)?$"
)


def _whose_paper_sent(ctx: Ctx) -> Mention | None:
    """With no phrase that names whom it is about, a covering note is about the one whose paper
    it sends on."""
    return next(
        (
            m
            for m in _in_body(ctx)
            if m.case == "gent" and _PAPER_SENT.search(ctx.low[max(0, m.start - 80) : m.start])
        ),
        None,
    )


# What is said against the writer: "заявление, будто я скрыла …", "меня обвиняют в том, что …",
# "по жалобе на меня".
_ACCUSED_ME = re.compile(
    r"\bбудто\s+(?:бы\s+)?я\b|\bменя\s+обвиня\w*|\bобвиняют\s+меня\b|\bжалоб\w*\s+на\s+меня\b"
    r"|\bс\s+доводами\s+жалобы\s+не\s+соглас\w*"
)

# "Податель сего — бывший сотрудник …": the one who brings the note, named further on.
_BEARER = re.compile(r"\bподател(?:ь|я|ю|ем)\s+(?:сего|сей|этого|этой|настоящего|настоящей)\b")


def _bearer_named(ctx: Ctx) -> Mention | None:
    """A note given to the one it is about ("Податель сего — бывший сотрудник уездной ЧК,
    исключённый …") is about the first person it then names in full, as its subject."""
    bearer = _BEARER.search(ctx.low, ctx.opening[1], ctx.closing[0])
    if bearer is None:
        return None
    return next(
        # his full name, as one introduces him: "Мельников Игнатий Францевич"
        (m for m in _in_body(ctx, bearer.end()) if m.case == "nomn" and m.given),
        None,
    )


# A certificate's "Дано сие тов. Осиповой Клавдии Матвеевне … в том, что она работает …".
_GIVEN_TO = re.compile(
    r"\bдан[оа]?\s+(?:сие|сия|настоящее|настоящая|это|эта)\s+(?:удостоверение\s+|справка\s+)?"
    r"(?:тов\.\s*|т\.\s*|гр\.\s*|товарищу\s+|гражданке?\s+)?$"
)


def _certified(ctx: Ctx) -> Mention | None:
    """A certificate is about the one it is given to, named in the dative after «Дано сие»."""
    for m in ctx.mentions:
        if (
            m.case == "datv"
            and _eligible(ctx, m)
            and _GIVEN_TO.search(ctx.low, max(0, m.start - 40), m.start)
        ):
            return m
    return None


_KNOW = re.compile(r"\bзна(?:ю|ем|л|ла|ли)\b")


def _known_object(ctx: Ctx) -> Mention | None:
    """ "сообщаю: тов. Жуковскую Веру Николаевну знаю по совместной работе": with no phrase
    about membership, the person the author says they know, named in the accusative."""
    for know in _KNOW.finditer(ctx.low, ctx.opening[1], ctx.closing[0]):
        s, e = ctx.sentence_at(know.start())
        near = [
            m
            for m in ctx.in_sentence(s, e)
            if _eligible(ctx, m) and m.case in ("accs", "any") and abs(m.start - know.start()) < 60
        ]
        if near:
            return near[0]
    return None


# Between names of one list; a telegram's surnames stand with no comma ("Кострикина Ухову").
_LIST_GAP = re.compile(r"(?:\s*(?:,|и|,\s*и)\s*|[ \t]+)(?:тов\.\s*|т\.\s*|товарищ[а-я]*\s+)?")


# "… Жакова Павла Ильича и жену его, Елену Карловну": the next of the list named by her tie
_KIN_GAP = re.compile(r"\s*,?\s*и\s+(?P<kin>[а-яё]+)(?:\s+(?:его|её|ее|их))?\s*,?\s*")


_POST_GAP = re.compile(r"\s*,\s*(?:и\s+)?(?P<post>[а-яё-]+)\s+(?:[а-яё-]+\s+)?")


def _kin_gap(gap: str) -> bool:
    m = _KIN_GAP.fullmatch(gap)
    return m is not None and lemma(m.group("kin")) in lexicon.kin()


def _joined(ctx: Ctx, mention: Mention, end: int) -> list[Mention]:
    """Names listed with the first one ("исключены тов. Белова и тов. Жуковская")."""
    out = []
    last = mention
    for m in ctx.in_sentence(mention.end, end):
        gap = ctx.low[last.end : m.start]
        by_kin = _kin_gap(gap)
        # "исключила предуисполкома Шубина Егора Васильевича, заведующую уоно Хлебникову Анну":
        # the next of the list after her post, in the same case
        post = _POST_GAP.fullmatch(gap)
        # (the post and the name agree: "заведующую уоно Хлебникову", not "переписчицу
        # Госиздата", whose)
        by_post = (
            post is not None
            and lemma(post.group("post")) not in lexicon.kin()  # "Антонине, дочери лавочника"
            and m.case == word_case(post.group("post"))[0] != "nomn"
        )
        if m.cluster < 0 or not (_LIST_GAP.fullmatch(gap) or by_kin or by_post):
            break
        named_by_kin = by_kin and ctx.roles.get(m.cluster) not in ("author", "addressee")
        if _eligible(ctx, m) or named_by_kin:
            out.append(m)
        last = m
    return out


def _third_person_near(ctx: Ctx, cue: re.Match[str], s: int, e: int) -> bool:
    return _after(ctx, cue, e) is not None or bool(
        _PRONOUN.match(ctx.low, cue.end() + 1)
        or _PRONOUN.search(ctx.low[cue.end() : cue.end() + 8])
    )


def _inside(ctx: Ctx, cue: re.Match[str]) -> Mention | None:
    """ "оставить тов. Белову в рядах партии": the name inside the phrase."""
    inside = [m for m in ctx.in_sentence(cue.start(), cue.end()) if _eligible(ctx, m)]
    return inside[0] if inside else None


def _after(ctx: Ctx, cue: re.Match[str], end: int) -> Mention | None:
    reach = cue.end() + 60
    colon = ctx.low.find(":", cue.end(), min(end, cue.end() + 40))
    if colon >= 0 and "," not in ctx.low[cue.end() : colon]:
        # "исключила из партии двух супругов: сотрудника секретно-оперативного отдела Жакова":
        # whom, after the colon, with what they are
        reach = colon + 60
    when = _WHEN_BEFORE.search(ctx.low, max(0, cue.start() - 12), cue.start())
    for m in ctx.in_sentence(cue.end(), min(end, cue.end() + 140)):
        if m.start > reach:
            break
        if when is not None and m.case == "nomn":
            # "что говорил про него на проверке мастер Глотов": the check says when; the name
            # after it in the nominative is who spoke, not whom it checked
            return None
        if _family(m):
            # "исключили мужа и жену Дементьевых, — Дементьева Кузьму …": the family, then
            # its members by name
            reach = m.end + 60
            continue
        if _eligible(ctx, m) or _kin_restored(ctx, cue.end(), m.start):
            return m
        return None
    return None


# «о восстановлении в партии её сына Мезенцева Прокопия»: the kin the paper asks for is whom it
# is about (its writer is the one before the cue)
_KIN_OBJECT = re.compile(
    r"(?:\s+в\s+(?:партии|партию|рядах\s+партии|ркп))?\s+"
    r"(?:её|ее|его|их|моего|моей|нашего|нашей|своего|своей)\s+(?P<kin>[а-яё]+)\s*"
)


def _kin_restored(ctx: Ctx, cue_end: int, start: int) -> bool:
    gap = _KIN_OBJECT.fullmatch(ctx.low, cue_end, start)
    return gap is not None and lemma(gap.group("kin")) in lexicon.kin()


# A check or purge named as the time or place of something: "на проверке", "при чистке".
_WHEN_BEFORE = re.compile(r"\b(?:на|при|во\s+время)\s+$")


def _family(mention: Mention) -> bool:
    """A family named in the plural ("Дементьевых", "с Дементьевыми"): no one person."""
    words = mention.text.split()
    return len(words) == 1 and len(words[0]) > 5 and words[0].lower().endswith(_PLURAL_ENDINGS)


_PLURAL_ENDINGS = (
    "овых", "евых", "иных", "ыных", "ских", "цких", "овыми", "евыми", "иными", "скими"
)  # fmt: skip


def _pronoun_after(
    ctx: Ctx, cue: re.Match[str], end: int, found: list[int] | None = None
) -> Mention | None:
    pronoun = _PRONOUN.search(ctx.low, cue.end(), min(end, cue.end() + 25))
    if pronoun is None:
        pronoun = _PRONOUN.search(ctx.low, max(0, cue.start() - 12), cue.start())
    if pronoun is None:
        return None
    gender = "female" if pronoun.group(1) in FEMALE_PRONOUNS else "male"
    same = [c for c in found or [] if ctx.clusters[c].gender == gender]
    if len(same) == 1:
        # "… исключила его … т. Левченко, ныне покойного … Прошу пересмотреть его дело": the one
        # the letter is already about, not the last man named
        return ctx.clusters[same[0]].best
    referent = ctx.referent(pronoun.group(1), pronoun.start())
    if referent is not None and _eligible_cluster(ctx, referent):
        return referent
    return None


def _eligible_cluster(ctx: Ctx, mention: Mention) -> bool:
    return ctx.roles.get(mention.cluster) not in ("author", "addressee", "relative")


def _agreeing_participle(ctx: Ctx, cue: re.Match[str], start: int) -> Mention | None:
    """ "заявление гр. Лопатиной … о её муже Лопатине Степане Ильиче, исключённом из партии":
    the participle agrees with the name it follows, whoever else the sentence names."""
    word = re.match(r"[а-яё]+", ctx.low[cue.start() :])
    if word is None:
        return None
    named = list(ctx.in_sentence(start, cue.start()))
    if not named or not re.fullmatch(r"\s*,\s*", ctx.low[named[-1].end : cue.start()]):
        return None
    last = named[-1]
    if ctx.roles.get(last.cluster) in ("author", "addressee"):
        return None
    for parse in cyrillic.analyser().parse(word.group(0)):
        tag = parse.tag
        if "PRTF" not in tag or tag.number != "sing":
            continue
        gender = {"masc": "male", "femn": "female"}.get(str(tag.gender), "")
        if str(tag.case) == last.case and gender and gender == last.gender:
            return last
    return None


def _before(ctx: Ctx, cue: re.Match[str], start: int) -> Mention | None:
    if (agreed := _agreeing_participle(ctx, cue, start)) is not None:
        return agreed
    candidates = [m for m in ctx.in_sentence(start, cue.start()) if _eligible(ctx, m)]
    if candidates:
        if _BARE_CASE.fullmatch(cue.group(0)) and "," in ctx.low[candidates[-1].end : cue.start()]:
            # "заслушать т. Дьяконова, докладывавшего дело": the case is not his
            return None
        if candidates[-1].case == "datv" and re.fullmatch(
            r"\s*", ctx.low[candidates[-1].end : cue.start()]
        ):
            return None  # "Поручить члену комиссии т. Бедину проверить": who is to check
        return candidates[-1]
    # "Мой сын Пётр Иванов, член партии с 1918 г., исключён": the writer's kin named as the
    # sentence opens is whom the phrase is about
    for m in ctx.in_sentence(start, cue.start()):
        kin = _MY_KIN_BEFORE.search(ctx.low[max(start, m.start - 30) : m.start])
        if (
            kin
            and lemma(kin.group("kin")) in lexicon.kin()
            and ctx.roles.get(m.cluster)
            not in (
                "author",
                "addressee",
            )
        ):
            return m
    return None


_BARE_CASE = re.compile(r"(?:по\s+)?дел[оу]")

_MY_KIN_BEFORE = re.compile(
    r"(?:^|[.!?]\s+|\s)(?:мой|моя|наш|наша)\s+(?:[а-яё]+\s+)?(?P<kin>[а-яё]+)\s*,?\s*$"
)


def _most_named(ctx: Ctx) -> Mention | None:
    counts = [
        (len(c.mentions), c)
        for c in ctx.clusters
        if ctx.roles.get(c.index) not in ("author", "addressee")
    ]
    counts.sort(key=lambda pair: -pair[0])
    if counts and counts[0][0] >= 2 and (len(counts) == 1 or counts[0][0] > counts[1][0]):
        return counts[0][1].best
    return None


def _add(ctx: Ctx, out: Extraction, cluster_index: int, cue: re.Match[str] | None) -> None:
    cluster = ctx.clusters[cluster_index]
    if ctx.roles.get(cluster_index) != "author":
        ctx.roles[cluster_index] = "subject"
    else:
        ctx.author_is_subject = True  # a member writing of their own case
    best = cluster.best
    ref = ctx.ref(best)
    extra = {
        "cue": ctx.letter.span("text", cue.start(), cue.end()).as_json() if cue else None,
        "forms": sorted({m.text for m in cluster.mentions}),
    }
    out.add("subjects", Item(cluster.name, ref.span, ref, extra))
