"""What a letter asks for, by whom: the author's own request or one the author reports, its
kind (reinstate, verify, hear, …) and whether it is urgent.
"""

from __future__ import annotations

import re

from commission.intake.reading import lexicon as lx
from commission.intake.reading.mentions import Mention
from commission.intake.reading.model import Extraction, Item, PersonRef
from commission.intake.reading.rules.context import _NOT_BODY, _Ctx, _ref, _spaced
from commission.intake.reading.rules.people import _antecedent, _cluster_name

_URGENT = re.compile(
    r"\b(?:urgent(?:ly)?|immediate(?:ly)?|at once|without delay|as soon as possible|speedily|"
    r"without fail|as a matter of urgency|most pressing|quickly|promptly|without (?:any )?delay|"
    r"before it is too late|(?:has|have|is|are) to be done before|not a day is to be lost)\b",
    re.IGNORECASE,
)

# Where a sentence passes from one request to the next: "Please look into the case at once,
# and find out who else knew her"; "give the order urgently and let me know".
_NEXT_REQUEST = re.compile(
    r"(?:,?\s+and\s+|;\s*|,\s+)(?=(?:then\s+|also\s+)?(?:let|find|ask|tell|send|report|"
    r"inform|write|wire|telegraph|see|give|check|have)\b)"
    # "… be reviewed as a matter of urgency, and that you let me know …", "… to hear Nikita
    # yourself, and to review the decision of the cell urgently"
    r"|,?\s+and\s+(?=(?:also\s+)?that\b)|,\s+(?:and\s+)?(?=to\s+[a-z]+\b)",
    re.IGNORECASE,
)


def _clause(sentence: str, pos: int) -> str:
    """The part of `sentence` that holds the request at `pos`: urgency said of one request
    ("look into it at once") is not said of the next ("and find out who knew her")."""
    start, end = 0, len(sentence)
    for m in _NEXT_REQUEST.finditer(sentence):
        if m.end() <= pos:
            start = m.end()
        elif m.start() > pos:
            end = m.start()
            break
    return sentence[start:end]


_DO_IT_URGENTLY = re.compile(
    r"\b(?:to\s+)?do\s+(?:it|this|that|so|all\s+this)\s+(?:\w+\s+)?(?:urgently|at\s+once|"
    r"without\s+(?:any\s+)?delay|immediately|quickly|promptly|as\s+soon\s+as\s+possible)\b",
    re.IGNORECASE,
)


# The sentence after a request that says it is urgent: "It is urgent: the works …".
_URGENT_AFTER = re.compile(
    r"\s*(?:(?:It|This|The matter|The case) (?:is (?:very |most )?urgent\b|(?:has|must|is|needs) "
    r"(?:to )?be done (?:before|at once|without delay|by)\b)"
    # "… restored to the Party. Please do it quickly: …"
    r"|(?P<last>(?:Please |Kindly )?(?:do|see to) (?:it|this|that|so) (?:quickly|at once|urgently|"
    r"without delay|promptly|immediately|as soon as (?:you can|possible))\b))",
    re.I,
)

REQUEST_FRAME = re.compile(
    # "We, members of the cell of the tram depot, ask you …", "I, the mother of …, most humbly
    # beg …": the writers, then who they are
    r"\b(?:I|we), [^;:]{1,120}?, (?:\w+ ){0,2}(?:request|ask|beg|urge|appeal|petition|implore|"
    r"recommend)\b|"
    # "If you need recommendations, look for the comrades who …": an order after a condition
    r"\b(?:if|should|when)\b[^.;]{3,80}?,\s*(?:then\s+)?(?:look|ask|find|write|send|call|let|"
    r"have|see|question|turn|restore|reinstate|review|verify|check|hear|summon|report)\b|"
    # (and as a letter of today writes it: "I'd ask that she be heard", "I'm writing to appeal")
    r"\b(?:I|we)(?:['’](?:d|m|ll))?\s+(?:\w+\s+){0,2}(?:request|ask|beg|urge|appeal|petition|propose|suggest|demand|"
    r"insist|implore|entreat|recommend|would (?:ask|request|be (?:\w+ )?grateful)|"
    r"should be (?:\w+ )?grateful|be (?:\w+ )?grateful|hope|"
    r"await|"
    r"consider it (?:(?:my|our) )?(?:duty|necessary|essential|right|just) (?:that|to))\b"
    r"|\b(?:please|kindly|be so (?:good|kind)(?: as to)?)\b"
    # "Do not refuse to receive her", "Do not deny him a hearing"
    r"|\b(?:do not|don't) (?:refuse|deny|fail)\b"
    # a witness offered in the imperative: "… knows how it all was, call him he will say"
    r"|\bcall (?:him|her|them),? (?:and )?(?:he|she|they) (?:will|can|would)\b"
    # "It is my earnest request that …", "Our request is, therefore, …"
    r"|\b(?:my|our) (?:\w+ )?request\b"
    # "Reinstatement is requested", "a re-hearing is asked for"
    r"|\b(?:is|are|be) (?:hereby |therefore |urgently )?(?:requested|asked for|sought)\b"
    # "the Commission is asked to summon and hear her"
    r"|\b(?:is|are) (?:hereby |therefore |kindly |urgently |also )?"
    r"(?:requested|asked|instructed) to\b"
    # a commission's order to the one below it: "The gubernia commission instructs you to look
    # into the facts …"
    r"|\b(?:instructs?|directs?|orders?|charges?|enjoins?|requires?) you (?:\w+ )?to\b"
    # a commission's notice: "You are to appear in person and bring your documents"
    r"|\byou are (?:hereby )?to\b"
    # "It would be well also to find out who else …"
    r"|\bit (?:would|will) be (?:well|good|right|better|useful|advisable) (?:also )?to\b"
    # "The commission would do well to find such people."
    r"|\b(?:would|will) do well to\b"
    r"|\b(?:I|we) (?:should |would )?(?:like|wish|want) to (?:know|learn)\b"
    r"|\b(?:I|we) (?:should|would) be glad (?:to|if)\b"
    # a covering note: "… is forwarded to you for examination"
    r"|\b(?:is|are) (?:hereby )?(?:forwarded|sent|passed) (?:on )?to you for\b"
    r"|\b(?:forwards|sends|passes) (?:on )?to you,? for\b"
    # "I consider the expulsion a mistake and ask you to …": the author's second verb
    r"|\b(?:I|we) (?:\w+ ){1,8}?and (?:request|ask|beg|urge|propose|suggest|implore)\b"
    r"|\b(?:could|would|will) (?:you|the commission)\b"
    # "Of this you may ask the miller Zhivotov": whom to ask, offered
    r"|\byou (?:may|can|could|might) (?:also )?(?:ask|question|call)\b"
    # "… will all say the same if you ask them", "… by anybody in the shop, only ask them"
    r"|\b(?:if you|only|just) ask them\b"
    # a recommendation: "I consider that he may be admitted to the party as a candidate"
    r"|\b(?:I|we) (?:consider|think|believe|find) (?:that )?(?:he|she|they) (?:may|can|could|"
    r"should|ought to|deserves? to) be\b"
    r"|\b(?:must|should|ought to) be (?:\w+ed|re\w+|heard|seen|given|taken up|taken back)\b"
    # a meeting's resolution: "Resolved: … to petition the Gubernia Commission to review …"
    r"|\bto (?:petition|ask|request|apply to)\b"
    r"|\bit is (?:necessary|essential|urgent|important) (?:to|that)\b"
    r"|\b(?:the commission|you|they) (?:should|must|ought to)\b"
    r"|^\s*(?:\w+ly\s+)?(?:request|ask|beg|urge)\b"
    # A resolution on a document: "The case to be verified at once.", "To be verified, urgently."
    # "Glebov to be summoned and heard.", "Her husband's file to be sent for."
    r"|^\s*(?:(?:Resolved|Decided|Ordered)\s*:\s*(?:\d{1,2}[.)]\s*)?)?"
    r"(?:The|All|His|Her|Their|This|Both|Each)\b[^.;]{0,60}?\bto be (?:\w+ly )?\w+ed\b"
    r"|^\s*(?:The|All|His|Her|Their|This|Both|Each)\b"
    r"(?:(?!\b(?:is|are|was|were) to be\b)[^.;]){0,60}?"
    r"\bto be (?:\w+ly )?(?:sent for|heard|seen|given|taken|brought|sought|told)\b"
    # a minutes' order: "Com. Kaplun, Ye. S., to be reinstated", "1. Com. Zinchenko to verify
    # the statement on the spot"
    r"|^\s*(?:(?:Resolved|Decided|Ordered)\s*:\s*)?(?:\d{1,2}[.)]\s*)?"
    r"(?:Comrades?\s+|Citizens?\s+|Com\.\s*|Cc\.\s*)?(?:(?-i:[A-Z])\.\s?){0,3}(?-i:[A-Z])[\w’'-]+"
    r"(?:,\s*(?:(?-i:[A-Z])[a-z]?\.\s?){1,3},)?"
    r"(?:\s+(?-i:[A-Z])[\w’'-]+){0,2}(?:\s+and\s+(?:(?-i:[A-Z])\.\s?){0,3}(?-i:[A-Z])[\w’'-]+)?"
    r"\s+to (?:be (?:\w+ly )?(?:\w+ed|sent|heard|seen|given|taken|brought|sought|told)|appear|"
    r"come|report|verify|check|question|summon|investigate|examine|find|send|inform)\b"
    r"|^\s*To be (?:\w+ly )?(?:\w+ed|sent|heard|seen|given|taken|brought|sought|told)\b"
    # A note or telegram gives orders: "Summon him", "Find out who knows her and report".
    r"|^\s*(?:P\.\s?S\.\s*)?[\"“(]?(?:(?:and|then|also|so|only|just)\s+)?"
    # after the note's own greeting: "Comrade Molotov: Find out at once …"
    r"(?:(?:To\s+)?(?:Comrades?|Tov\.)\s+(?:[A-Z]\.\s?)*[A-Z][\w’'-]+\s*[:!.,]\s+)?"
    # the one written to, called by name and patronymic: "Mikhail Ivanovich, speak for me"
    r"(?:(?-i:[A-Z])[a-z]+\s+(?-i:[A-Z])[a-z]+(?:ich|vna|chna),\s+)?"
    r"(?:at once\s+|immediately\s+|urgently\s+)?"
    r"(?:summon|examine|re-?examine|verify|check|find|report|telegraph|wire|send|inform|let|"
    r"question|hear|stop|suspend|review|reconsider|reinstate|restore|investigate|look|give|"
    r"collect|call|arrange|tell|consult|interview|establish|ascertain|compare|forward|return|"
    r"cancel|annul|release|reply|answer|bring|see|consider|get|help|do|overturn|reverse|write|"
    r"pass|attach|hand|grant|notify|explain|instruct|support|protect|stand|speak|demand)\b(?!\s+(?:that|is|was|are|were|not)\b)"
    # "Have it verified", "Have this looked into": an order given through someone else
    r"|^\s*(?:(?:please|kindly)\s+)?have\s+(?:it|this|that|him|her|them|the\s+\w+)\s+"
    r"(?:\w+\s+)?\w+(?:ed|en)\b"
    # a telegram's "REQUEST IMMEDIATE REVIEW", after a STOP that ends the sentence before
    r"|\b(?:request|ask|urge)\s+(?:\w+\s+)?(?:review|hearing|reinstatement|verification|"
    r"check)\b",
    re.IGNORECASE | re.MULTILINE,
)

