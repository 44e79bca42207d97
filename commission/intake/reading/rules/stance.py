"""The author's stance on the subject (for, against, neutral) and the footing of what the
author knows of the subject (the basis of knowledge).
"""

from __future__ import annotations

import re

from commission.intake.reading import lexicon as lx
from commission.intake.reading.model import Extraction, Item
from commission.intake.reading.rules.context import _Ctx, _sentence_at, _spaced

STANCE_AGAINST = re.compile(
    r"\b(?:(?:cannot|can ?not|could not|can't|do not|don't|will not|must|have to) "
    r"(?:\w+ )?(?:recommend|vouch|support|answer for)\w*|refuse\w* to (?:recommend|vouch|support)|"
    r"decline\w* to (?:recommend|vouch|support)|(?:should|must) not be (?:readmitted|reinstated|"
    r"restored|admitted|accepted)|rightly expelled|justly expelled|unworthy|alien element|"
    r"careerist|drunkard|drunkenness|bribe\w*|dishonest\w*|(?:I|we) (?:object|oppose)|"
    r"against (?:his|her|their) (?:readmission|reinstatement|admission)|not (?:fit|suitable) "
    r"(?:for|to)|harmful|speculat\w*|(?:I|we) (?:confirm|support|endorse) the (?:decision|"
    r"expulsion)|was right to expel|cannot be trusted|untrustworthy|no confidence|"
    # the author's own charge: "should not remain in the Party", "he looted a village"
    r"(?:should|must|ought to) not (?:remain|stay|be left|be kept) in the (?:party|ranks)|"
    r"(?:should|must|ought to) be (?:expelled|purged|removed|driven out|excluded)|"
    r"loot\w*|plunder\w*|embezzl\w*|stole|steal\w*|theft|(?:sells?|sold|selling) "
    r"(?:\w+ ){0,3}on the side|rude|rudeness)\b",
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
    r"decision) (?:to be |as |was )?(?:a mistake|an error|mistaken|wrong|unjust)|"
    # what a defender of the genre says: the expulsion is wrong, the person did the work
    r"(?:that|this|it|the expulsion|the decision) (?:is|was) (?:wrong|unfair|unjust)|"
    r"never spared (?:himself|herself|themselves)|did (?:his|her|their) duty|"
    r"lived by (?:his|her|their) own (?:work|labour|labor|hands)|"
    r"I trust (?:him|her|them)|can speak for (?:him|her|them)|"
    r"(?:leave|keep|retain) (?:him|her|them) in the (?:party|ranks)|"
    r"fought (?:at|on|in|under|for|with us|against the Whites)|"
    r"which (?:he|she|they) never (?:concealed|hid|denied))\b",
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
            # "I do not know him myself", "I know nothing of Gorokhova herself", "I know him
            # only by reputation", "I cannot vouch for him myself"
            r"(?:do|did) not know (?:him|her|them) (?:myself|ourselves)|"
            r"know (?:nothing|little) (?:of|about) (?:him|her|them|(?-i:[A-Z])[\w’'-]+)|"
            r"know (?:him|her|them|(?:Comrade )?(?-i:[A-Z])[\w’'-]+(?: (?-i:[A-Z])[\w’'-]+){0,2}) "
            r"only (?:by|from) (?:reputation|hearsay|name|report|what)|"
            r"(?:cannot|can ?not|can't) vouch for (?:him|her|them) (?:myself|personally)|"
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
            r"her))|"
            # "I served under Comrade Venediktov", "known to me by his work", "I was his
            # commissar there", "he commanded our brigade"
            r"served (?:with|under) (?:Comrade )?(?-i:[A-Z])\w+|"
            r"(?:known|know) (?:to me |him |her |them )?(?:by|from|through) (?:his|her|their) "
            r"work|(?:I|we) (?:was|were) (?:his|her|their) (?:commissar|commander|chairman|"
            r"secretary|foreman|instructor|organiser|organizer|superior|chief)|(?:he|she) "
            r"commanded (?:our|my) \w+\b",
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
            r"learnt from|learned|learnt) (?:that|from)|"
            # "I know him only by reputation", "people speak well of him", "all the workers
            # say so", "I have had several complaints"
            r"by reputation|(?:people|workers|comrades|everyone|everybody|they|all) "
            r"(?:\w+ ){0,3}?(?:say|says|said|speak|spoke|tell|report) (?:so|that|well|ill|of)|"
            r"(?:have|had) (?:had|received) (?:\w+ )?complaints|"
            r"according to (?:comrades|others|what|people|rumou?r)|"
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
            r"(?:I|we) (?:have )?known (?!(?:\w+ ){0,4}family)(?:\w+ ){1,5}since|"
            # "I knew both of them in exile", "we were in the Butyrki prison together"
            rf"knew {_THEM} (?:in|from) (?:\w+ )?(?:exile|prison|emigration|the underground|"
            r"underground|hard labour|Siberia)|(?:were|was) in (?:the )?(?:\w+ )?(?:prison|exile)"
            r" together|sat in prison with|"
            rf"(?<!not\s)know {_THEM}(?=[.;]))\b",
            re.I,
        ),
    ),
)

