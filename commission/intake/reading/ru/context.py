"""What every Russian field rule reads: the letter's text, its name mentions and persons, its
sentences, its opening block (address and salutation lines) and closing block (valediction,
signature, date), and the roles already given to persons."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commission.intake.reading.model import Letter, Part, PersonRef
from commission.intake.reading.ru import lexicon
from commission.intake.reading.ru.lines import is_prose, is_salutation, is_title
from commission.intake.reading.ru.people import (
    Cluster,
    Mention,
    cluster_mentions,
    find_mentions,
    known_words,
    sentences,
)
from commission.registry import cyrillic

FEMALE_PRONOUNS = frozenset(["она", "её", "ее", "ней", "неё", "нее", "ей", "ею"])
MALE_PRONOUNS = frozenset(["он", "его", "него", "ним", "нём", "нем", "ему", "им"])


@dataclass
class Ctx:
    letter: Letter
    text: str
    low: str  # lower case, "ё" as "е", same offsets
    mentions: list[Mention]
    clusters: list[Cluster]
    sentences: list[tuple[int, int]]
    opening: tuple[int, int]  # address and salutation lines before the first sentence
    closing: tuple[int, int]  # short lines after the last sentence
    roles: dict[int, str] = field(default_factory=dict)
    author_is_subject: bool = False  # the writer appeals against their own expulsion

    def sentence_at(self, pos: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return 0, len(self.text)

    def in_sentence(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start < end]

    def cluster_of(self, mention: Mention) -> Cluster | None:
        return self.clusters[mention.cluster] if mention.cluster >= 0 else None

    def name_of(self, mention: Mention) -> str:
        cluster = self.cluster_of(mention)
        return cluster.name if cluster is not None else mention.nominative

    def ref(self, mention: Mention | None, *, part: Part = "text", name: str = "") -> PersonRef:
        if mention is None:
            return PersonRef(name=name, span=None)
        cluster = self.cluster_of(mention) if part == "text" else None
        chosen = cluster.best if cluster is not None else mention
        return PersonRef(
            name=chosen.nominative,
            span=self.letter.span(part, chosen.start, chosen.end),
            gender=chosen.gender,
        )

    def author_cluster(self) -> int | None:
        return next((c for c, role in self.roles.items() if role == "author"), None)

    def referent(self, pronoun: str, pos: int) -> Mention | None:
        """The person a third-person pronoun stands for: the letter's subject of that gender if
        it has one, else the last person of that gender named before it who is not the author
        or an addressee."""
        low = pronoun.lower().replace("ё", "е")
        gender = (
            "female"
            if low in {p.replace("ё", "е") for p in FEMALE_PRONOUNS}
            else "male"
            if low in MALE_PRONOUNS
            else ""
        )
        if not gender:
            return None
        before = [
            m
            for m in self.mentions
            if m.end <= pos
            and m.gender == gender
            and self.roles.get(m.cluster) not in ("author", "addressee")
        ]
        if before and (
            re.fullmatch(r"\s+и\s+(?:[а-яё]+\s+)?", self.text[before[-1].end : pos])
            or (
                self.sentence_at(before[-1].start) == self.sentence_at(pos)
                and _PAPER_OF.search(self.low, max(0, before[-1].start - 24), before[-1].start)
            )
        ):
            # «Дело тт. Рябинина Ефима и жены его …», «Заявление гр. Ульяны Мезенцевой о
            # восстановлении … её сына»: the one just named in the sentence, in a minutes' item
            # about another than the letter's first subject
            return before[-1]
        for cluster in self.clusters:
            if self.roles.get(cluster.index) == "subject" and cluster.gender == gender:
                return cluster.best
        return before[-1] if before else None


_LINE = re.compile(r"[^\n]*")
# Before a name, the paper it wrote: «Заявление гр. Ульяны Мезенцевой о …».
_PAPER_OF = re.compile(
    r"(?:заявлени|ходатайств|просьб|письм|жалоб|прошени)[а-яё]*\s+(?:гр-ки\s+|гр\.\s*|тов\.\s*|т\.\s*)?$"
)


# Lines of a telephone message or a copy that name who passed it on, took it or certified it
# ("Передала: Оршанская", "Принял Лебедев", "Верно: секретарь …"): neither its writer nor
# whom it goes to.
HANDLING_LINE = re.compile(
    r"^\s*(?:передал|передала|принял|приняла|записал|записала|верно|с\s+подлинным\s+верно"
    r"|(?:выписка|копия)\s+верна"
    r"|копия|копию|отправил|отправила"
    # "Выписка послана: Рогожско-Симоновскому РК РКП(б), т. Крупской.": where it went
    r"|(?:выписк[аи]|копи[яи])\s+(?:послан[аы]?|направлен[аы]?)|разослан[оа]?|послано"
    # what is sent with it: "Приложение: письмо Пузанова."
    r"|приложени[ея]|прилагается|прилагаются)\b",
    re.I | re.M,
)

# A copy's certification under it ("Верно: секретарь МГКК Е. Кочетова", "С подлинным верно: …",
# "Выписка верна: …"): who certifies the extract signs it, as its writer does.
CERTIFIED_LINE = re.compile(
    r"^\s*(?:верно|с\s+подлинным\s+верно|(?:выписка|копия)\s+верна)\b", re.I | re.M
)

# Under the signatures, another's word that they are genuine: "Подписи тт. Сёмина, Шарова и
# Малахова удостоверяю." (the names are the signers'; the one who attests signs below).
CERTIFYING_LINE = re.compile(
    r"^[ \t]*подпис(?:ь|и)\b[^\n]*?(?:удостоверя|заверя|свидетельству)\w*", re.I | re.M
)


_SCRIBE_IN_BRACKETS = re.compile(r"\(\s*за\s+неграмотн\w*[^()\n]{0,60}\)", re.IGNORECASE)


def _post_under_name(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Line `i` is the post of the signer on the line above it, his name ending in a comma."""
    if i == 0:
        return False
    above = text[lines[i - 1][0] : lines[i - 1][1]].strip()
    line = text[lines[i][0] : lines[i][1]].strip()
    return (
        above.endswith(",")
        and len(above.split()) <= 4
        and line[:1].islower()
        and len(line.split()) <= 8
    )


