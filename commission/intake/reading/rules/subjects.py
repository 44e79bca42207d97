"""Whom a letter is about: the person a phrase of expulsion, verification or recommendation
points to, a list of names after a colon, else the person named most often; and the other
people it names.
"""

from __future__ import annotations

import re

from commission.intake.reading import lexicon as lx
from commission.intake.reading.mentions import Cluster, Mention
from commission.intake.reading.model import Extraction, Item
from commission.intake.reading.rules.addressees import _forenames_of
from commission.intake.reading.rules.context import _NOT_BODY, _Ctx, _ref, _sentence_at, _spaced
from commission.intake.reading.rules.people import (
    _addressee_mention,
    _antecedent,
    _author_mention,
    _mention_at,
)

# "the cell put him out", "the commission threw him out"
_PUT_OUT_WORDS = r"(?:put|turned|threw|kicked|cast) (?:him|her|them) out"

SUBJECT_TRIGGER = re.compile(
    r"\b(?:expel\w*|expulsion|purged|excluded|struck off|removed from (?:the )?(?:party|ranks|"
    r"list|membership|register|roll)|"
    # a body's word of today: "Ms Rao's membership was terminated", "registration suspended"
    r"(?:membership|registration) (?:was |has been |had been |is )?(?:terminated|revoked|"
    r"cancelled|canceled|withdrawn|suspended|lapsed)|"
    # "they struck him out of the Party", "crossed her off the lists"
    r"(?:struck|crossed|scratched|wiped)(?= (?:\w+ )?(?:out|off) (?:of |from )?(?:the |our )?"
    r"(?:party|ranks|cell|lists?|rolls?|organi[sz]ation))|"
    # "has been turned out of the Party", "they threw him out of the cell"
    # ("they have wrote him out of the party")
    r"(?:turn\w*|thr[eo]w\w*|driv\w*|drove|put|kick\w*|cast|wr[io]te|written) (?:\w+ )?"
    r"out of (?:the |our )?"
    r"(?:party|ranks|cell|organi[sz]ation)|"
    # "and last autumn the cell put him out", "the verification commission threw him out", with
    # no "of the house" after it
    r"(?:(?<=cell\s)|(?<=bureau\s)|(?<=commission\s)|(?<=committee\s))"
    + _PUT_OUT_WORDS
    + r"\b(?! of)|"
    r"reinstat\w*|readmi\w*|re-admi\w*|restor\w* (?:to|in) (?:the )?(?:party|membership|ranks)|"
    # (not the event, "who brought this up at the verification, but …")
    rf"verif\w*+{_NOT_BODY}(?![ \t]*[,;.])|cases? of|"
    # "to look into the matter of my son Grigory"
    r"(?<=the\s)(?:matter|affair|business) of|recommend\w*|admission of|admit\w*|candidacy|"
    r"membership of|application of|applications? for|party card|put forward for|"
    r"confirmation as|(?:re-?)?examin\w* (?:the |her |his )?cases?|"
    r"(?:left|kept|remain|retained) in the (?:party|ranks)|"
    # "Until the verification is completed Cc. T. Bazhenov and Ye. Fomichev remain members"
    r"(?:remain|remains|stay|stays) (?:a )?(?:party )?members?\b|"
    # "to retain you as a member of the R.C.P."
    r"(?:retain|keep|leave)\w* (?:you|him|her|them) (?:as a member|in the (?:party|ranks))|"
    # "ought not to remain in it", "must not stay in the Party", "cleanse the Party of …"
    r"(?:ought|should|must|cannot|can't) not (?:to )?(?:remain|stay|be kept|be left) in|"
    r"as a (?:communist|party member)\b|take a (?:\w+ )?look at|"
    r"appeal of|appeal from|appealing|"
    # a modern appeal's "I write to appeal against the Committee's finding that I …"
    # ("I write to appeal, under Rule 31 of the Council's Rules, against the decision …")
    r"appeal(?:,[^,.;]{1,80},)? against (?:the |my |this |its |their |his |her )?(?:[\w-]+['’]s )?"
    r"(?:finding|decision|expulsion|exclusion|sanction|suspension|ruling)|"
    # "I'm writing to appeal the decision sent to me on 4 March"
    r"appeal (?:the |my |this |its )?(?:finding|decision|sanction|suspension|ruling)\b|"
    # "send us the personal file of Com. Olga Vasilyevna Tereshchenko"
    r"(?:personal |party )?(?:files?|dossiers?) of|"
    # A member's standing put in question otherwise than by a commission's word
    r"arrested|accused|charged|dismissed|reprimand\w*|punish\w*|complaints? (?:against|about)|"
    r"deprived of (?:his |her |the )?(?:party card|membership)|transferred to (?:the )?candidates|"
    # "they have taken away his card": the card of the one "his" means
    r"(?:(?<=away\shis\s)|(?<=away\sher\s)|(?<=away\stheir\s))card|"
    r"(?:writ\w*|appeal\w*|turn\w* to you|apply\w*) "
    # "I am writing to you, our peasant elder, about my son"
    r"(?:to you(?:,[^,.;:]{1,40},)? )?(?:about|concerning|regarding|on (?:the )?behalf of|"
    r"in the matter of|in support of)|"
    # "a character reference for Ms Helen Crossley"
    r"(?:character )?(?:reference|testimonial) (?:for|on)|"
    # A reply: "in answer to your inquiry of 2 March about Comrade …", "you asked me about"
    r"(?:inquiry|enquiry|question|request|letter)(?: No\.? ?[\w/-]+)?(?: of [\w ]{1,20}?)? "
    r"(?:about|concerning|"
    r"regarding|as to)|you (?:asked|ask) (?:me |us )?(?:about|concerning|regarding)|"
    # An inquiry: "write what you know of Surikova's work", "tell us about Comrade Gusev"
    r"(?:know|knows|say|tell|write|report|inform)(?: (?:me|us|the commission))? "
    r"(?:of|about|concerning|regarding)|"
    # a denunciation: "it is our duty to report on the depot commissar, Rudnev"
    r"(?:report|complain|inform you) (?:up)?on|"
    # a report of today: "a pattern of behaviour by Gareth Pellow", "the conduct of Dr Ames"
    r"(?:behaviou?r|conduct|misconduct) (?:of|by)(?= (?-i:[A-Z]))|"
    # "our director, Ustinov Leonty Ivanovich, who calls himself a communist, is no communist",
    # "… who disgraces the name of a communist"
    r"calls? (?:himself|herself) a communist|is no communist|disgraces? the name of (?:a )?"
    r"communist|"
    # "statements from the workshops concerning the following members", "charges against"
    r"(?:statements?|complaints?|denunciations?|charges?|materials?|accusations?)"
    # (with its number: "Complaint No. PCC-2024-0317 concerning Eleanor Vasquez-Tran")
    r"(?: No\.? ?[\w/-]+)?(?: (?:from|by|of) [\w -]{1,60}?)? (?:concerning|regarding|against)|"
    r"(?:(?<=her\s)|(?<=his\s)|(?<=my\s)|(?<=whose\s))(?:case|appeal|membership|candidacy)|"
    # a line above the letter: "Concerning V. A. Kolesnikova, member of the R.C.P. since 1920"
    r"(?m:^)[ \t]*(?:re|concerning|regarding|in the matter of)"
    r"(?=[ \t]*[:.]?[ \t]+(?:com(?:rade)?\.?[ \t]+|citizen[ \t]+)?(?-i:[A-Z])))\b",
    re.IGNORECASE,
)

