"""The built-in rule-based extractor: how letters of this genre say who, to whom, when, about
whom, on what footing and asking what. Registered like any other extractor.

Each rule is a pattern of the genre (a salutation line, a signature at the foot, a possessive
kin phrase, an expulsion phrase with a name after it), never a fact about one letter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from commission.intake.reading import lexicon as lx
from commission.intake.reading.extractors import extractor
from commission.intake.reading.mentions import (
    Cluster,
    Mention,
    cluster_mentions,
    find_mentions,
    forenames_clash,
    gender_of,
    known_words,
)
from commission.intake.reading.model import Extraction, Item, Letter, Part, PersonRef, Span
from commission.intake.reading.sentences import sentences
from commission.registry import names as name_forms

_VALEDICTION = re.compile(
    r"^\s*(?:(?:with\s+)?(?:communist|comradely|fraternal|party|revolutionary|best|warm|"
    r"sincere|kind)?\s*(?:greetings?|regards|salutes?)|yours(?:\s+(?:sincerely|faithfully|"
    r"truly|fraternally|respectfully|ever))?|sincerely(?:\s+yours)?|respectfully(?:\s+yours)?|"
    r"fraternally|faithfully|with respect|with (?:deep |great )?respect|signed|\(signed\)|"
    r"signature|ever yours|your(?:\s+(?:devoted|faithful|loving|old))?)(?!\w)[\s,.:;—–-]*",
    re.IGNORECASE,
)
_ROLE_CHUNK = re.compile(
    r"^\s*(?:member|candidate|secretary|chairman|chairwoman|chair|head|director|president|"
    r"deputy|commissar|organiser|organizer|instructor|worker|party card|card|no\.|since|of the|"
    r"former|old|in|at)\b",
    re.IGNORECASE,
)
_PRONOUN = lx.PRONOUN_GENDER
_URGENT = re.compile(
    r"\b(?:urgent(?:ly)?|immediately|at once|without delay|as soon as possible|speedily|"
    r"without fail|as a matter of urgency|most pressing)\b",
    re.IGNORECASE,
)

# "the verification commission" names a body, not an act done to someone.
_NOT_BODY = r"(?!\s+(?:commissions?|committees?|bureau|sections?|department|board)\b)"
SUBJECT_TRIGGER = re.compile(
    r"\b(?:expel\w*|expulsion|purged|excluded|struck off|removed from the (?:party|ranks|list)|"
    r"reinstat\w*|readmi\w*|re-admi\w*|restor\w* (?:to|in) (?:the )?(?:party|membership|ranks)|"
    rf"verif\w*+{_NOT_BODY}|cases? of|recommend\w*|admission of|admit\w*|candidacy|"
    r"membership of|application of|applications? for|party card|put forward for|"
    r"confirmation as|(?:re-?)?examin\w* (?:the |her |his )?cases?|"
    r"(?:left|kept|remain|retained) in the (?:party|ranks)|"
    r"appeal of|appeal from|appealing|"
    # A member's standing put in question otherwise than by a commission's word
    r"arrested|accused|charged|dismissed|reprimand\w*|punish\w*|complaints? (?:against|about)|"
    r"deprived of (?:his |her |the )?(?:party card|membership)|transferred to (?:the )?candidates|"
    r"(?:writ\w*|appeal\w*|turn\w* to you|apply\w*) "
    r"(?:to you )?(?:about|concerning|regarding|on (?:the )?behalf of|in the matter of)|"
    # A reply: "in answer to your inquiry of 2 March about Comrade …", "you asked me about"
    r"(?:inquiry|enquiry|question|request|letter)(?: of [\w ]{1,20}?)? (?:about|concerning|"
    r"regarding|as to)|you (?:asked|ask) (?:me |us )?(?:about|concerning|regarding)|"
    r"(?:(?<=her\s)|(?<=his\s)|(?<=my\s)|(?<=whose\s))(?:case|appeal))\b",
    re.IGNORECASE,
)

REQUEST_FRAME = re.compile(
    # "We, members of the cell of the tram depot, ask you …": the writers, then who they are
    r"\b(?:I|we), [^.;:]{1,80}?, (?:\w+ )?(?:request|ask|beg|urge|appeal|petition|implore)\b|"
    r"\b(?:I|we)\s+(?:\w+\s+){0,2}(?:request|ask|beg|urge|appeal|petition|propose|suggest|"
    r"insist|implore|entreat|recommend|would (?:ask|request|be grateful)|should be grateful|hope|"
    r"consider it (?:necessary|essential|right|just) (?:that|to))\b"
    r"|\b(?:please|kindly|be so good as to)\b"
    r"|\b(?:I|we) (?:should |would )?(?:like|wish|want) to (?:know|learn)\b"
    # "I consider the expulsion a mistake and ask you to …": the author's second verb
    r"|\b(?:I|we) (?:\w+ ){1,8}?and (?:request|ask|beg|urge|propose|suggest|implore)\b"
    r"|\b(?:could|would|will) (?:you|the commission)\b"
    r"|\b(?:must|should|ought to) be (?:\w+ed|re\w+)\b"
    r"|\bit is (?:necessary|essential|urgent|important) (?:to|that)\b"
    r"|\b(?:the commission|you|they) (?:should|must|ought to)\b"
    r"|^\s*(?:\w+ly\s+)?(?:request|ask|beg|urge)\b"
    # A resolution on a document: "The case to be verified at once."
    r"|^\s*(?:The|All|His|Her|Their|This)\b[^.;]{0,60}?\bto be (?:\w+ly )?\w+ed\b"
    # A note or telegram gives orders: "Summon him", "Find out who knows her and report".
    r"|^\s*(?:P\.\s?S\.\s*)?[\"“(]?(?:(?:and|then|also|so)\s+)?"
    r"(?:at once\s+|immediately\s+|urgently\s+)?"
    r"(?:summon|examine|re-?examine|verify|check|find|report|telegraph|wire|send|inform|let|"
    r"question|hear|stop|suspend|review|reconsider|reinstate|restore|investigate|look|give|"
    r"collect|call|arrange|tell|consult|interview|establish|ascertain|compare|forward|return|"
    r"cancel|annul|release|reply|answer|bring|see)\b(?!\s+(?:that|is|was|are|were)\b)",
    re.IGNORECASE | re.MULTILINE,
)
REPORTED_FRAME = re.compile(
    r"\b(?:ask|asks|asked|requests|requested|begs|begged|wants|wanted|implores|implored|urges|"
    r"urged|appeals|appealed|petitions|petitioned|pleads|pleaded)\b"
)
_WHO = re.compile(r"\b(?:[Ss]he|[Hh]e|[Tt]hey|I|[Ww]e)\b")
REQUEST_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "intercede",
        re.compile(
            r"\b(?:intercede|intervene|put in a (?:good )?word|plead (?:for|on)|"
            r"stand up for|(?:ask|request|beg|appeal) (?:you )?for (?:your )?(?:assistance|help|"
            r"protection|support))\b",
            re.I,
        ),
    ),
    (
        "reinstate",
        re.compile(
            r"\b(?:reinstat\w*|readmi\w*|re-admi\w*|restor\w* (?:\w+ ){0,3}?(?:to|in)"
            r" (?:the )?(?:party|membership|ranks)|return (?:\w+ )?to the "
            r"(?:party|ranks)|(?:cancel|annul|revoke|rescind|set aside|lift)\w* "
            r"(?:the |her |his |this )?(?:decision|expulsion|exclusion)|"
            # "I request that this sub-point be cancelled"
            r"(?:decision|expulsion|exclusion|resolution|sub-point|point)\b[^;]{0,40}?\bbe "
            r"(?:cancelled|canceled|annulled|revoked|rescinded|set aside|lifted)|"
            # "ask that all three be restored"; "restored to the Party" is read whole above
            r"be restored(?! (?:to|in)\b))",
            re.I,
        ),
    ),
    (
        "verify",
        re.compile(
            rf"\b(?:verif\w*+{_NOT_BODY}|check\w* (?:on |up on )?the following|"
            r"(?:check|ascertain|establish|find out) whether|"
            r"check\w* (?:on |up on )?(?:the |her |his )?(?:case|"
            r"facts|matter|charges|statement)|investigat\w*|look into|"
            r"(?:re-?)?examin\w* (?:of )?(?:the |her |his |my |their |both )?cases?|"
            r"cases?\b[^;]{1,80}?\b(?:be|to be|is|are) (?:\w+ )?(?:re-?examined|examined|checked|"
            r"verified|looked into|investigated)|"
            r"enquir\w* into|"
            r"inquir\w* into|check (?:it|this|that)|(?:cases?|matter|facts) "
            r"(?:\w+ ){0,2}(?:examined|re-?examined|checked|looked into|"
            r"investigated|verified))",
            re.I,
        ),
    ),
    (
        "reconsider",
        re.compile(
            r"\b(?:reconsider\w*|review\w* (?:the |her |his |my |their |this |both )?(?:cases?|"
            r"decision)|revis\w* (?:the |its |this )?decision|re-?open\w*|"
            r"suspend\w* (?:the |its |this |her |his |my )?(?:decision|expulsion)|"
            # "to have the decision of the Saratov commission reviewed"
            r"(?:cases?|decision) (?:of (?:\w+ ){1,5}?)?(?:be |to be )?(?:reviewed|reconsidered|"
            r"revised))",
            re.I,
        ),
    ),
    (
        "give_information",
        re.compile(
            r"\b(?:(?:give|send|provide|supply|forward|communicate|"
            r"collect)\w* (?:me |us |him |her |them )?(?:\w+ly )?(?:any "
            r"|all |the |full |some ){0,2}(?:information|particulars|details|"
            r"materials|documents|papers|minutes|file|a reference|a character"
            r"(?:isation|ization)?)|let (?:me|us) (?:know|have)|"
            r"inform (?:me|us)|report (?:to me|to us|on|what)|"
            r"what (?:is|was) known about|tell (?:me|us)|"
            r"(?:I|we) (?:should |would )?(?:like|wish|want) to (?:know|learn|hear)|"
            r"(?:telegraph|wire|report|communicate)\w* (?:to (?:me|us) )?(?:the |your |its )?"
            r"(?:results?|decision|outcome|answer|reply))\b",
            re.I,
        ),
    ),
    (
        "find_witnesses",
        re.compile(
            r"\b(?:find out who (?:else )?|who else (?:\w+ )*?know|"
            r"(?:find|seek|look for) (?:\w+ ){0,2}(?:people|comrades|"
            r"witnesses) who)",
            re.I,
        ),
    ),
    (
        "consider_facts",
        re.compile(
            r"\b(?:(?:make|draw) a comparison of the facts|facts\b[^;]{0,80}?\bbe compared|"
            r"compar\w* "
            r"(?:the |these )?facts|tak\w* (?:\w+ ){0,3}into (?:account|"
            r"consideration)|draw\w* (?:\w+ )?attention to|"
            r"bear in mind|pay attention to|consider the (?:facts?|"
            r"circumstances?))\b",
            re.I,
        ),
    ),
    (
        "hear",
        re.compile(
            r"\b(?:summon\w*|hear (?:me|him|her|them|my|his|her|us)|be heard|call\w* "
            r"(?:\w+ )?to (?:testify|give evidence)|(?:invite|allow)\w* (?:me|him|"
            r"her|them) to (?:appear|attend|speak)\b|"
            # "question Comrade Petrova, who knows his work": hear a witness
            rf"(?:question\w*|interview\w*|consult\w*|hear) (?:{lx.TITLES} )?(?-i:[A-Z])[\w’'-]*"
            r"(?: (?-i:[A-Z])[\w’'-]*){0,2}|"
            r"(?:hear|question)\w* (?:the |these |other )?witnesses|"
            r"(?:given|granted|allowed) a hearing|"
            # "Ask Comrade Rumyantsev, who was her supervisor": an order to ask a witness
            r"(?<!\bI\s)(?<!\bwe\s)(?<!\bWe\s)(?-i:Ask|ask) (?:Comrades?|Citizen) "
            r"(?-i:[A-Z])[\w’'-]*)",
            re.I,
        ),
    ),
    (
        "admit",
        re.compile(
            r"\b(?:(?:admit\w*|accept\w*|receiv\w*) (?:\w+ ){0,3}(?:into|to|as) "
            r"(?:the |a )?(?:party|membership|candidate|member)|for (?:admission|"
            r"membership))",
            re.I,
        ),
    ),
)

STANCE_AGAINST = re.compile(
    r"\b(?:(?:cannot|can ?not|could not|can't|do not|don't|will not|must|have to) "
    r"(?:\w+ )?(?:recommend|vouch|support|answer for)\w*|refuse\w* to (?:recommend|vouch|support)|"
    r"decline\w* to (?:recommend|vouch|support)|(?:should|must) not be (?:readmitted|reinstated|"
    r"restored|admitted|accepted)|rightly expelled|justly expelled|unworthy|alien element|"
    r"careerist|drunkard|drunkenness|bribe\w*|dishonest\w*|(?:I|we) (?:object|oppose)|"
    r"against (?:his|her|their) (?:readmission|reinstatement|admission)|not (?:fit|suitable) "
    r"(?:for|to)|harmful|speculat\w*|(?:I|we) (?:confirm|support|endorse) the (?:decision|"
    r"expulsion)|was right to expel|cannot be trusted|untrustworthy|no confidence)\b",
    re.IGNORECASE,
)
STANCE_FOR = re.compile(
    r"\b(?:in (?:his|her|their) favou?r|vouch\w*|(?:can|could) (?:testify|confirm|vouch)|"
    r"honest\w*|devoted|devotion|reliable|conscientious|trustworthy|deserv\w*|"
    r"(?:warmly|strongly|fully|wholeheartedly) (?:recommend|support)|I recommend|recommend \w+ "
    r"(?:for|as)|complete confidence|full confidence|important services|rendered \w+ "
    r"(?:\w+ )*services|well-deserved respect|good (?:worker|comrade|party member|communist)|"
    r"intercede|unjust\w*|mistaken\w*|wrongly expelled|in error|hid me|gave \w+ asylum|"
    r"sheltered|selfless\w*|loyal\w*|staunch|tireless\w*|exemplary|excellent|irreproachabl\w*|"
    r"hard-working|disciplined|diligent|energetic|nothing but good|gave all (?:his|her) strength|"
    r"brave|courageous|sober|trusted (?:him|her|them)|"
    r"at great risk|cannot believe|is a mistake|was a mistake|"
    r"request \w+ (?:\w+ ){0,8}(?:to verify|to reinstate|to restore)|(?:verify|reinstate) "
    r"(?:the case|her|him)|"
    r"(?:writ\w*|appeal\w*|speak\w*|turn\w* to you) on (?:the )?behalf of|"
    r"(?:I|we) (?:fully |warmly |strongly )?support (?:the|his|her|their) (?:request|petition|"
    r"application|appeal)|(?:be |been )?(?:left|kept|retained) in the (?:party|ranks)|"
    r"(?<!not\s)answer for (?:him|her|them)|"
    r"(?:consider|think|believe|regard) (?:the|this|her|his|their|my) (?:expulsion|exclusion|"
    r"decision) (?:to be |as |was )?(?:a mistake|an error|mistaken|wrong|unjust))\b",
    re.IGNORECASE,
)

# Who the author knows: one person or several ("I know both of them well").
_THEM = r"(?:him|her|them|this comrade|both of them|them both|all of them|each of them)"
BASIS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "not_known_personally",
        re.compile(
            r"\b(?:(?:do|did) not know (?:\w+ ){1,3}?personally|(?:have|had) never (?:met|seen)|"
            r"not (?:personally )?acquainted|(?:have|had) forgotten (?:him|her|them)|"
            r"(?:do|did) not remember (?:him|her|them)|never (?:met|saw) (?:him|her)|"
            r"(?:do|did) not know (?:him|her) at all|am not acquainted|is unknown to me|"
            r"are unknown to me|(?:do|did) not know "
            r"(?:him|her|them|you)(?=[.;,]|\s+(?:personally|at all)))",
            re.I,
        ),
    ),
    (
        "observation_of_work",
        re.compile(
            r"\b(?:(?:seen|observed|watched|followed|saw|witnessed|know|knew|known) (?:\w+ )?"
            r"(?:his|her|their) work|worked (?:\w+ )?(?:with|under|alongside|beside) "
            r"(?:him|her|them|me)|worked together|"
            r"under my (?:supervision|direction|leadership|eyes|command)|"
            r"(?:I|we) (?:supervised|directed|led|managed|oversaw) (?:him|her|them|his|her|their)|"
            r"(?:was|were) in my (?:detachment|regiment|unit|cell|department|section|office|"
            r"brigade)|"
            r"worked (?:\w+ )?(?:with|under|alongside|beside) (?:Comrade )?(?-i:[A-Z])\w+|"
            # "I knew him in Tver while he ran the reading room": the author saw the work
            r"(?:met|knew|have known|had known) (?:him|her|them) (?:[\w,]+ ){0,8}?(?:when|while) "
            r"(?:he|she|they) (?:worked|was working|were working|kept|ran|served|led|managed|"
            r"taught|organised|organized|was in charge)|"
            r"under my (?:\w+ )?leadership|worked beside|in the same (?:cell|"
            r"department|office|unit|factory|workshop|section|regiment|detachment)|was my "
            r"(?:secretary|assistant|deputy|subordinate|colleague)|served (?:with|under) (?:me|him|"
            r"her))\b",
            re.I,
        ),
    ),
    (
        "knows_family",
        re.compile(
            r"\b(?:(?:know|knew|known|acquainted with) (?:\w+ )?(?:the|his|her|their) (?:whole |"
            r"entire )?(?:[A-Z]\w+ )?family|(?:know|knew|known) (?:his|her) (?:parents|people))\b",
            re.I,
        ),
    ),
    (
        "knows_relative",
        re.compile(
            rf"\b(?:(?:know|knew|known|acquainted with|worked with|met) (?:\w+ )?"
            rf"(?:his|her|their|your) "
            rf"(?:late |elder |younger )?(?:{lx.KIN_WORDS})|(?:his|her) (?:{lx.KIN_WORDS}),? "
            rf"(?:\w+ ){{0,3}}whom I (?:knew|know|have known)"
            # "his father worked under me", "her brother Pavel was with me in exile"
            rf"|(?:his|her|their) (?:late |elder |younger )?(?:{lx.KIN_WORDS})"
            rf"(?:,? (?-i:[A-Z])[\w’'-]+){{0,3}},? (?:worked|served|was|were|lived|fought)"
            rf"(?: \w+){{0,3}}? (?:with|under|beside|alongside) (?:me|us))\b",
            re.I,
        ),
    ),
    (
        "knows_writing",
        re.compile(
            r"\b(?:know (?:him|her|them) only (?:from|through|by) (?:his|her|their)|(?:read|seen) "
            r"(?:his|her|their) (?:articles|writings|pamphlets|letters|reports))\b",
            re.I,
        ),
    ),
    (
        "hearsay",
        re.compile(
            r"\b(?:(?:I|we) (?:have )?(?:heard|been told|am told|was told|were told|learned from|"
            r"learnt from) (?:that|from)|according to (?:comrades|others|what|people|rumou?r)|"
            r"(?:I|we) (?:am|are) (?:told|informed) that|it is said that|rumou?rs? (?:has|have|had|"
            r"say)|by hearsay|(?:have|has|had) told (?:me|us) that)\b",
            re.I,
        ),
    ),
    (
        "knows_personally",
        re.compile(
            rf"\b(?:(?:have|had) known {_THEM} (?:personally|well|since|for)|"
            rf"know {_THEM} (?:well|personally|intimately)|"
            rf"knew {_THEM} (?:well|personally|intimately)|"
            r"knew (?:them both|both of them|all of them|them all|each of them)|"
            r"(?:were|was) "
            r"(?:together )?(?:in prison|in exile|underground) (?:together )?with (?:him|her|them)|"
            r"(?:I|we) (?:have )?known (?:\w+ ){1,3}since)\b",
            re.I,
        ),
    ),
)

OUTCOME = re.compile(
    r"\b(?:was|were|has been|had been|is)\s+(?:later\s+|subsequently\s+|eventually\s+|soon\s+|"
    r"then\s+|duly\s+)?(?P<o>reinstated|readmitted|re-admitted|restored(?: to membership| in the "
    r"party| to the party)?|expelled|excluded|transferred to (?:the )?candidates|reprimanded|"
    r"retained|left in the party|acquitted|rehabilitated|cleared|admitted|accepted)"
    r"|\b(?:the\s+)?(?:expulsion|decision)\s+was\s+(?P<o2>confirmed|upheld|annulled|cancelled|"
    r"revoked|overturned|reversed|set aside)",
    re.IGNORECASE,
)
# An editor's note in the active voice: "the Central Commission reinstated Mitrofanova".
ACTIVE_OUTCOME = re.compile(
    r"\b(?:[Cc]ommission|[Cc]ommittee|[Bb]ureau|[Pp]residium|[Cc]ell|[Mm]eeting)\s+"
    r"(?:\w+\s+){0,2}?(?P<o>reinstated|readmitted|restored|expelled|excluded|reprimanded|"
    r"retained|admitted|acquitted|rehabilitated)\s+(?=(?:[Cc]omrade\s+)?[A-Z])"
)
_OUTCOME_NORMAL = {
    "readmitted": "reinstated",
    "re-admitted": "reinstated",
    "restored": "reinstated",
    "rehabilitated": "reinstated",
    "annulled": "reinstated",
    "cancelled": "reinstated",
    "revoked": "reinstated",
    "overturned": "reinstated",
    "reversed": "reinstated",
    "set aside": "reinstated",
    "excluded": "expelled",
    "confirmed": "expelled",
    "upheld": "expelled",
    "left in the party": "retained",
    "cleared": "retained",
    "acquitted": "retained",
    "accepted": "admitted",
    "transferred to candidates": "transferred to candidates",
}

_ORG_PHRASE = (
    r"(?:the\s+)?(?P<org>(?:[A-Z][\w.()’'-]*\s+){0,6}?(?:Commission|Committee|Bureau|Presidium|"
    r"Collegium|Secretariat|Cell|Board|Department|Council|Soviet|Section)"
    r"(?:\s+(?:for|of|on|at|in)\s+(?:the\s+)?[A-Z][\w.()’'-]*(?:\s+(?:the\s+|of\s+|and\s+)?"
    r"[A-Z][\w.()’'-]*)*)?)"
)
_ADDRESS_VERB = re.compile(
    r"\b(?:inform|request|ask|beg|urge|petition|appeal to|intercede with|address|turn to|"
    r"write to|apply to|submit to|report to|entreat)\s+" + _ORG_PHRASE
)
CONTACT_ADDRESS = re.compile(
    r"\b(?:home address|address|lives at|living at|residing at|resides at|c/o|care of)\s*"
    r"(?:is\s*)?[:\-–]?\s*(?P<v>[^;()\n]+?)(?=\s*(?:[;)\n]|,\s*(?:tel\.?|telephone|phone)\b|"
    r"\.\s|\.$|$))",
    re.IGNORECASE,
)
CONTACT_STREET = re.compile(
    r"(?:\b\d+\s+)?(?:[A-Z][\w-]+\s+){1,2}(?:Street|Prospect|Lane|Square|Embankment|Boulevard)"
    r"(?:\s+\d+)?(?:,\s*(?:flat|apt\.?|apartment|room)\s*\d+)?"
)
CONTACT_PHONE = re.compile(
    r"\b(?:telephone|tel\.?|phone)\s*(?:no\.?|number)?\s*[:\-–]?\s*"
    r"(?P<v>\d[\d\s\-–—.]{0,12}\d)",
    re.IGNORECASE,
)


def _spaced(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern with every literal space matching any run of whitespace, so a copy
    with doubled spaces or a line break inside a phrase reads the same."""
    return re.compile(pattern.pattern.replace(" ", r"\s+"), pattern.flags)