REPORTED_FRAME = re.compile(
    # not a passive ("have the file requested and let me know", "the comrades be asked"), nor
    # the author's own resolution "to ask the Gubernia Commission to check …"
    r"(?<!\bbe[ ])(?<!\bbeen[ ])(?<!\bto[ ])(?<!\bis[ ])(?<!\bwas[ ])(?<!\bwere[ ])(?<!\bbeing[ ])"
    r"\b(?:ask|asks|asked|asking|requests|requested|requesting|begs|begged|begging|wants|wanted|"
    r"implores|implored|urges|urged|appeals|appealed|petitions|petitioned|pleads|pleaded|"
    r"proposes|proposed|suggests|suggested)\b(?!\s+(?:and|by)\b)"
)

_WHO = re.compile(r"\b(?:[Ss]he|[Hh]e|[Tt]hey|I|[Ww]e)\b")

REQUEST_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "intercede",
        re.compile(
            r"\b(?:intercede|intervene|put in a (?:good )?word|say a (?:good )?word for|"
            r"plead (?:for|on)|"
            r"stand up for|(?:ask|request|beg|appeal) (?:you )?for (?:your )?(?:assistance|help|"
            r"protection|support)|"
            # a telegram's "ASK YOUR PROTECTION", "seek your help"
            r"(?:ask|request|beg|seek)\w* (?:for )?your (?:help|protection|support|assistance|"
            r"intercession|intervention)|"
            # a recommendation's "give him every assistance", "support his request", "help her"
            r"support (?:his|her|their|my|our) (?:request|application|petition|appeal|statement)|"
            # a cell's minutes: "to ask the uyezd committee to support before the gubernia
            # commission the request of the cell"
            r"support (?:before (?:the )?[\w ]{1,40}? )?the (?:request|petition|application|"
            r"appeal) of\b|"
            r"(?:give|render|show|extend) (?:him|her|them) (?:every |all |full |any |your )?"
            r"(?:assistance|help|support|trust|confidence)|(?:help|assist) (?:him|her|them)\b|"
            r"(?:request|ask|beg) you to help|help me\b|"
            r"do (?:what|whatever|all|everything) you can|"
            r"give (?:him|her|them|me) (?:work|a job|a post)|"
            # "find him work in one of the district committees", "give the order"
            r"find (?:him|her|them) (?:work|a job|a post|a place|employment)|"
            # "Speak for him", "speak to the Central Committee so that my husband is restored"
            r"speak (?:up )?for (?:him|her|them|my|our)\b|speak to (?:[\w-]+ ){1,5}?(?:so that|"
            r"in order that|on (?:his|her|their|my) behalf|for (?:him|her|them)|about (?:him|her|"
            r"them|this|it|my|his|her|their)\b)|"
            r"give (?:the |your )?(?:necessary )?orders?\b(?! (?:of|for the expulsion)))\b",
            re.I,
        ),
    ),
    (
        "reinstate",
        re.compile(
            r"\b(?:reinstat\w*|readmi\w*|re-admi\w*|"
            # "put my son back in the Party", "take him back into the ranks"
            r"(?:put|take|bring)\w* (?:\w+ ){0,3}?back (?:in|into|to) the (?:party|ranks)|"
            # "ask them to take him back": into the Party the letter is about
            r"(?:be|been) taken back (?:in|into|to) (?:the )?(?:party|ranks)|"
            r"(?:take|took|taking|have|let)\w* (?:him|her|them|me) back\b(?! (?:to|from|home|"
            r"on|at)\b)|"
            # "give him back his Party card", "return her Party card to her"
            r"(?:give|hand)\w* (?:him|her|them|me) back (?:his|her|their|my) party card|"
            # "Give my son back his place in the Party", "let them give him back his card"
            r"give\w* (?:(?:him|her|them|me)|(?:my|our|his|her) [\w-]+) back "
            r"(?:his|her|their|my) (?:place|card|membership|party card)\b|"
            # "give back my card", "give back to him his card"
            r"give\w* back (?:to (?:him|her|them|me) )?(?:his|her|their|my) "
            r"(?:place|card|membership|party card)\b|"
            r"return\w* (?:him|her|them|me) (?:his|her|their|my) party card|"
            r"restor\w* (?:his|her|their|my) (?:membership|rights as a member)|"
            r"(?:return|restor)\w* (?:to (?:him|her|them|me) )?(?:his|her|their|my) party card|"
            r"restor\w* (?:[\w.]+ ){0,3}?(?:to|in)"
            r" (?:the )?(?:party|membership|ranks)|return (?:\w+ )?to the "
            r"(?:party|ranks)|set (?:the |this |that |its |her |his )?(?:decision|expulsion) aside|"
            r"(?:cancel|annul|revoke|rescind|set aside|lift|overturn|revers|quash|withdraw|"
            r"strike out|strike off|expunge)\w* "
            r"(?:the |her |his |this |my |our |their |that )?(?:[\w-]+['’]s )?"
            r"(?:decision|expulsion|exclusion)|"
            # "I request that this sub-point be cancelled"
            r"(?:decision|expulsion|exclusion|resolution|sub-point|point)\b[^;]{0,40}?\bbe "
            r"(?:cancelled|canceled|annulled|revoked|rescinded|set aside|lifted|reversed|"
            r"overturned|quashed)|"
            # "ask that all three be restored"; "restored to the Party" is read whole above
            r"be restored(?! (?:to|in)\b)|"
            # "I beg you to have him restored", "to get my husband restored"
            r"(?:have|get|see)\w* (?:him|her|them|me|(?:my|our|his|her) [\w-]+) (?:\w+ )?"
            r"restored\b(?! to (?:health|work|the post))|"
            # "take the case into the Central Commission and restore him"
            r"restor\w* (?:him|her|them|me)\b(?! to (?:health|work|the post)))",
            re.I,
        ),
    ),
    (
        "verify",
        re.compile(
            rf"\b(?:verif\w*+{_NOT_BODY}|check\w* (?:on |up on )?the following|"
            r"(?:check|ascertain|establish|find out) whether|"
            r"check\w* (?:on |up on )?(?:the |her |his |these |those |this |all |such )?"
            r"(?:[a-z-]+ )?(?:case|facts|matter|charges|statement|information|report|complaint|"
            r"allegation|books|accounts|records|lists|documents)|"
            r"investigat\w*|look into|take a (?:\w+ )?look at|"
            # "to request his file from Orel": the case's papers sent for, to look into them
            r"(?:request|send for|call for|obtain)\w* (?:his|her|their|the|[\w-]+['’]s) (?:\w+ )?"
            r"(?:file|case file|papers|dossier)\b|"
            r"demand\w* (?:from [\w-]+ )?(?:at once |without delay |urgently )?"
            r"(?:the |his |her |their )?(?:whole )?(?:file|case file|papers|dossier|case)\b|"
            r"(?:file|case file|papers|dossier)\b[^.;]{0,40}?\bbe demanded\b|"
            # "forwarded to you for examination"
            r"(?:forwarded|forwards|sent|sends|passed|passes) (?:on )?to (?:you|the commission),? "
            r"for "
            r"(?:examination|investigation|verification)\b|"
            # "I ask you to go into this case personally"
            r"go into (?:this|the|her|his|their|that) (?:case|matter)"
            r"(?! (?:again|anew|afresh|once))|"
            # "Find out at once by wire from the Gubernia Committee what the facts are"
            r"(?:find out|establish|ascertain)\b[^.;]{0,80}?\bwhat the facts are|"
            r"(?:establish|ascertain|find out|get) the (?:true |real )?facts|"
            r"check (?:what|how|who|why|when)\b|"
            # "to send a comrade from the centre to check, because …": someone sent to look
            r"send (?:a |an |some |your |our )?(?:[\w-]+ )?(?:man|comrade|instructor|inspector|"
            r"worker|representative|commission|somebody|someone)\b[^.;]{0,40}?\bto (?:check|"
            r"verify|investigate|look)\b|"
            # "Could you not ask the uyezd committee why they did this?"
            r"ask (?:[\w-]+ ){1,5}?why\b|find out why\b|"
            # "to check the appointments in the yarn warehouse"
            r"check (?:the|these|those|all|his|her|their) (?!(?:same|one|other)\b)[a-z]|"
            # "have the Vitebsk file of L. M. Feldman requested"
            r"(?:file|case file|papers|dossier)\b(?:[^.;]|(?<=\b(?-i:[A-Z]))\.){0,60}?\b"
            r"(?:requested|sent for|called for|"
            r"obtained)\b|"
            r"examine (?:it|him|her|them|this|the matter)\b|"
            # "so that the payments can be checked against her bank statements"
            r"so that (?:the |her |his |their )?[\w ]{0,40}? (?:can|may|could) be (?:checked|"
            r"verified|examined)\b|"
            # "have this looked into", "see to it that the case is gone into properly"
            r"(?:it|this|that|him|her|them|case|matter) (?:\w+ )?(?:looked into|verified|checked|"
            r"investigated)|see to it that (?:the |her |his |their |this )?(?:case|matter)|"
            r"(?:case|matter) (?:is |be |was )?gone into(?! (?:again|anew|afresh|once more))|"
            r"examin\w* (?:of )?(?:the |her |his |my |their |both )?cases?|"
            r"cases?\b[^;]{1,80}?\b(?:be|to be|is|are) (?:\w+ )?(?:examined|checked|"
            r"verified|looked into|investigated)|"
            r"enquir\w* into|check-?ups?\b|"
            r"inquir\w* into|check (?:all )?(?:it|this|that)|"
            # "check him", "Check each of them"
            # "Let the commission check Pakhomov himself"
            r"check (?:(?-i:[A-Z])[\w’'-]+ (?:himself|herself)|him|her|them|each of them|"
            r"all of them|these (?:comrades|people|members))"
            r"(?! (?:out|in)\b)|"
            # "The charge against her, namely …, must in his opinion be verified with care"
            r"(?:must|should|ought to)(?: in (?:his|her|my|our|their) (?:opinion|view))? be "
            r"(?:verified|checked|investigated|looked into)\b|"
            # "Perhaps this should be checked"
            r"(?:this|it|that|the matter|the charge|the complaint)s? (?:should|must|ought to|"
            r"could|might) be (?:checked|verified|looked into|investigated)|"
            r"(?:cases?|matter|facts) "
            r"(?:\w+ ){0,2}(?:examined|checked|looked into|"
            r"investigated|verified)|"
            # "I ask that Bashkirov be checked", "that the question of the paper be checked"
            r"(?:(?-i:[A-Z])[\w’'-]+|question|paper|appointments?|accusations?|charges?|story) "
            r"(?:[\w ]{1,40} )?be (?:checked|verified|investigated|looked into)\b|"
            # "that the case be requested from Kaluga and looked into"
            r"(?:case|file|matter) (?:be )?(?:\w+ ){1,5}?and (?:looked into|examined|checked)\b|"
            # "to take up her case" (not again)
            r"take up (?:her|his|their|the|this|my) case(?! (?:again|anew|afresh|once more)))",
            re.I,
        ),
    ),
    (
        "reconsider",
        re.compile(
            # "re-examine the case", "a re-examination of her case": examined again
            r"\b(?:reconsider\w*|re-?examin\w*|"
            # "to look again at the case of Com. Loginova", "look at her case again"
            r"look again at|take another look at|look at (?:the |her |his |their |my |this )?"
            r"(?:case|decision|matter) again|"
            # "review the expulsions", "suspend the commission's decision", a telegram's
            # "review expulsions"
            r"(?:review|reconsider)\w* (?:it|this|that)\b|"
            r"review\w* (?:of )?(?:the |her |his |my |their |this |these |both |all |each |every "
            r"|its |our |your )?"
            r"(?:(?:two|three|four|five) )?(?:[\w-]+['’]s? )?(?:cases?|decisions?|expulsions?|"
            r"exclusions?)|"
            # a modern appeal's "set aside both the finding and the sanction"
            r"set (?:it |them )?aside\b|set aside (?:the |both |this |that |its |my )?(?:\w+ )?"
            r"(?:findings?|decisions?|sanctions?|ruling|expulsion|suspension)|"
            r"revis\w* (?:the |its |this )?decision|re-?open\w*|"
            r"suspend\w* (?:the |its |this |her |his |my |their )?(?:[\w-]+['’]s? )?"
            r"(?:decisions?|expulsions?)|"
            # "to have the decision of the Saratov commission reviewed"
            r"(?:appeal\w*|protest\w*) against (?:my |his |her |their |the |this )?"
            r"(?:expulsion|exclusion|decision)|"
            # a letter of today's "to appeal the decision", "review the length of the suspension"
            r"appeal (?:the |this |that |my |its )?(?:decision|finding|sanction|suspension|"
            r"expulsion)|review (?:the )?(?:length|term|severity|duration) of "
            r"(?:the |my |his |her )?(?:suspension|sanction|penalty|reprimand|ban)|"
            # "that the decision to remove him be reviewed"
            r"(?:cases?|decision|expulsion|exclusion) (?:(?:of|to) (?:\w+ ){1,5}?)?"
            r"(?:(?:should |must |ought to )?be |to be |is )?"
            r"(?:reviewed|reconsidered|"
            r"revised)|"
            # "that his case be looked at again", "to go into the matter once more"
            r"(?:looked at|gone into|taken up|considered) (?:again|anew|afresh|"
            r"once more)|(?:look|go) (?:again )?into (?:it|the case|the matter) (?:again|once more)"
            r"|look again at|"
            # "look at her case again", "take up the case of Comrade Shvetsova again", "reheard"
            r"(?:look\w*(?: into)?|tak\w* up|go\w* into|consider\w*) (?:at )?"
            r"(?:the |her |his |their |this |my )?(?:[\w-]+['’]s )?"
            r"(?:case|matter|decision)\b[^.;]{0,40}?\b(?:again|anew|afresh|once more)|"
            # "that my case be examined afresh"
            r"(?:examined|reviewed|judged) (?:again|anew|afresh|once more)|"
            r"re-?hear\w*|re-?heard)",
            re.I,
        ),
    ),
    (
        "give_information",
        re.compile(
            # "Please send us, within two weeks, Bulygin's personal file"
            r"\b(?:(?:send|forward)\w* (?:me|us),[^.;,]{3,30}, (?-i:[A-Z])[\w-]+['’]s "
            r"(?:personal |party )?(?:file|papers|documents|materials)\b|"
            r"(?:give|send|provide|supply|forward|communicate|"
            r"collect)\w* (?:me |us |him |her |them )?(?:\w+ly |without delay |at once )?(?:any "
            # "send Ukom minutes", "send the cell's questionnaires"
            r"|all |the |full |some |(?-i:[A-Z])[\w-]+ |(?:[\w-]+ )?[\w-]+['’]s ){0,2}"
            r"(?:information|particulars|details|questionnaires|"
            r"materials|documents|papers|minutes|file|a reference|a character"
            r"(?:isation|ization)?)|let (?:me|us) (?:know|have)|"
            r"inform (?:me|us)|let (?:me|us) see\b|"
            # "I'd also be grateful to be told when the committee has reached a decision"
            r"(?:to )?be (?:told|informed|notified|kept informed|kept updated)\b(?! (?:that|by))|"
            # "to inform the political department of the brigade of its decision"
            # ("… of the Commission's decision")
            r"inform (?:the |our |his |her )?[\w -]{3,60}? of (?:its|the|your) (?:[\w’'-]+ )?"
            r"(?:decision|result)|"
            # "Ask the Ivanovo commission for the materials"
            r"ask\w* (?:[\w-]+ ){0,4}?for (?:the |his |her |their |all )?(?:materials|file|"
            r"papers|documents|case file|records|minutes)\b|"
            r"report (?:by (?:wire|telegraph|telegram|letter|post) )?(?:within (?:a|one|two|three) "
            r"(?:days?|weeks?) )?(?:to me|to us|on|what)|"
            # "Report by the 25th whether Laptev has been given back his card"
            r"report (?:by (?:the )?\d{1,2}(?:st|nd|rd|th)? |at once |without delay )?"
            r"(?:whether|if|how|why|who)\b|"
            r"send (?:the |your |an? )?(?:reply|answer)\b|"
            r"what (?:is|was) known about|tell (?:me|us)|"
            # "Find out from Shkiryatov what has become of the case"
            r"find out (?:from (?:\w+ ){1,3})?(?:what|whether|how|who)\b|what has become of|"
            r"(?:I|we) (?:should |would )?(?:like|wish|want) to (?:know|learn|hear)|"
            r"(?:I|we) (?:should|would) be glad to (?:know|learn|hear)|"
            # "asks that the result be reported to him"
            r"(?:result|outcome|decision)s? (?:\w+ )?be (?:reported|communicated|sent)\b|"
            r"(?:telegraph|wire|report|communicate)\w* (?:to (?:me|us) )?(?:the |your |its )?"
            r"(?:results?|decision|outcome|answer|reply)|"
            # "let the Commission know", "write what you know of her", "what you remember of him"
            r"let (?:the|your) [\w-]+ know|(?:write|wire|telegraph) (?:to (?:me|us) )?"
            r"(?:what|whether|how|who)\b|"
            r"what (?:you|he|she|they|the \w+) (?:knows?|remembers?|can say)|"
            # "report to the Central Control Commission by telegraph"
            r"report\w* (?:the (?:results?|outcome|execution|fulfil+ment|carrying out) )?to "
            r"(?:the )?(?-i:[A-Z])[\w.-]*|"
            # a telegram's "WIRE GROUNDS FOR EXPULSION", "send the whole file"
            r"(?:wire|telegraph|send|forward)\w* (?:\w+ly )?(?:me |us )?"
            r"(?:the |whole |full |his |her |your )*(?:grounds|reasons|materials|file|case file|"
            r"record|instructions|directions)|"
            r"send (?:me|us)\b[^.;]{0,40}?\b(?:lines?|word|note|information|details|particulars|"
            r"report|opinion|views|conclusions?|answer|message|results?|decision|reply)\b|"
            # "return to us Tereshchenko's personal file"
            r"return\w* (?:to )?(?:me|us) (?:[\w'’-]+ ){0,3}(?:file|papers|documents|materials)|"
            r"(?:be|keep (?:me|us)) (?:\w+ )?informed|"
            r"so (?:kind|good) as to (?:reply|answer)\b|"
            # "Please send us the factory committee certificate", "that the files of both be
            # sent to the district", "that the file of Rakitina … be returned urgently"
            # a telegram drops the article: "SEND AT ONCE MINUTES UYEZD COMMISSION"
            # "SHOULD PLATONOV APPEAR REQUEST INFORM BY WIRE", "SEND ALSO TESTIMONY OF …"
            r"\binform (?:me |us )?by (?:wire|telegraph|telegram|return|letter|post)\b|"
            r"\bsend (?:also|too) (?:the |his |her |their )?(?:[\w-]+ ){0,3}?(?:files?|minutes|"
            r"statements?|materials|papers|documents|records|testimon(?:y|ies))\b|"
            r"\bsend (?:at once |immediately |urgently |without delay )(?:[\w-]+ ){0,3}?"
            r"(?:files?|minutes|statements?|materials|papers|documents|records)\b|"
            r"(?:send|return|forward)\w* (?:to )?(?:me |us )?"
            r"(?:by \d{1,2} \w+ |at once |without delay )?"
            r"(?:the |his |her |their |your |a |all )(?:[\w-]+ ){0,3}?(?:files?|certificates?|"
            r"minutes|papers|documents|questionnaires?|"
            r"extracts?|cop(?:y|ies)|records|statements?|testimon(?:y|ies)|references?)\b|"
            r"(?:files?|certificates?|minutes|papers|documents|questionnaires?|extracts?|records)\b"
            r"[^.;]{0,80}?\bbe (?:\w+ly )?(?:sent|returned|forwarded)\b|"
            # a telegram's "REPLY TODAY"; "Comrade Feldman should be answered at her address"
            r"^\s*(?:reply|answer)\b|be (?:answered|replied to|told|informed)\b|"
            # "requests the CCC to inform it of the decisions on all three cases"
            r"inform (?:me|us|him|her|them|it) of (?:the|its|your|their) (?:decisions?|results?|"
            r"outcome)|"
            # a telegram's "REQUEST YOUR INSTRUCTIONS WHETHER …"
            r"(?:request|ask|await|awaiting|need)\w* (?:for )?(?:your |the |further )?"
            r"(?:instructions|directions|orders|guidance)\b|"
            r"(?:reply|answer|write)\w* (?:to )?(?:me|us)(?: (?:at once|immediately|in writing|by "
            r"(?:wire|telegraph|return)))?(?! at\b|:))\b",
            re.I,
        ),
    ),
    (
        "find_witnesses",
        re.compile(
            r"\b(?:find out who (?:else )?|who else (?:\w+ )*?know|"
            # "find out which of the old Party members of Slobodskoi knew Bulygin"
            r"find out which (?:of )?(?:the )?(?:[\w'’-]+ ){0,6}?(?:knew|know|worked|served)\b|"
            # "ask the workers of our shop cell, they will all tell you the same"
            r"ask (?:the |our )?(?:old )?(?:workers|comrades|neighbours|peasants|men|women|people|"
            r"hands) of\b"
            # (not "the comrades of the control", the body written to)
            r"(?!\s+(?:the\s+)?(?:control|commission|committee|bureau|presidium|collegium|"
            r"centre|center|party)\b)|"
            # "that the workshop cell be asked who else can speak about my work"
            r"who else (?:\w+ ){0,3}(?:speak|testify|vouch|remember)|"
            # "Ask any of the old depot hands who served here before the war"
            r"(?:ask|question|consult)\w* any of the (?:[\w-]+ ){0,3}(?:hands|men|comrades|"
            r"workers|members|people|boys|lads|fellows|peasants|villagers|neighbours)\b|"
            # "All this can be confirmed by anybody in the cutting shop", "… will all say the
            # same if you ask them"
            r"(?:confirmed|verified|vouched for|testified to) by (?:anybody|anyone|everybody|"
            r"everyone|all) (?:in|at|of|from)\b|"
            r"\b(?:if you|only|just) ask them\b|"
            r"(?:find|seek|look for) (?:\w+ ){0,2}(?:people|comrades|"
            r"witnesses) who|"
            # "The commission would do well to find such people."
            r"(?:find|seek|look for) such (?:people|comrades|witnesses)\b|"
            # "ask the Baku comrades who knew him"
            r"(?:ask|question|consult|find)\w* (?:the |those |other )?(?:[\w-]+ ){0,3}"
            r"(?:comrades|people|workers|members|those) who (?:knew|know|worked|served|were)|"
            # "find out from the old workers of the cartridge shop who worked beside me"
            r"find out (?:from|among) (?:the |those |other )?(?:[\w'’-]+ ){0,6}?(?:comrades|"
            r"people|workers|members|men|hands|neighbours|neighbors|residents|inhabitants|"
            r"villagers|peasants)\b[^.;]{0,50}?\bwho\b|"
            # "inquire from some of the old Party men"
            r"(?:inquire|enquire|ask) (?:from|of|among) (?:some of )?(?:the )?(?:[\w-]+ ){0,3}"
            r"(?:men|comrades|people|members|workers)|"
            # "ask his comrades at the depot", "question her fellow workers in the weaving shed"
            r"(?:ask|question|consult|interview)\w* (?:his|her|their|my|the) (?:old |former )?"
            r"(?:comrades|fellow[ -]workers|workmates|neighbours|neighbors|fellow[ -]villagers|"
            r"fellow[ -]soldiers|shopmates)\b"
            r"(?!\s+of\s+(?:the\s+)?(?:control|commission|committee|bureau|presidium|collegium|"
            r"centre|center|party)\b)|"
            # "ask anyone at the depot", "ask everyone in the village"
            r"ask (?:anyone|anybody|everyone|everybody|any (?:worker|comrade|peasant|man|woman))\b|"
            # "those who worked with him", "anyone who served alongside her": people not named
            r"(?:those|anyone|everyone|people|comrades|workers|men) who (?:knew|know|worked|served|"
            r"fought|lived) (?:with|beside|alongside|under|next to|near) (?:him|her|them|me)\b|"
            # "collect statements from the workers of the shop", "take evidence from his comrades"
            r"(?:collect|gather|take|obtain)\w* (?:the )?(?:testimony|testimonies|statements|"
            r"evidence|references) (?:from|of) (?:the |his |her |their )?(?:[\w-]+ ){0,3}?"
            r"(?:comrades|workers|neighbours|neighbors|members|men|peasants|villagers)\b|"
            # "make inquiries at the works", "inquire in the village"
            r"(?:make (?:inquiries|enquiries)|inquire|enquire) (?:at|in|among) "
            r"(?:the |his |her |our )?(?:[\w-]+ ){0,2}?"
            r"(?:works|factory|mill|depot|village|cell|shop|regiment|mine)\b|"
            # "that the comrades of the boiler shop be asked about him one by one"
            r"(?:comrades|workers|men|people|neighbours|neighbors|members|hands) (?:[\w-]+ ){0,6}?"
            r"be (?:asked|questioned|interviewed)\b)",
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
            r"bear in mind|pay attention to|"
            r"be considered (?:together|along) with\b|consider the (?:facts?|"
            r"circumstances?)|"
            # "I ask the commission to weigh these facts"
            r"weigh (?:these|the|those|all the|all these) (?:facts?|circumstances?)|"
            # "What I would ask the panel to weigh is the context."
            r"weigh (?:is|are|was) (?:the )?(?:context|circumstances?|facts?))\b",
            re.I,
        ),
    ),
    (
        "hear",
        re.compile(
            r"\b(?:(?<!without[ ]being[ ])(?<!not[ ]been[ ])(?<!never[ ]been[ ])(?<!not[ ])"
            r"summon\w*|"
            r"hear (?:me|him|her|them|my|his|her|us)|"
            # "that she be heard", not "her appeal is to be heard on 10 November"
            r"(?<!will[ ])(?<!shall[ ])(?<!is[ ]to[ ])(?<!are[ ]to[ ])(?<!was[ ]to[ ])(?<!would[ ])"
            r"be(?:en)? heard|"
            # "Shuvalov to appear before the Gubernia Commission for hearing"
            r"(?:to|should|must|be allowed to) appear (?:before|at|in person)\b|"
            # "You are asked to attend in person", "You are to come to the office … for a talk
            # with Com. Zinchenko"
            r"(?:attend|appear|come) in person\b|"
            r"come (?:[^.;]{1,60}? )?for (?:a |the )?(?:talk|conversation|interview) with\b|"
            # "I would ask you to talk to her before anyone else": a witness to hear
            r"(?:talk|speak) (?:to|with) (?:him|her|them)"
            r"(?= ?[.,;:]| (?:before|first|yourself|too|as well|and|at|in)\b)|"
            # "2. speak to Priya Raman, who witnessed the 7 March message"
            r"(?:talk|speak) (?:to|with) (?-i:[A-Z])[\w’'-]+ (?-i:[A-Z])[\w’'-]+(?=,? who\b)|"
            r"for (?:a |the )?hearing\b|"
            # "see to it that she is heard", "that Vedernikov is called and heard"
            r"(?:is|are|being) (?:called and |summoned and )?heard|"
            # "let them ask Yevdokia Ryzhova": a witness the commission is to hear
            r"let (?:them|him|her|the commission) ask (?:Comrade |Citizen )?(?-i:[A-Z])[\w’'-]+|"
            r"call\w* "
            r"(?:\w+ )?to (?:testify|give evidence)|"
            # a witness offered: "call him he will say", "call her, she will tell you"
            r"call (?:him|her|them),? (?:and )?(?:he|she|they) (?:will|can|would) (?:say|tell|"
            r"confirm|speak)|(?:invite|allow)\w* (?:me|him|"
            r"her|them) to (?:appear|attend|speak)\b|"
            # "question Comrade Petrova, who knows his work": hear a witness
            rf"(?:question\w*|interview\w*|consult\w*|hear) (?:{lx.TITLES} |(?:the )?(?:secretary|"
            rf"chairman|commissar|instructor|organi[sz]er) |"
            # "questioning the storekeeper Com. Matvei Glazunov"
            rf"the [a-z-]+ (?:{lx.TITLES} )?)?(?-i:[A-Z])[\w’'-]*"
            r"(?: (?-i:[A-Z])[\w’'-]*){0,2}|"
            r"(?:hear|question)\w* (?:the |these |other )?witnesses|"
            # "question the chairwoman of the mill committee, Comrade Nosova"
            rf"(?:question|interview|hear) (?:also )?the (?:[\w-]+ ){{1,6}}?"
            rf"(?:of [^,.;]{{1,60}})?, (?:{lx.TITLES} )(?-i:[A-Z])[\w’'-]+|"
            # "I ask that Comrade Chugunov be asked", "that Mr Owen Pryce, my solicitor, be called"
            rf"(?:{lx.TITLES}) (?-i:[A-Z])[\w’'-]+ be (?:asked|questioned|heard)\b|"
            rf"(?:{lx.TITLES}) (?-i:[A-Z])[\w’'-]+(?: (?-i:[A-Z])[\w’'-]+)?, [^.;:]{{1,80}}?, be "
            r"(?:called|asked|questioned|heard)\b|"
            # "to be allowed to address the Panel in person"
            r"address (?:the )?(?:panel|commission|committee|board|tribunal|bureau) in person|"
            # "to hear the comrades of the cell, Comrades Semyon Lyubimov and Vera Kostromina"
            r"hear (?:the )?comrades (?:[\w-]+,? ){0,4}?Comrades? (?-i:[A-Z])|"
            r"(?:given|granted|allowed) a hearing|receive (?:him|her|them)\b|"
            # "that Comrades Bystrov and Oskolkova be questioned", "that any of us be called before
            # the commission"
            r"be (?:questioned|interviewed|examined as witnesses)\b|"
            r"be (?:called|summoned) and (?:questioned|heard|asked)\b|"
            # "I ask to be called to Moscow and heard", "that he be asked" (a witness named before)
            r"be (?:called|summoned) (?:to|before) [\w ]{1,40}? and (?:questioned|heard)\b|"
            r"\b(?:he|she|they) be (?:asked|questioned)\b(?! to\b)|"
            r"after (?:hearing|questioning) (?:him|her|them)\b|"
            r"be (?:called|summoned) before\b|"
            # "He asks that Comrade Voinova be called to him on Monday"
            r"be (?:called|summoned) to (?:him|her|me|us|you)\b|"
            # "please have him questioned"
            r"have (?:him|her|them|both|each of them) (?:\w+ly )?(?:questioned|heard|summoned|"
            r"interviewed|called)\b|"
            # "proposes that your commission itself hear both Gurvich and Sokolinsky"
            r"hear (?:both|all|each of) (?-i:[A-Z])|"
            r"(?:ask|request|beg)\w* (?:you )?for a (?:fair |proper |personal |full )?hearing|"
            # "that he be allowed to appear before the commission", "call him before you",
            # a telegram's "HEARING OF KHARITONOV BY CCC"
            r"(?:allowed|permitted) to (?:appear|come|speak) before|"
            # "to call him and me together before the commission"
            r"call (?:him|her|them|me|us)(?: and (?:him|her|them|me|us))?(?: together)? before "
            r"(?:you|the|your|its)\b|"
            r"hearing of (?:comrade )?(?-i:[A-Z])[\w’'-]*|"
            # "call Gorshkova and two of the signatories to your sitting"
            r"(?:call|invite|summon)\w* (?:[\w,’'-]+ ){0,10}?to (?:your|the|its|a|their) "
            r"(?:sitting|meeting|session)|let (?:him|her|them|me) (?:speak|explain)|"
            # "give him a hearing", "question him yourself", "see her in person"
            r"give (?:him|her|them|me|us|each of them|both of them) a (?:fair )?hearing|"
            r"(?:question|interview|see|hear) (?:him|her|them)(?: (?:yourself|yourselves|"
            r"personally|in person))?(?=\s*(?:[.;,:]|before|when|and|$))|"
            # "hear both of them", "hear them both"
            r"hear (?:both|all|each) of them|hear them (?:both|all)\b|"
            # "call Shchukina and Lvovsky in and listen to them yourself"
            r"listen to (?:him|her|them|me|us|both|each)\b|"
            # "Ask Comrade Rumyantsev, who was her supervisor": an order to ask a witness
            r"(?<!\bI\s)(?<!\bwe\s)(?<!\bWe\s)(?-i:Ask|ask) (?:Comrades?|Citizen) "
            r"(?-i:[A-Z])[\w’'-]*|"
            # "Ask the cleaner at the women's department, Yermolova, she saw …"
            r"(?<!\bI\s)(?<!\bwe\s)(?<!\bWe\s)(?-i:Ask|ask) (?:the|our|her|his) "
            r"(?:[\w’'-]+ ){0,6}?[\w’'-]+, (?-i:[A-Z])[\w’'-]+,)",
            re.I,
        ),
    ),
    (
        "admit",
        re.compile(
            r"\b(?:(?:admit\w*|accept\w*|receiv\w*|transfer\w*) (?:\w+ ){0,3}(?:into|to|as) "
            r"(?:the |a )?(?:full |full-fledged )?(?:party|membership|candidate|member)|for "
            r"(?:admission|membership|transfer)|"
            # "I recommend that he be admitted"
            r"(?:he|she|they|him|her) (?:should |shall |to |may |can |could |might )?be admitted|"
            # "asks that her son, Konstantin Pchelintsev, … be admitted as a candidate member"
            r"be admitted (?:as|to|into) (?:a |the )?(?:candidate|member|party|membership))",
            re.I,
        ),
    ),
)