SUBJECT_TRIGGER = _spaced(SUBJECT_TRIGGER)
_ABOUT_NEXT = re.compile(
    r"\s*(?:\([^)]{0,40}\)\s*)?(?:on|about|concerning|regarding)\s+"
    r"(?:(?:her|his|their)\s+[a-z-]+\s+)?(?:Com\.\s*|Comrades?\s+)?(?=[A-Z])"
)
_PUT_OUT = _spaced(re.compile(_PUT_OUT_WORDS + "$", re.I))
# The kin phrase a verb of expelling takes as its object: "has expelled my father-in-law".
_KIN_OBJECT = re.compile(
    rf"\s+(?:my|our|her|his)\s+(?:{lx.KIN_ADJECTIVES}\s+)*(?:{lx.KIN_WORDS})\b", re.I
)
# The writer's own appeal: "I write to appeal against …", "I wish to appeal against …".
_WRITE_TO = re.compile(
    # (and "I'm writing to appeal …")
    r"\bI(?:\s+|['’]m\s+)(?:write|wish|want|am\s+writing|writing|beg\s+leave)\s+to\s+$"
)

# Before a name: the person is to be asked, not judged ("ask Comrade Rumyantsev, who was her
# supervisor").
_WITNESS_BEFORE = re.compile(
    # (not "hear" or "summon": "to hear Comrade Fomina in person" is the member herself)
    rf"\b(?:ask(?:ing)?|question(?:ing)?|consult(?:ing)?|interview(?:ing)?|call on|apply to|"
    # "questioning the storekeeper Com. Matvei Glazunov"
    rf"enquire of|inquire of)\s+(?:the\s+[a-z]+\s+)?(?:{lx.TITLES}\s+)?$",
    re.IGNORECASE,
)

# A subject first described and named later: "The bearer of this letter … was expelled …
# This is Comrade Lukin."
_DESCRIBED = re.compile(
    r"\b(?:the|this|these|a|an|our|two|three|four|five)\s+(?:young\s+|old\s+|former\s+)?"
    r"(?:bearer|comrade|woman|women|man|men|worker|member|girl|lad|widow|applicant|petitioner|"
    r"person|people)(?P<plural>s)?\b"
    # "two of our typists", "three old fitters of the depot"
    r"|\b(?P<number>two|three|four|five|six|both)\s+(?:of\s+(?:our|the|my|his|her|their)\s+)?"
    r"(?:[a-z-]+\s+){0,2}?[a-z-]{3,}s\b",
    re.IGNORECASE,
)

# Several people described together are named one by one: "two of our workers … The first
# is Kazimir Zelenevsky … The second is the typist Anna Pestova".
_NAMED_IN_TURN = (
    r"(?:[Tt]he\s+(?:first|second|third|fourth|fifth|other|last|latter|former)|[Oo]ne)"
    r"(?:\s+of\s+them)?\s+is(?:\s+(?:the|a|an|our)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?"
)

_NAMED_LATER = re.compile(
    rf"\b(?:(?:[Tt]his|[Hh]e|[Ss]he|[Tt]hat)\s+is|(?:[Hh]is|[Hh]er)\s+name\s+is|namely,?|"
    rf"(?:[Hh]e|[Ss]he)\s+is\s+(?:called|named)|(?:in\s+question|concerned)\s+is|"
    rf"{_NAMED_IN_TURN})"
    rf"\s+(?:{lx.TITLES}\s+)?"
)


# "I most humbly ask you, Mikhail Ivanovich, do not refuse …": the reader called by name and
# patronymic, set off by commas, is the one the letter is sent to.
_VOCATIVE_BEFORE = re.compile(r"(?:\byou|^|[.!?])\s*,?[ \t]*$|,[ \t]*$")
_VOCATIVE_AFTER = re.compile(r"[ \t]*[,!]")