STANCE_AGAINST, STANCE_FOR, REQUEST_FRAME = (
    _spaced(STANCE_AGAINST),
    _spaced(STANCE_FOR),
    _spaced(REQUEST_FRAME),
)
REQUEST_KINDS = tuple((kind, _spaced(p)) for kind, p in REQUEST_KINDS)
BASIS = tuple((kind, _spaced(p)) for kind, p in BASIS)
SUBJECT_TRIGGER, OUTCOME = _spaced(SUBJECT_TRIGGER), _spaced(OUTCOME)


@dataclass
class _Ctx:
    letter: Letter
    text: str
    mentions: list[Mention]
    clusters: list[Cluster]
    sentences: list[tuple[int, int]]
    roles: dict[int, str]
    # End of an unnamed kin phrase → the named person it stands for ("the mother of
    # Sidorov … her son": Sidorov), so "her son, who was expelled" finds its subject.
    kin_referents: dict[int, Mention] = field(default_factory=dict)


def _sentence_at(ctx: _Ctx, pos: int) -> tuple[int, int]:
    for s, e in ctx.sentences:
        if s <= pos < e:
            return s, e
    return 0, len(ctx.text)


def _ref(letter: Letter, part: Part, mention: Mention | None, name: str = "") -> PersonRef:
    if mention is None:
        return PersonRef(name=name, span=None, gender=gender_of(name) if name else "unknown")
    return PersonRef(
        name=mention.text,
        span=letter.span(part, mention.start, mention.end),
        gender=mention.gender,
        family=mention.family,
    )