REQUEST_FRAME = _spaced(REQUEST_FRAME)
REQUEST_KINDS = tuple((kind, _spaced(p)) for kind, p in REQUEST_KINDS)

# An unschooled hand's "i" before the verb it asks with ("… and i ask you comrade Kalinin …").
_LOWER_I = re.compile(r"(?<![\w’'.(])i(?=\s+[a-z])")


# A body writing of itself in the third person: "The bureau asks the Commission to restore …",
# "the general meeting of the cell requests …".
_COLLECTIVE_FRAME = _spaced(
    re.compile(
        r"(?:\b(?:the|our) |^\s*)(?:[\w-]+ ){0,3}?(?:bureau|cell|meeting|collective|undersigned|"
        # a body by its Russian short name: "Uyezdkom", "Gubkom", "Ukom"
        r"commission|committee|presidium|\w+kom|"
        # an army's body signs a telegram: "POLITDEPT URGENTLY ASKS REVIEW DECISION"
        r"department|politdept|politotdel|section|"
        # a central body by its letters: "The CCC asks you to send …"
        r"(?-i:CCC|C\.C\.C\.|CC|C\.C\.))"
        r"(?: of (?:the |our )?(?:[\w-]+ ){0,4}?(?:cell|organi[sz]ation|factory|works|depot|mill)"
        # "of the cell of the "Skorokhod" factory"
        r"(?: of (?:the )?[\w\"“”«»'’-]+(?: [\w\"“”«»'’-]+){0,2}?"
        r" (?:factory|works|mill|depot|plant|mine|station))?)?"
        # "The cell considers the expulsion of Comrade Fomina a mistake and petitions …"
        # "… forwards herewith an extract from minutes No. 14 and asks …"
        r"(?: (?:considers|finds|holds|believes|regards|forwards|sends|encloses|supports)\b"
        # (a full stop of a number, an initial or "Com." goes on with the sentence)
        r"(?:[^.;]|\.(?=\s*\d)|(?<=\b(?-i:[A-Z]))\.|(?<=\bCom)\.)"
        r"{1,160}? and)?"
        # "The bureau for its part asks …", "The cell, for its part, requests …"
        r"(?:,? (?:for its part|on its part|in its turn|also|therefore|accordingly),?)?"
        r" (?:\w+ly )?(?:asks|requests|begs|urges|petitions|proposes|insists)\b"
        # the body named in the sentence before: "The bureau finds no grounds … It asks …"
        r"|^\s*It (?:\w+ly )?(?:also )?(?:asks|requests|begs|urges|petitions|proposes|insists)\b",
        re.IGNORECASE,
    )
)


