"""What a Russian letter asks for, by whom, and how urgently: a request kind is read only in a
sentence with a request frame; the frame says whether the author asks ("прошу проверить",
"ходатайствую о восстановлении", "сообщите") or reports someone else's request ("она просит
меня заступиться"); "срочно", "немедленно" make it urgent."""

from __future__ import annotations

import re
from functools import lru_cache

from commission.intake.reading.model import Extraction, Item
from commission.intake.reading.ru import lexicon
from commission.intake.reading.ru.context import REPLY_LINE, Ctx
from commission.intake.reading.ru.people import Mention, lemma
from commission.registry import cyrillic

_PRONOUN = re.compile(r"\b(она|он)\b")


_TELEGRAM = re.compile(r"\bТЧК\b|\bЗПТ\b|^\s*телеграмма\b", re.I | re.M)


_BODIES = frozenset(
    [
        "бюро",
        "ячейка",
        "собрание",
        "комитет",
        "комиссия",
        "президиум",
        "райком",
        "уком",
        "губком",
        "партком",
        "коллектив",
        "правление",
        "совет",
        "политотдел",
        "исполком",
        "ревком",
        "губпроверком",
        "проверком",
    ]
)


def _body_speaks(ctx: Ctx, start: int, frame: re.Match[str]) -> bool:
    """ "Бюро ячейки … просит пересмотреть": a body writing speaks of itself in the third
    person. So when no person is named before the verb and a body is its subject."""
    if ctx.in_sentence(start, frame.start()):
        return False
    words = re.findall(r"[а-яё]+", ctx.low[start : frame.start()])
    clause = max(start, ctx.low.rfind(",", start, frame.start()) + 1)
    in_clause = re.findall(r"[а-яё]+", ctx.low[clause : frame.start()])
    # "Бюро ячейки", "Центральная комиссия", "Районный комитет", "ЦКК": the body among the
    # first words before the verb, or after the words that lead into it ("На основании
    # изложенного политотдел просит", "Фабзавком вместе с общим собранием рабочих просит")
    # (the dictionary reads "уком" as a form of another word: the word itself counts too)
    return any(_body_word(w) for w in words[:3]) or (
        len(in_clause) <= 8 and any(_body_word(w) for w in in_clause)
    )


def _body_word(word: str) -> bool:
    return (
        word in _BODIES
        or lemma(word) in _BODIES
        or word in _BODY_ACRONYMS
        # "фабзавком", "местком", "волисполком": a committee by its contracted name
        or (len(word) >= 6 and word.endswith("ком"))
    )


_BODY_ACRONYMS = frozenset(
    ["цкк", "цк", "гкк", "укк", "губкк", "обкк", "горкк", "райкк", "губкомиссия", "губпроверком"]
)


def _reporter(ctx: Ctx, start: int, frame: int) -> Mention | None:
    """Who asks, in "Владимир Ильич просит …", "она просит меня …"."""
    named = [m for m in ctx.in_sentence(start, frame) if ctx.roles.get(m.cluster) != "addressee"]
    if named:
        return named[-1]
    pronouns = list(_PRONOUN.finditer(ctx.low, start, frame))
    if pronouns:
        return ctx.referent(pronouns[-1].group(1), pronouns[-1].start())
    return None


def _refused(ctx: Ctx, start: int, end: int, s: int, e: int) -> bool:
    """ "прошу в восстановлении ему отказать", "прошу не восстанавливать": asked not to; nor
    "отложить рассмотрение дел": put off, not asked for now."""
    clause_start = max(s, ctx.low.rfind(",", s, start) + 1)
    clause_end = ctx.low.find(",", end, e)
    clause_end = e if clause_end < 0 else clause_end
    return bool(
        # ("вынесенное без меня и без проверки": a fault named, nothing asked)
        re.search(r"\bне\s+$|\bотлож\w*\s+$|\bбез\s+$", ctx.low[clause_start:start])
        # (not the polite "Прошу не отказать и срочно затребовать …": asked all the more)
        or re.search(r"(?<!\bне\s)\bотказ", ctx.low[clause_start:clause_end])
    )


# A request that joins the one the sentence before reported: "Я прошу о том же".
_THE_SAME = re.compile(r"\b(?:о\s+том\s+же|того\s+же|присоединяюсь|о\s+том\s+же\s+самом)\b")


# "Срочно." as a sentence of its own, as a note or resolution puts it: for all it asks.
_URGENT_ALONE = re.compile(
    r"(?:^|[.!?:\n])\s*(?:весьма\s+|очень\s+)?(?:срочно|немедленно|вне\s+очереди)\s*[.!]"
)


_WORD = re.compile(r"[а-яё]+(?:-ка)?")
# A numbered point of a list: "1) отменить …", "2. вызвать …".
_POINT = re.compile(r"\s*(?:\d{1,2}|[а-е])\s*[).]\s")