def _blocks(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    prose = [i for i, (s, e) in enumerate(lines) if _sentence_line(text[s:e])]
    if prose and prose[0] == 0 and len(prose) > 1 and is_title(text[lines[0][0] : lines[0][1]]):
        # The document's title on the first line, as a collection prints it ("Письмо
        # М. П. Лунёвой в Центральную контрольную комиссию"): the letter begins below it.
        prose = prose[1:]
    while len(prose) > 1 and (
        SCRIBE_LINE.match(text, lines[prose[-1]][0])
        # "Приговор подписали: / Тимофей Лыков, Андрей Бабкин, … расписался Н. Гвоздев.": the
        # signers in a row, however long
        or _SIGNERS_HEADING.search(text, lines[prose[-1] - 1][0], lines[prose[-1] - 1][1])
        # "Помощник машиниста Д. Хромых (за неграмотностью его расписался Н. Ковригин)": a
        # signer's line with the scribe's word beside it
        or _SCRIBE_IN_BRACKETS.search(text, lines[prose[-1]][0], lines[prose[-1]][1])
        # "Константин Аполлонович Ордынцев," / "врач районной больницы.": the signer's post
        # under his name
        or _post_under_name(text, lines, prose[-1])
    ):
        # "Писал с её слов сосед Иван Лобов": who wrote for the writer, under her signature
        prose.pop()
    if not prose:
        return (0, 0), (len(text), len(text))
    end = len(text)
    while (
        len(prose) > 1
        and (
            _POSTSCRIPT.match(text, lines[prose[-1]][0])
            # "Копия: Вологодской губернской контрольной комиссии." under the signature
            or _COPY_BELOW.match(text, lines[prose[-1]][0])
        )
        and prose[-2] < prose[-1] - 1
    ):
        # "P.S. Тов. Пантелеев сейчас без работы …" under the signature: the letter closes
        # above it
        end = lines[prose[-1]][0]
        prose.pop()
    first, last = prose[0], prose[-1]
    while first > 0 and _runs_into(text, lines[first - 1], lines[first]):
        # "Уездная проверочная комиссия исключила товарища Зыкова" / "Петра Ильича, смешав …":
        # the paragraph's first line, short, carried over into the next
        first -= 1
    # A list below a line ending in a colon ("следующих товарищей:" and "1. Лаптев В. П. — …")
    # is the body's, however short its lines.
    listing = text[lines[last][0] : lines[last][1]].rstrip().endswith(":")
    if (
        not listing
        and last + 2 < len(lines)
        and text[lines[last + 1][0] : lines[last + 1][1]].rstrip().endswith(":")
        and _LIST_LINE.match(text, lines[last + 2][0])
    ):
        # "Прошу ЦКК:" under the last paragraph, its points under it
        last, listing = last + 1, True
    while listing and last + 1 < len(lines):
        following = text[lines[last + 1][0] : lines[last + 1][1]]
        # a point, or its words carried over to the next line ("… кто из бывших работников /
        # штаба меня знает.")
        if not (_LIST_LINE.match(following) or following[:1].islower()):
            break
        last += 1
    opening = (0, lines[first][0])
    closing = (lines[last][1], end)
    headed = all(
        is_title(text[s:e]) or _DIGIT_START.match(text[s:e].strip()) for s, e in lines[:first]
    )
    if headed and (greeting := _GREETING_FIRST.match(text, lines[first][0], lines[first][1])):
        # "Тов. Сольцу. Срочно. Рассмотреть дело …": a resolution greets in its first sentence,
        # under nothing or only under its title and date, as a collection prints it
        opening = (lines[0][0] if first else lines[first][0], greeting.end())
    line_start, line_end = lines[last]
    if (
        (signed := _SIGNED_AT_END.search(text, line_start, line_end))
        and signed.start() > line_start
        # "… может мастер нашего цеха тов. Лагутин.": a comrade named, not a signature
        and not re.search(r"\b(?:тов|т|тт|гр)\.\s*$", text[line_start : signed.start("name")])
    ):
        # "… Проверить и сообщить. А. Сольц. 3/III-21": the name signed at the paragraph's end
        closing = (signed.start("name"), end)
    return opening, closing


_SIGNERS_HEADING = re.compile(r"\b(?:подписали|подписались|подписи)\s*:\s*$", re.I)

# Where the answer is to go, under the signature: "Ответ прошу направить: г. Тамбов, …".
REPLY_LINE = re.compile(
    r"[ \t]*Ответ\s+(?:прошу\s+)?(?:направить|прислать|адресовать|сообщить)[^:\n]{0,20}:", re.I
)
_COPY_BELOW = re.compile(r"[ \t]*(?:Копи[яи]|Copy|Copies)(?:\s+(?:to|в|—|-))?\s*[:—–-]", re.I)
_POSTSCRIPT = re.compile(r"[ \t]*(?:P\.\s?S\.|П\.\s?С\.|Р\.\s?S\.|PS\b|Постскриптум)")


# The line of someone who wrote a letter down for its writer, under the signature: "Писал с её
# слов сосед Иван Лобов", "За неграмотную расписался", "Со слов матери записал".
SCRIBE_LINE = re.compile(
    r"[ \t]*(?:(?:Писал|Писала|Записал|Записала|Написал|Написала)\s+(?:с|со)\s+(?:её|ее|его|ея|их"
    r"|\w+)\s+слов|(?:Со|С)\s+слов\b|За\s+неграмотн\w*|По\s+неграмотности|Вместо\s+неграмотн\w*"
    # "Писала за неграмотную Шумилову её соседка …", "Писал под диктовку …"
    r"|Писал[аи]?\s+(?:за|под\s+диктовку)\b"
    r"|По\s+(?:её|ее|его|ея)\s+просьбе\s+(?:писал|расписал|подписал))",
    re.IGNORECASE,
)


# A resolution's greeting in the dative, ending in a full stop, on the line of its text.
_GREETING_FIRST = re.compile(
    r"[ \t]*(?:тов\.|т\.|товарищу)\s*(?:[А-ЯЁ]\.\s?){0,2}[А-ЯЁ][а-яё-]*(?:у|ю|ой|ей|ому|ему)"
    r"(?:\s*\([^)\n]{1,60}\))?\.(?=\s+\S)",
    re.IGNORECASE,
)
# A name signed after the last sentence on its line: initials (one or two letters each) and a
# surname, or a surname of a surname's shape alone, perhaps with the date after it.
_SIGNED_AT_END = re.compile(
    r"(?<=[.!])\s+(?P<name>(?:[А-ЯЁ][а-яё]?\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
    r"|[А-ЯЁ][а-яё]+(?:ин|ын|ов|ев|ёв|ский|цкий|ской|ая|ина|ова|ева))"
    r"\.?(?:\s*[\d/.IVXХ—–-]{3,12}(?:\s*г\.)?)?\s*$"
)


_SIGNERS_LISTED = re.compile(
    r"^[А-ЯЁ][а-яё]+(?:\s+[а-яё()]+){0,3}\s*:\s*(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё-]+"
    r"(?:\s*,\s*(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё-]+)+\s*(?:\([^)]*\))?\.?$"
)
_LIST_LINE = re.compile(r"[ \t]*(?:\d{1,2}[.)]|[-—•])[ \t]+\S")
_DIGIT_START = re.compile(r"^\s*[\d(]")
_FROM = re.compile(r"^\s*от\s", re.I)
_SIGNED = re.compile(r"(?:^|\s)(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")


# A line giving an address or a telephone number after the signature ("Мой адрес: Петроград,
# Васильевский остров, 7-я линия, д. 12, кв. 4."): not the body's last sentence.
CONTACT_LINE = re.compile(
    r"^(?:(?:мой|моя|наш|наша|почтовый|домашний|обратный)\s+)?(?:адрес|тел\.|телефон)"
    # where the writer lives, said in a word of the time: "Жительствую: Сибирская улица, …"
    r"|^(?:жительствую|местожительство|место\s+жительства|проживаю|живу)\s*:",
    re.I,
)
# An address with no word before it: "Москва, Малая Дмитровка, 6, кв. 19"; its capitalised words
# are a town and a street, no one's name.
ADDRESS_ALONE = re.compile(
    r"^[ \t]*(?:г\.\s*)?[А-ЯЁ][а-яё-]+,[ \t][^\n]*?"
    r"(?:\bкв\.\s*\d|\bд\.\s*\d|\bул\.|,[ \t]*\d+[а-я]?[ \t]*(?:,|$))",
    re.M,
)


# "Подлинный подписали: председатель бюро Баранов, секретарь Кутузова.": the copy's signers
SIGNED_COPY = re.compile(r"[ \t]*(?:подлинн\w+\s+)?подписал[иа]?\s*:", re.IGNORECASE)

# A line heading a paper with whom it is about: "О т. Шестакове Александре Фёдоровиче".
ABOUT_LINE = re.compile(
    r"[ \t]*(?:(?:О|Об|По\s+делу)\s+(?:т\.|тов\.|товарище|гр\.)?\s*[А-ЯЁ]"
    # a complaint's title: "ЖАЛОБА / на действия адвоката Шеломова Дениса Аркадьевича"
    r"|на\s+(?:неправомерные\s+)?(?:действия|бездействие|поведение)\s)"
)


def _runs_into(text: str, above: tuple[int, int], line: tuple[int, int]) -> bool:
    """Whether the line above, with no blank line between, is the first line of the same
    sentence: words in lower case, no greeting, address, title or date."""
    s = text[above[0] : above[1]].strip()
    return (
        text[above[1] : line[0]] == "\n"
        and not s.endswith((".", "!", "?", ":", ";", ","))
        and _lower_words(s.split()) >= 3
        and not (is_salutation(s) or _FROM.match(s) or is_title(s) or _DIGIT_START.match(s))
        and not CONTACT_LINE.match(s)
    )


def _sentence_line(line: str) -> bool:
    s = line.strip()
    if SIGNED_COPY.match(s):
        return False
    if CONTACT_LINE.match(s) and len(s) <= 160:
        return False
    if _DIGIT_START.match(s) and not (
        is_prose(s)
        # (a point of a list: "2. Опросить мою сестру Мухаметову А. В., которая …")
        and (len(s.split()) > 12 or (_LIST_LINE.match(s) and len(s.split()) >= 5))
    ):
        # a date line: "22 декабря 1921 г.", "10.XI.1921 г., 11 час. 30 мин."; a paragraph
        # that opens with a date ("29 марта с. г. районная комиссия исключила меня …") is text
        return False
    if _GREETING_FIRST.match(s) and _lower_words(s.split()) >= 2:
        return True  # "т. Веселову. Проверить и сообщить. А. Сольц.": a resolution's one line
    if is_salutation(s) or _FROM.match(s):
        return False  # the address block: "В Центральную комиссию …", "от члена РКП(б) …"
    if _SIGNED.search(s) or _SIGNERS_LISTED.match(s):
        # "Член РКП(б) с 1912 года, слесарь завода С. Кузнецов", "Члены ячейки: Г. Мокеев,
        # П. Рябов, И. Ситников (всего 23 подписи)": signatures
        return False
    if is_prose(s):
        return True
    words = s.split()
    # A short sentence of the body ("Прошу восстановить её в партии.") is still running text;
    # a valediction or a role and a name is not.
    return (
        len(words) >= 4
        and s.endswith((".", "!", "?", ":"))
        # (the full stop of the party's letters ends no sentence: "… комиссия Р.К.П.")
        and not _LETTERS_AT_END.search(s)
        and not lexicon.valediction().match(s)
        and _lower_words(words) >= 3
    )


_LETTERS_AT_END = re.compile(r"(?<![А-ЯЁа-яё])(?:[А-ЯЁ]\.){2,}(?:\s*\(б\)\.?)?$")


def _lower_words(words: list[str]) -> int:
    """Words of a sentence: in lower case, or opening a sentence after the one before ("Срочно.
    Рассмотреть дело …", as a resolution writes its orders)."""
    count = 0
    for i, w in enumerate(words):
        if len(w.strip(".,:;!?")) <= 2:
            continue
        if w[:1].islower() or (
            i > 0 and words[i - 1].endswith((".", "!")) and len(words[i - 1]) > 3
        ):
            count += 1
    return count


# A Roman month typed with Cyrillic letters that look like Latin ones ("28/ХII—21 г."), or
# with ones for I as a printed edition's text recognition gives it ("17/Х11"): read as Latin
# numerals, letter for letter, so offsets hold.
_ROMAN_LOOKALIKE = re.compile(r"(?<=\d[./])\s?[IVXХІ1]*[ХІ][IVXХІ1]*(?=[\s./—–-]|$)")
_LATIN = str.maketrans("ХІ1", "XII")


def roman_read(text: str) -> str:
    return _ROMAN_LOOKALIKE.sub(lambda m: m.group(0).translate(_LATIN), text)


# (straight quotes where the encoding has no «»: "Красный Профинтерн")
_QUOTED = re.compile(r"«[^»\n]{1,80}»|\"[^\"\n]{1,80}\"|„[^“”\n]{1,80}[“”]")


_DATIVE_LINE = re.compile(
    r"^[ \t]*(?:(?:[А-ЯЁ]\.\s?){1,2})?[А-ЯЁ][а-яё-]+(?:у|ю|ой|ей|ому|ему)"
    r"(?:\s*(?:,|и)\s*(?:(?:[А-ЯЁ]\.\s?){1,2})?[А-ЯЁ][а-яё-]+(?:у|ю|ой|ей|ому|ему))*[ \t.,]*$",
    re.M,
)
# Words of an address line that are offices or bodies, not names ("Председателю", "Бюро").
_NOT_ADDRESSED_NAMES = frozenset(
    [
        "председатель",
        "секретарь",
        "член",
        "заведующий",
        "начальник",
        "товарищ",
        "гражданин",
        "президиум",
        "бюро",
        "комиссия",
        "комитет",
        "ячейка",
        "собрание",
        "коллегия",
        "секретариат",
        "совет",
        "отдел",
        "редакция",
    ]
)
_CAPITALISED = re.compile(r"(?<![\w.])[А-ЯЁ][а-яё-]{2,}")


def _addressed_alone(opening: str) -> list[str]:
    """Surnames in the dative standing alone on the lines above the text ("Ярославскому /
    Сольцу", "Сольцу, Шкирятову"): names, though nothing before them says so."""
    names = []
    for line in _DATIVE_LINE.finditer(opening):
        for word in _CAPITALISED.finditer(line.group(0)):
            parse = cyrillic.analyser().parse(word.group(0).lower())[0]
            if parse.normal_form not in _NOT_ADDRESSED_NAMES:
                names.append(cyrillic.read_name(word.group(0), case="datv").text)
    return names


# The date after a place on a signature's line: ", 10 октября 1921 г.", ", 3/III-22".
_DATE_AFTER = re.compile(
    r"\s*,\s*(?:[0-3]?\d\s+[а-яё]+\s+\d{4}|[0-3]?\d\s*[./]\s*[IVX\d]{1,4})", re.I
)


def _place_of_date(text: str, mention: Mention) -> bool:
    """ "Мокрый Дол, 10 октября 1921 г.": the word heading a date line is where the letter was
    written, not a name."""
    if mention.titled or len(mention.text.split()) > 1:
        return False
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    before = text[line_start : mention.start].split()
    if len(before) > 1 or (before and not before[0][:1].isupper()) or len(line.split()) > 8:
        return False
    return bool(_DATE_AFTER.match(text, mention.end))


# (not the "г." of a year: "20 мая 1921 г.  Анна Глебова")
_TOWN_BEFORE = re.compile(r"(?<![А-Яа-яЁё\d])(?<!\d[ \t])(?:г|гор)\.[ \t]*$")


def build(letter: Letter) -> Ctx:
    text = roman_read(letter.text)
    opening, closing = _blocks(text)
    first = find_mentions(text)
    titled = known_words([m.nominative for m in first if m.titled])
    signed = known_words([m.nominative for m in first if m.start >= closing[0]])
    known = titled | signed | known_words(_addressed_alone(text[opening[0] : opening[1]]))
    mentions = find_mentions(text, known=known) if known else first
    # A name in «quotes» names a factory, a newspaper or a ship ("фабрики «Красная Роза»"),
    # not a person.
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]
    mentions = [m for m in mentions if not any(a < m.start < b for a, b in quoted)]
    mentions = [m for m in mentions if not _place_of_date(text, m)]
    # "г. Муром": a town (no one is called "г.")
    mentions = [m for m in mentions if not _TOWN_BEFORE.search(text, max(0, m.start - 8), m.start)]
    addresses = [(a.start(), a.end()) for a in ADDRESS_ALONE.finditer(text)]
    mentions = [m for m in mentions if not any(a <= m.start < b for a, b in addresses)]
    clusters = cluster_mentions(mentions)
    return Ctx(
        letter=letter,
        text=text,
        low=lexicon.search_text(text),
        mentions=mentions,
        clusters=clusters,
        sentences=sentences(text),
        opening=opening,
        closing=closing,
    )