# A numbered point of a list: "1. ask the branch treasurer …", "(b) hear her".
_POINT = re.compile(r"\s*(?:\d{1,2}[.)]|\([a-z\d]\)|[a-z]\)|[-–•])\s+")

# The writer saying what they do not ask, up to the words asked about: "I neither ask you to",
# "I do not ask that my past work be counted" (not past "only", "but": "I do not ask for mercy,
# only that you hear me").
_NOT_ASKED = re.compile(
    r"\b(?:do not|don't|did not|neither|never|nor)\s+(?:\w+\s+)?(?:ask|request|beg|demand|plead)"
    r"\w*\b(?:(?!\b(?:only|but|merely|simply|just|rather)\b)[^;.]){0,60}$",
    re.IGNORECASE,
)

_TELEGRAM_ASKS = re.compile(r"\b(?:request|ask|urge|beg|insist)\b", re.I)


def _requests(ctx: _Ctx, out: Extraction) -> None:
    text = ctx.text
    # A telegram is paid by the word: its one "URGENT" is for all it asks; so is "Urgent."
    # standing alone in a note.
    urgent_throughout = bool(
        (ctx.letter.capitals and _URGENT.search(text)) or _URGENT_ALONE.search(text)
    )
    listing = False  # under "Could the Panel please:", its numbered points are asked too
    for s, e in ctx.sentences:
        # (an unschooled hand's "i ask you comrade Kalinin …" is the writer's "I")
        sentence = _LOWER_I.sub("I", text[s:e])
        frame = (
            REQUEST_FRAME.search(sentence)
            or _COLLECTIVE_FRAME.search(sentence)
            # a telegram's "… WITH DOCUMENTS REQUEST HEAR HIM": no full stop before the verb
            or (_TELEGRAM_ASKS.search(sentence) if ctx.letter.capitals else None)
        )
        point = _POINT.match(sentence)
        if frame is None and listing and point is not None:
            frame = point
        elif point is None:
            listing = False
        if frame is not None and sentence.rstrip().endswith(":"):
            # (not "take into account the following:": its points are the facts)
            listing = not any(pattern.search(sentence) for _kind, pattern in REQUEST_KINDS)
        reported = REPORTED_FRAME.search(sentence)
        collective = _COLLECTIVE_FRAME.search(sentence)
        if reported and collective and collective.start() <= reported.start() < collective.end():
            # "The cell … petitions the Ukom": the body that writes, in the third person
            frame, reported = collective, None
        found: list[tuple[int, str, re.Match[str]]] = []
        for kind, pattern in REQUEST_KINDS:
            for m in pattern.finditer(sentence):
                found.append((m.start(), kind, m))
        found.extend((m.start(), "hear", m) for m in _asked_by_name(ctx, s, sentence))
        found.sort(key=lambda f: f[0])
        again = [m.span() for _p, kind, m in found if kind == "reconsider"]
        found = [
            # (a verification whose words overlap a reconsideration's: "my case be examined
            # afresh" is one request, to look at it again)
            f
            for f in found
            if f[1] != "verify" or not any(f[2].start() < b and a < f[2].end() for a, b in again)
        ]
        seen: set[tuple[str, str]] = set()
        after = _URGENT_AFTER.match(text, e)
        last_pos = found[-1][0] if found else -1
        for pos, kind, m in found:
            if re.search(r"\b(?:not|never)\s+(?:be\s+)?$", sentence[:pos]) and not re.search(
                r"\b(?:could|would|can|will)\s+you\s+not\s+$", sentence[:pos], re.I
            ):
                # "he should not be readmitted" asks the opposite; "Could you not ask …?" asks
                continue
            if _NOT_ASKED.search(sentence[:pos]):
                continue  # "I neither ask you to reinstate her nor …", "I do not ask for mercy"
            if re.search(
                r"\b(?:was|were|had been|has been|have been)\s+(?:\w+ly\s+)?$", sentence[:pos]
            ):
                continue  # "that Bulygin was admitted in 1919": a fact told, not a request
            by = "author"
            by_ref: PersonRef | None = None
            who = _reporter(ctx, s, reported) if reported and reported.start() < pos else None
            if who is not None and (
                not frame or frame.start() > pos or frame.start() < reported.start()  # type: ignore[union-attr]
            ):
                mention, by = who
                by_ref = _ref(ctx.letter, "text", mention) if mention is not None else None
            elif (
                kind != "consider_facts"
                and not (frame and frame.start() < pos + 40)
                # ("He asks that …", said of the author himself: his own request)
                and not (reported and reported.start() < pos and _author_asks(ctx, s + pos))
                # "… must in his opinion be verified": a passive with "must" asks by itself
                and not _MUST_BE.search(m.group(0))
            ):
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
            urgent = (
                bool(_URGENT.search(_clause(sentence, pos)))
                # "… and to call him before you, and to do it without delay": said of them all
                or bool(_DO_IT_URGENTLY.search(sentence))
                or urgent_throughout
                # "… reinstate her. It is urgent: …"; "Please do it quickly" after a sentence
                # of requests is said of the last
                or bool(after and (not after.group("last") or pos == last_pos))
            )
            span = ctx.letter.span("text", s + m.start(), s + m.end())
            out.add(
                "requests",
                Item(kind, span, None, {"by": by, "by_person": by_ref, "urgent": urgent}),
            )
    _urgent_letter(ctx, out)
    _one_of_a_kind(out)