def _mark_vocatives(ctx: _Ctx) -> None:
    for cluster in ctx.clusters:
        if cluster.index in ctx.roles:
            continue
        names = [m for m in cluster.mentions if len(m.words) == 2]
        if len(names) != len(cluster.mentions) or not all(
            lx.PATRONYMIC.match(m.words[1]) for m in names
        ):
            continue  # a surname, or a single word: not a reader called by name and patronymic
        if any(
            _VOCATIVE_BEFORE.search(ctx.text, max(0, m.start - 12), m.start)
            and _VOCATIVE_AFTER.match(ctx.text, m.end)
            for m in names
        ):
            ctx.roles[cluster.index] = "addressee"


_MY_KIN_BEFORE = re.compile(rf"\b[Mm]y\s+(?:\w+\s+)?(?:{lx.KIN_WORDS}),?\s*(?:is\s+|was\s+)?$")


def _writers_kin(ctx: _Ctx, pos: int, pronoun: str) -> Mention | None:
    """ "My son, Nikolai Stepanovich Puzyrev, … they struck him out of the Party": the writer's
    kin, whom the relatives' reading has already placed, is the one the pronoun means."""
    found = _antecedent(ctx, pos, pronoun)
    if found is None or found.cluster < 0:
        return None
    first = ctx.clusters[found.cluster].mentions[0]
    return found if _MY_KIN_BEFORE.search(ctx.text, max(0, first.start - 40), first.start) else None


_OBJECT_AFTER = re.compile(r"\s+(him|her)\b")


def _named_kin_of_writer(ctx: _Ctx, pronoun: str, *, before: int) -> Mention | None:
    """The first person before `before` whom the writer names as "my husband", "my son" …,
    of the pronoun's gender."""
    want = {"him": "male", "her": "female"}.get(pronoun.lower())
    for mention in ctx.mentions:
        if mention.start >= before:
            break
        if want and mention.gender not in (want, "unknown"):
            continue
        if _MY_KIN_BEFORE.search(ctx.text, max(0, mention.start - 40), mention.start):
            return mention
    return None


def _mark_witnesses(ctx: _Ctx) -> None:
    _mark_vocatives(ctx)
    for mention in ctx.mentions:
        if mention.cluster < 0 or mention.cluster in ctx.roles:
            continue
        if _WITNESS_BEFORE.search(ctx.text, max(0, mention.start - 50), mention.start):
            ctx.roles[mention.cluster] = "witness"


def _named_later(ctx: _Ctx, s: int, trigger: re.Match[str], e: int) -> list[Mention]:
    """The person, or the people, described before the trigger and named in the sentences
    after it."""
    last = list(_DESCRIBED.finditer(ctx.text, s, trigger.start()))[-1:]
    if not last:
        return []
    described = last[0]
    plural = described.group("plural") or described.group("number")
    several = bool(plural) or described.group(0).lower().endswith(("women", "men", "people"))
    reach = 1500 if several else 400
    found: list[Mention] = []
    for m in _NAMED_LATER.finditer(ctx.text, e, min(len(ctx.text), e + reach)):
        person = _mention_at(ctx, m.end(), slack=0)
        if person is None or person in found:
            continue
        found.append(person)
        if not several:
            break
    return found


# A request to check people named in a list after a colon, in the same sentence: "Verify the
# cases of the following comrades: Kudryashov, Pimenova, Lebedinsky", "Please check on the
# following: (1) Gusev, a cooper, (2) Melnikova, a typist".
_LIST_LEAD = _spaced(
    re.compile(
        r"\b(?:verif\w*|check\w*(?: up)?(?: on)?|look into|examin\w*|re-?examin\w*|review\w*|"
        r"reinstat\w*|restor\w*|cases? of|expelled|purged|following members|"
        r"(?:ought|should|must) not (?:to )?(?:remain|stay))\b[^:;.]{0,140}:[ \t]*"
        # "the cases of Zakharov, Lysenkov and Buraya", a telegram's "CASES ZAKHAROV LYSENKOV"
        r"|\bcases\s+(?:of\s+)?(?:(?:comrades|citizens)\s+)?(?=(?-i:[A-Z]))"
        # a telegram's "EXPELLED KOROVIN LAPTEV SHUBINA AS ALIEN ELEMENT" (read in mixed case):
        # surnames in a row after the verb
        r"|\b(?:expelled|purged|excluded)\s+(?=(?-i:[A-Z][a-z]+\s+[A-Z][a-z]+\b))"
        # "the members struck off by the commission on 30 November (Fomin, Pakhomov, Zueva
        # and Kiselyov)": the list in brackets after the verb
        r"|\b(?:struck\s+off|expelled|purged|excluded)\b[^:;.()]{0,140}\(\s*(?=(?-i:[A-Z]))",
        re.IGNORECASE,
    )
)

# "my son Vasily Pronin, …, and his wife Anna Pronina": kin words before a listed name
_KIN_BEFORE_NAME = (
    rf"(?:(?:my|his|her|our|their)\s+(?:{lx.KIN_ADJECTIVES}\s+)*(?:{lx.KIN_WORDS}),?\s+)?"
)

_INLINE_LIST_GAP = re.compile(
    # "Pronin, assistant foreman in the weaving shed, a member since 1917, and …": a few
    # appositions between the names
    r"(?:\s*\([^()]{1,40}\))?"
    # a telegram's "Fyodor Zakharov chairman Volost Executive, Pavel Lysenkov teacher, …"
    r"(?:\s+(?!and\b)[a-z][\w’'-]*(?:\s+(?!and\b)[A-Za-z][\w’'-]*){0,4}(?=,))?"
    # (a telegram's surnames in a row have no commas: "cases Zakharov Lysenkov Buraya")
    r"\s*(?:,|;|\s+and|,\s+and|(?<=\w)\s(?=[A-Z][a-z]))"
    r"(?:\s+(?:(?:an?|the)\s+)?(?!and\b)[a-z][a-z0-9 -]{0,50}?,){0,3}"
    rf"\s*(?:\(\d{{1,2}}\)\s*|\d{{1,2}}[.)]\s+)?(?:and\s+)?(?:of\s+)?{_KIN_BEFORE_NAME}(?:{lx.TITLES}\s+)?"
)

