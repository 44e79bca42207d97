"""Words and patterns of the genre: salutations, closings, dates, kin terms, title words.

Shared by cleaning (which must know a salutation when it sees one, to split a page into letters)
and by the rule-based extractor. Everything here is about how such letters are written, never
about one letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# The kin terms with their gender and the relation each names live with the registry's
# relationships, so the reader and the witness search (a layer below the intake) read one table.
from commission.registry.cyrillic import latin_given_name
from commission.registry.kin import KIN_GENDER as KIN_GENDER
from commission.registry.kin import KIN_TERMS as KIN_TERMS
from commission.registry.kin import inverse_kin as inverse_kin
from commission.registry.kin import kin_word as kin_word


def _words(text: str) -> list[str]:
    return text.split()


MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # as a hand that spells by ear writes them ("Febuary 11 1924")
    "febuary": 2, "feburary": 2, "febrary": 2, "agust": 8, "augest": 8, "setember": 9,
    "septemper": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
         "x": 10, "xi": 11, "xii": 12}  # fmt: skip

MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Febuary|Feburary|Febrary|Agust|Augest|Setember|Septemper|Octobre|Novembre|Decembre"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_MONTH = MONTH_NAME + r"\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th|d)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# A month and a year with no day ("Written in April 1921"), anywhere in a line.
MONTH_AND_YEAR = re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b", re.IGNORECASE)
# A day and month with no year, as a reply under a letterhead dates itself ("17 December").
DAY_MONTH = re.compile(
    # (and as a letter words it: "the 20th of January")
    rf"(?<![\w/.])(?:(?P<d>{_DAY})\s+(?:(?:day\s+)?of\s+)?(?P<m>{_MONTH})|(?P<m2>{_MONTH})\s+(?P<d2>{_DAY}))"
    r"(?![\w-]|\s*,?\s*\d)",
    re.IGNORECASE,
)

# Each alternative names its groups so one reader turns any of them into a date.
DATE = re.compile(
    # December 20, 1921; an editor's "December 7 or 8, 1922" gives the first day; "January 20
    # (February 2), 1918" the New Style day in brackets
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?:\s*\(\s*(?:(?P<nsm1>{_MONTH})\s+)?(?P<nsd1>{_DAY})"
    rf"\s*\)|\s+or\s+{_DAY})?,?\s+(?P<y1>{_YEAR}))"
    # 20 Dec 1921, the 3rd of April, 1922; 5/18 January 1922 and 5 (18) January 1922 give the
    # day in both calendars, New Style second
    rf"|(?:(?:the\s+)?(?P<d2>{_DAY})(?:\s*(?:/|\()\s*(?P<ns2>{_DAY})\s*\)?|\s+or\s+{_DAY})?"
    # (a petition's "written the 3 day of December 1921")
    r"\s+(?:day\s+)?(?:of\s+)?"
    # "21 February (6 March) 1921", "6 March (21 February) 1921": the other calendar's day and
    # month in brackets; the later of the two is the New Style
    rf"(?P<m2>{_MONTH})(?:\s*\(\s*(?P<od2>{_DAY})\s+(?P<om2>{_MONTH})\s*\))?,?\s+(?P<y2>{_YEAR}))"
    # the year first: "1921, March 3"; as a petition words it, "1921 year November 28 day"
    rf"|(?:(?P<y8>{_YEAR})(?:,|\s+year,?)\s+(?:(?:the\s+)?month\s+(?:of\s+)?)?(?P<m8>{_MONTH})"
    rf"\s+(?P<d8>{_DAY})\b)"
    # a protocol's "1922, the 3rd day of March"
    rf"|(?:(?P<y9>{_YEAR}),?\s+(?:the\s+)?(?P<d9>{_DAY})\s+day\s+of\s+(?P<m9>{_MONTH}))"
    r"|(?:(?P<d3>[0-3]?\d)\s*[./-]\s*(?P<r3>X?I{1,3}|IV|VI{0,3}|IX|X|XI|XII)"
    # 20.XII.1921, 20/XII/21, 21/XII–21, 17/XI 1921
    # (not "4.III/17.III.1918": the second calendar's day and month after the first's)
    r"(?:\s*[./–—-]\s*|[ \t]+(?=1[89]\d\d))(?P<y3>(?:19|20)?\d\d))(?![\d]|\.[IVX]{1,4}\b)"
    r"|(?:(?P<d4>[0-3]?\d)[./](?P<n4>[01]?\d)[./](?P<y4>(?:1[89]|20)?\d\d))(?![\d.])"  # 20.12.21
    r"|(?:(?P<y5>(?:1[89]|20)\d\d)-(?P<n5>[01]\d)-(?P<d5>[0-3]\d))"  # 1921-12-20
    # a telegraph form's "HANDED IN 19 DEC 21", "23 II 22": day, month and a two-figure year
    rf"|(?:(?<![\d/.])(?P<d6>[0-3]?\d)\s+(?P<m6>{_MONTH})\s+(?P<y6>[12]\d)(?![\d/.:]))"
    r"|(?:(?<![\d/.])(?P<d7>[0-3]?\d)\s+(?P<r7>XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)\s+"
    r"(?P<y7>(?:19)?[12]\d)(?![\d/.:]))",
    re.IGNORECASE,
)

# "the 14th of January old style, the 27th new style, 1920": a day in both calendars, in words.
BOTH_STYLES_IN_WORDS = re.compile(
    # (as a peasant writes it: "the 23rd of February by the old style, the 8th of March by the
    # new, 1925")
    rf"(?:the\s+)?(?P<od>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{MONTH_NAME})\.?,?\s+"
    r"(?:(?:by|after|according\s+to)\s+the\s+)?(?:old\s+style|o\.\s?s\.),?\s+(?:the\s+)?"
    rf"(?P<nd>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:(?:of\s+)?(?P<nm>{MONTH_NAME})\.?,?\s+)?"
    r"(?:(?:by|after|according\s+to)\s+the\s+)?(?:new\s+style|new|n\.\s?s\.),?\s+"
    r"(?P<y>1[89]\d\d)",
    re.IGNORECASE,
)

# A day and a Roman month with no year ("14/IV.", "8. X.", "23/XI. Petrov"): the year comes
# from the archive header or the title above the letter.
_DAY_AND_ROMAN_MONTH = r"(?P<d>[0-3]?\d)\s*[./]\s*(?P<r>XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)\b\.?"
DAY_ROMAN = re.compile(r"(?<![\w/.])" + _DAY_AND_ROMAN_MONTH + r"(?!\s*[./–—-]?\s*\d)")
# The same, whatever follows it: a telegraph form's "14/XI  11.40", the hour after the day.
DAY_ROMAN_ANY = re.compile(_DAY_AND_ROMAN_MONTH)

# A date given by month and year alone ("March 1922"), as a line of its own with perhaps a
# place before it; read only when the letter has no full date.
MONTH_YEAR = re.compile(
    rf"^\s*(?:[A-Z][\w-]+,\s*)?(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\s*\.?\s*$", re.IGNORECASE
)
# A date whose day cannot be read: "the [illeg.] day of June 1920", "[?] March 1921".
ILLEGIBLE_DAY = re.compile(
    rf"\[(?:illeg(?:ible)?\.?|\?+|…|\.\.\.)\]\s+(?:day\s+)?(?:of\s+)?(?P<m>{_MONTH}),?\s+"
    rf"(?P<y>{_YEAR})\b",
    re.IGNORECASE,
)
# Letters of degree and registration written after a name: "Niamh Cassidy-Ward MSc", "Bernadette
# O'Rourke RGN".
POSTNOMINAL = (
    r"(?:RGN|RN|RMN|RSCN|RM|MD|PhD|DPhil|MBE|OBE|CBE|FRCP|MRCP|FRCS|MRCGP|QC|KC|BA|MA|MSc|BSc|"
    r"LLB|LLM|MBChB|MBBS)"
)
# Between the two halves of a date written in both calendars ("28 December 1921 / 10 January
# 1922", "5 (18) January"): the second is the New Style date.
DUAL_DATE_GAP = re.compile(r"\s*(?:/|\(|\[)\s*(?:(?:new style|n\.\s?s\.)[,:]?\s*)?", re.I)

TIME = re.compile(
    r"(?P<h1>[0-2]?\d)[.:](?P<mi1>[0-5]\d)\s*(?:hours|hrs\.?|h\b)"  # 20.00 hours
    r"|(?P<h2>[01]?\d)(?:[.:](?P<mi2>[0-5]\d))?\s*(?P<ap>a\.\s?m\.|p\.\s?m\.|am\b|pm\b)"  # 8 p.m.
    r"|(?:at\s+)?(?P<h3>[0-2]?\d)[:](?P<mi3>[0-5]\d)(?![\d])"  # 20:00
    # a telegraph or telephone form's "handed in 23.40", "transmitted … at 21.15"
    r"|(?:\bat|\bhanded\s+in|\bfiled)\s+(?P<h5>[0-2]?\d)\.(?P<mi5>[0-5]\d)(?![\d.]?\d)"
    r"(?!\s*(?:a\.?\s?m\b|p\.?\s?m\b|am\b|pm\b|hours|hrs|h\b))"
    # a form's "11 h. 40 m.", "14 h 20 min."
    r"|(?P<h6>[0-2]?\d)\s*h\.?\s*(?P<mi6>[0-5]?\d)\s*m(?:in)?\b\.?"
    r"|(?P<h4>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"\s+o['’]clock(?:\s+in\s+the\s+(?P<part>morning|afternoon|evening|night))?",
    re.IGNORECASE,
)
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        _words("zero one two three four five six seven eight nine ten eleven twelve")
    )
}

# An initial: one capital and a full stop, or the two letters English writes for one Russian
# letter ("Ye. Tarasova", "Ya. Kruminsh", "Zh. Orlov").
# ("Yem. Yaroslavsky", "Vl. Ulyanov", "Dm. Yastrebov": a given name cut to its first letters)
INITIAL = r"(?:Aleks|Konst|Mikh|Serg|Yem|Dm|Al|Vas|Nik|Vl|Ye|Ya|Yu|Yo|Zh|Kh|Ch|Sh|Ts|[A-ZА-ЯЁ])\."
INITIAL_WORD = re.compile(INITIAL)
# A signed name: initials, then one to three capitalised words ("V. Dobrynin", "Praskovya
# Rogozhina", "Ye. M. Shatrova").
PERSON_NAME = r"(?:" + INITIAL + r"\s?){0,3}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}"


def is_initial(word: str) -> bool:
    return bool(INITIAL_WORD.fullmatch(word))


TITLES = (
    r"(?:Comrades?|Citizens?|Tov\.|Coms?\.|Cc\.|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Dr\.?|Professor"
    r"|Prof\.)"
)

# A line that opens with a title and a name: "Com. Loginova is the sister of …".
TITLED_NAME_START = re.compile(rf"^\s*{TITLES}\s+(?:[A-Z]\.\s?)*[A-Z][\w’'-]+\s+[a-z]")

SALUTATION = re.compile(
    r"^\s*(?:"
    r"(?:My\s+)?(?:Dear|Esteemed|Respected|Honoured|Honored|Much-respected)\b"
    rf"|To\s+(?:the\s+|{TITLES}\s*|[A-Z])"
    r"|TO\s+(?:THE\s+)?[A-Z][A-Z. ]"  # a heading in capitals: "TO S. P. SEREDA"
    rf"|{TITLES}\s+[A-Z]"
    r"|Comrades?\s*[!,:.]?\s*$"
    r"|(?:Sirs?|Madam|Gentlemen)\s*[!,:]?\s*$"
    # "Members of the C.C.:", "All members of the Politbureau"
    r"|(?:All\s+)?(?:the\s+)?[Mm]embers\s+of\s+the\s+[\w.()’' ,-]{1,60}?[:,]?\s*$"
    r"|(?:The\s+)?(?:[A-Z][\w.()-]*\s+){0,6}(?:Commission|Committee|Bureau|Presidium|Collegium"
    r"|Secretariat|Cell|Board|Orgbureau|Politbureau|Orgburo|Politburo)"
    r"(?:\s+(?:of|for|on|at|under)\s+[\w .(),’'-]+)?\s*[,:]?\s*$"
    r")"
)

# Kin terms and the relation they name, singular; plurals map to the same.
KIN = {
    "father": "father", "mother": "mother", "parents": "parent", "parent": "parent",
    "brother": "brother", "brothers": "brother", "sister": "sister", "sisters": "sister",
    "husband": "husband", "wife": "wife", "son": "son", "sons": "son", "daughter": "daughter",
    "daughters": "daughter", "children": "child", "child": "child", "uncle": "uncle",
    "aunt": "aunt", "nephew": "nephew", "niece": "niece", "cousin": "cousin",
    "grandfather": "grandfather", "grandmother": "grandmother", "grandson": "grandson",
    "grandsons": "grandson", "granddaughter": "granddaughter", "granddaughters": "granddaughter",
    "grandchildren": "grandchild", "grandchild": "grandchild", "father-in-law": "father-in-law",
    "mother-in-law": "mother-in-law", "brother-in-law": "brother-in-law",
    "sister-in-law": "sister-in-law", "son-in-law": "son-in-law",
    "daughter-in-law": "daughter-in-law", "fiancé": "fiancé", "fiancee": "fiancée",
    "fiancée": "fiancée", "widow": "widow", "widower": "widower", "stepfather": "stepfather",
    "stepmother": "stepmother", "stepson": "stepson", "stepdaughter": "stepdaughter",
    "half-brother": "half-brother", "half-brothers": "half-brother",
    "half-sister": "half-sister", "half-sisters": "half-sister", "stepbrother": "stepbrother",
    "stepbrothers": "stepbrother", "step-brother": "stepbrother", "stepsister": "stepsister",
    "stepsisters": "stepsister", "step-sister": "stepsister",
}  # fmt: skip
# Gendered words that stand for a person: pronouns.
PRONOUN_GENDER = {"her": "female", "his": "male", "she": "female", "he": "male", "him": "male"}


# Two kin terms in a row ("his wife's brother") name one relation; pairs not listed here are
# left unread rather than read as the first term alone.
COMPOUND_KIN = {
    ("wife", "brother"): "brother-in-law", ("husband", "brother"): "brother-in-law",
    ("sister", "husband"): "brother-in-law", ("wife", "sister"): "sister-in-law",
    ("husband", "sister"): "sister-in-law", ("brother", "wife"): "sister-in-law",
    ("wife", "father"): "father-in-law", ("husband", "father"): "father-in-law",
    ("wife", "mother"): "mother-in-law", ("husband", "mother"): "mother-in-law",
    ("son", "wife"): "daughter-in-law", ("daughter", "husband"): "son-in-law",
    ("brother", "son"): "nephew", ("sister", "son"): "nephew", ("brother", "daughter"): "niece",
    ("sister", "daughter"): "niece", ("father", "brother"): "uncle", ("mother", "brother"): "uncle",
    ("father", "sister"): "aunt", ("mother", "sister"): "aunt",
    ("father", "father"): "grandfather", ("mother", "father"): "grandfather",
    ("father", "mother"): "grandmother", ("mother", "mother"): "grandmother",
}  # fmt: skip
KIN_WORDS = "|".join(sorted((re.escape(k) for k in KIN), key=len, reverse=True))

# Words that may stand between "her", "Demin's" and a kin word: "her late husband", "his two
# little sisters", "her former husband".
KIN_ADJECTIVES = (
    r"(?:late|own|elder|younger|eldest|youngest|older|old|aged|sick|ailing|invalid|widowed|"
    r"little|young|small|infant|newborn|baby|blind|elderly|crippled|only|two|three|four|five|"
    r"six|seven|both|first|second|former|deceased|dead|lawful|common-law|married|unmarried|"
    r"divorced)"
)

# Organisation head words: a capitalised phrase holding one of these is a body, not a person.
ORG_WORDS = frozenset(
    _words(
        "commission committee bureau presidium collegium secretariat cell board department section "
        "party council soviet union organisation organization executive cheka gpu narkomat "
        "commissariat administration office school academy university institute factory works "
        "plant trust club congress conference revolution army navy regiment division fleet "
        "international comintern government ministry court tribunal delegation legation embassy "
        "mission consulate group "
        # as a hand that spells by ear writes them
        "comission commision comision comittee commitee comitee "
        # the bodies of today's professions and universities: "Academic Misconduct Appeals Panel"
        "panel registry faculty college society association federation guild "
        "hospital clinic infirmary "
        # the period's contracted names of bodies, as translations keep them
        "gubkom ukom uykom raikom obkom kraikom volkom gorkom revkom ispolkom gubispolkom "
        "gubcc ucc gubkk ukk "
        "uyezdcom uyezdkom gubcom volcom raicom gorcom gubcommission "
        "uispolkom sovnarkom narkom narkomvoen narkomzem narkompros gubcheka politbureau "
        "politburo orgbureau gubproverkom proverkom uproverkom politdept politotdel "
        "tsentrkontrolkom gubkontrolkom ukontrolkom kontrolkom tsentroproverkom gubkontrol "
        "partkollegia partkollegiya gubprodkom gubfood "
        # newspapers: "Vyatskaya Pravda"
        "pravda izvestia izvestiya gudok bednota"
    )
)

# The party's and the state's bodies by their letters, as a telegram writes them without points
# ("MOSCOW CCC RCP SHKIRYATOV"): never a word of a person's name.
BODY_LETTERS = frozenset(_words("ccc rcp rkp cc cec vtsik gpu ogpu rsfsr ussr cpc npc gkk"))

# Capitalised words that begin sentences or name things, never people.
NOT_NAME_WORDS = frozenset(
    _words("""i i'm i've i'd we you he she it they this that these those there here the a an
    and or but
    if when while since after before as at by for from in into of on to with without my our your
    against about among between through during under over upon within across behind beyond
    towards toward despite except regarding concerning besides unlike until till
    his her its their me him us them who whom whose which what where why how all any both each
    every few many most much no nor not only other some such than too very yes also however
    therefore moreover nevertheless meanwhile furthermore indeed perhaps please kindly dear
    comrade comrades citizen citizens respected esteemed honoured yours sincerely faithfully truly
    greetings regards communist comradely fraternal with signed signature best thanks cheers
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november december
    party bolshevik bolsheviks menshevik mensheviks communists socialist revolutionaries
    kremlin smolny
    revolution revolutionary russian russia soviet soviets red white central gubernia district
    uyezd volost city town village province region control purging verification commission
    committee bureau presidium cell department secretary chairman member members candidate
    elder starosta all-russian all-union
    manager officer director registrar counsel panel nurse ward midwife consultant lecturer
    supervisor practitioner physician surgeon
    contributor contributors maintainer maintainers moderator reviewer developer volunteer
    physiotherapist dietitian pharmacist paramedic solicitor barrister trainee
    candidates note notes footnote inscription case cases i.e. e.g. p.s. ps n.b. nb copy
    god christ tsar tsarism tsarist october february july december civil war front
    moscow petrograd leningrad kiev kharkov kharkiv odessa saratov samara kazan tambov tula
    ryazan yaroslavl rostov pskov novgorod smolensk minsk vitebsk omsk tomsk irkutsk perm ufa
    vyatka orenburg astrakhan tsaritsyn baku tiflis tbilisi ekaterinburg yekaterinburg ivanovo
    nizhny vologda kostroma orel oryol kursk voronezh penza simbirsk ulyanovsk
    archangel arkhangelsk murmansk siberia ukraine crimea caucasus urals ural don volga
    switzerland geneva zurich bern berne paris london berlin vienna cracow krakow poland finland
    helsingfors germany france england america europe far east west north south
    english german french polish jewish latvian ukrainian georgian tatar
    c.p.c. c.c. r.c.p. rcp rkp cpsu vtsik vcheka cheka gpu ogpu npc c.c.c. cec
    mr mrs dr professor prof tov com
    ask tell send check release restore summon wire let inform report find hear verify
    reinstate return question write give examine investigate review reconsider telegraph""")
)  # fmt: skip

# Given names of the period in their common English spellings, to tell a name from a word;
# `GIVEN_NAMES` below also knows every other name of the Russian dictionary.
LISTED_GIVEN_NAMES = frozenset(
    _words("""aleksandr alexander alexandr aleksandra alexandra aleksei alexei alexey aleksey
    anatoly
    andrei andrey anna anton antonina arkady avel boris dmitry dmitri dmitrii daria darya
    elena yelena evgeny yevgeny evgenia yevgenia evgeniya eugenia fyodor fedor feodor galina
    georgy georgi grigory grigori ilya ivan klavdia klavdiya konstantin kseniya ksenia lev
    lidia lidiya lyubov maria mariya marya mikhail nadezhda natalya natalia nikolai nikolay
    olga pavel pyotr petr peter polina praskovya rosa roza semyon sergei sergey sofia sofya
    stepan tatyana tatiana timofei valentin valentina varvara vasily vasili vera viktor
    vladimir vyacheslav stanislav yakov yakob yuri yury zinaida zinovy nikita matvei matvey
    avdotya yevdokia yekaterina ekaterina elizaveta yelizaveta emelyan fyokla glafira inna
    iosif joseph kirill klim leonid lyudmila marfa maxim maksim mark nadya nina oleg osip
    platon roman ruslan savva stanislava taisia ulyana vadim valerian veniamin vikenty
    yefim efim yegor egor zakhar zoya aaron adolf moisei moisey grigoriy anastasia
    agafya akulina alexandra alla arseny artyom avram bella berta david emma ernst fanny
    felix felix genrikh gleb ida ilyich isaak israel karl klara lazar leon leonty lyuba
    maria marina mikhailina naum nikifor pelageya prokofy rakhil rebekka revekka sarra
    sara shura simon solomon terenty trofim ustinya vavila yakim yulia yuliya
    slava sasha shura zhenya volodya kolya misha petya vanya grisha fedya kostya lyosha dima
    seryozha yasha tolya borya pasha lyova mitya masha manya katya tanya olya natasha lena
    anya sonya dusya galya lida zina klava valya zhora yura""")
)  # fmt: skip

LISTED_FEMALE_GIVEN = frozenset(
    _words("""aleksandra alexandra anna antonina daria darya elena yelena evgenia yevgenia evgeniya
    eugenia galina klavdia klavdiya kseniya ksenia lidia lidiya lyubov maria mariya marya
    nadezhda natalya natalia olga polina praskovya rosa roza sofia sofya tatyana tatiana
    valentina varvara vera zinaida avdotya yevdokia yekaterina ekaterina elizaveta yelizaveta
    fyokla glafira inna lyudmila marfa nadya nina taisia ulyana zoya anastasia agafya akulina
    alla bella berta emma fanny ida klara lyuba marina pelageya rakhil rebekka revekka sarra
    sara ustinya yulia yuliya stanislava masha manya katya tanya olya natasha lena anya sonya
    dusya galya lida zina klava""")
)  # fmt: skip

# An ordinary English word this common is not taken for a name from the dictionary alone
# ("Don", "Army" read back into Cyrillic are names there); the listed names above are.
_COMMON_ENGLISH_ZIPF = 4.0


@lru_cache(maxsize=50000)
def _dictionary_given_name(low: str) -> str | None:
    gender = latin_given_name(low)
    if gender is None:
        return None
    return None if common_english(low) else gender


@lru_cache(maxsize=50000)
def common_english(word: str) -> bool:
    """An ordinary English word ("Description", "Text", "Summary"), however it is capitalised."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= _COMMON_ENGLISH_ZIPF