# "Ask the night watchman Yefim Karasyov", "Call the engine-driver Bessonov": a person to be
# heard, named after the verb and perhaps a description of them.
_ASK_SOMEONE = _spaced(
    re.compile(
        r"\b(?:ask|question|call|summon|interview|consult)\b(?: in| also)?"
        r"(?: (?:the|our|your|old))?"
        r"(?: (?!(?:that|whether|if|why|how|what|when|about|for|to|you)\b)[a-z][\w-]*){0,6}? "
        r"(?=(?-i:[A-Z]))",
        re.IGNORECASE,
    )
)


def _asked_by_name(ctx: _Ctx, s: int, sentence: str) -> list[re.Match[str]]:
    """The matches of `_ASK_SOMEONE` followed by a person's name who is neither the writer nor
    the one written to, and who is not then asked to do something ("ask Comrade Kalinin to
    intercede")."""
    found = []
    for m in _ASK_SOMEONE.finditer(sentence):
        if re.search(r"\b(?:they|we|people|he|she|you|everyone)\s+$", sentence[: m.start()], re.I):
            continue  # "the man they call hired is my nephew Vasily": naming, not a summons
        at = s + m.end()
        named = next(
            (
                x
                for x in ctx.mentions
                if at <= x.start <= at + 12
                and re.fullmatch(rf"(?:{lx.TITLES}\s+)?", ctx.text[at : x.start])  # "Comrade"
            ),
            None,
        )
        if named is None or ctx.roles.get(named.cluster) in ("author", "addressee"):
            continue
        if re.match(r"\s*,?\s*to\b", ctx.text[named.end : named.end + 12]):
            continue
        found.append(m)
    return found