_LIST_START = re.compile(
    rf"(?:\(\d{{1,2}}\)\s*|\d{{1,2}}[.)]\s+)?{_KIN_BEFORE_NAME}(?:{lx.TITLES}\s+)?"
)


def _inline_list(ctx: _Ctx, out: Extraction, chosen: list[int]) -> None:
    for s, e in ctx.sentences:
        lead = _LIST_LEAD.search(ctx.text, s, e)
        if lead is None:
            continue
        start = _LIST_START.match(ctx.text, lead.end())
        at = start.end() if start else lead.end()
        listed: list[Mention] = []
        for mention in ctx.mentions:
            if mention.start < at or mention.start >= e or mention.family:
                continue
            if mention.start != at:
                break
            listed.append(mention)
            gap = _INLINE_LIST_GAP.match(ctx.text, mention.end)
            if gap is None or gap.end() == mention.end:
                break
            at = gap.end()
        if len(listed) < 2:
            continue
        for person in listed:
            if person.cluster >= 0 and person.cluster not in chosen:
                if ctx.roles.get(person.cluster) in ("author", "addressee"):
                    continue
                chosen.append(person.cluster)
                _add_subject(ctx, out, person, lead)


# A line that opens a list of people, one to a line: "Of them I know personally … the
# following:", "These comrades were expelled:".
_LINES_LEAD = re.compile(r"(?:\bfollowing|\bthese comrades|\bthe comrades)\b[^\n]{0,40}:\s*$|:\s*$")


_CHECK_THEM = re.compile(
    r"\b(?:check|verify|investigate|look into|examine)\s+(?:them|these|all of them)\b", re.I
)


# What may come before the name on a line of a list: its number, and a few words of who they
# are ("1. The manager, Nikifor Bochkarev.", "3. The storekeeper Zuyev.").
_ITEM_HEAD = re.compile(
    r"[\d.)(\s-]*(?:(?:(?:the|his|her|their|our)\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?,?\s+)?",
    re.IGNORECASE,
)


def _line_list(ctx: _Ctx, out: Extraction, chosen: list[int]) -> None:
    """People listed one to a line under a line ending with a colon, in a letter about
    members' standing ("Goryunov, weaver …;" / "Sazonova, Matryona, who …;"): each line that
    opens with a name names a subject, unless the letter asks to hear them."""
    text = ctx.text
    # (a denunciation need not say "expel": "clean it properly … Check them, comrades")
    if not SUBJECT_TRIGGER.search(text) and not _CHECK_THEM.search(text):
        return
    lines = text.split("\n")
    pos = 0
    starts = []
    for raw in lines:
        starts.append(pos)
        pos += len(raw) + 1
    for i, raw in enumerate(lines[:-2]):
        if not _LINES_LEAD.search(raw) or len(raw.split()) < 3:
            continue
        listed: list[Mention] = []
        numbered = False
        for j in range(i + 1, len(lines)):
            line = lines[j]
            if not line.strip():
                if listed and not numbered:
                    break
                continue  # the blank line under the lead, or between numbered points
            at = starts[j] + len(line) - len(line.lstrip())
            first = next((m for m in ctx.mentions if m.start == at), None)
            if first is None:
                first = next((m for m in ctx.mentions if at <= m.start <= at + 40), None)
                if first is None or not _ITEM_HEAD.fullmatch(text[at : first.start]):
                    break
            numbered = bool(re.match(r"\d{1,2}[.)]", line.lstrip()))
            listed.append(first)
        if len(listed) < 2:
            continue
        lead_start = starts[i]
        cues = list(SUBJECT_TRIGGER.finditer(text, 0, lead_start + len(raw)))
        cue = cues[-1] if cues else None
        for person in listed:
            if person.cluster < 0 or person.cluster in chosen:
                continue
            if ctx.roles.get(person.cluster) in ("author", "addressee", "witness"):
                continue
            chosen.append(person.cluster)
            _add_subject(ctx, out, person, cue)


def _subject_of_gender(ctx: _Ctx, chosen: list[int], gender: str) -> Mention | None:
    """The one subject found so far that the pronoun can stand for, if there is exactly one."""
    fits = [c for c in chosen if ctx.clusters[c].best.gender in (gender, "unknown")]
    return ctx.clusters[fits[0]].best if len(fits) == 1 else None


_TOOK_AWAY = re.compile(
    r"\s+(?:has\s+|had\s+|have\s+)?(?:took|taken)\s+away\s+(?:his|her|their)\s+"
)
_YOU_AFTER = re.compile(r"\s+(?:you|yourself)\b")
# the member addressed inside the phrase: "to retain you as a member" (not "I write to you about")
_YOU_KEPT = re.compile(r"\b(?:retain|keep|leave|expel|restor|reinstat|readmit)\w*\s+you\b", re.I)


