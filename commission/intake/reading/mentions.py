"""People named in a letter: finding name mentions and grouping the mentions of one person.

A capitalised run of words is taken for a person's name when the genre says so: a title before
it ("Comrade Solts"), a given name or patronymic in it, a Russian-pattern surname ending, an
initial ("A. Smirnov"), a possessive kin phrase after it ("Kasparov's sister"), or the same name
found elsewhere in the letter by one of these. Places, months, parties and bodies are not names.
A name may be written surname first ("Kharitonov, Pavel Semyonovich", "Tsvetkov M. A."), and
another name of the same person in brackets ("Gerts (née Arkhipova)") is kept as an alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from commission.intake.reading import casing, clustering
from commission.intake.reading import lexicon as lx
from commission.registry import names as name_forms

_TOKEN = re.compile(
    r"(?:Ye|Ya|Yu|Yo|Zh|Kh|Ch|Sh|Ts|[A-ZÀ-ÞА-ЯЁ])\.|[A-Za-zÀ-ÿА-Яа-яЁё]+(?:-[A-Za-zÀ-ÿА-Яа-яЁё]+)*(?:['’]s\b)?"
)
_TITLE_WORDS = {
    "comrade",
    "comrades",
    "citizen",
    "citizens",
    "tov.",
    "com.",
    "mr",
    "mrs",
    "ms",
    "mx",
    "dr",
    "professor",
    "prof.",
    "tov",
    "com",
    "cc",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
}
_ABBREVIATED_TITLES = frozenset({"com", "coms", "cc", "tov", "mr", "mrs", "ms", "mx", "dr", "prof"})
_STRONG_SUFFIX = re.compile(
    r"(?:ov|ova|ev|eva|yov|yova|sky|skaya|skii|skiy|tsky|enko|idze|adze|shvili|ovich|evich|ovna|evna"
    r"|ykh|ikh)$",
    re.IGNORECASE,
)
_MASC_SURNAME = re.compile(r"(?:ov|ev|yov|in|yn|sky|skii|skiy|tsky|ich)$", re.IGNORECASE)


_PLACE_HEAD = re.compile(
    # "the Kozlov locomotive depot", "the Vladimir central prison": one word of what kind may
    # stand between the town and the place
    r"\s+(?:(?:central|locomotive|railway|repair|engine|metal|textile|weaving|spinning|cotton|"
    r"tobacco|arms|cartridge|sugar|glass|paper|leather|tram|river|city|town|provincial|"
    r"military|naval|main|goods|freight|passenger|transit|state|town|village|peasant|linen|"
    r"woollen|woolen|cloth|silk|match|flour|steam|printing|rope|brick|soap|chemical)\s+)?"
    r"(?:works|factory|mill|plant|mine|mines|district|street|prospect|lane|square|embankment|"
    r"boulevard|gubernia|uyezd|volost|region|province|regiment|division|station|railway|"
    r"university|institute|school|hospital|prison|club|trust|square|bridge|gate|gates|depot|"
    r"workshops|yards|docks|port|barracks|market|monastery|cathedral|church|chapel|shipyard|"
    r"shipyards|"
    r"tannery|sawmill|brewery|distillery|foundry|quarry|colliery|printshop|press|mills)\b",
    re.IGNORECASE,
)


# Before a single capitalised word, words that make it a place, not a person.
_PLACE_BEFORE = re.compile(
    r"\b(?:in|near|outside|around|beyond|across|towards?|into|from\s+the\s+town\s+of)\s+$"
    # "widow, of the town of Kozlov", "the village of Dubki"
    r"|\b(?:town|village|city|volost|uyezd|district|station|settlement|hamlet)\s+of\s+$"
    r"|\b(?:walk|walked|went|go|goes|going|gone|came|come|moved|travelled|traveled|versts?|"
    r"miles?|kilometres?|kilometers?|road)\s+(?:back\s+)?(?:to|from)\s+$"
    r"|\b(?:was|were|stood|fought|stationed|lived|worked|born|killed|wounded|arrested|nursed|"
    r"served|died|studied|taught|buried|cases|treated)\s+at\s+$",
    re.IGNORECASE,
)


# A capitalised word directly before a lower-case body word qualifies the body.
_BODY_AFTER = re.compile(
    # "the Kozlov town organisation": one word of what level may stand between
    r"\s+(?:(?:town|city|uyezd|gubernia|volost|district|regional|railway|party)\s+)?"
    r"(?:commission|committee|bureau|presidium|collegium|secretariat|cell|board|"
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
    # Other names of the same person written beside this one: "Gerts (née Arkhipova)",
    # "Valentinov (Brodsky)".
    aliases: list[str] = field(default_factory=list)
    # Named as someone's kin ("her mother-in-law, Darya Rogova"): a person of their own even
    # when the surname is the one the letter is about.
    kin_named: bool = False

    @property
    def words(self) -> list[str]:
        return name_forms.words(self.text)

    @property
    def keys(self) -> set[str]:
        return name_keys(self.text)

    @property
    def surname_keys(self) -> set[str]:
        return {name_forms.fold(w) for w in self.words if len(w) > 1 and not _forename(w)}

    @property
    def forename_letters(self) -> list[str]:
        """First letters of the given name and patronymic, in order, whether written out or
        as initials: "P. Kharitonov" → P; "Tsvetkov M. A." and "Kharitonov, Pavel
        Semyonovich" put the surname first, so the words after it are the forenames."""
        tokens = self.text.replace(".", ". ").replace(",", " , ").split()
        surname_first = "," in tokens or (
            len(tokens) > 1 and len(tokens[0].rstrip(".")) > 1 and tokens[1].endswith(".")
        )
        names = [t for t in tokens if t != "," and t.rstrip(".")]
        if len(names) < 2:
            return []
        forenames = names[1:] if surname_first else names[:-1]
        return [_letter_class(t[0]) for t in forenames]