@extractor("rules")
def extract_by_rules(letter: Letter) -> Extraction:
    text = letter.text
    out = Extraction()
    closing = _closing_lines(text)
    signature = _signature(letter, closing)
    known = known_words([m.text for m in signature] + _sentence_initial_surnames(text))
    mentions = find_mentions(text, known=known)
    titled = known_words([m.text for m in mentions if m.titled])
    if titled - known:
        mentions = find_mentions(text, known=known | titled)
    addresses = [
        (a.start(), a.end()) for p in (CONTACT_ADDRESS, CONTACT_STREET) for a in p.finditer(text)
    ]
    mentions = [
        m
        for m in mentions
        if not _place_of_date(text, m) and not any(a <= m.start < b for a, b in addresses)
    ]
    clusters = cluster_mentions(mentions)
    ctx = _Ctx(letter, text, mentions, clusters, sentences(text), {})

    _author(ctx, out, signature)
    _addressees(ctx, out)
    _date_time(ctx, out, closing)
    _relatives(ctx, out)
    _subjects(ctx, out)
    _other_people(ctx, out)
    _contacts(ctx, out)
    _basis(ctx, out)
    _requests(ctx, out)
    _stance(ctx, out)
    _notes(ctx, out)
    return out


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


# --- author ---------------------------------------------------------------------------------


def _closing_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the short lines after the last sentence: signature, date, place."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    # A postscript after the signature does not end the letter's closing.
    postscript = re.compile(r"^\s*(?:P\.\s?S\.|PS\b|N\.\s?B\.)")
    while lines and postscript.match(text[lines[-1][0] : lines[-1][1]]):
        lines.pop()
        while lines and not text[lines[-1][0] : lines[-1][1]].strip():
            lines.pop()
    closing: list[tuple[int, int]] = []
    for start, end in reversed(lines):
        line = text[start:end].strip()
        if not line:
            continue
        words = line.split()
        prose = len(words) > 10 or (len(words) >= 7 and line.endswith((".", "!", "?", ":")))
        if prose and not lx.DATE.search(line):
            break
        closing.append((start, end))
        if len(closing) >= 6:
            break
    # The salutation and the first lines are not a closing, even in a three-line note.
    first = next((s for s, e in lines if text[s:e].strip()), 0)
    return sorted(c for c in closing if c[0] != first)


_ADDRESS_WORDS = re.compile(
    r"\b(?:Street|Prospect|Lane|Square|Embankment|Boulevard|Highway|flat|apartment|House of)\b"
)
_TRAILING_NAME = re.compile(
    r"(?<![\w.])(?P<n>(?:[A-Z]\.\s?){1,3}[A-Z][\w’'-]+|[A-Z][a-z]+\s+[A-Z][\w’'-]+)\s*$"
)
_NAME_IN_LINE = re.compile(
    r"(?:[A-ZА-Я]\.\s?){0,3}[A-ZА-ЯЁ][\w’'-]+(?:\s+(?:[A-Z]\.\s?)*[A-ZА-ЯЁ][\w’'-]+){0,3}"
    # initials after the surname: "Gromova E. N."
    r"(?:,?\s+(?:[A-ZА-Я]\.\s?){1,3}(?![\w’'-]))?"
    r"(?:\s*\([A-Z][\w’'. -]+\))?"
)


_INITIALS_ONLY = re.compile(r"(?:[A-Z]\.\s?){2,3}")


def _signature(letter: Letter, closing: list[tuple[int, int]]) -> list[Mention]:
    text = letter.text
    found: list[Mention] = []
    for start, end in closing:
        line = text[start:end]
        offset = start
        m = _VALEDICTION.match(line)
        if m and m.end() > 0:
            offset += m.end()
            line = line[m.end() :]
        line_date = lx.DATE.search(line) or lx.DAY_ROMAN.search(line)
        if _ADDRESS_WORDS.search(line) or CONTACT_PHONE.search(line):
            continue
        if line_date:
            signed = _name_beside_date(line, line_date, offset)
            if signed is not None:
                found.append(signed)
                break
            continue
        for chunk in re.finditer(r"[^,;]+", line):
            piece = chunk.group(0)
            if not piece.strip():
                continue
            if _ROLE_CHUNK.match(piece):
                # "Secretary P. Frolov", "Received by duty secretary L. Fotieva": a role, then
                # the signed name at the end of the line. A body's initials ("Secretary of the
                # C.C. V. Molotov") are not the name's.
                masked = _BODY_ABBREVIATION.sub(lambda a: " " * len(a.group(0)), piece)
                trailing = _TRAILING_NAME.search(masked)
                if trailing is None:
                    continue
                lead_at = trailing.start("n")
                name = trailing.group("n")
                if any(
                    w.lower() in lx.NOT_NAME_WORDS
                    for w in name.replace(".", ". ").split()
                    if len(w.rstrip(".")) > 1
                ):
                    continue
                s0 = offset + chunk.start() + lead_at
                found.append(Mention(s0, s0 + len(name), name, gender=gender_of(name)))
                break
            lead = len(piece) - len(piece.lstrip(" —–-"))
            initials = _INITIALS_ONLY.fullmatch(piece[lead:].rstrip())
            if initials and m and m.end() > 0:
                # "Yours, F. D.": a writer who signs with initials alone
                s = offset + chunk.start() + lead
                name = initials.group(0)
                found.append(Mention(s, s + len(name), name, gender="unknown"))
                break
            nm = _NAME_IN_LINE.match(piece[lead:])
            if not nm:
                continue
            name = nm.group(0).strip()
            bare = re.sub(r"\s*\(.*\)$", "", name)
            words = [w for w in bare.replace(".", ". ").split() if w]
            plain = [w for w in words if len(w.rstrip(".")) > 1]
            if not plain or len(plain) > 4:
                continue
            if any(
                w.lower().strip("’'") in lx.NOT_NAME_WORDS or w.lower() in lx.ORG_WORDS
                for w in plain
            ):
                continue
            if piece[lead:].strip() != name and not re.match(r"^[\s.]*$", piece[lead + nm.end() :]):
                continue  # a sentence fragment, not a signed name
            s = offset + chunk.start() + lead
            found.append(Mention(s, s + len(name), name, gender=gender_of(bare)))
            break
    return found