def _subjects(ctx: _Ctx, out: Extraction) -> None:
    text = ctx.text
    chosen: list[int] = []
    _mark_witnesses(ctx)
    _inline_list(ctx, out, chosen)
    for m in SUBJECT_TRIGGER.finditer(text):
        if _RECOMMENDER.match(m.group(0)) and (
            _ON_RECOMMENDATION.search(text, max(0, m.start() - 20), m.start())
            or _BY_RECOMMENDER.match(text, m.end())
        ):
            continue  # "joined on the recommendation of Savelyev": the one who recommended
        s, e = _sentence_at(ctx, m.start())
        mention = None
        prev = [x for x in ctx.mentions if s <= x.start and x.end <= m.start()]
        if (
            prev
            and prev[-1].possessive
            and re.fullmatch(r"['’]s\s*", text[prev[-1].end : m.start()])
        ):
            mention = prev[-1]
        pron = re.search(r"\b(her|his)\s+$", text[max(s, m.start() - 8) : m.start()])
        if mention is None and pron:
            mention = _antecedent(ctx, m.start(), pron.group(1), skip_roles=("relative",))
            if mention is not None and _TOOK_AWAY.fullmatch(text, mention.end, m.start()):
                # "the commissar Lykov has taken away his card": not the one who took it
                mention = _antecedent(ctx, mention.start, pron.group(1))
            if mention is not None and mention.cluster not in chosen:
                # "Ivan Belov was expelled. He is the son of the priest Pavel Belov. Look into
                # his case": the case is the expelled man's, not his father's; "the commissar
                # Gulyaev took away his party card": the card is the member's
                gender = lx.PRONOUN_GENDER[pron.group(1).lower()]
                mention = _subject_of_gender(ctx, chosen, gender) or mention
        # "and he should not be admitted": the pronoun is the subject of the trigger.
        pron = _SUBJECT_PRONOUN.search(text[s : m.start()])
        if mention is None and pron:
            mention = _antecedent(ctx, s + pron.start(1), pron.group(1), skip_roles=("relative",))
        if mention is None and re.match(r"\s+(?:me|myself)\b", text[m.end() : e]):
            mention = _author_mention(ctx)  # "expelled me from the Party"
        if mention is None and _WRITE_TO.search(text, s, m.start()):
            mention = _author_mention(ctx)  # "I write to appeal against the finding that I …"
        inner = re.search(r"\b(him|her)\b", m.group(0))
        if mention is None and inner:
            # "the cell put him out": the one the pronoun inside the phrase stands for
            at = m.start() + inner.start()
            # (after "put him out", the one nearest before, the writer's kin too: "My son … the
            # commission threw him out")
            skip = () if _PUT_OUT.match(m.group(0)) else ("relative",)
            mention = _antecedent(ctx, at, inner.group(1), skip_roles=skip) or (
                _writers_kin(ctx, at, inner.group(1))
            )
        addressed = None
        if mention is None and (_YOU_AFTER.match(text, m.end(), e) or _YOU_KEPT.search(m.group(0))):
            # a reply: "resolved … to retain you as a member", "expelled you"
            mention = addressed = _addressee_mention(ctx)
        # (one who "was reinstated last month" is no longer at stake: the name after may be)
        follows_a_name = not _RESTORED.match(m.group(0)) and _passive_before(ctx, prev, m.start())
        if mention is None and not follows_a_name:
            window = text[m.end() : min(e, m.end() + _REACH)]
            pw = re.search(r"\b(her|his|him)\b", window)
            after = [x for x in ctx.mentions if m.end() <= x.start < min(e, m.end() + _REACH)]
            first_after = after[0] if after else None
            if pw and (first_after is None or m.end() + pw.start() < first_after.start):
                mention = _antecedent(
                    ctx, m.end() + pw.start(), pw.group(1), skip_roles=("relative",)
                ) or _writers_kin(ctx, m.end() + pw.start(), pw.group(1))
            elif (
                first_after is not None
                and ctx.roles.get(first_after.cluster) not in ("author", "addressee")
                and not _NEW_CLAUSE.search(text[m.end() : first_after.start])
            ):
                mention = first_after
                # "Report of Com. Drozdov (Kotelnich) on Com. Laptev", "Statement of A. F.
                # Merkulova about her husband I. S. Merkulov": the paper's writer, then whom it
                # is about
                if (about := _ABOUT_NEXT.match(text, first_after.end)) is not None:
                    mention = _mention_at(ctx, about.end()) or mention
        if (
            mention is None
            and not _WRITING_ABOUT.match(m.group(0))
            and not _PLEDGED.search(text, max(0, m.start() - 12), m.start())
            # "I give him my recommendation": the writer recommends another
            and not _RECOMMENDER.match(m.group(0))
            and re.search(
                r"\b(?:I|me)\s+(?:was|have been|had been|am)\s+(?:\w+\s+)?$|\bmy\s+$"
                # "I ask to be left in the Party"
                r"|\bI\s+(?:\w+\s+){1,2}to\s+be\s+$"
                # "I, Panteleyev, a member of the Party since 1912, was expelled"
                r"|\bI,\s+[^.;]{1,120}?,\s+(?:was|have\s+been|had\s+been|am)\s+(?:\w+\s+)?$",
                text[s : m.start()],
            )
        ):
            mention = _author_mention(ctx)
        if mention is None and text[s:e].rstrip().endswith(":"):
            # "the cases of the three comrades named below, who were expelled …:" and a list
            for listed in _listed_people(ctx, e):
                if listed.cluster >= 0 and listed.cluster not in chosen:
                    chosen.append(listed.cluster)
                    _add_subject(ctx, out, listed, m)
            continue
        before: list[Mention] = []
        if mention is None and len(prev) > 1:
            # "Fyodor Belousov, the son of my late comrade Aleksei Belousov, who perished in
            # 1921, has been expelled": the head of the apposition, not the last name in it
            mention = _head_of_apposition(ctx, prev, m.start(), over_the_last=True)
        if mention is None and prev and _verb_follows(ctx, prev[-1], m.start()):
            mention = _apposition_head(ctx, prev[-1])
            # "Comrade Petrova and Comrade Ivanov were expelled": both
            before = _joined_before(ctx, prev[-1], s)
        if mention is None and prev:
            # "Comrade Timofei Rudnev, the son of the old weaver Grigory Rudnev who died in
            # 1915, has been expelled": a long apposition between the name and its verb
            mention = _head_of_apposition(ctx, prev, m.start())
        if mention is None and not [x for x in ctx.mentions if s <= x.start < e]:
            named = _named_later(ctx, s, m, e)
            mention, before = (named[-1], named[:-1]) if named else (None, before)
        if mention is None:
            for end, same in ctx.kin_referents.items():
                if s <= end <= m.start() and _PASSIVE_GAP.fullmatch(
                    _without_aside(text[end : m.start()])
                ):
                    mention = same
        if mention is None and (kin := _KIN_OBJECT.match(text, m.end(), e)) is not None:
            # "I am the daughter-in-law of Yermolai Butusov … the commission has expelled my
            # father-in-law": the one that kin phrase was read to stand for
            mention = ctx.kin_referents.get(kin.end())
        done_to = _OBJECT_AFTER.match(text, m.end())
        if (
            mention is not None
            and done_to is not None
            and re.fullmatch(r"[\s,]*", text[mention.end : m.start()])
        ):
            # "the commission, under the chairmanship of Comrade Gorelik, expelled him": the
            # name before the verb did it; "him" is the writer's kin named before
            mention = _named_kin_of_writer(ctx, done_to.group(1), before=mention.start)
        if mention is None or mention.cluster < 0 or mention.family:
            continue
        if ctx.roles.get(mention.cluster) in ("addressee", "witness") and mention is not addressed:
            continue
        if ctx.roles.get(mention.cluster) == "author" and mention is not _author_mention(ctx):
            continue
        if mention.cluster in chosen:
            continue
        if mention.kin_named and chosen and _OUTSIDE_WORD.fullmatch(m.group(0)):
            # "expelled because his brother, Stepan Zuyev, was arrested for speculation": a
            # relative's trouble, not a second member at stake
            continue
        for joined in before:
            if joined.cluster not in chosen:
                chosen.append(joined.cluster)
                _add_subject(ctx, out, joined, m)
        chosen.append(mention.cluster)
        _add_subject(ctx, out, mention, m)
        # "expelled Comrades Kuzmin and Frolov", "expelled Vera and her brother Mikhail":
        # names joined to the first one are subjects of the same phrase.
        follow = mention
        for nxt in ctx.mentions:
            if nxt.start <= follow.start or nxt.start > e:
                continue
            if not _joined(text[follow.end : nxt.start]):
                break
            if (
                nxt.cluster >= 0
                and nxt.cluster not in chosen
                and ctx.roles.get(nxt.cluster) not in ("author", "addressee")
            ):
                chosen.append(nxt.cluster)
                _add_subject(ctx, out, nxt, m)
            follow = nxt
    _line_list(ctx, out, chosen)
    if not chosen and (sent := _paper_about(ctx)) is not None:
        chosen.append(sent.cluster)
        _add_subject(ctx, out, sent, None)
    if not chosen and (most := _most_named(ctx) or _only_candidate(ctx)) is not None:
        _add_subject(ctx, out, most, None)