@dataclass
class Cluster:
    index: int
    mentions: list[Mention] = field(default_factory=list)

    @property
    def best(self) -> Mention:
        # the full given name before an everyday form of it ("Anna" before "Nyura")
        return max(
            self.mentions,
            key=lambda m: (len(m.words), not _everyday_form(m.text), len(m.text), -m.start),
        )

    @property
    def name(self) -> str:
        return self.best.text

    @property
    def gender(self) -> str:
        genders = {m.gender for m in self.mentions} - {"unknown"}
        return genders.pop() if len(genders) == 1 else "unknown"

    @property
    def aliases(self) -> list[str]:
        return sorted({a for m in self.mentions for a in m.aliases})


@lru_cache(maxsize=4096)
def _everyday_form(text: str) -> bool:
    """A single word that is an everyday form of a given name ("Nyura", "Lyonya")."""
    keys = name_forms.given_name_keys(text, everyday=True)
    return " " not in text and len(keys) > 1 and keys[0] not in keys[1:]


def _forename(word: str) -> bool:
    low = word.lower()
    return low in lx.GIVEN_NAMES or bool(lx.PATRONYMIC.match(low))


# Initials written in one transliteration and names in another (E. / Yevdokia, K. / Claudia)
# must not read as two people.
_LETTER_CLASSES = {"Y": "E", "I": "E", "J": "E", "C": "K", "W": "V", "H": "G"}


def _letter_class(letter: str) -> str:
    upper = letter.upper()
    return _LETTER_CLASSES.get(upper, upper)


def forenames_clash(a: Mention, b: Mention) -> bool:
    """ "P. Kharitonov" and "Ilya Kharitonov" share a surname but not a first name."""
    return any(x != y for x, y in zip(a.forename_letters, b.forename_letters, strict=False))


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


# "P.S. Surikov's wife": the letters of a postscript mark are not a name's initials.
_POSTSCRIPT_MARK = re.compile(r"(?<![\w.])(?:P\.\s?){1,2}S\.|(?<![\w.])N\.\s?B\.")