@lru_cache(maxsize=20000)
def _asks_of_you(word: str) -> bool:
    """A verb that asks something of the reader: the imperative ("заступитесь", "поддержите",
    "посодействуйте"), and the perfective "вы"-form the imperative shares its spelling with
    ("спросите", "обратите"). The dictionary, not a list, says which words these are."""
    if len(word) >= 6 and word.endswith(("сь", "и", "ь")):
        # a peasant's "ты" to the elder of the republic: "заступись", "помоги", "восстанови"
        best = cyrillic.analyser().parse(word)[0]
        if "VERB" in best.tag and "impr" in best.tag and "sing" in best.tag and best.score > 0.5:
            return True
    if len(word) < 5 or not word.endswith(("те", "тесь", "йте", "йтесь")):
        return False
    for parse in cyrillic.analyser().parse(word):
        tag = parse.tag
        if "VERB" not in tag or parse.score < 0.05:
            continue
        if "impr" in tag or ("2per" in tag and "plur" in tag and "perf" in tag):
            return True
    return False


_DECIDED = re.compile(r"(?:постановил|решил)")


def _imperative_frames(ctx: Ctx, s: int, e: int) -> list[tuple[int, str, re.Match[str]]]:
    return [
        (m.start(), "author", m) for m in _WORD.finditer(ctx.low, s, e) if _asks_of_you(m.group(0))
    ]


def read_requests(ctx: Ctx, out: Extraction) -> None:
    seen: set[tuple[str, str]] = set()
    subject = next((c for c in ctx.clusters if ctx.roles.get(c.index) == "subject"), None)
    # A telegram is short and paid by the word: "срочно" anywhere in it is for all it asks; so
    # is "Срочно." standing alone in a note.
    telegram_urgent = (
        bool(_TELEGRAM.search(ctx.text))
        # ("СРОЧНАЯ" over the address: the form's own word for all of it)
        and bool(lexicon.urgent().search(ctx.low, 0, ctx.closing[0]))
        # (from the top: "Емельян Михайлович!\nСрочно." may be read with the greeting)
    ) or bool(_URGENT_ALONE.search(ctx.low, 0, ctx.closing[0]))
    previous: list[str] = []  # the kinds the sentence before asked for
    body_spoke = False  # the sentence before was a body's request in its own voice
    listing: str | None = None  # who asks the numbered points under "Прошу ЦКК:"
    for s, e in ctx.sentences:
        in_closing = ctx.closing[0] <= s < ctx.closing[1]
        if e <= ctx.opening[1] or (in_closing and not REPLY_LINE.match(ctx.text, s)):
            continue  # (a postscript under the closing asks too, and where to answer)
        asked = previous
        previous = []
        frames = [
            (m.start(), who, m)
            for who, pattern in lexicon.request_frames()
            for m in pattern.finditer(ctx.low, s, e)
        ]
        frames += _imperative_frames(ctx, s, e)
        point = _POINT.match(ctx.low, s)
        if not frames and listing is not None and point is not None:
            # "Прошу ЦКК: / 1) отменить решение …; / 2) вызвать меня …": each point is asked by
            # the frame above the list
            frames = [(s, listing, point)]
        elif point is None:
            listing = None
        if (
            frames
            and ctx.low[s:e].rstrip().endswith(":")
            # (not "постановила:": the points under a decision are what it decided)
            and not _DECIDED.match(frames[-1][2].group(0))
        ):
            listing = frames[-1][1]
        if not frames:
            continue
        frames.sort(key=lambda f: f[0])
        # "Бюро укома ходатайствует … Просит губпроверком вызвать …": the body goes on
        goes_on = body_spoke and not re.search(r"[а-яё]", ctx.low[s : frames[0][0]])
        body_spoke = goes_on or any(_body_speaks(ctx, s, f[2]) for f in frames)
        urgent = bool(lexicon.urgent().search(ctx.low, s, e)) or telegram_urgent
        for kind, pattern in lexicon.request_kinds():
            for m in pattern.finditer(ctx.low, s, e):
                if _refused(ctx, m.start(), m.end(), s, e):
                    continue
                before = [f for f in frames if f[0] <= m.start()]
                frame = before[-1] if before else frames[0]
                who = frame[1]
                if kind == "intercede" and who == "author" and not before:
                    continue
                by = (
                    "author"
                    if who == "author" or goes_on or _body_speaks(ctx, s, frame[2])
                    else "other"
                )
                key = (kind, by)
                if key in seen:
                    break
                seen.add(key)
                extra: dict[str, object] = {"by": "author", "urgent": urgent}
                if by != "author":
                    reporter = _reporter(ctx, s, frame[2].start())
                    if reporter is None and subject is not None:
                        reporter = subject.best
                    extra["by"] = ctx.name_of(reporter) if reporter is not None else "other"
                    if reporter is not None:
                        extra["by_person"] = ctx.ref(reporter)
                out.add(
                    "requests", Item(kind, ctx.letter.span("text", m.start(), m.end()), None, extra)
                )
                previous.append(kind)
                break
        same = _THE_SAME.search(ctx.low, s, e)
        if same is not None and any(f[1] == "author" for f in frames):
            # "Обухов … просит восстановить его в партии. Я прошу о том же": the writer joins in
            for kind in asked:
                if (kind, "author") not in seen:
                    seen.add((kind, "author"))
                    span = ctx.letter.span("text", same.start(), same.end())
                    out.add("requests", Item(kind, span, None, {"by": "author", "urgent": urgent}))