def _name_beside_date(line: str, date: re.Match[str], offset: int) -> Mention | None:
    """A name signed on the date line: "2/II. V. Petrenko", "Ivanov 30.XII.1921". A single
    word before the date and a comma ("Kozlov, 2 January 1922") is where it was written."""
    after = line[date.end() :]
    before = line[: date.start()]
    time = lx.TIME.match(after.lstrip(" ,;"))
    if time:
        after = after.lstrip(" ,;")[time.end() :]
    for piece, base in ((after, date.end()), (before, 0)):
        core = piece.strip(" .,;:—–-\t")
        if not core or not re.match(r"[A-ZА-ЯЁ]", core):
            continue
        if piece is before and piece.rstrip().endswith(",") and len(core.split()) == 1:
            continue  # a place
        nm = _NAME_IN_LINE.fullmatch(core)
        if nm is None:
            continue
        bare = re.sub(r"\s*\(.*\)$", "", core)
        words = [w for w in bare.replace(".", ". ").split() if len(w.rstrip(".")) > 1]
        if not words or len(words) > 4:
            continue
        if any(
            w.lower().strip("’'") in lx.NOT_NAME_WORDS or w.lower() in lx.ORG_WORDS for w in words
        ):
            continue
        start = offset + base + piece.find(core)
        return Mention(start, start + len(core), core, gender=gender_of(bare))
    return None


def _author(ctx: _Ctx, out: Extraction, signature: list[Mention]) -> None:
    letter = ctx.letter
    for mention in signature:
        ref = _ref(letter, "text", mention)
        out.add("author", Item(mention.text, ref.span, ref, {"how": "signature"}))
        _claim(ctx, mention, "author")
    if signature:
        return
    m = re.search(r"\bI,\s+(?P<n>(?:[A-Z]\.\s?)*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}),", ctx.text)
    if m:
        mention = Mention(m.start("n"), m.end("n"), m.group("n"), gender=gender_of(m.group("n")))
        ref = _ref(letter, "text", mention)
        out.add("author", Item(mention.text, ref.span, ref, {"how": "self-introduction"}))
        _claim(ctx, mention, "author")
        return
    header = letter.provenance.header_author
    if header:
        start = letter.header_text.find(letter.header_text.strip().split("\n")[0].strip())
        raw_line = letter.header_text.strip().split("\n")[0]
        span = letter.span("header", start, start + len(raw_line.strip()))
        ref = PersonRef(name=header, span=span, gender=gender_of(header))
        out.add("author", Item(header, span, ref, {"how": "archive header"}))


def _claim(ctx: _Ctx, mention: Mention, role: str) -> None:
    keys = mention.keys
    gender = mention.gender
    for cluster in ctx.clusters:
        ck = cluster.best.keys
        if (
            keys
            and (keys <= ck or ck <= keys)
            and (gender == "unknown" or cluster.gender in ("unknown", gender))
            and not forenames_clash(mention, cluster.best)
        ):
            ctx.roles.setdefault(cluster.index, role)


# --- addressees -----------------------------------------------------------------------------


def _addressees(ctx: _Ctx, out: Extraction) -> None:
    text = ctx.text
    seen: set[str] = set()
    pos = 0
    lines = text.split("\n")
    continues = False
    for raw in lines[:8]:
        line = raw.strip()
        start = pos + (len(raw) - len(raw.lstrip()))
        pos += len(raw) + 1
        if not line:
            continues = False
            continue
        if continues and _SALUTATION_GOES_ON.match(line) and len(line.split()) <= 12:
            # "Comrades Lobanova / P. Yastrebov / and the other members of the Committee"
            _salutation_names(ctx, out, line, start, seen)
            continue
        continues = bool(lx.SALUTATION.match(line)) and not line.endswith((".", "!"))
        if not (lx.SALUTATION.match(line) or line.lower().startswith(("to ", "copy to", "cc"))):
            if lx.DATE.search(line) and len(line.split()) <= 8:
                continue
            if _SUBJECT_LINE.match(line) and len(line.split()) <= 12:
                continue  # "Re: Comrade Markelova" above the salutation
            if _CLASSIFIED_LINE.match(line):
                continue  # "Top secret", "Personal" above the salutation
            rest = _past_place(line)
            if rest is None:
                break
            start += len(line) - len(rest)
            line = rest
        if len(line.split()) > 16:
            break
        _salutation_names(ctx, out, line, start, seen)
    _header_addressees(ctx, out, seen)
    if not out.get("addressees"):
        _footnote_addressee(ctx, out)
    for m in _ADDRESS_VERB.finditer(text):
        s, _e = _sentence_at(ctx, m.start())
        if not re.search(r"\b(?:I|we|my part|our part)\b", text[s : m.start()]):
            continue
        if len(m.group("org").split()) == 1 and out.get("addressees"):
            continue  # "I ask the Commission": the body already addressed above
        _add_addressee(ctx, out, m.start("org"), m.end("org"), seen, org=True)


# A line that carries on a salutation written over several lines: a name, a body, or "and …".
_SALUTATION_GOES_ON = re.compile(
    rf"^(?:and\b.*|(?:{lx.TITLES}\s+)?(?:[A-Z]\.\s?){{0,3}}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'.-]+){{0,3}}"
    r"\s*[,;:]?|(?:the\s+)?(?:other\s+)?members\s+of\s+.*|.*\b(?:Committee|Commission|Bureau|"
    r"Cell|Presidium|Collegium|Secretariat|Board)\b.*)$"
)


_CLASSIFIED_LINE = re.compile(
    r"^(?:(?:Top|Strictly)\s+)?(?:Secret|Confidential|Personal|Urgent|Very urgent|Copy|Private)"
    r"(?:[.,]?\s*(?:and\s+)?(?:Secret|Confidential|Personal|Urgent|Private))*\s*[.!]?$",
    re.I,
)
_SUBJECT_LINE = re.compile(r"^(?:Re|Subject|Concerning|Regarding|In the matter of)\b\s*[:.]?", re.I)


def _past_place(line: str) -> str | None:
    """A telegram heads its text with where and to whom it goes ("Moscow, Central Control
    Commission, to Comrade Ivanov."): the line after the place, when every part of it is a
    body or a "to" phrase; None when the line is anything else."""
    place = re.match(r"[A-Z][\w-]+,\s*", line)
    if place is None or len(line.split()) > 14:
        return None
    rest = line[place.end() :]
    parts = [p.strip() for p in re.split(r"[,;]", rest.rstrip(" .")) if p.strip()]
    for part in parts:
        body = any(w.lower() in lx.ORG_WORDS for w in re.findall(r"[A-Za-z]+", part))
        to_person = re.match(rf"to\s+(?:{lx.TITLES}\s+)?[A-Z]", part, re.I)
        if not (body or to_person) or len(part.split()) > 8:
            return None
    return rest if parts else None


def _salutation_names(ctx: _Ctx, out: Extraction, line: str, start: int, seen: set[str]) -> None:
    body = re.sub(
        r"^(?:copy to|cc|to|my dear|dear|esteemed|respected|honou?red|much-respected)\b[:\s]*",
        "",
        line,
        flags=re.I,
    )
    body = re.sub(r"^(?:to|dear)\s+", "", body, flags=re.I)
    base = start + line.find(body) if body else start
    for chunk in re.finditer(r"[^,;&]+?(?=\s+(?:and|AND)\s+|\s*[,;&]|\s*[!:.]?\s*$)", body):
        piece = chunk.group(0)
        cstart = base + chunk.start()
        stripped = re.sub(r"^\s*(?:and\s+)?(?:to\s+)?", "", piece, flags=re.I)
        cstart += len(piece) - len(stripped)
        piece = stripped.rstrip(" !:.,")
        if re.search(r"\b[A-Z]\.\s?[A-Z]$", piece):
            # The full stop of an abbreviation ("the R.C.P.") or of an initial after a surname
            # ("Comrade Safonov S. I.") is part of it.
            piece += "."
        if not piece:
            continue
        if (
            re.match(
                r"^(?:chairman|chairwoman|chair|secretary|member|head|president|deputy)\b",
                piece,
                re.I,
            )
            and seen
        ):
            continue  # an apposition: "Comrade Kuibyshev, Chairman of the …"
        if _is_body(piece):
            org = re.sub(r"^(?:the|all)\s+", "", piece, flags=re.I)
            ostart = cstart + piece.find(org)
            _add_addressee(ctx, out, ostart, ostart + len(org), seen, org=True)
            continue
        name = re.sub(rf"^{lx.TITLES}\s+", "", piece)
        nstart = cstart + piece.find(name)
        if not name or name.lower() in ("comrade", "comrades", "sir", "sirs", "madam"):
            continue
        if not re.match(r"^[A-ZА-Я]", name):
            continue
        mention = Mention(nstart, nstart + len(name), name, gender=gender_of(name))
        _claim(ctx, mention, "addressee")
        _add_addressee(ctx, out, nstart, nstart + len(name), seen, org=False)


# The addressees in a title above the letter ("Letter to A. Petrov and the Members of the
# Orgbureau, 3 March 1920"): what follows "to", up to the date or a phrase that is no name.
_TITLE_TO = re.compile(
    # an HTML page's title may put the author first: "Zorin: Letter to Comrade Vlasov"
    r"^\s*(?:[A-Z][\w.’' -]{0,40}:\s+)?(?:(?:A|An|The)\s+)?(?:[\w’'-]+\s+){0,2}?"
    r"(?:Letters?|Notes?|Telegram|Message|Memorandum"
    r"|Reply|Instruction|Directive|Inquiry|Enquiry|Request|Telephonogram|Statement|Appeal"
    r"|Petition)\s+to\s+(?P<to>.+)$",
    re.IGNORECASE,
)
_TITLE_TO_END = re.compile(
    r",?\s*(?:\(|\[)|,\s*(?=\d|(?:[A-Z][a-z]+\s+)?\d|not (?:earlier|later)|before|after|"
    r"prior|between|January|February|March|April|May|June|July|August|September|October|"
    r"November|December)|\s+(?:with|on|about|concerning|regarding|re|in connection|written|"
    r"dated|asking|requesting)\b",
    re.IGNORECASE,
)
_TITLE_JOIN = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+for\s+|\s*&\s*", re.IGNORECASE)


