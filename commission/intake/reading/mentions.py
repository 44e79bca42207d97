"""People named in a letter: finding name mentions and grouping the mentions of one person.

A capitalised run of words is taken for a person's name when the genre says so: a title before
it ("Comrade Solts"), a given name or patronymic in it, a Russian-pattern surname ending, an
initial ("A. Smirnov"), a possessive kin phrase after it ("Kasparov's sister"), or the same name
found elsewhere in the letter by one of these. Places, months, parties and bodies are not names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commission.intake.reading import lexicon as lx
from commission.registry import names as name_forms

_TOKEN = re.compile(r"[A-ZÀ-ÞА-ЯЁ]\.|[A-Za-zÀ-ÿА-Яа-яЁё]+(?:-[A-Za-zÀ-ÿА-Яа-яЁё]+)*(?:['’]s\b)?")
_TITLE_WORDS = {
    "comrade",
    "comrades",
    "citizen",
    "citizens",
    "tov.",
    "com.",
    "mr",
    "mrs",
    "dr",
    "professor",
    "prof.",
    "tov",
    "com",
    "mr.",
    "mrs.",
    "dr.",
}
_STRONG_SUFFIX = re.compile(
    r"(?:ov|ova|ev|eva|yov|yova|sky|skaya|skii|skiy|tsky|enko|idze|adze|shvili|ovich|evich|ovna|evna)$",
    re.IGNORECASE,
)
_MASC_SURNAME = re.compile(r"(?:ov|ev|yov|in|yn|sky|skii|skiy|tsky|ich)$", re.IGNORECASE)


_PLACE_HEAD = re.compile(
    r"\s+(?:works|factory|mill|plant|mine|mines|district|street|prospect|lane|square|embankment|"
    r"boulevard|gubernia|uyezd|volost|region|province|regiment|division|station|railway|"
    r"university|institute|school|hospital|prison|club|trust|square|bridge|gate|gates)\b",
    re.IGNORECASE,
)


# A capitalised word directly before a lower-case body word qualifies the body.
_BODY_AFTER = re.compile(
    r"\s+(?:commission|committee|bureau|presidium|collegium|secretariat|cell|board|"
    r"organisation|organization|council|soviet|section|department)\b"
)
_PLACE_WORD = re.compile(
    r"(?:Street|Prospect|Lane|Square|Embankment|Boulevard|Highway|Avenue|Road)", re.IGNORECASE
)


@dataclass
class Mention:
    start: int
    end: int  # without a possessive ending
    text: str
    titled: bool = False
    possessive: bool = False
    family: bool = False
    gender: str = "unknown"
    cluster: int = -1

    @property
    def words(self) -> list[str]:
        return name_forms.words(self.text)

    @property
    def keys(self) -> set[str]:
        return {k for k in (name_forms.fold(w) for w in self.words if len(w) > 1) if k}


@dataclass
class Cluster:
    index: int
    mentions: list[Mention] = field(default_factory=list)

    @property
    def best(self) -> Mention:
        return max(self.mentions, key=lambda m: (len(m.words), len(m.text), -m.start))

    @property
    def name(self) -> str:
        return self.best.text

    @property
    def gender(self) -> str:
        genders = {m.gender for m in self.mentions} - {"unknown"}
        return genders.pop() if len(genders) == 1 else "unknown"


def gender_of(name: str) -> str:
    ws = [w for w in name_forms.words(name) if len(w) > 1]
    if not ws:
        return "unknown"
    for w in ws:
        low = w.lower()
        if low in lx.FEMALE_GIVEN:
            return "female"
        if re.search(r"(?:ovna|evna|ichna|inichna)$", low):
            return "female"
        if re.search(r"(?:ovich|evich|yich|ich)$", low) and len(low) > 4:
            return "male"
    surname = ws[-1].split("-")[-1]
    if lx.FEMININE_SURNAME.search(surname) and len(surname) > 4:
        return "female"
    if _MASC_SURNAME.search(surname) and len(surname) > 3:
        return "male"
    if ws[0].lower() in lx.GIVEN_NAMES:
        return "male"
    return "unknown"


def _namey(word: str, *, sentence_start: bool) -> bool:
    low = word.lower().rstrip(".")
    if low in lx.NOT_NAME_WORDS or low in lx.ORG_WORDS:
        return False
    if low in lx.GIVEN_NAMES or lx.PATRONYMIC.match(low):
        return True
    parts = low.split("-")
    if sentence_start:
        return any(_STRONG_SUFFIX.search(p) and len(p) > 4 for p in parts)
    return any(lx.SURNAME_SUFFIX.search(p) and len(p) > 3 for p in parts)


def find_mentions(text: str, *, known: set[str] | None = None) -> list[Mention]:
    """Name mentions in `text`, in order. `known` holds folded name words already accepted
    (e.g. from the signature), so a bare "Solts" is found once "Comrade Solts" was."""
    tokens = list(_TOKEN.finditer(text))
    runs: list[tuple[list[re.Match[str]], bool, bool]] = []  # tokens, titled, sentence start
    i = 0
    plural_title = False
    while i < len(tokens):
        tok = tokens[i]
        word = tok.group(0)
        low = word.lower()
        if low in _TITLE_WORDS:
            titled_run: list[re.Match[str]] = []
            j = i + 1
            plural_title = low in ("comrades", "citizens")
            while j < len(tokens):
                if (
                    plural_title
                    and titled_run
                    and tokens[j].group(0) == "and"
                    and j + 1 < len(tokens)
                    and tokens[j + 1].group(0)[0].isupper()
                ):
                    runs.append((titled_run, True, False))
                    titled_run = []
                    j += 1
                    continue
                if not tokens[j].group(0)[0].isupper():
                    break
                gap = text[tokens[j - 1].end() : tokens[j].start()]
                if titled_run and gap not in (" ", "  "):
                    if plural_title and re.fullmatch(r"\s*,\s*|\s+and\s+|\s*,\s+and\s+", gap):
                        runs.append((titled_run, True, False))
                        titled_run = []
                    else:
                        break
                elif not titled_run and gap.strip():
                    break
                titled_run.append(tokens[j])
                j += 1
                if tokens[j - 1].group(0).endswith(("’s", "'s")):
                    break
            if titled_run:
                runs.append((titled_run, True, False))
                i = j
                continue
            i += 1
            continue
        if word[0].isupper():
            run = [tok]
            j = i + 1
            while j < len(tokens) and tokens[j].group(0)[0].isupper():
                gap = text[tokens[j - 1].end() : tokens[j].start()]
                if gap not in (" ", "  ", "   ") or run[-1].group(0).endswith(("’s", "'s")):
                    break
                if tokens[j].group(0).lower() in _TITLE_WORDS:
                    break
                run.append(tokens[j])
                j += 1
            before = text[max(0, tok.start() - 3) : tok.start()]
            sentence_start = tok.start() == 0 or bool(
                re.search(r"(?:[.!?:;“\"(]\s*|\n\s*)$", before)
            )
            runs.append((run, False, sentence_start))
            i = j
            continue
        i += 1
    mentions = []
    for run, titled, sentence_start in runs:
        mention = _mention(text, run, titled=titled, sentence_start=sentence_start, known=known)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _mention(
    text: str,
    run: list[re.Match[str]],
    *,
    titled: bool,
    sentence_start: bool,
    known: set[str] | None,
) -> Mention | None:
    words = [m.group(0) for m in run]
    if any(_bare(w) in lx.ORG_WORDS for w in words):
        return None
    # Drop capitalised non-names at either end ("However Petrov", "Petrov Party").
    while run and _plain(words[0]) and not (titled and len(run) == 1):
        run, words, sentence_start = run[1:], words[1:], False
    while run and _plain(words[-1]):
        run, words = run[:-1], words[:-1]
    if not run:
        return None
    start, end = run[0].start(), run[-1].end()
    last = words[-1]
    possessive = last.endswith(("’s", "'s"))
    if possessive:
        end -= 2
    following = text[end + (2 if possessive else 0) : end + 40]
    family = bool(re.match(r"\s+family\b", following))
    if re.match(_PLACE_HEAD, following) and not possessive:
        return None  # "the Putilov works", "Bauman district", "Sovetskaya Street"
    if re.match(_BODY_AFTER, following) and not possessive and not titled:
        return None  # "the Transcaucasian commission": an adjective naming a body
    if any(_PLACE_WORD.fullmatch(w) for w in words[1:]):
        return None  # "Moskovskaya Street 14": the head word is inside the run
    name = text[start:end]
    if all(len(w.rstrip(".")) == 1 for w in words):
        return None
    accept = titled or family
    if not accept:
        initials = any(len(w) == 2 and w.endswith(".") for w in words)
        kin_after = possessive and re.match(rf"\s*(?:{lx.KIN_WORDS})\b", following)
        known_hit = bool(known) and any(
            name_forms.fold(w) in (known or set()) for w in name_forms.words(name) if len(w) > 2
        )
        accept = bool(
            initials
            or kin_after
            or known_hit
            or any(
                _namey(w.removesuffix("’s").removesuffix("'s"), sentence_start=sentence_start)
                for w in words
                if len(w) > 2
            )
        )
    if not accept:
        return None
    return Mention(
        start=start,
        end=end,
        text=name,
        titled=titled,
        possessive=possessive,
        family=family,
        gender=gender_of(name),
    )


def _bare(word: str) -> str:
    return word.lower().rstrip(".").removesuffix("’s").removesuffix("'s")


def _plain(word: str) -> bool:
    low = word.lower().removesuffix("’s").removesuffix("'s")
    return low in lx.NOT_NAME_WORDS or low in _TITLE_WORDS


def cluster_mentions(mentions: list[Mention]) -> list[Cluster]:
    """Group mentions of one person: the words of the shorter form are among the words of the
    longer (folded, so Kasparova / Kasparov-Popova / Kasparova-Popova agree), and the genders do
    not clash (Kasparov the brother stays apart from Kasparova the sister)."""
    clusters: list[Cluster] = []
    for mention in mentions:
        if mention.family or not mention.keys:
            continue
        home = None
        for cluster in clusters:
            if _compatible(mention, cluster):
                home = cluster
                break
        if home is None:
            home = Cluster(len(clusters))
            clusters.append(home)
        home.mentions.append(mention)
        mention.cluster = home.index
    return clusters


def _compatible(mention: Mention, cluster: Cluster) -> bool:
    for other in cluster.mentions:
        a, b = mention.keys, other.keys
        if not (a <= b or b <= a):
            return False
        genders = {mention.gender, other.gender} - {"unknown"}
        if len(genders) > 1:
            return False
    return True


def known_words(names: list[str]) -> set[str]:
    return {name_forms.fold(w) for n in names for w in name_forms.words(n) if len(w) > 2}