# The Roman month of a date ("11/I. A. Solts", "27.I.1922"): not an initial of the name after it.
_ROMAN_MONTH = re.compile(r"(?<=\d[/.])[IVX]{1,4}\.")


_GIVEN_AFTER = re.compile(r",\s+([A-ZА-ЯЁ][a-zа-яё]+)\b")
_LIST_AFTER_COLON = re.compile(r",\s+(?:and\s+)?[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?,?\s")


_AFTER_A_NAME = re.compile(rf"(?<=[a-z’'])[ \t]*,?[ \t]+({lx.POSTNOMINAL})\b(?![’'-])")


def find_mentions(text: str, *, known: set[str] | None = None) -> list[Mention]:
    """Name mentions in `text`, in order. `known` holds folded name words already accepted
    (e.g. from the signature), so a bare "Solts" is found once "Comrade Solts" was."""
    marks = [(m.start(), m.end()) for m in _POSTSCRIPT_MARK.finditer(text)]
    marks += [(m.start(), m.end()) for m in _ROMAN_MONTH.finditer(text)]
    marks += [(m.start(1), m.end(1)) for m in _AFTER_A_NAME.finditer(text)]  # "… Ward MSc"
    tokens = [t for t in _TOKEN.finditer(text) if not any(a <= t.start() < b for a, b in marks)]
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
                broken = _carried_over(gap, tokens[j - 1].group(0))
                if titled_run and gap not in (" ", "  ") and not broken:
                    if plural_title and re.fullmatch(r"\s*,\s*|\s+and\s+|\s*,\s+and\s+", gap):
                        runs.append((titled_run, True, False))
                        titled_run = []
                    else:
                        break
                elif (
                    not titled_run
                    and gap.strip()
                    and not (
                        # "Com. Repina": the full stop of the title's abbreviation
                        gap.strip() == "." and low in _ABBREVIATED_TITLES
                    )
                ):
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
        if word.endswith(".") and _ABBREVIATION_BEFORE.search(
            text, max(0, tok.start() - 4), tok.start()
        ):
            # "examined by C.C.C. Send Shatrov": the last letter of an abbreviation, not an
            # initial of the name after it (two initials run together, "A.V. Frolova", are)
            i += 1
            continue
        if word[0].isupper():
            run = [tok]
            j = i + 1
            while j < len(tokens) and tokens[j].group(0)[0].isupper():
                gap = text[tokens[j - 1].end() : tokens[j].start()]
                if run[-1].group(0).endswith(("’s", "'s")):
                    break
                if gap not in (" ", "  ", "   ") and not _carried_over(gap, run[-1].group(0)):
                    break
                if tokens[j].group(0).lower() in _TITLE_WORDS:
                    break
                run.append(tokens[j])
                j += 1
            before = text[max(0, tok.start() - 3) : tok.start()]
            sentence_start = tok.start() == 0 or bool(
                re.search(r"(?:[.!?:;“\"(]\s*|\n\s*)$", before)
            )
            if sentence_start and _LIST_AFTER_COLON.match(text, tokens[j - 1].end()):
                # "three old members: Bakhtin, Leontyeva, Sorokoumov": the head of a list of
                # names, not a sentence's first word
                # ("struck off … (Fomin, Pakhomov, Zueva …)": a list in brackets too)
                sentence_start = not before.rstrip(" ").endswith((":", "("))
            given = _GIVEN_AFTER.match(text, tokens[j - 1].end())
            if (
                sentence_start
                and len(run) == 1
                and given
                and given.group(1).lower() in lx.GIVEN_NAMES
            ):
                # "1. Sidorkin, Aleksei Ivanovich, foreman …": a surname before the given names
                sentence_start = False
            runs.append((run, False, sentence_start))
            i = j
            continue
        i += 1
    runs = [piece for run in runs for piece in _surnames_apart(*run)]
    mentions = []
    for run, titled, sentence_start in runs:
        mention = _mention(text, run, titled=titled, sentence_start=sentence_start, known=known)
        if mention is not None:
            mentions.append(mention)
    mentions = _join_surname_first(text, mentions)
    mentions = _fold_aliases(text, mentions)
    for mention in mentions:
        # "Her brother, Kondratyev's brother-in-law Vasily Prokhorov": a name that owns the
        # next kin word is not the kin word before it
        mention.kin_named = not mention.possessive and bool(
            _KIN_APPOSITION.search(text[max(0, mention.start - 60) : mention.start])
        )
        if mention.gender == "unknown" and (
            title := _GENDERED_TITLE.search(text, max(0, mention.start - 8), mention.start)
        ):
            # "Mr Fraser" is not his sister-in-law "Rachel Fraser", whose title is "Ms"
            mention.gender = "male" if title.group(1) else "female"
    return mentions