def _one_of_a_kind(out: Extraction) -> None:
    """A request made twice ("Wire urgently the grounds … Send the whole file") is one request:
    the first, urgent when either was."""
    kept: dict[tuple[str, str], Item] = {}
    for item in list(out.get("requests")):
        key = (item.value, item.extra["by"])
        first = kept.setdefault(key, item)
        if first is not item:
            first.extra["urgent"] = first.extra["urgent"] or item.extra["urgent"]
            out.fields["requests"].remove(item)


# A telegram's word of urgency standing alone ("Urgent.", "Very urgent!"): every request it
# makes is urgent.
_URGENT_ALONE = re.compile(
    r"(?:^|(?<=[.!\n]))\s*(?:very |most |extremely )?urgent(?:ly)?\s*(?:[.!]*\s*(?:$|\n)|[.!]+\s)",
    re.IGNORECASE,
)


def _urgent_letter(ctx: _Ctx, out: Extraction) -> None:
    if not _URGENT_ALONE.search(ctx.text):
        return
    for item in out.get("requests"):
        if item.extra["by"] == "author":
            item.extra["urgent"] = True


def _author_asks(ctx: _Ctx, before: int) -> bool:
    """Whether the author, named in the third person, asks something earlier in the text (a
    telephone message or a secretary's note: "Comrade Yaroslavsky asks that …")."""
    return any(
        m.start < before
        and ctx.roles.get(m.cluster) == "author"
        and _ASKS_AFTER.match(ctx.text, m.end)
        for m in ctx.mentions
    )