def _header_addressees(ctx: _Ctx, out: Extraction, seen: set[str]) -> None:
    """Addressees named above the letter, where the archive kept them with its header: a
    title ("Note to Comrade Shkiryatov", "Letter to A. Petrov and the Members of the
    Orgbureau, 3 March 1920") or a "To:" line. The spans point into the header. A title that
    says what the note was written on ("Note on Sokolov's letter to the Orgbureau") names
    the other letter's addressee, not this one's."""
    letter = ctx.letter
    header = letter.header_text
    sources: list[tuple[str, int | None]] = []
    title = letter.provenance.title
    m = _TITLE_TO.match(title) if title else None
    at = header.find(title) if title else -1
    if m:
        # A page title kept from the HTML head is not in the header text: no span then.
        to = m.group("to")
        stop = _TITLE_TO_END.search(to)
        sources.append(
            (to[: stop.start()] if stop else to, at + m.start("to") if at >= 0 else None)
        )
    for key, value in letter.provenance.fields.items():
        if key.lower() in ("to", "addressee"):
            line = re.search(rf"^[ \t]*{re.escape(key)}\s*:\s*", header, re.M)
            if line is not None:
                sources.append((value, line.end()))
    for text, base in sources:
        at = 0
        for sep in [*_TITLE_JOIN.finditer(text), None]:
            end = sep.start() if sep is not None else len(text)
            raw = text[at:end]
            piece = raw.strip(" .:;")
            if piece:
                pstart = None if base is None else base + at + raw.find(piece)
                _header_addressee(ctx, out, piece, pstart, seen)
            if sep is not None:
                at = sep.end()


def _header_addressee(
    ctx: _Ctx, out: Extraction, piece: str, start: int | None, seen: set[str]
) -> None:
    letter = ctx.letter

    def span_of(part: str) -> Span | None:
        if start is None:
            return None
        at = start + piece.find(part)
        return letter.span("header", at, at + len(part))

    if _is_body(piece, title=True):
        org = re.sub(r"^(?:the|all)\s+", "", piece, flags=re.I)
        key = re.sub(r"\W+", " ", org.lower()).strip()
        bare = set(key.split()) - {"the", "of", "for", "to", "members", "all"}
        for item in out.get("addressees"):
            have = set(re.sub(r"\W+", " ", item.value.lower()).split()) - {
                "the", "of", "for", "to", "members", "all"
            }  # fmt: skip
            if item.person is None and (bare <= have or have <= bare):
                return
        seen.add(key)
        out.add("addressees", Item(org, span_of(org), None, {"kind": "body"}))
        return
    name = re.sub(rf"^{lx.TITLES}\s+", "", piece).strip()
    if not name or not re.match(r"^[A-ZА-Я]", name) or lx.DATE.search(name):
        return
    if len(name.split()) > 5 or re.search(r"['’]s\b", name):
        return
    plain = [w for w in name.replace(".", ". ").split() if len(w.rstrip(".")) > 1]
    if not plain or any(w.lower() in lx.NOT_NAME_WORDS for w in plain):
        return
    if any(_same_person(name, i.value) for i in out.get("addressees") if i.person):
        return
    span = span_of(name)
    _claim(ctx, Mention(0, 0, name, gender=gender_of(name)), "addressee")
    ref = PersonRef(name=name, span=span, gender=gender_of(name))
    out.add("addressees", Item(name, span, ref, {"kind": "person"}))


# An editor's note naming whom a letter without a salutation answered: "This document is the
# reply to a telegram from V. N. Kayurin", "written in answer to Petrov's letter".
_REPLY_TO = re.compile(
    r"\b(?:reply|answer|response)\s+to\s+(?:(?:a|an|the)\s+)?(?:\w+\s+){0,2}?"
    r"(?:telegram|letter|note|inquiry|enquiry|request|statement|message|report)s?\s+"
    rf"(?:from|of|by)\s+(?:{lx.TITLES}\s+)?"
    r"(?P<n>(?:[A-Z]\.\s?){0,3}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)"
    r"|\b(?:reply|answer|response)\s+to\s+"
    r"(?P<p>(?:[A-Z]\.\s?){0,3}[A-Z][\w’'-]+)['’]s\s+(?:\w+\s+)?(?:telegram|letter|note|inquiry)"
)


def _footnote_addressee(ctx: _Ctx, out: Extraction) -> None:
    letter = ctx.letter
    for note in letter.notes:
        m = _REPLY_TO.search(letter.notes_text, note.span.start, note.span.end)
        if m is None:
            continue
        group = "n" if m.group("n") else "p"
        name = m.group(group)
        if any(w.lower() in lx.NOT_NAME_WORDS for w in name.split() if len(w) > 2):
            continue
        span = letter.span("notes", m.start(group), m.end(group))
        _claim(ctx, Mention(0, 0, name, gender=gender_of(name)), "addressee")
        ref = PersonRef(name=name, span=span, gender=gender_of(name))
        out.add("addressees", Item(name, span, ref, {"kind": "person"}))
        return


# Words that make an addressee a body though no organisation word is in it.
_BODY_WORDS = frozenset(("orgbureau", "politbureau", "politburo", "orgburo", "members", "cc"))
_BODY_ABBREVIATION = re.compile(
    r"\b(?:C\.\s?C\.(?:\s?C\.)?|R\.C\.P\.(?:\s?\(B\.\))?|C\.P\.C\.|C\.L\.D\.|C\.E\.C\.|CC)(?!\w)"
)