# A covering note's "the letter of the peasant Ye. S. Nefyodov … about his son, P. Ye.
# Nefyodov, … is forwarded to you": the paper it sends is about that person.
_PAPER_ABOUT = re.compile(
    r"\b(?:letter|statement|application|petition|complaint|appeal|report|declaration)s?\b"
    r"(?:[^.;:]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.){0,120}?"
    r"\b(?:about|concerning|regarding|on\s+behalf\s+of)\s+"
    r"(?:(?:her|his|their)\s+(?:own\s+)?[a-z-]+,?\s+)?(?:Com\.\s*|Comrades?\s+)?(?=[A-Z])"
)


def _paper_about(ctx: _Ctx) -> Mention | None:
    """With no phrase of expulsion to go by, the person the paper a note sends is about."""
    for m in _PAPER_ABOUT.finditer(ctx.text):
        mention = _mention_at(ctx, m.end())
        if (
            mention is not None
            and mention.cluster >= 0
            and not mention.family
            and ctx.roles.get(mention.cluster) not in ("author", "addressee", "witness")
        ):
            return mention
    return None


# How far after its trigger the person a phrase is about may be named: "recommend for admission
# to the Party as candidates two workers of the Mikhelson plant, Vera Abrosimova".
_REACH = 100

# "I am writing to you about …", "I am appealing on behalf of …": the writer is not the one
# the phrase is about.
_WRITING_ABOUT = re.compile(r"(?:writ|appeal|turn|apply)\w*\s", re.IGNORECASE)

# "I answer for him with my party card": the writer's card pledged for another, not at stake.
_PLEDGED = re.compile(r"\b(?:with|on)\s+my\s+$", re.IGNORECASE)

_RECOMMENDER = re.compile(r"recommend", re.IGNORECASE)
_ON_RECOMMENDATION = re.compile(r"\b(?:on|upon|at)\s+(?:the|his|her|their|whose)\s+$", re.I)
_BY_RECOMMENDER = re.compile(r"\s+(?:by|from)\b", re.IGNORECASE)


_ABOUT_SOMEONE = _spaced(
    re.compile(
        r"\b(?:look into|verif\w*|check\w*|investigat\w*|examin\w*|reconsider\w*|review\w*|"
        r"case|cases|good (?:worker|comrade)|honest|reliable)\b",
        re.IGNORECASE,
    )
)


def _only_candidate(ctx: _Ctx) -> Mention | None:
    """A short note that asks for a case to be looked into and names one person besides its
    writer, addressee and the witnesses to ask ("Please look into this. Lapshina is a good
    worker"): that person is the subject."""
    if not _ABOUT_SOMEONE.search(ctx.text):
        return None
    found = [
        c
        for c in ctx.clusters
        if ctx.roles.get(c.index) not in ("author", "addressee", "relative", "witness")
        and not any(m.kin_named for m in c.mentions)
    ]
    return found[0].best if len(found) == 1 else None


# An item of a numbered or bulleted list: "1. Anisimov K. P., tram conductor, …".
_LIST_ITEM = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-–•*])[ \t]+", re.M)