class _GivenNames:
    """Given names in Latin letters: the listed ones, and any Russian given name the
    dictionary holds, spelled as English spells it ("Kliment", "Faina", "Lukerya")."""

    def __init__(self, listed: frozenset[str], *, female: bool) -> None:
        self.listed = listed
        self.female = female

    def __contains__(self, low: object) -> bool:
        if not isinstance(low, str):
            return False
        if low in self.listed:
            return True
        gender = _dictionary_given_name(low)
        return gender is not None and (not self.female or gender == "female")

    def __iter__(self) -> Iterator[str]:
        return iter(self.listed)


GIVEN_NAMES = _GivenNames(LISTED_GIVEN_NAMES, female=False)
FEMALE_GIVEN = _GivenNames(LISTED_FEMALE_GIVEN, female=True)

# Surname endings of the Russian pattern (feminine forms included) and patronymic endings.
SURNAME_SUFFIX = re.compile(
    r"(?:ov|ova|ev|eva|yov|yova|in|ina|yn|yna|sky|skaya|skii|skiy|ski|tsky|tskaya|enko|ko|uk|"
    r"yuk|chuk|ich|vich|ovich|evich|idze|adze|ishvili|yan|ian|ents|son|man|berg|stein|baum|"
    r"feld|blum|blyum|ts|shvili|ova-\w+|ov-\w+|ykh|ikh)$",
    re.IGNORECASE,
)
PATRONYMIC = re.compile(r"^\w+(?:ovich|evich|ich|ovna|evna|ichna|inichna|yevna|ievna)$", re.I)
FEMININE_SURNAME = re.compile(r"(?:ova|eva|yova|ina|yna|skaya|tskaya|aya)$", re.IGNORECASE)