# A title that says whether its name is a man's or a woman's.
_GENDERED_TITLE = re.compile(r"(?:\b(Mr)|\b(?:Mrs|Ms|Miss))\.?[ \t]+$")


def _carried_over(gap: str, word: str) -> bool:
    """Whether a name goes on over the line break `gap` after `word` ("Mikhail" /
    "Shcherbakov"): a given name or a patronymic before it."""
    low = word.lower()
    return gap.strip(" \t") == "\n" and (low in lx.GIVEN_NAMES or bool(lx.PATRONYMIC.match(low)))


def _surnames_apart(
    run: list[re.Match[str]], titled: bool, sentence_start: bool
) -> list[tuple[list[re.Match[str]], bool, bool]]:
    """A telegram's surnames in a row, no commas ("CASES ZAKHAROV LYSENKOV BURAYA"): one person
    each. So when two words or more have a surname's ending and none is a forename or an
    initial; "Ivan Petrovich Zakharov" and "Zakharov Ivan" stay one."""
    words = [m.group(0).lower().removesuffix("’s").removesuffix("'s") for m in run]
    initials = [lx.is_initial(m.group(0)) or len(m.group(0).rstrip(".")) == 1 for m in run]
    if (
        len(run) >= 3
        and not initials[0]
        and words[0] not in lx.GIVEN_NAMES
        and bool(_RUSSIAN_SURNAME_END.search(words[0]))
        and all(initials[1:-1])
        and not initials[-1]
        and words[-1] not in lx.GIVEN_NAMES
    ):
        # "the cases of Pakhomov S. I. and Zueva M. P. Pakhomov's absence …": a surname and
        # its initials, then the next sentence's first name; a name has one surname
        return [(run[:-1], titled, sentence_start), (run[-1:], False, True)]
    if len(run) < 3 or any(
        w in lx.GIVEN_NAMES
        or lx.PATRONYMIC.match(w)
        or len(w.rstrip(".")) == 1
        or w in lx.ORG_WORDS  # "Kirsanov Ukom Mokrousov": a body between
        or w in lx.NOT_NAME_WORDS
        for w in words
    ):
        return [(run, titled, sentence_start)]
    if sum(bool(lx.SURNAME_SUFFIX.search(w)) and len(w) > 4 for w in words) < 2:
        return [(run, titled, sentence_start)]
    # each is taken for a name as a title would make it ("BURAYA" has no surname's ending)
    return [([m], True, False) for m in run]


# A Russian surname's ending, transliterated: "Pakhomov", "Zueva", "Lyubimtsev", "Trotsky".
_RUSSIAN_SURNAME_END = re.compile(r"(?:[oe]v|[oe]va|in|ina|yn|yna|sky|skaya|tsky|tskaya|skii)$")

# A numbered list's item mark before a name: "2. ", "(3) ".
_ITEM_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,2}[.)]|\(\d{1,2}\)|[-–•*])[ \t]+$")