def _is_body(piece: str, *, title: bool = False) -> bool:
    """ "the Uyezd Committee", "Members of the C.C.", "the Orgbureau": a body, not a person.
    In a title, "the Finnish Comrades" is a body too."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", piece)}
    return bool(
        words & lx.ORG_WORDS
        or words & _BODY_WORDS
        or _BODY_ABBREVIATION.search(piece)
        or (title and "comrades" in words)
    )


def _add_addressee(
    ctx: _Ctx, out: Extraction, start: int, end: int, seen: set[str], *, org: bool
) -> None:
    value = ctx.text[start:end]
    key = re.sub(r"\W+", " ", value.lower()).strip()
    if key in seen:
        return
    words = set(key.split()) - {"the", "of", "for", "to"}
    if org and any(words <= (set(k.split()) - {"the", "of", "for", "to"}) for k in seen):
        return  # "the Central Commission" again, after "the Central Commission for Purging …"
    if not org and any(_same_person(value, i.value) for i in out.get("addressees") if i.person):
        return  # "Dear Comrade Safonov" under "To Comrade Safonov S. I."
    seen.add(key)
    span = ctx.letter.span("text", start, end)
    person = None if org else PersonRef(name=value, span=span, gender=gender_of(value))
    out.add("addressees", Item(value, span, person, {"kind": "body" if org else "person"}))


def _same_person(a: str, b: str) -> bool:
    ka, kb = set(name_forms.fold(a).split()), set(name_forms.fold(b).split())
    return bool(ka and kb and (ka <= kb or kb <= ka))


# --- date and time --------------------------------------------------------------------------


def parse_date(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        if g["y1"]:
            return dt.date(int(g["y1"]), lx.MONTHS[g["m1"].lower().rstrip(".")], _day(g["d1"]))
        if g["y2"]:
            day = _day(g["ns2"] or g["d2"])
            return dt.date(int(g["y2"]), lx.MONTHS[g["m2"].lower().rstrip(".")], day)
        if g["y3"]:
            return dt.date(_year(g["y3"]), lx.ROMAN[g["r3"].lower()], int(g["d3"]))
        if g["y4"]:
            return dt.date(_year(g["y4"]), int(g["n4"]), int(g["d4"]))
        if g["y5"]:
            return dt.date(int(g["y5"]), int(g["n5"]), int(g["d5"]))
    except (ValueError, KeyError):
        return None
    return None


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _year(text: str) -> int:
    year = int(text)
    return year + 1900 if year < 100 else year


def parse_time(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["h1"]:
        hour, minute = int(g["h1"]), int(g["mi1"])
    elif g["h2"]:
        hour, minute = int(g["h2"]), int(g["mi2"] or 0)
        if g["ap"].lower().startswith("p") and hour < 12:
            hour += 12
        if g["ap"].lower().startswith("a") and hour == 12:
            hour = 0
    elif g["h3"]:
        hour, minute = int(g["h3"]), int(g["mi3"])
    else:
        word = g["h4"].lower()
        hour = lx.NUMBER_WORDS.get(word) or int(word)
        minute = 0
        if g["part"] and g["part"].lower() in ("afternoon", "evening", "night") and hour < 12:
            hour += 12
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _date_time(ctx: _Ctx, out: Extraction, closing: list[tuple[int, int]]) -> None:
    text = ctx.text
    candidates: list[tuple[int, int]] = []
    pos = 0
    top = []
    for raw in text.split("\n")[:6]:
        if raw.strip() and len(raw.split()) <= 14:
            top.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    candidates = [*closing, *top]
    for start, end in candidates:
        line = text[start:end]
        if len(line.split()) > 16:
            continue
        m = lx.DATE.search(line)
        if not m:
            continue
        m = _new_style(line, m)
        date = parse_date(m)
        if date is None:
            continue
        span = ctx.letter.span("text", start + m.start(), start + m.end())
        out.add("date", Item(date.isoformat(), span))
        t = lx.TIME.search(line)
        if t and not (t.start() >= m.start() and t.end() <= m.end()):
            value = parse_time(t)
            if value:
                tspan = ctx.letter.span("text", start + t.start(), start + t.end())
                out.add("time", Item(value, tspan))
        return
    context = _header_date(ctx.letter)
    # The year for "14/IV.": the header's date, else the first date of the editor's notes.
    month_only = _header_month(ctx.letter) if context is None else None
    year_from = context[0] if context else (month_only[0] if month_only else None)
    year_from = year_from or _notes_date(ctx.letter)
    for start, end in candidates:
        line = text[start:end]
        roman = lx.DAY_ROMAN.search(line) if len(line.split()) <= 16 else None
        if roman is None or year_from is None:
            continue
        month_no = lx.ROMAN[roman.group("r").lower()]
        year = year_from.year
        if month_no == 12 and year_from.month == 1:
            year -= 1  # "30/XII" under a New Style January date
        try:
            date = dt.date(year, month_no, int(roman.group("d")))
        except ValueError:
            continue
        span = ctx.letter.span("text", start + roman.start(), start + roman.end())
        out.add("date", Item(date.isoformat(), span))
        return
    for start, end in candidates:
        month = lx.MONTH_YEAR.match(text[start:end])
        if month:
            value = f"{month.group('y')}-{lx.MONTHS[month.group('m').lower().rstrip('.')]:02d}"
            span = ctx.letter.span("text", start + month.start("m"), start + month.end("y"))
            out.add("date", Item(value, span, None, {"precision": "month"}))
            return
    if context is not None:
        date, hstart, hend = context
        out.add("date", Item(date.isoformat(), ctx.letter.span("header", hstart, hend)))
    elif month_only is not None:
        date, hstart, hend = month_only
        span = ctx.letter.span("header", hstart, hend)
        out.add("date", Item(date.strftime("%Y-%m"), span, None, {"precision": "month"}))


def _header_month(letter: Letter) -> tuple[dt.date, int, int] | None:
    """ "Written in April 1921": the month a header field gives when it gives no day."""
    pos = 0
    for raw in letter.header_text.split("\n"):
        line = raw.strip()
        field = lx.HEADER_FIELD.match(line) or lx.BARE_HEADER_FIELD.match(line)
        if field and field.group("key").lower() in lx.DATED_FIELDS:
            m = lx.MONTH_AND_YEAR.search(raw)
            if m is not None:
                month = lx.MONTHS[m.group("m").lower().rstrip(".")]
                return dt.date(int(m.group("y")), month, 1), pos + m.start(), pos + m.end()
        pos += len(raw) + 1
    return None


def _notes_date(letter: Letter) -> dt.date | None:
    for m in lx.DATE.finditer(letter.notes_text):
        date = parse_date(m)
        if date is not None:
            return date
    return None


def _header_date(letter: Letter) -> tuple[dt.date, int, int] | None:
    """The date an archive edition gives above the letter: its "Written:"/"Dictated:" field
    ("Written on 3 March 1920", "Written 22 October 1919", of two calendars the New Style
    one), else the date in the title line; with its offsets in the header."""
    header = letter.header_text
    if not header:
        return None
    found: list[tuple[int, dt.date, int, int]] = []
    pos = 0
    title = letter.provenance.title
    for raw in header.split("\n"):
        line = raw.strip()
        field = lx.HEADER_FIELD.match(line) or lx.BARE_HEADER_FIELD.match(line)
        rank = None
        if field and field.group("key").lower() in lx.DATED_FIELDS:
            rank = 0
        elif title and line == title.strip():
            rank = 1
        if rank is not None:
            lead = len(raw) - len(raw.lstrip())
            m = lx.DATE.search(raw, lead + field.start("value") if field else 0)
            if m is not None:
                m = _new_style(raw, m)
                date = parse_date(m)
                if date is not None:
                    found.append((rank, date, pos + m.start(), pos + m.end()))
        pos += len(raw) + 1
    if not found:
        return None
    _rank, date, start, end = min(found, key=lambda f: f[0])
    return date, start, end


def _new_style(line: str, m: re.Match[str]) -> re.Match[str]:
    """Of a date written in both calendars ("28 December 1921 / 10 January 1922"), the second,
    New Style one."""
    gap = lx.DUAL_DATE_GAP.match(line, m.end())
    second = lx.DATE.match(line, gap.end()) if gap else None
    return second if second is not None and parse_date(second) is not None else m


# --- people ---------------------------------------------------------------------------------


def _antecedent(
    ctx: _Ctx, pos: int, pronoun: str, *, skip_roles: tuple[str, ...] = ()
) -> Mention | None:
    want = _PRONOUN.get(pronoun.lower(), "unknown")
    for mention in reversed(ctx.mentions):
        if mention.start >= pos or mention.family or mention.cluster < 0:
            continue
        if ctx.roles.get(mention.cluster) in ("author", "addressee", *skip_roles):
            continue
        gender = ctx.clusters[mention.cluster].gender
        if want == "unknown" or gender in (want, "unknown"):
            return mention
    return None


def _mention_at(ctx: _Ctx, pos: int, *, slack: int = 3) -> Mention | None:
    for mention in ctx.mentions:
        if pos <= mention.start <= pos + slack:
            return mention
    return None


def _cluster_name(ctx: _Ctx, mention: Mention) -> str:
    if mention.cluster >= 0:
        return ctx.clusters[mention.cluster].name
    return mention.text


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
    ) -> None:
        relation = lx.KIN[kin.lower()]
        if person is None and of is None and not of_name:
            return  # "her father" with no one named before it to be hers
        person_key = str(person.cluster) if person is not None else ""
        of_key = str(of.cluster) if of is not None and of.cluster >= 0 else of_name
        key = (person_key or description.lower(), relation, of_key)
        if key in seen:
            return
        if person is None and any(k[1] == relation and k[2] == of_key for k in seen):
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
            ctx.roles.setdefault(person.cluster, "relative")
        else:
            ref = PersonRef(
                name="",
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
        value = {"person": ref.name or span.text, "relation": relation, "of": of_value}
        extra = {"of": of_ref, "kin_as_written": written or kin}
        out.add("relatives", Item(value, span, ref, extra))

    poss = re.compile(
        rf"\b(?P<poss>[Hh]er|[Hh]is|[Mm]y|[Tt]heir|[Oo]ur)\s+(?:(?:late|own|elder|younger|eldest|"
        rf"youngest|older|two|three|both|first|second)\s+)*(?P<kin>{lx.KIN_WORDS})\b"
        rf"(?:['’]s\s+(?P<kin2>{lx.KIN_WORDS})\b)?"
    )
    # The name after a kin phrase, perhaps behind an apposition: "her husband, Comrade Popov",
    # "his father-in-law, the miller Ivanov".
    named_tails = (
        re.compile(rf",?\s+(?:{lx.TITLES}\s+)?"),
        re.compile(rf",\s+the\s+(?:[a-z][\w-]*\s+){{1,2}}(?:{lx.TITLES}\s+)?"),
    )
    for m in poss.finditer(text):
        kin = m.group("kin")
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
        word = m.group("poss").lower()
        if word in ("my", "our"):
            # The author's fullest name in the letter ("I, Anna Petrovna Ivanova" over the
            # signed "A. Ivanova"), so the tie names the same person as the subjects do.
            authors = out.get("author")
            of = _author_mention(ctx)
            of_name = authors[0].value if authors else "the author"
        else:
            of = _antecedent(ctx, m.start(), word if word != "their" else "")
            of_name = of.text if of is not None else ""
            families = [f for f in ctx.mentions if f.family and f.end <= m.start()]
            if word == "their" and families and (of is None or families[-1].start > of.start):
                of, of_name = None, f"{families[-1].text} family"
        if named is not None and of is not None and named.cluster == of.cluster:
            named = None
        if named is None and of is None and word in ("her", "his"):
            same = _reciprocal_referent(ctx, m.start(), word, lx.KIN[kin.lower()])
            if same is not None:
                ctx.kin_referents[m.end()] = same
                continue  # the tie already read from the other side
        end = named.end if named is not None else m.end()
        span = letter.span("text", m.start(), end)
        written = m.group(0)[m.start("kin") - m.start() :]
        add(named, m.group(0), kin, of, of_name, span, written=written)

    for mention in ctx.mentions:
        if not mention.possessive:
            continue
        k = re.match(
            rf"['’]s\s+(?:(?:late|elder|younger|eldest|youngest|two|both)\s+)*"
            rf"(?P<kin>{lx.KIN_WORDS})\b",
            text[mention.end :],
        )
        if not k:
            continue
        kin = k.group("kin")
        relation = lx.KIN[kin.lower()]
        kin_end = mention.end + k.end()
        tail = re.match(r",?\s+", text[kin_end:])
        named = _mention_at(ctx, kin_end + (tail.end() if tail else 0), slack=0)
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

    of_pat = re.compile(
        rf"\bthe\s+(?P<kin>{lx.KIN_WORDS})\s+of\s+(?:the\s+late\s+)?(?:{lx.TITLES}\s+)?"
    )
    for m in of_pat.finditer(text):
        of = _mention_at(ctx, m.end(), slack=0)
        if of is None:
            continue
        # "Anna Petrova, the widow of Comrade Ivan Petrov": the name before is the relative.
        before = [
            x
            for x in ctx.mentions
            if x.end <= m.start() and re.fullmatch(r",\s*", text[x.end : m.start()])
        ]
        person = before[-1] if before and before[-1].cluster != of.cluster else None
        start = person.start if person is not None else m.start()
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


_KIN_OF = re.compile(rf"\bthe\s+(?P<kin>{lx.KIN_WORDS})\s+of\s+(?:{lx.TITLES}\s+)?")


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


# Before a name: the person is to be asked, not judged ("ask Comrade Rumyantsev, who was her
# supervisor").
_WITNESS_BEFORE = re.compile(
    rf"\b(?:ask|question|consult|interview|summon|hear|call on|apply to|enquire of|inquire of)"
    rf"\s+(?:{lx.TITLES}\s+)?$",
    re.IGNORECASE,
)
# A subject first described and named later: "The bearer of this letter … was expelled …
# This is Comrade Lukin."
_DESCRIBED = re.compile(
    r"\b(?:the|this|a|an|our)\s+(?:young\s+|old\s+|former\s+)?(?:bearer|comrade|woman|man|"
    r"worker|member|girl|lad|widow|applicant|petitioner|person)\b",
    re.IGNORECASE,
)
_NAMED_LATER = re.compile(
    rf"\b(?:(?:[Tt]his|[Hh]e|[Ss]he|[Tt]hat)\s+is|(?:[Hh]is|[Hh]er)\s+name\s+is|namely,?|"
    rf"(?:[Hh]e|[Ss]he)\s+is\s+(?:called|named)|(?:in\s+question|concerned)\s+is)"
    rf"\s+(?:{lx.TITLES}\s+)?"
)


def _mark_witnesses(ctx: _Ctx) -> None:
    for mention in ctx.mentions:
        if mention.cluster < 0 or mention.cluster in ctx.roles:
            continue
        if _WITNESS_BEFORE.search(ctx.text, max(0, mention.start - 30), mention.start):
            ctx.roles[mention.cluster] = "witness"


def _named_later(ctx: _Ctx, s: int, trigger: re.Match[str], e: int) -> Mention | None:
    if not _DESCRIBED.search(ctx.text, s, trigger.start()):
        return None
    for m in _NAMED_LATER.finditer(ctx.text, e, min(len(ctx.text), e + 400)):
        found = _mention_at(ctx, m.end(), slack=0)
        if found is not None:
            return found
    return None


# A request to check people named in a list after a colon, in the same sentence: "Verify the
# cases of the following comrades: Kudryashov, Pimenova, Lebedinsky", "Please check on the
# following: (1) Gusev, a cooper, (2) Melnikova, a typist".
_LIST_LEAD = _spaced(
    re.compile(
        r"\b(?:verif\w*|check\w*(?: up)?(?: on)?|look into|examin\w*|re-?examin\w*|review\w*|"
        r"reinstat\w*|restor\w*|cases? of|expelled|purged)\b[^:;.]{0,60}:[ \t]*",
        re.IGNORECASE,
    )
)
_INLINE_LIST_GAP = re.compile(
    r"\s*(?:,|;|\s+and|,\s+and)(?:\s+(?:an?|the)\s+[a-z][\w -]{0,40}?,)?\s*"
    rf"(?:\(\d{{1,2}}\)\s*|\d{{1,2}}[.)]\s+)?(?:and\s+)?(?:{lx.TITLES}\s+)?"
)
_LIST_START = re.compile(rf"(?:\(\d{{1,2}}\)\s*|\d{{1,2}}[.)]\s+)?(?:{lx.TITLES}\s+)?")


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


def _subjects(ctx: _Ctx, out: Extraction) -> None:
    text = ctx.text
    chosen: list[int] = []
    _mark_witnesses(ctx)
    _inline_list(ctx, out, chosen)
    for m in SUBJECT_TRIGGER.finditer(text):
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
        # "and he should not be admitted": the pronoun is the subject of the trigger.
        pron = _SUBJECT_PRONOUN.search(text[s : m.start()])
        if mention is None and pron:
            mention = _antecedent(ctx, s + pron.start(1), pron.group(1), skip_roles=("relative",))
        if mention is None and re.match(r"\s+(?:me|myself)\b", text[m.end() : e]):
            mention = _author_mention(ctx)  # "expelled me from the Party"
        if mention is None:
            window = text[m.end() : min(e, m.end() + 60)]
            pw = re.search(r"\b(her|his|him)\b", window)
            after = [x for x in ctx.mentions if m.end() <= x.start < min(e, m.end() + 60)]
            first_after = after[0] if after else None
            if pw and (first_after is None or m.end() + pw.start() < first_after.start):
                mention = _antecedent(
                    ctx, m.end() + pw.start(), pw.group(1), skip_roles=("relative",)
                )
            elif (
                first_after is not None
                and ctx.roles.get(first_after.cluster) not in ("author", "addressee")
                and not _NEW_CLAUSE.search(text[m.end() : first_after.start])
            ):
                mention = first_after
        if mention is None and re.search(
            r"\b(?:I|me)\s+(?:was|have been|had been|am)\s+(?:\w+\s+)?$|\bmy\s+$"
            # "I ask to be left in the Party"
            r"|\bI\s+(?:\w+\s+){1,2}to\s+be\s+$"
            # "I, Panteleyev, a member of the Party since 1912, was expelled"
            r"|\bI,\s+[^.;]{1,120}?,\s+(?:was|have\s+been|had\s+been|am)\s+(?:\w+\s+)?$",
            text[s : m.start()],
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
        if mention is None and prev:
            last = prev[-1]
            if ctx.roles.get(last.cluster) not in (
                "author",
                "addressee",
            ) and _PASSIVE_GAP.fullmatch(_without_aside(text[last.end : m.start()])):
                mention = _apposition_head(ctx, last)
                # "Comrade Petrova and Comrade Ivanov were expelled": both
                before = _joined_before(ctx, last, s)
        if mention is None and not [x for x in ctx.mentions if s <= x.start < e]:
            mention = _named_later(ctx, s, m, e)
        if mention is None:
            for end, same in ctx.kin_referents.items():
                if s <= end <= m.start() and _PASSIVE_GAP.fullmatch(
                    _without_aside(text[end : m.start()])
                ):
                    mention = same
        if mention is None or mention.cluster < 0 or mention.family:
            continue
        if ctx.roles.get(mention.cluster) in ("addressee", "witness"):
            continue
        if ctx.roles.get(mention.cluster) == "author" and mention is not _author_mention(ctx):
            continue
        if mention.cluster in chosen:
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
    if not chosen and (most := _most_named(ctx) or _only_candidate(ctx)) is not None:
        _add_subject(ctx, out, most, None)


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
    r"|whom\s+(?:[\w-]+\s+){1,5}?)?(?:(?:was|were|has|have|had|is|be|been|"
    r"being|also|since|now|recently|just|then|later|both|already|\w+ly)\s+){0,3}"
    # "who now asks to be restored": the subject's own wish to be readmitted
    r"(?:(?:asks|asked|wishes|wished|hopes|seeks|sought|applies|applied|wants)\s+to\s+be\s+)?"
    # "is being proposed for reinstatement"
    r"(?:(?:proposed|nominated|put\s+forward|considered|recommended)\s+for\s+)?",
)
# "Petrov, who worked in Baku before the revolution, has been expelled", "Ivanov, chairman
# of the volost committee, is put forward": an aside between commas does not break the tie
# between a name and the verb after it.
_ASIDE = re.compile(r"^\s*,\s*[a-z][^,.;]*,")
# Before a trigger, "he"/"she" as the subject of its verb ("he should not be admitted").
_SUBJECT_PRONOUN = re.compile(
    r"\b(he|she|He|She)\s+(?:(?:was|were|has|have|had|is|be|been|being|should|must|could|"
    r"would|will|can|cannot|not|also|now|then|\w+ly)\s+){0,4}$"
)
# Between a trigger and a name after it: a new clause or a request to question someone means
# the name is not the trigger's object ("verify these facts and question Comrade Sidorov").
_NEW_CLAUSE = re.compile(
    r"\b(?:and|who|whom|which|but|question|interview|consult|ask|summon|hear|call)\b|[;:]"
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
    gap = re.sub(r"^\s*\([^()]*\)", "", gap)  # another name of the same person
    aside = _ASIDE.match(gap)
    return gap[aside.end() :] if aside else gap


_LIST_GAP = re.compile(
    rf"(?:['’]s)?\s*(?:,\s*|\s+and\s+|,\s+and\s+)(?:(?:her|his|their)\s+(?:{lx.KIN_WORDS})\s+)?"
    rf"(?:{lx.TITLES}\s+)?"
)


def _author_mention(ctx: _Ctx) -> Mention | None:
    for mention in ctx.mentions:
        if ctx.roles.get(mention.cluster) == "author":
            return ctx.clusters[mention.cluster].best
    return None


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


def _other_people(ctx: _Ctx, out: Extraction) -> None:
    for cluster in ctx.clusters:
        if ctx.roles.get(cluster.index, "witness") != "witness":
            continue  # a witness to ask is one of the other people the letter names
        best = cluster.best
        ref = _ref(ctx.letter, "text", best)
        extra = {"aliases": cluster.aliases} if cluster.aliases else {}
        out.add("other_people", Item(best.text, ref.span, ref, extra))


# --- contacts, stance, basis, requests ------------------------------------------------------


def _owner(ctx: _Ctx, pos: int) -> Mention | None:
    s, _e = _sentence_at(ctx, pos)
    prev = [m for m in ctx.mentions if s <= m.start < pos and not m.family]
    if prev:
        return prev[-1]
    pron = re.search(r"\b(her|his)\b", ctx.text[s:pos])
    if pron:
        return _antecedent(ctx, pos, pron.group(1))
    return None


def _contacts(ctx: _Ctx, out: Extraction) -> None:
    labelled: list[tuple[int, int]] = []
    for kind, pattern in (
        ("address", CONTACT_ADDRESS),
        ("address", CONTACT_STREET),
        ("phone", CONTACT_PHONE),
    ):
        for m in pattern.finditer(ctx.text):
            group = "v" if "v" in pattern.groupindex else 0
            if any(a <= m.start() < b for a, b in labelled):
                continue
            value = m.group(group).strip().rstrip(".,")
            labelled.append((m.start(), m.end()))
            if kind == "address" and len(value) < 4:
                continue
            owner = _owner(ctx, m.start())
            ref = _ref(ctx.letter, "text", owner) if owner is not None else None
            if ref is not None and owner is not None:
                ref.name = _cluster_name(ctx, owner)
            span = ctx.letter.span("text", m.start(), m.start(group) + len(value))
            out.add("contacts", Item({"kind": kind, "value": value}, span, ref))


# Words in quotation marks are someone else's: the charge the author answers ("expelled as
# “an alien element”"), not the author's own judgment.
_QUOTED = re.compile(r"\"[^\"\n]{1,200}\"|“[^”\n]{1,200}”|«[^»\n]{1,200}»")


# Before a word of blame, the charge someone else brought: "on the charge of drunkenness",
# "accused of speculation", "expelled as a careerist".
_CHARGE_BEFORE = _spaced(
    re.compile(
        r"\b(?:charged? (?:of|with|that)|charges? of|accus\w* (?:\w+ )?(?:of|that)|"
        r"accusations? (?:of|that)|on the grounds? (?:of|that)|(?:expelled|excluded|purged) "
        r"(?:[\w,]+ ){0,12}?(?:for|as))\b[^.;:]{0,40}$",
        re.IGNORECASE,
    )
)


def _stance(ctx: _Ctx, out: Extraction) -> None:
    text = ctx.text
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text)]

    def own(m: re.Match[str]) -> bool:
        return not any(a <= m.start() < b for a, b in quoted)

    against = [
        m
        for m in STANCE_AGAINST.finditer(text)
        if own(m) and not _CHARGE_BEFORE.search(text, max(0, m.start() - 80), m.start())
    ]
    blanked = text
    for m in against:
        blanked = blanked[: m.start()] + " " * (m.end() - m.start()) + blanked[m.end() :]
    favour = [
        m for m in STANCE_FOR.finditer(blanked) if own(m) and not _negated(blanked, m.start())
    ]
    if against and len(against) >= len(favour):
        cue = against[0]
        out.add("stance", Item("against", ctx.letter.span("text", cue.start(), cue.end())))
    elif favour:
        cue = favour[0]
        out.add("stance", Item("for", ctx.letter.span("text", cue.start(), cue.end())))
    elif asked := [
        i for i in out.get("requests") if i.value in _ASKS_FOR and i.extra["by"] == "author"
    ]:
        # No word of praise or blame, but the author asks for the subject to be reinstated,
        # reheard or admitted: a letter for the subject (an appeal about oneself reads so).
        out.add("stance", Item("for", asked[0].span))
    else:
        out.add("stance", Item("neutral", None))


_ASKS_FOR = frozenset({"reinstate", "reconsider", "intercede", "admit"})


def _negated(text: str, pos: int) -> bool:
    return bool(re.search(r"\b(?:not|no|never|nor)\s+(?:\w+\s+)?$", text[max(0, pos - 20) : pos]))


def _basis(ctx: _Ctx, out: Extraction) -> None:
    for kind, pattern in BASIS:
        for m in pattern.finditer(ctx.text):
            if kind == "hearsay" and ctx.text[max(0, m.start() - 2) : m.start()].strip() == ",":
                continue  # a parenthetical ", I have heard," qualifies one clause, not the letter
            if _someone_else_knows(ctx, kind, m):
                continue
            if (
                kind == "knows_personally"
                and out.get("basis")
                and any(i.value == "not_known_personally" for i in out.get("basis"))
            ):
                continue
            out.add("basis", Item(kind, ctx.letter.span("text", m.start(), m.end())))
            break


_KNOWING = re.compile(
    r"(?:know|knew|known|seen|saw|observed|watched|followed|witnessed|"
    # "Avdeyev, who worked beside him": the witness's work, unless it was with the author
    r"(?:worked|served)\b(?!.*\b(?:me|us)$))\b",
    re.I,
)
_THIRD_PERSON_BEFORE = re.compile(r"\b(?:who|he|she|they)\s+(?:\w+\s+){0,2}$", re.I)
_KIN_BEFORE = re.compile(
    rf"\b(?:his|her|their)\s+(?:\w+\s+)?(?:{lx.KIN_WORDS})(?:,?\s+(?-i:[A-Z])[\w’'-]+){{0,3}},?\s+$",
    re.I,
)


def _someone_else_knows(ctx: _Ctx, kind: str, m: re.Match[str]) -> bool:
    """A basis is how the author knows the subject. "Comrade Petrova, who knows his work"
    names a witness's knowledge, and "his father worked with me" the author's knowledge of a
    relative, not of the subject's work."""
    if kind not in ("observation_of_work", "knows_personally"):
        return False
    s, _e = _sentence_at(ctx, m.start())
    before = ctx.text[s : m.start()]
    if _KIN_BEFORE.search(before):
        return True
    return bool(_KNOWING.match(m.group(0)) and _THIRD_PERSON_BEFORE.search(before))