# An editor's line set between dashes: "— Next document: 32. Reply of … (not found) —".
EDITORS_LINE = re.compile(r"^\s*[—–]\s.{3,}\s[—–]\s*$")
# A site's own words about its page, however long the line: "This page was last edited on 2
# February 2019. Text is available under …", "Posted by the Secretary on 4 June 2024 …",
# «При использовании материалов ссылка на архив обязательна».
SITE_FOOTER = re.compile(
    r"^\s*(?:©|\(c\)\s*\d{4})|^\s*(?:(?:Posted|Uploaded|Submitted|Added)\s+(?:by|on)"
    r"|(?:Опубликовано|Размещено|Добавлено|Загружено)\s+\d|"
    r"This\s+page\s+was\s+last\s+(?:edited|modified|updated)|(?:Text|Content)\s+is\s+"
    r"available\s+under|All\s+rights\s+reserved|Страница\s+(?:последний\s+раз\s+)?"
    r"(?:изменена|отредактирована)|Текст\s+доступен\s+по\s+лицензии|Все\s+права\s+защищены|"
    r"При\s+(?:использовании|цитировании|перепечатке)\s+материалов)\b",
    re.IGNORECASE,
)
NAV_LINE = re.compile(
    r"^\s*(?:"
    r"Jump to (?:navigation|search|content)(?:\s+Jump to (?:navigation|search|content))*"
    r"|Перейти к (?:навигации|поиску)(?:\s+Перейти к (?:навигации|поиску))*"
    r"|<+\s*(?:backward|back|previous|prev)\b.*|.*\b(?:forward|next)\s*>+"
    r"|(?:Retrieved from|Categories?:|This page was last (?:edited|modified)|Navigation menu"
    r"|Personal tools|Views|Namespaces|Variants|More|Tools|Print/export|In other languages"
    r"|Privacy policy|About \w+|Disclaimers|Powered by|What links here|Related changes"
    r"|Special pages|Printable version|Permanent link|Page information|Cite this page"
    r"|Back to|Return to|Top of page|Table of contents|Main page|Log in|Create account"
    # a site's footer: "Page generated from the collection database. Report an error."
    r"|(?:This\s+)?page\s+(?:generated|created|last\s+updated)\b|Report\s+an\s+error"
    r"|All\s+rights\s+reserved|Copyright)\b.*|©.*"
    # a site's row of links: "Контакты | Правила использования", "« Предыдущий | Следующий »"
    r"|[«‹<]?\s*[^|.!?\n]{1,40}(?:\s\|\s[^|.!?\n]{1,40}){1,6}\s*[»›>]?"
    r"|(?:Contents|Search|Home|Index|Edit|View history|Read|Talk|Discussion|Print|Share|Top)"
    r"\s*$"
    r"|.*\bIndex\s*$"
    # a collection's links to the documents beside: "Previous: Document No. 22 · Next: …"
    r"|(?:Previous|Next|Предыдущ\w*|Следующ\w*|Назад|Вперёд|Вперед)\s*(?:документ\w*)?\s*:.*"
    # where a collection's documents come from: «Из собрания писем старых большевиков в ЦКК»
    r"|Из\s+(?:собрания|сборника|фонда|фондов|архива|коллекции|серии)\b[^!?]*"
    # a viewer's links to the sheets beside: "‹ Л. 22 Открыть скан Л. 26 ›"
    r"|[‹«<]\s.{0,60}\s[›»>]"
    r"|(?:Оглавление|Содержание|К\s+оглавлению|К\s+содержанию)\s*$"
    r"|Вернуться\s+к\s+(?:содержанию|оглавлению|началу|списку)\b.*"
    # the edition's compilers, in its footer: "Составители: Е. В. Рогожина, А. А. Тулупов."
    r"|(?:Составител\w*|Compiled\s+by|Compilers?)\s*:.*"
    # the label over the text a site gives: "Transcription (English translation)", «Текст
    # документа», «Расшифровка»
    r"|(?:(?:Full\s+)?(?:Transcription|Transcript|Translation|Text)(?:\s+of\s+the\s+document)?"
    r"|English\s+translation|(?:Полный\s+)?(?:Текст|Расшифровка|Перевод)(?:\s+документа)?)"
    r"(?:\s*\([^)]{1,40}\))?\s*:?\s*$"
    # a site's trail of links: "Главная › Документы 1922 года › Письма в ЦКК"
    r"|(?:Home|Главная|Начало)\s+[›>]\s+.*|(?:[^›\n]{1,60}\s›\s){2,}[^›\n]{1,80}$"
    r")",
    re.IGNORECASE,
)
# An editors' note set off under the documents: "Примечание составителей. …", "Editors' note:".
EDITORS_NOTE = re.compile(
    r"^\s*(?:\[?(?:(?:Editors?|Archivists?|Compilers?|Curators?|Publishers?)['’]?s?\s+"
    r"(?:note|comment|commentary|remark)"
    r"|Editorial\s+note|Note\s+by\s+the\s+(?:editors?|archivists?)|"
    r"Примечани[ея](?:\s+(?:составител\w*|редакци\w*|редактор\w*|публикатор\w*|архивист\w*))?|"
    r"От\s+(?:составител\w*|редакци\w*))\b[\].:—–-]?)",
    re.IGNORECASE,
)
WIKI_FROM = re.compile(
    r"^\s*(?:From|Материал из) ([A-ZА-ЯЁ][\w.-]*(?:[ -][\w.-]+){0,3}?)(?:(?:,|\s—).*)?\s*$"
)