def _listed_people(ctx: _Ctx, pos: int) -> list[Mention]:
    """The person each item of the list right after `pos` begins with."""
    found: list[Mention] = []
    at = pos
    while (item := _LIST_ITEM.search(ctx.text, at)) is not None:
        if ctx.text[at : item.start()].strip():
            break  # the list has ended
        line_end = ctx.text.find("\n", item.end())
        line_end = len(ctx.text) if line_end < 0 else line_end
        person = _mention_at(ctx, item.end(), slack=len("Comrade "))
        if person is None or person.start >= line_end:
            break
        found.append(person)
        at = line_end
    return found


def _most_named(ctx: _Ctx) -> Mention | None:
    """With no phrase of expulsion or recommendation to go by, a letter is about the person
    it names most often, when one person clearly leads (named at least twice)."""
    counts: list[tuple[int, int]] = []
    for cluster in ctx.clusters:
        if ctx.roles.get(cluster.index) in ("author", "addressee", "relative", "witness"):
            continue
        if any(m.kin_named for m in cluster.mentions):
            continue
        counts.append((len(cluster.mentions), cluster.index))
    counts.sort(reverse=True)
    if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return ctx.clusters[counts[0][1]].best


_PASSIVE_GAP = re.compile(
    r"(?:['’]s)?\s*,?\s*(?:(?:who|whose|which)\s+"
    # "whom the Saratov commission expelled": the name is the object of the clause's verb
    # (and as it is said: "who you have throwed out")
    r"|(?:whom|who(?=\s+(?:you|they|we)\b))\s+(?:[\w-]+\s+){1,5}?)?(?:(?:was|were|has|have|had|is|be|been|"
    r"being|also|since|now|recently|just|then|later|both|already|\w+ly|"
    # "Udaltsov … should not remain in the Party"
    r"should|must|ought\s+to|cannot|can|could|would|will|not|to)\s+){0,4}"
    # "who now asks to be restored": the subject's own wish to be readmitted
    r"(?:(?:asks|asked|wishes|wished|hopes|seeks|sought|applies|applied|wants)\s+to\s+be\s+)?"
    # "is being proposed for reinstatement"
    r"(?:(?:proposed|nominated|put\s+forward|considered|recommended)\s+for\s+)?",
)

# "Petrov, who worked in Baku before the revolution, has been expelled", "Ivanov, chairman
# of the volost committee, is put forward": an aside between commas does not break the tie
# between a name and the verb after it.
_ASIDE = re.compile(r"^\s*,\s*[a-z][^,.;]*,")
_NEXT_ASIDE = re.compile(r"^\s*[a-z][^,.;]*,")
_WHO_ASIDE = re.compile(r"^\s*,?\s*(?:who|whom|whose|which)\b[^.;]*?,")


# A standing put in question by a word that is not a party body's: an arrest, a charge.
_OUTSIDE_WORD = re.compile(r"arrested|accused|charged|dismissed", re.I)
_RESTORED = re.compile(r"(?:reinstat|readmi|re-admi|restor)", re.I)
_AUXILIARY_BEFORE = re.compile(r"\b(?:has|have|had|was|were|is|are)\s+(?:been\s+)?$")


def _passive_before(ctx: _Ctx, prev: list[Mention], at: int) -> bool:
    """ "my father, Terenty Abramov, chairman of the village soviet, has been expelled … for
    giving my sister in marriage to the son of the kulak Zotov": the name the verb follows,
    not one named after it."""
    return (
        bool(prev)
        and _verb_follows(ctx, prev[-1], at)
        and _AUXILIARY_BEFORE.search(ctx.text, max(0, at - 16), at) is not None
    )


def _verb_follows(ctx: _Ctx, mention: Mention, at: int) -> bool:
    """Whether the verb at `at` is said of `mention`, asides between them left out ("Petrov,
    chairman of the volost committee, was expelled"); never of the writer or the addressee."""
    return ctx.roles.get(mention.cluster) not in ("author", "addressee") and bool(
        _PASSIVE_GAP.fullmatch(_without_aside(ctx.text[mention.end : at]))
    )


def _head_of_apposition(
    ctx: _Ctx, prev: list[Mention], at: int, *, over_the_last: bool = False
) -> Mention | None:
    """The first name of the sentence, when a long apposition stands between it and the verb
    at `at`; None otherwise. `over_the_last`: only an apposition that holds the other names
    ("Fyodor Belousov, the son of my late comrade …, Aleksei Belousov, who perished …, has been
    expelled"), asked before the last name is taken for the one the verb follows."""
    head = prev[0]
    aside = _LONG_APPOSITION.match(ctx.text, head.end, at)
    if (
        aside is None
        or ctx.roles.get(head.cluster) in ("author", "addressee")
        or not _PASSIVE_GAP.fullmatch(ctx.text[aside.end() : at])
    ):
        return None
    if over_the_last and (
        aside.end() <= prev[-1].end
        # (not "…, a fitter, writes that his wife, Zinaida Sinelnikova, was struck off")
        or re.search(r"\b(?:that|and|but|or)\b", aside.group(0))
    ):
        return None
    return head


# An apposition or relative clause between commas after a name, up to the last comma
# before the verb: ", the son of the old weaver Grigory Rudnev who died in 1915,".
_LONG_APPOSITION = re.compile(
    # (", née Gorchakova, a teacher …": her maiden name first)
    r"(?:\s*\([^()]{1,60}\))?\s*,\s*(?:the|a|an|who|whose|whom|which|formerly|née|nee|born|"
    # "Viktor Orlik, son of my late husband Anton Orlik, commander …, was expelled"
    r"(?:son|daughter|widow|wife|husband|brother|sister|nephew|niece)\s+of)\b"
    # (the points of "the R.C.P." go on with the apposition)
    # (not the initials of another name: "…, concerning her stepson, V. A. Orlik, expelled")
    r"(?:[^;:.]|(?<=\b[A-Z])\.(?=[A-Z(]|\s+[a-z]))*,"
)