_ASKS_AFTER = re.compile(r"\s+(?:asks|requests|begs|proposes|insists|urges)\b")
_MUST_BE = re.compile(r"\b(?:must|should|ought to)\b.*\bbe\b", re.I)


def _reporter(ctx: _Ctx, s: int, verb: re.Match[str]) -> tuple[Mention | None, str] | None:
    """Who makes a reported request ("She … asks me to intercede"): the last person or
    third-person pronoun before the verb in its sentence. None when it is the author."""
    head = _LOWER_I.sub("I", ctx.text[s : s + verb.end()])[: verb.start()]
    names = [m for m in ctx.mentions if s <= m.start < s + verb.start() and not m.family]
    pronouns = list(_WHO.finditer(head))
    last_pron = pronouns[-1] if pronouns else None
    # (not the one greeted: "… to you comrade Kalinin and ask you …")
    names = [m for m in names if ctx.roles.get(m.cluster) != "addressee"]
    if names and (last_pron is None or names[-1].start > s + last_pron.start()):
        if ctx.roles.get(names[-1].cluster) == "author":
            return None
        return names[-1], _cluster_name(ctx, names[-1])
    if last_pron is None or last_pron.group(0).lower() in ("i", "we"):
        return None
    mention = _antecedent(ctx, s + last_pron.start(), last_pron.group(0).lower())
    if mention is not None and ctx.roles.get(mention.cluster) == "author":
        return None  # "He asks that …" in the telephone message he dictated: his own request
    if last_pron.group(0).lower() in ("he", "she") and _author_asks(ctx, s):
        # "Comrade Yaroslavsky asks that … / He asks that …": the dictating author again
        return None
    return mention, _cluster_name(ctx, mention) if mention is not None else last_pron.group(0)