# A body writing of itself in the third person: "The bureau asks the Commission to restore …",
# "the general meeting of the cell requests …".
_COLLECTIVE_FRAME = _spaced(
    re.compile(
        r"\b(?:the|our) (?:[\w-]+ ){0,3}?(?:bureau|cell|meeting|collective|undersigned)"
        r"(?: of (?:the |our )?(?:[\w-]+ ){0,4}?(?:cell|organi[sz]ation|factory|works|depot|mill))?"
        r" (?:\w+ly )?(?:asks|requests|begs|urges|petitions|proposes|insists)\b",
        re.IGNORECASE,
    )
)


def _requests(ctx: _Ctx, out: Extraction) -> None:
    text = ctx.text
    for s, e in ctx.sentences:
        sentence = text[s:e]
        frame = REQUEST_FRAME.search(sentence) or _COLLECTIVE_FRAME.search(sentence)
        reported = REPORTED_FRAME.search(sentence)
        found: list[tuple[int, str, re.Match[str]]] = []
        for kind, pattern in REQUEST_KINDS:
            for m in pattern.finditer(sentence):
                found.append((m.start(), kind, m))
        found.sort(key=lambda f: f[0])
        seen: set[tuple[str, str]] = set()
        for pos, kind, m in found:
            if re.search(r"\b(?:not|never)\s+(?:be\s+)?$", sentence[:pos]):
                continue  # "he should not be readmitted" asks the opposite
            by = "author"
            by_ref: PersonRef | None = None
            who = _reporter(ctx, s, reported) if reported and reported.start() < pos else None
            if who is not None and (
                not frame or frame.start() > pos or frame.start() < reported.start()  # type: ignore[union-attr]
            ):
                mention, by = who
                by_ref = _ref(ctx.letter, "text", mention) if mention is not None else None
            elif kind != "consider_facts" and not (frame and frame.start() < pos + 40):
                continue
            if (
                re.search(
                    r"\b(?:I|we) (?:shall|will|am going to)\b(?:\s+\w+){0,2}\s*$", sentence[:pos]
                )
                and by == "author"
            ):
                continue  # the author's own undertaking, not a request
            if (kind, by) in seen:
                continue
            seen.add((kind, by))
            urgent = bool(_URGENT.search(sentence))
            span = ctx.letter.span("text", s + m.start(), s + m.end())
            out.add(
                "requests",
                Item(kind, span, None, {"by": by, "by_person": by_ref, "urgent": urgent}),
            )