# A list item's bullet, as a Markdown page renders it: "- Written: 11 March 1924".
LIST_BULLET = r"[-*•]\s+"

HEADER_FIELD = re.compile(
    # (an edition's fields set out as a list: "- Written: 11 March 1924")
    rf"^\s*(?:{LIST_BULLET})?"
    r"(?P<key>Dictated|Written|Delivered|Published|First Published|Published in"
    r"|First published in|Printed from|Printed in|Licen[cs]e|Rights|Citation|Cite as|Source"
    r"|Translated"
    r"|Translated by|Translation|Translator|Transcription\\Markup|Transcription/Markup"
    r"|Transcription|Transcribed|Transcribed by|Markup|HTML Markup|Proofread|Proofed"
    r"|Public Domain|Copyleft|Copyright|Other Formats|Online Version|Original|Archive"
    r"|Collection|Fond|Retrieved|Language|Sent|Received|Registered|Archive reference"
    r"|Reference|URL|Online|Editor|Edited by|Keywords|Author\(s\)|Authors?|To|Addressee|From"
    r"|Date|Dated|Title|Extent|Place|Physical description|Format"
    # a telephone or telegraph form's: "Taken down by: duty clerk Orlova"
    r"|(?:Message\s+)?Taken down(?: by)?|Transmitted by|Passed on by"
    r"|Read back(?: to the caller)?|Service marks"
    r"|Editor['’]s note|Editors['’] note|Editorial note"
    r"|Dictated by (?:tele)?phone)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# A wiki edition writes some header fields without a colon ("Author(s) Lenin", "Written 22
# October 1919"); "Written"/"Dictated" count so only with a date after them.
BARE_HEADER_FIELD = re.compile(
    r"^\s*(?P<key>Author\(s\)|Written|Dictated)\s+(?P<value>(?:on\s+|by\s+\w+\s+on\s+)?\S.*)$"
)
# Header fields that say when the letter was written (their date is the letter's when the
# letter itself carries none).
DATED_FIELDS = (
    "written",
    "dictated",
    "dictated by telephone",
    "dictated by phone",
    "sent",
    "date",
    "dated",
)

TITLE_LINE = re.compile(
    r"^\s*(?:(?:A|An|The|Two|Three|Four|Five|Six)\s+)?(?:(?:Telephone|Secretary['’]s|Short|"
    r"Covering)\s+)?"
    r"(?:Letter|Letters|Note|Notes|Telegram|Telegrams|Documents|Memorandum|Statement"
    r"|Recommendation|Inquiry"
    r"|Enquiry|Testimonial|Petition|Appeal|Declaration|Reference|Report|Reply|Message"
    r"|Instruction|Directive|Request|Telephonogram|Resolution|Inscription|Remark|Remarks"
    r"|Marginal\s+note|Notation|Minutes|Extract|Order|Proposal|Draft)s?"
    r"(?:\s+(?:to|from|of|on|about|concerning|regarding|for|in|by)\b.*|\s+\d+.*|\s*"
    # where it was written: "RESOLUTION (on a separate sheet attached to telegram No. 412)"
    r"|\s*\([^()]{3,100}\)\.?\s*)$",
    re.IGNORECASE,
)

INSCRIPTION_START = re.compile(
    rf"^\s*(?:{LIST_BULLET})?"
    r"[\[(]?\s*(?:On the (?:document|letter|back|margin|envelope|first page|top)"
    r"|In the (?:margin|top margin|corner)|Across the (?:top|letter|corner|first page)"
    r"|(?:Written|Pencilled|Penciled|Noted) (?:on|across|in|at)\b|Inscription\b"
    r"|(?:Note|Notes|Resolution|Endorsement|Minute|Annotation) (?:on|in|written on|across) the"
    r"|(?:Marginal|Handwritten|Secretary['’]s) (?:note|inscription|annotation)"
    # "[Pencil note across the top of the first sheet:]", "[Note in the margin:]"
    r"|(?:(?:Pencil|Pencilled|Penciled|Ink|Handwritten|Marginal|Typed|Red-pencil|Blue-pencil)"
    r"\s+)?(?:note|notes|inscription|resolution|endorsement|annotation)\s+(?:across|in|on|at|over|"
    r"along|written|by)\b[^\]\n]{0,80}:\s*\]"
    r"|Endorsed\b|Annotated\b)",
    re.IGNORECASE,
)

# A numbering heading on a line of its own ("No. 2", "Document 14", "II."): in a file of
# several letters it heads the next one.
# A collection's heading for one or more of its documents: "Document 31", "Documents 7–8.
# Recommendations given to Ye. L. Tokarev, March 1922".
DOCUMENT_HEADING = re.compile(
    r"^\s*(?:(?:Documents?|Docs?\.|Документы?|Док\.)\s*(?:Nos?\.\s*|№\s*)?\d{1,4}[a-zа-я]?"
    r"(?:\s*[-–—]\s*\d{1,4}[a-zа-я]?)?"
    # (a reading room's "Документ 2 из 2", "Document 1 of 3", its sheets after it)
    r"(?:\s+(?:из|of)\s+\d{1,4})?(?:\s*\((?:лл?|ll?|sheets?|листы?)\.?\s[^()]{1,20}\))?"
    r"\s*(?:[.:]\s+\S.*)?"
    # a collection's numbered document under its title: "№ 47. Заявление члена РКП(б) …"
    r"|(?:№|No\.)\s*\d{1,4}[a-zа-я]?\.\s+[A-ZА-ЯЁ]\S*(?:\s+\S+)*"
    # a reading room's heading of a document by its sheets: "Л. 14–14 об. Анонимное письмо в
    # ЦКК …", "Ll. 11–13. Letter of the cell bureau …"
    r"|(?:Лл?|Л\.\s*л|Ll?|Sheets?|Листы?)\.?\s*\d{1,4}(?:\s*(?:об|v|verso)\.?)?"
    r"(?:\s*[-–—]\s*\d{1,4}(?:\s*(?:об|v|verso)\.?)?)?\.?\s+[A-ZА-ЯЁ][a-zа-яё]\S*(?:\s+\S+)*"
    # a collection's section: "Section V. Telegrams", "Part II"
    r"|(?:Section|Part|Chapter)\s+(?:[IVXL]{1,6}|\d{1,3})\b[.:]?(?:\s+\S+){0,6}"
    # a file's word on the copy below: "Reply. Copy of outgoing telegram, CCC, No. 38/t"
    r"|(?:(?:Reply|Answer|Response)\s*[.:—–-]\s*)?(?:(?:Certified|Carbon|Draft)\s+)?(?:Copy|Draft)"
    r"\s+of\s+(?:the\s+)?(?:outgoing|incoming|reply|answering)?\s*(?:telegram|letter|wire|cable"
    r"|telephone\s+message|reply|answer)\b(?:[^.!?]|(?<=No)\.){0,60})\s*$"
)
# A letter's outgoing number at the end of its line or alone on it: "No. 4127", "№ 1187",
# "Vesyegonsk Uyezd Committee of the R.C.P.    No. 812".
OUTGOING_NUMBER = re.compile(r"(?:^|\s)(?:№|No\.?)\s*\d+[\w/-]*\.?\s*$", re.IGNORECASE)
NUMBER_HEADING = re.compile(
    r"^\s*(?:(?:[Nn]o|N[Rr]|[Dd]oc(?:ument)?|[Ll]etter|[Ii]tem|§)\.?\s*\d{1,4}[a-z]?"
    r"|[IVXL]{1,6}|\d{1,3}"
    # what a letter sends with it, under its own heading: "Attached:", "Enclosure 2",
    # «Приложение:»
    r"|\[?(?:Attached|Attachment|Enclosed|Enclosures?|Appendix|Annex|Приложение|Прилагается)"
    r"(?:\s+(?:No\.?|№)?\s*\d{1,2})?\]?)\s*[.:]?\s*$"
)
SEPARATOR = re.compile(
    # (a rule drawn with the box-drawing lines too: "──────", "━━━━", "════")
    r"^\s*(?:(?:\*\s*){3,}|\.{5,}|(?:\.\s){4,}\.?|[-—–=_~•·─━═]{3,}|(?:[-—–]\s){2,}[-—–]"
    # a printer's ornament between documents: "❧", "⁂", "✻ ✻ ✻"
    r"|[❧☙❦❡⁂※✻✱✽✦✧◆◇♦❖⸙](?:[ \t]*[❧☙❦❡⁂※✻✱✽✦✧◆◇♦❖⸙])*"
    # a rule with a sheet's or a document's label in it: "=== Л. 2 ===", "--- Page 3 ---"
    r"|[-—–=~*]{3,}[ \t]*[^\s=~*—–-][^\n=~*]{0,30}?[ \t]*[-—–=~*]{3,}"
    # a long rule with the sheet's label at its end: "--------------- sheets 2-3"
    r"|[-—–=_~]{8,}[ \t]*(?i:sheets?|pages?|ll?\.|pp?\.|л\.|лл\.|листы?|стр\.)[ \t]*[\dIVXivx]"
    r"[\w ,.–-]{0,16})\s*$"
)
NOTES_HEADING = re.compile(
    r"^\s*(?:Notes?|Footnotes|Editorial\s+notes?|Notes?\s+by\s+the\s+editors?"
    # "Archival notes", "Notes on the document", «Архивные пометы»
    r"|Archival\s+notes?|Notes?\s+(?:on|to)\s+the\s+(?:document|text|item|letter)"
    r"|Архивн\w+\s+(?:примечани[ея]|пометы|отметки)"
    r"|(?:Editors?|Archivists?|Compilers?|Curators?|Publishers?)['’]?s?['’]?\s+notes?"
    r"|Примечани[ея]\s+(?:составител\w*|редакци\w*|публикатор\w*|архивист\w*))\s*:?\s*$",
    re.IGNORECASE,
)
FOOTNOTE_BRACKET = re.compile(r"^\s*\[(?P<n>\d{1,3}|\*)\]\s*(?P<rest>\S.*)$")
FOOTNOTE_NUMBERED = re.compile(r"^\s*(?:\^)?(?P<n>\d{1,3})[.)]\s+(?P<rest>\S.*)$")
FOOTNOTE_MARKER = re.compile(r"\[(\d{1,3}|\*)\]|(?<=\w)\^(\d{1,3})|([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")

# Words written with a full stop that does not end the sentence ("No. 4", "Vol. 2", "cf.").
ABBREVIATIONS = frozenset(
    _words("""no nos vol vols p pp ibid cf etc viz dr mr mrs st tov com coms comr cc prof tel gub
    dept approx art arts ch sec ed eds trans fig jan feb mar apr jun jul aug sep sept
    oct nov dec""")
)  # fmt: skip

# A word of prose: a letter is sentences, a navigation page is link labels.
PROSE_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")

# A telegraph form's line of where and when it was handed in or received: "Kulebaki. Received
# 17.III.1922, 14 h. 20 m.", "Handed in 23.40".
# "From KIRSANOV  No. 87  Words 64  Handed in …": the form's office of origin, number and count.
FORM_STAMP = (
    r"(?:[A-Z][\w-]+[.,]?\s+)?(?:received|handed\s+in|transmitted|accepted|dispatched)\b"
    r"|from\s+[A-Z][\w-]+\s+No\.?\s*\d+"
    # the form's line of the town it came from, its number and words: "Kasimov No. 1187 words 61"
    r"|[A-Z][\w-]+\s+No\.?\s*\d+\s+(?:words|wds\.?)\s+\d+"
)

# A telegram's line of where and when it was handed in, as the telegraph wrote it: the town,
# the telegram's number, its count of words, the day and month, the hour ("SAMARA 2841 47
# 3/VIII 11.50", «ТАМБОВ 118 52 14/XI 9.40»).
TELEGRAPH_LINE = re.compile(
    r"^\s*(?P<town>[A-ZА-ЯЁ][\w-]+(?:[ -][A-ZА-ЯЁ][\w-]+)?)\s+(?:№\s*|No\.?\s*)?\d{1,6}"
    r"\s+(?:(?:words?|wds\.?|сл(?:ов)?\.?)\s*)?\d{1,4}\s+(?P<d>[0-3]?\d)\s*[/.]\s*"
    r"(?P<m>[IVXivx]{1,4}|[01]?\d)(?:\s*[/.-]\s*(?P<y>\d{2}|\d{4}))?\.?"
    r"(?:\s+(?P<h>[0-2]?\d)[.:-](?P<mi>[0-5]\d))?\s*$"
)

# A collection's heading of one document, naming who wrote it and to whom: "Letter from P. S.
# Ivanov to the Central Control Commission", "P. S. Ivanov to A. B. Petrov".
# A line above a message that says whom it is from, and perhaps to whom: "From: Comrade
# Yaroslavsky", "From M. F. Shkiryatov, Central Verification Commission, to the Simbirsk
# Gubernia Verification Commission."
FROM_LINE = re.compile(
    r"^[ \t]*[Ff]rom:?[ \t]+(?P<from>[^\n]+?)(?:,?[ \t]+to[ \t]+(?P<to>[^\n]+?))?[ \t]*\.?[ \t]*$",
    re.MULTILINE,
)
FROM_TO_HEADING = re.compile(
    r"^(?:(?i:(?:(?:an?|the)\s+)?(?:letter|note|telegram|statement|application|appeal|petition|"
    r"complaint|report|declaration)\s+(?:from|of|by)\s+(?:comrade\s+)?)(?P<a>(?:"
    + INITIAL
    + r"\s?){0,3}[A-Z][\w’'-]+)|(?P<b>(?:"
    + INITIAL
    + r"\s?){1,3}[A-Z][\w’'-]+))\s+to\s+\S"
)


def not_a_name(word: str) -> bool:
    """A word no personal name is made of: a common word, a title, a town the lists hold, or a
    body's word ("Committee", "Gubkom")."""
    return word.lower().strip("’'") in NOT_NAME_WORDS or body_word(word)


def body_word(word: str) -> bool:
    """A word of a body's name ("Committee", "Gubkom"), or a body's name fused into one word
    ("GUBCONTROLCOMMISSION")."""
    low = word.lower()
    return low in ORG_WORDS or bool(_FUSED_BODY.fullmatch(low))


# A body's name fused into one word, as telegrams and translations write them:
# "GUBCONTROLCOMMISSION", "Uyezdpartcom", "Gubprovercommission".
_FUSED_BODY = re.compile(
    r"(?:gub|uyezd|uezd|vol|rai|ob|krai|gor|tsentr|u)[a-z]{2,20}(?:kom|com|commission|komissiya)"
)


def heading_writer(line: str) -> str:
    """Who wrote the document a collection's heading names ("Letter from P. S. Ivanov to …",
    "P. S. Ivanov to A. B. Petrov"), or "" when the line is no such heading."""
    m = FROM_TO_HEADING.match(line.strip())
    name = (m.group("a") or m.group("b")) if m else ""
    return name if name and not not_a_name(name.split()[-1]) else ""