# Before a trigger, "he"/"she" as the subject of its verb ("he should not be admitted").
_SUBJECT_PRONOUN = re.compile(
    r"\b(he|she|He|She)\s+(?:(?:was|were|has|have|had|is|be|been|being|should|must|could|"
    r"would|will|can|cannot|not|also|now|then|\w+ly)\s+){0,4}$"
)

# Between a trigger and a name after it: a new clause or a request to question someone means
# the name is not the trigger's object ("verify these facts and question Comrade Sidorov").
_NEW_CLAUSE = re.compile(
    r"\b(?:and|who|whom|which|but|question|interview|consult|ask|summon|hear|call)\b|[;:]"
    # "expelled by the Buzuluk commission", "the expulsion of three of our men by the district
    # commission (Comrades Kurilov, …)": the name after "by" is who expelled
    r"|\bby\b(?![^()]*\bof\b)"
)


def _joined(gap: str) -> bool:
    """Two names side by side in one list: "Kuzmin and Frolov", "Ulyanova (Elizarova),
    Ivanov"."""
    return bool(_LIST_GAP.fullmatch(re.sub(r"\s*\([^()]*\)", "", gap)))


def _joined_before(ctx: _Ctx, mention: Mention, start: int) -> list[Mention]:
    """The names listed before `mention` in its sentence, first first."""
    found: list[Mention] = []
    current = mention
    for earlier in reversed(ctx.mentions):
        if earlier.start >= current.start or earlier.family:
            continue
        if earlier.start < start or not _joined(ctx.text[earlier.end : current.start]):
            break
        if earlier.cluster >= 0 and ctx.roles.get(earlier.cluster) not in ("author", "addressee"):
            found.insert(0, earlier)
        current = earlier
    return found


_KIN_APPOSITION_BEFORE = re.compile(
    rf",\s*the\s+(?:{lx.KIN_WORDS})\s+of\s+(?:the\s+late\s+)?(?:{lx.TITLES}\s+)?$"
)


def _apposition_head(ctx: _Ctx, mention: Mention) -> Mention:
    """ "Anna Zorina, the widow of Comrade Pyotr Zorin, has been expelled": the verb's subject
    is the name the kin phrase describes, not the name inside it."""
    kin = _KIN_APPOSITION_BEFORE.search(ctx.text, 0, mention.start)
    if kin is None:
        return mention
    head = [x for x in ctx.mentions if x.end == kin.start() and x.cluster >= 0]
    return head[-1] if head else mention


def _without_aside(gap: str) -> str:
    gap = re.sub(r"^\[\d{1,3}\]", "", gap)  # an editor's footnote mark after the name
    gap = re.sub(r"^\s*\([^()]*\)", "", gap)  # another name of the same person
    for n in range(3):
        # "Grigory Tishkin, twenty-four years old, who served three years in the Red Army and
        # was wounded at Perekop, has been thrown out": asides one after another (the comma
        # that ends one begins the next: "…, turner at the Pipe Works, in the party since 1916,
        # was put out")
        aside = (
            _ASIDE.match(gap) or _WHO_ASIDE.match(gap) or (_NEXT_ASIDE.match(gap) if n else None)
        )
        if aside is None:
            break
        gap = gap[aside.end() :]
    return gap


_LIST_GAP = re.compile(
    rf"(?:['’]s)?\s*(?:,\s*|\s+and\s+(?:of\s+)?|,\s+and\s+(?:of\s+)?)"
    rf"(?:(?:her|his|their)\s+(?:{lx.KIN_ADJECTIVES}\s+)*(?:{lx.KIN_WORDS}),?\s+)?"
    rf"(?:{lx.TITLES}\s+)?"
)


def _add_subject(ctx: _Ctx, out: Extraction, mention: Mention, cue: re.Match[str] | None) -> None:
    """`cue` is the phrase that made the person a subject; None when the letter only names
    them most often."""
    if ctx.roles.get(mention.cluster) != "author":
        ctx.roles[mention.cluster] = "subject"
    cluster = ctx.clusters[mention.cluster]
    best = cluster.best
    ref = _ref(ctx.letter, "text", best)
    extra = {
        "cue": ctx.letter.span("text", cue.start(), cue.end()).as_json() if cue else None,
        "forms": sorted({x.text for x in cluster.mentions}),
    }
    if cluster.aliases:
        extra["aliases"] = cluster.aliases
    out.add("subjects", Item(best.text, ref.span, ref, extra))


def _addressed(cluster: Cluster, out: Extraction) -> bool:
    """Whether an addressee the reader gave holds one of the cluster's mentions, or is the
    one the cluster calls by name and patronymic ("Mikhail Ivanovich, I ask you …" to "M. I.
    Kalinin")."""
    people = [item for item in out.get("addressees") if item.person is not None]
    spans = [
        (i.person.span.start, i.person.span.end)
        for i in people
        if i.person is not None and i.person.span is not None
    ]
    return any(a <= m.start < b for m in cluster.mentions for a, b in spans) or any(
        _forenames_of(m.text, item.value) for m in cluster.mentions for item in people
    )


def _other_people(ctx: _Ctx, out: Extraction) -> None:
    for cluster in ctx.clusters:
        role = ctx.roles.get(cluster.index, "witness")
        if role == "addressee" and not _addressed(cluster, out):
            role = "witness"  # the reader called by name in the text only: still a person of it
        if role != "witness":
            continue  # a witness to ask is one of the other people the letter names
        best = cluster.best
        ref = _ref(ctx.letter, "text", best)
        extra = {"aliases": cluster.aliases} if cluster.aliases else {}
        out.add("other_people", Item(best.text, ref.span, ref, extra))