STANCE_AGAINST, STANCE_FOR = _spaced(STANCE_AGAINST), _spaced(STANCE_FOR)
BASIS = tuple((kind, _spaced(p)) for kind, p in BASIS)

# Words in quotation marks are someone else's: the charge the author answers ("expelled as
# “an alien element”"), not the author's own judgment.
_QUOTED = re.compile(r"\"[^\"\n]{1,200}\"|“[^”\n]{1,200}”|«[^»\n]{1,200}»")

# Before a word of blame, the charge someone else brought: "on the charge of drunkenness",
# "accused of speculation", "expelled as a careerist".
_CHARGE_BEFORE = _spaced(
    re.compile(
        r"\b(?:charged? (?:of|with|that)|charges? of|accus\w* (?:\w+ )?(?:of|that)|"
        r"accusations? (?:of|that)|on the grounds? (?:of|that)|(?:expelled|excluded|purged) "
        r"(?:[\w,]+ ){0,12}?(?:for|as))\b[^.;:]{0,40}$"
        # "complaints that Comrade Belousov, of the Food Committee, is rude": others' word
        r"|\bcomplaints? (?:that|of|about)\b[^.;:]{0,90}$",
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
        if own(m)
        and not _CHARGE_BEFORE.search(text, max(0, m.start() - 120), m.start())
        and not _ONLY_UNKNOWN.match(text, m.end())
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
    elif (disputed := _DISPUTED_CHARGE.search(text)) and any(
        i.extra["by"] == "author" for i in out.get("requests")
    ):
        # the charge in quotation marks and a request of the author's own: a defence
        out.add("stance", Item("for", ctx.letter.span("text", disputed.start(), disputed.end())))
    elif asked := [
        i
        for i in out.get("requests")
        if i.value in _ASKS_FOR and i.extra["by"] == "author" and not _conditional(ctx, i)
    ]:
        # No word of praise or blame, but the author asks for the subject to be reinstated,
        # reheard or admitted: a letter for the subject (an appeal about oneself reads so).
        out.add("stance", Item("for", asked[0].span))
    else:
        out.add("stance", Item("neutral", None))


# A charge the author puts in quotation marks after the word of expulsion ("expelled for
# "religious prejudices"", "as a "petty-bourgeois element""): with a request of the author's
# own ("hear him"), the writer disputes it.
_DISPUTED_CHARGE = _spaced(
    re.compile(
        r"\b(?:expelled|excluded|purged|removed)\b[^.;]{0,60}?\b(?:for|as)\s+(?:an?\s+)?"
        r"(?:\"[^\"\n]{3,80}\"|“[^”\n]{3,80}”)",
        re.IGNORECASE,
    )
)

# After "I cannot vouch for": "for him myself", "for her personally": the author does not know
# the person, which is no word against them.
_ONLY_UNKNOWN = re.compile(r"\s+for\s+(?:him|her|them)\s+(?:myself|personally|ourselves)\b")

_ASKS_FOR = frozenset({"reinstate", "reconsider", "intercede", "admit"})


def _conditional(ctx: _Ctx, item: Item) -> bool:
    """ "If the facts are as I hear them, the decision should be reviewed": a request on a
    condition says nothing of where the author stands."""
    if item.span is None or item.span.part != "text":
        return False
    s, _e = _sentence_at(ctx, item.span.start)
    return bool(re.match(r"\s*(?:if|should|unless|in case)\b", ctx.text[s:], re.IGNORECASE))


def _negated(text: str, pos: int) -> bool:
    before = text[max(0, pos - 20) : pos]
    return bool(re.search(r"\b(?:not|no|never|nor|cannot|can't)\s+(?:\w+\s+)?$", before))


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