def _reporter(ctx: _Ctx, s: int, verb: re.Match[str]) -> tuple[Mention | None, str] | None:
    """Who makes a reported request ("She … asks me to intercede"): the last person or
    third-person pronoun before the verb in its sentence. None when it is the author."""
    head = ctx.text[s : s + verb.start()]
    names = [m for m in ctx.mentions if s <= m.start < s + verb.start() and not m.family]
    pronouns = list(_WHO.finditer(head))
    last_pron = pronouns[-1] if pronouns else None
    if names and (last_pron is None or names[-1].start > s + last_pron.start()):
        if ctx.roles.get(names[-1].cluster) == "author":
            return None
        return names[-1], _cluster_name(ctx, names[-1])
    if last_pron is None or last_pron.group(0).lower() in ("i", "we"):
        return None
    mention = _antecedent(ctx, s + last_pron.start(), last_pron.group(0).lower())
    return mention, _cluster_name(ctx, mention) if mention is not None else last_pron.group(0)


# --- notes: outcomes and inscriptions -------------------------------------------------------


def _notes(ctx: _Ctx, out: Extraction) -> None:
    letter = ctx.letter
    notes_text = letter.notes_text
    if not notes_text:
        return
    mentions = find_mentions(notes_text, known=known_words([c.name for c in ctx.clusters]))
    for note in letter.notes:
        s, e = note.span.start, note.span.end
        inside = [m for m in mentions if s <= m.start and m.end <= e]
        if note.kind == "footnote":
            for m in ACTIVE_OUTCOME.finditer(notes_text, s, e):
                after = [x for x in inside if m.end() <= x.start <= m.end() + 10]
                if not after:
                    continue
                outcome = _OUTCOME_NORMAL.get(m.group("o").lower(), m.group("o").lower())
                first = after[0]
                out.add(
                    "outcomes",
                    Item(
                        {"person": first.text, "outcome": outcome},
                        letter.span("notes", m.start("o"), first.end),
                        _ref(letter, "notes", first),
                        {"alias": None, "note": note.span.as_json()},
                    ),
                )
            for m in OUTCOME.finditer(notes_text, s, e):
                outcome = (m.group("o") or m.group("o2")).lower()
                if outcome.startswith("transferred"):
                    # Kept whole: "transferred" alone would not say to what.
                    outcome = "transferred to candidates"
                outcome = _OUTCOME_NORMAL.get(outcome, outcome.split()[0])
                who = [x for x in inside if x.end <= m.start()]
                # The person the outcome's own sentence names first ("… who had asked that
                # Frumkin be reinstated. Frumkin was reinstated"), else the note's first.
                opening = max((a for a, _b in sentences(notes_text) if a <= m.start()), default=s)
                same = [x for x in who if x.start >= opening]
                person = same[0] if same else (who[0] if who else None)
                alias = ""
                if person is not None:
                    paren = re.match(r"\s*\(([^)]+)\)", notes_text[person.end :])
                    alias = paren.group(1) if paren else ""
                ref = _ref(letter, "notes", person) if person is not None else None
                value = {"person": person.text if person else "", "outcome": outcome}
                out.add(
                    "outcomes",
                    Item(
                        value,
                        letter.span("notes", m.start(), m.end()),
                        ref,
                        {"alias": alias or None, "note": note.span.as_json()},
                    ),
                )
        else:
            _inscription(ctx, out, note.span, inside)


def _inscription(ctx: _Ctx, out: Extraction, span: Span, inside: list[Mention]) -> None:
    letter = ctx.letter
    notes_text = letter.notes_text
    s, e = span.start, span.end
    quote = re.search(r"[“\"«‘](?P<q>.+?)[”\"»’]?\s*$", notes_text[s:e], re.S)
    colon = notes_text.find(":", s, e)
    if quote:
        qs, qe = s + quote.start("q"), s + quote.end("q")
    elif colon >= 0:
        qs, qe = colon + 1, e
    else:
        qs, qe = s, e
    content = notes_text[qs:qe]
    author = None
    by = re.search(r"\bby\s+", notes_text[s:qs])
    if by:
        cands = [m for m in inside if s + by.end() <= m.start < qs]
        author = cands[-1] if cands else None
        role_text = notes_text[s + by.end() : author.start].strip() if author else ""
    else:
        tail = [m for m in inside if m.start >= qe - 1 or (not quote and m.start > qs)]
        author = tail[-1] if tail else None
        role_text = ""
    sig = re.search(r"\s*[—–-]\s*(?:[A-Z]\.\s?)*[A-Z][\w’'-]+\]?\s*$", content)
    if sig and not by:
        qe = qs + sig.start()
        content = notes_text[qs:qe]
        tail = [m for m in inside if m.start >= qe]
        author = tail[-1] if tail else author
    ask = re.search(
        r"\b(?:asks|requests|instructs|wants|proposes|suggests|begs|urges|[Tt]o)\b", content
    )
    behalf = None
    if ask:
        first = [m for m in inside if qs <= m.start < qs + ask.start()]
        if first and ask.group(0).lower() != "to":
            behalf = first[0]
    targets: list[Mention] = []
    if ask:
        stop = re.search(r"\bto\s+(?!Comrade)[a-z]", content[ask.end() :])
        stop_at = qs + ask.end() + (stop.start() if stop else len(content))
        if ask.group(0).lower() == "to":
            comma = content.find(",", ask.end())
            stop_at = qs + (comma if comma >= 0 else ask.end() + 60)
        targets = [m for m in inside if qs + ask.end() <= m.start < stop_at]
    about_m = re.search(rf"\b(?:about|concerning|regarding|on)\s+(?:{lx.TITLES}\s+)?", content)
    about = _mention_at_list(inside, qs + about_m.end()) if about_m else None
    targets = [t for t in targets if about is None or t.start != about.start]
    asks = [kind for kind, pattern in REQUEST_KINDS if pattern.search(content)]
    urgent = bool(_URGENT.search(content))
    inquiries = [
        {
            "to": _ref(letter, "notes", t),
            "about": _ref(letter, "notes", about) if about else None,
            "asks": asks,
            "urgent": urgent,
        }
        for t in targets
    ]
    value = {
        "author": author.text if author else "",
        "on_behalf_of": behalf.text if behalf else "",
        "text": content.strip(),
        "inquiries": len(inquiries),
    }
    out.add(
        "inscriptions",
        Item(
            value,
            letter.span("notes", s, e),
            _ref(letter, "notes", author) if author else None,
            {
                "author_role": role_text or None,
                "on_behalf_of": _ref(letter, "notes", behalf) if behalf else None,
                "content": letter.span("notes", qs, qe),
                "inquiries": inquiries,
            },
        ),
    )


def _mention_at_list(mentions: list[Mention], pos: int) -> Mention | None:
    for m in mentions:
        if pos <= m.start <= pos + 2:
            return m
    return None