# After a surname's one given name in a list: the item's dash, its end, a bracket.
_GIVEN_NAME_ENDS = re.compile(r"\s*(?:[-–—;:(]|,\s+[a-z]|$)", re.MULTILINE)

# "Kharitonov, Pavel Semyonovich", "Belyaeva, O. I.": the surname, a comma, then the forenames.
_INITIALS_AFTER = re.compile(r",\s+(?:[A-ZА-Я]\.\s?){1,3}(?=[\s,;:)]|$)")


def _join_surname_first(text: str, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for mention in mentions:
        prev = out[-1] if out else None
        surname_then = (
            prev is not None
            and len(prev.words) == 1
            and not prev.possessive
            and not _forename(prev.words[0])
            and text[prev.end : mention.start] == ", "
            and not mention.possessive
        )
        if (
            prev is not None
            and surname_then
            and (
                (
                    len(mention.words) >= 2
                    and (
                        all(_forename(w) or len(w) == 1 for w in mention.words)
                        # "Sukhov, Dementy Lukich": an unlisted given name, a patronymic
                        or (
                            len(mention.words) == 2
                            and bool(lx.PATRONYMIC.match(mention.words[1].lower()))
                        )
                    )
                )
                # "1. Belousov, Timofei - head of the store": one given name after the surname
                or (
                    len(mention.words) == 1
                    and mention.words[0].lower() in lx.GIVEN_NAMES
                    and bool(_GIVEN_NAME_ENDS.match(text, mention.end))
                )
            )
        ):
            out[-1] = _renamed(text, prev, mention.end)
            continue
        out.append(mention)
    for i, mention in enumerate(out):
        tail = _INITIALS_AFTER.match(text, mention.end)
        following = out[i + 1].start if i + 1 < len(out) else len(text)
        if len(mention.words) == 1 and not mention.possessive and tail and tail.end() <= following:
            out[i] = _renamed(text, mention, tail.end())
    return out


def _renamed(text: str, mention: Mention, end: int) -> Mention:
    name = text[mention.start : end].rstrip()
    return Mention(
        start=mention.start,
        end=mention.start + len(name),
        text=name,
        titled=mention.titled,
        family=mention.family,
        gender=gender_of(name),
    )


# Between a name and another name of the same person: "Gerts (née Arkhipova)", "Valentinov
# (Brodsky)", "Gerts, born Arkhipova".
_ALIAS_BEFORE = re.compile(
    r"\s*\(\s*(?:(?:née|nee|born|formerly|maiden name|(?:party\s+|underground\s+)?pseudonym|"
    r"pseud\.|alias|nickname|real name|(?:party|underground)\s+name|by birth|known as|called)"
    r"[:,]?\s+)?[\"“«']?"
    r"|,?\s+(?:née|nee|born|formerly)\s+",
    re.IGNORECASE,
)
# "Pleshcheyeva (Vakhrusheva by birth)": the words that say which name it is may follow it.
_ALIAS_CLOSE = re.compile(
    r"(?:,?\s+(?:by birth|before (?:her )?marriage|by (?:her )?first (?:husband|marriage)|"
    r"in girlhood))?[\"”»']?\s*\)|[\s,;.]"
)


def _fold_aliases(text: str, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for mention in mentions:
        prev = out[-1] if out else None
        gap = text[prev.end : mention.start] if prev is not None else ""
        opened = _ALIAS_BEFORE.fullmatch(gap) if prev is not None and not prev.possessive else None
        closed = _ALIAS_CLOSE.match(text, mention.end) if not mention.possessive else None
        if prev is not None and opened and closed and ("(" in gap) == (")" in closed.group(0)):
            prev.aliases.append(mention.text)
            continue
        out.append(mention)
    return out


# Before a name: a kin phrase it stands in apposition to ("her mother-in-law, Darya Rogova",
# "Surikov's wife, Klavdia Surikova").
_KIN_APPOSITION = re.compile(
    rf"(?:\b(?:her|his|my|their|our)|['’]s)\s+(?:{lx.KIN_ADJECTIVES}\s+)*"
    rf"(?:{lx.KIN_WORDS})(?:['’]s\s+(?:{lx.KIN_WORDS}))?,?\s+(?:{lx.TITLES}\s+)?$",
    re.IGNORECASE,
)


def _mention(
    text: str,
    run: list[re.Match[str]],
    *,
    titled: bool,
    sentence_start: bool,
    known: set[str] | None,
) -> Mention | None:
    words = [m.group(0) for m in run]
    while (
        len(run) > 1
        and _bare(words[-1]) in lx.ORG_WORDS
        and _bare(words[-2]) not in lx.ORG_WORDS
        and _namey(words[-2], sentence_start=False)
    ):
        # a telegram's "NAUMOV PARTY MEMBER SINCE EIGHTEEN": the name, then the word of a body
        run, words = run[:-1], words[:-1]
    org = [i for i, w in enumerate(words) if _bare(w) in lx.ORG_WORDS]
    if org:
        rest = words[org[-1] + 1 :]
        if len(rest) < 2 or not any(lx.PATRONYMIC.match(w) for w in rest):
            return None
        # a telegram's "241 REGIMENT VOLKOV SERAFIM ILYICH": the body's word, then a man's
        # surname, name and patronymic
        run, words, sentence_start = run[org[-1] + 1 :], rest, False
    # Drop capitalised non-names at either end ("However Petrov", "Petrov Party").
    while (
        run
        and (_plain(words[0]) or (sentence_start and len(run) > 1 and _common_word(words[0])))
        and not (titled and len(run) == 1)
    ):
        # ("Now Grisha goes about black in the face": a common word opening the sentence)
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
    if all(len(w.rstrip(".")) == 1 or lx.is_initial(w) for w in words):
        return None
    if re.fullmatch(r"(?:Left|Right)\s+S\.", name) and text.startswith("R.", end):
        return None  # "the Left S.R.s": a party
    if (
        len(words) == 1
        and not titled
        and not possessive
        and _PLACE_BEFORE.search(text, max(0, start - 24), start)
    ):
        return None  # "killed near Gatchina", "four versts to Pokrov": a place
    accept = titled or family
    if not accept:
        initials = any(lx.is_initial(w) for w in words)
        kin_after = possessive and re.match(rf"\s*(?:{lx.KIN_WORDS})\b", following)
        known_hit = bool(known) and any(
            name_forms.fold(w) in (known or set()) for w in name_forms.words(name) if len(w) > 2
        )
        # "2. Grinko, O. I. - uyezd food commissar": a surname with its initials after it
        initials_after = (
            len(words) == 1
            and bool(_INITIALS_AFTER.match(text, end))
            and (not sentence_start or bool(_ITEM_BEFORE.search(text, max(0, start - 8), start)))
        )
        accept = bool(
            initials
            or initials_after
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


_ABBREVIATION_BEFORE = re.compile(r"[A-ZА-ЯЁ]\.[A-ZА-ЯЁ]\.$")
# How common a word must be (Zipf frequency) to be no name at the head of a sentence.
_COMMON = 5.5


def _common_word(word: str) -> bool:
    low = word.lower()
    if word.endswith(".") or len(word) < 3:
        return False  # an initial ("A. V. Frolova", "I. Bortnikov")
    return low not in lx.GIVEN_NAMES and casing.frequency(low) >= _COMMON


def _plain(word: str) -> bool:
    low = word.lower().removesuffix("’s").removesuffix("'s")
    return (
        low in lx.NOT_NAME_WORDS
        or low in _TITLE_WORDS
        or (word.isupper() and low in lx.BODY_LETTERS)  # "CCC RCP Shkiryatov"
        # a telegram's "SON GRIGORY PAVLOVICH OKUNEV", its first word given a capital
        or low in _KIN_NO_TITLE
    )


# Kin words that are no one's title ("Father Vasily", "Sister Agafya" are a priest and a nun).
_KIN_NO_TITLE = frozenset(lx.KIN) - {
    "father",
    "mother",
    "brother",
    "sister",
    "brothers",
    "sisters",
    "parent",
    "parents",
}


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
    return _everyday_names_joined(clusters)


def _everyday_names_joined(clusters: list[Cluster]) -> list[Cluster]:
    """ "Grigory Ilyich Sorokin … Grisha has always …": a person named only by an everyday
    form of a given name (or by the given name alone) is the one person of the letter whose
    full name has that given name, when there is one only and the genders agree."""
    joined: set[int] = set()
    for cluster in clusters:
        words = {w for m in cluster.mentions for w in m.words}
        if len(words) != 1 or any(m.kin_named for m in cluster.mentions):
            continue
        (word,) = words
        keys = set(name_forms.given_name_keys(word, everyday=True))
        if len(keys) == 1 and word.lower() not in lx.GIVEN_NAMES:
            continue  # a surname alone, not a given name
        homes = [
            other
            for other in clusters
            if other is not cluster
            and other.index not in joined
            # a full name, or the full given name alone that this everyday form stands for
            # ("his wife Anna, Nyura as we call her")
            and (len(other.best.keys) > 1 or other.best.keys <= keys - {name_forms.fold(word)})
            and keys & other.best.keys
            and {cluster.gender, other.gender} != {"male", "female"}
        ]
        if len(homes) != 1:
            continue
        clustering.join(homes[0], cluster)
        joined.add(cluster.index)
    if not joined:
        return clusters
    return clustering.renumbered(clusters)


def _compatible(mention: Mention, cluster: Cluster) -> bool:
    if (
        not mention.kin_named
        and {mention.gender, cluster.gender} != {"male", "female"}
        and any(
            mention.keys <= name_keys(alias)
            for other in cluster.mentions
            for alias in other.aliases
        )
    ):
        # "Yevdokia Gavrilovna Sheremet (Lyubimova) … as the student Lyubimova": her other name
        return True
    if not mention.kin_named and any(
        len(mention.keys) > 1
        and mention.keys <= other.keys | name_keys(alias)
        and mention.keys & other.keys
        and {mention.gender, other.gender} != {"male", "female"}
        and not forenames_clash(mention, other)
        for other in cluster.mentions
        for alias in other.aliases
    ):
        # "Klavdia Petrovna Rudneva (née Bogomolova)" signing "K. Rudneva-Bogomolova": her
        # married and maiden names joined
        return True
    head = max(cluster.mentions, key=lambda m: len(m.keys))
    if mention.kin_named and not any(mention.keys <= m.keys for m in cluster.mentions):
        return False  # "her mother-in-law, Darya Rogova" is not the Rogova the letter is about
    for other in cluster.mentions:
        a, b = mention.keys, other.keys
        # Two parts of one double surname ("Vorontsova" and "Ekaterina Dal" beside
        # "Ekaterina Ilyinichna Vorontsova-Dal") are both forms of the fullest name.
        parts = a <= head.keys and b <= head.keys and bool(mention.surname_keys & head.keys)
        if not (a <= b or b <= a or parts):
            return False
        genders = {mention.gender, other.gender} - {"unknown"}
        if len(genders) > 1 or forenames_clash(mention, other):
            return False
    return True


def name_keys(name: str) -> set[str]:
    """The folded words of a name, its initials left out (an initial of two letters, "Ye.", would
    otherwise read as a word)."""
    initials = {t.rstrip(".") for t in name.split() if lx.is_initial(t)}
    return {
        k
        for k in (
            name_forms.fold(w) for w in name_forms.words(name) if len(w) > 1 and w not in initials
        )
        if k
    }


def known_words(names: list[str]) -> set[str]:
    return {name_forms.fold(w) for n in names for w in name_forms.words(n) if len(w) > 2}
