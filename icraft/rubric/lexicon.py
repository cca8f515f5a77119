"""Cue-phrase patterns the detectors and the STAR classifier use, compiled once at import
(or on first use: :class:`Lazy`). The word lists and patterns are here; how they are
compiled fast is :mod:`icraft.rubric.patterns`.

Every pattern runs once over an answer's lower-cased text (``AnswerContext.hits``),
never per word, so the engine stays linear in the length of the transcript. Patterns
match lower-case text; word boundaries keep "cache" from matching inside "cached"
only where that matters.
"""

from __future__ import annotations

import re
from typing import Union

from icraft.rubric.patterns import (  # noqa: F401 (the builder's names, read as lx.fast_compile, lx.factor...)
    WORD_START,
    Cue,
    Lazy,
    bound_after_first,
    factor,
    fast_compile,
    first_chars,
    split_top,
    trie,
)

_rx = fast_compile


UNITS = (
    r"%|x\b|k\b|m\b|b\b|ms\b|s\b|percent|pct|times|users|customers|clients|requests|reqs?|qps|rps|tps|"
    r"milliseconds|seconds|secs?|minutes|mins?|hours|hrs?|days|weeks|months|quarters|years|"
    r"gb|tb|mb|kb|pb|gbps|mbps|dollars|usd|engineers|people|developers|teams|services|servers|nodes|"
    r"instances|machines|tickets|bugs|incidents|errors|pages|calls|queries|transactions|orders|"
    r"writes|reads|events|messages|records|rows|items|points|steps|deploys|deployments|releases|"
    r"sprints|regions|shards|replicas|lines|files|tests|alerts|sign-?ups|downloads|per\b"
)
_WORD_NUMBERS = trie(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty "
    "seventy eighty ninety hundred hundreds thousand thousands million millions billion billions half".split()
)
# What a rate is counted per: a unit of time ("40 a month", "twice a day") or of work
# ("3 retries per request").
_PER_TIME = r"(?:second|minute|min|hour|hr|day|night|week|month|quarter|year|sprint|release|shift)\b"
_PER_UNIT = rf"(?:{_PER_TIME}|(?:deploy|request|user|customer|order|query|call|page|build|run)\b)"
# A quantity with a unit, a percentage, money, a multiplier, a before/after pair, a rate
# ("40 a month", "twice a day", "a dozen a week", "5 tickets per sprint") or a fraction
# ("by half", "half the time", "a third of our tickets"): each says how much.
METRIC = Cue(
    (r"\$\s?\d", False),
    (rf"\d[\d,]*(?:\.\d+)?\s?(?:{UNITS}|(?:second|minute|hour|day|week|month|quarter|year)\b)", False),
    (rf"\b(?:{_WORD_NUMBERS})\s(?:{UNITS})", True),
    (r"(?:doubled|tripled|quadrupled|halved)\b", False),
    # An order of magnitude said in words: "a few hundred garages", "several thousand writes"
    # (rubric 2026.12.59: "No numbers at all" quoted a design that estimated its scale so).
    # Guard (Cue): every match holds one of these words.
    (r"\b(?:a\sfew|several|a\scouple\s(?:of\s)?|some|many)\s(?:hundred|thousand|million|billion)s?\b", True,
     r"hundred|thousand|million|billion"),
    # "dropped to zero", "zero downtime", "from zero": zero is a figure too.
    # Guard (Cue): every match holds "zero"; 1 answer in 25 has it.
    (rf"(?:(?:to|at|from)\szero\b|zero\s(?:{UNITS}|downtime|errors|incidents|bugs))", True, "zero"),
    (r"p(?:50|90|95|99|999)\b", False),
    (r"from\s\S*\d\S*\s(?:\w+\s){0,3}to\s\S*\d", False),
    (rf"\d[\d,]*(?:\.\d+)?\s(?:[a-z][\w'-]*\s){{0,2}}(?:a|an|per|each|every)\s{_PER_UNIT}", False),
    (
        rf"""\b(?:(?:{_WORD_NUMBERS}|a\sdozen|dozens)\s(?:[a-z][\w'-]*\s){{0,2}}(?:a|an|per|each|every)\s{_PER_UNIT}
        |(?:once|twice|thrice|an?\s(?:hour|day|week|minute))\s(?:a|an|per|each|every)\s{_PER_TIME})""",
        True,
        # Guard (Cue): both branches hold a space, "a/an/per/each/every", a space and a unit
        # (_PER_TIME is part of _PER_UNIT); 3 answers in 10 have one.
        rf"\s(?:a|an|per|each|every)\s{_PER_UNIT}",
    ),
    (
        r"""\b(?:(?:by|to)\s(?:a\s|one\s)?(?:half|third|quarter|fifth|tenth)\b|in\shalf\b
        |(?<!first\s)(?<!second\s)(?<!last\s)(?<!next\s)(?<!other\s)(?<!back\s)(?<!front\s)
        (?:half|(?:a|one|two)\s(?:thirds?|quarters?|fifths?|tenths?)|three\squarters)\s(?:of\s)?
        (?:the|our|my|their|its|all|them|us|those|these)\b)""",
        True,
        # Guard (Cue): every branch holds one of these words (thirds, quarters... too);
        # most answers have none.
        r"half|third|quarter|fifth|tenth",
    ),
)
# Any number at all (digits or number words): used by the negotiation rules.
NUMBER = _rx(rf"\$\s?\d|\b\d[\d,]*(?:\.\d+)?\s?k?\b|\b(?:{_WORD_NUMBERS})\b")

# --- STAR cues ------------------------------------------------------------------------
# Sources only: text.STAR_CUES compiles them once, as one regex with a group per cue.
SITUATION = (
    r"""\b(?:situation|context|background|at\sthe\stime|back\s(?:then|in)|at\smy\s(?:last|previous|current|old|first)\s
    (?:job|company|role|team|startup|employer)|when\si\s(?:was|joined|worked|started)|we\shad\s(?:a|an|this)\b|there\s(?:was|were)
    |our\s(?:team|company|service|system|product|app|platform|customers?)|the\s(?:problem|issue|challenge|incident|project)\s(?:was|is)
    |i\swas\sworking|(?:was|were)\s(?:timing\sout|failing|struggling|growing|getting|running|using|crashing|down)
    |last\s(?:year|quarter|month|week|sprint|spring|summer|fall|autumn|winter)|on\smy\s(?:last\s|previous\s)?team\b
    |a\s(?:few|couple\sof)\s(?:years|months|weeks)\sago|(?:two|three|four|five|six|eighteen|several)\s(?:years|months|weeks)\sago
    |about\s\d+\s(?:years|months|weeks)\sago|an?\s(?:year|month)\sago
    |earlier\sthis\s(?:year|quarter|month)|this\spast\s(?:year|quarter|spring|summer|fall|autumn|winter)|in\s(?:19|20)\d\d|(?:i|we)\sworked\son)"""
)
TASK = (
    r"""\b(?:my\s(?:job|task|role|goal|responsibility|mandate|assignment)\s(?:was|is)|i\swas\s(?:responsible|asked|tasked|assigned|
    the\s(?:on-?call|lead|owner|tech\slead|engineer|one))|i\s(?:needed|had)\sto|the\s(?:goal|task|ask|mandate|objective|deadline)\s(?:was|is)
    |we\s(?:needed|had)\sto|i\sowned|i\swas\son[-\s]call|i\s(?:volunteered|signed\sup)\sto|it\swas\s(?:my|on\sme))"""
)
_ACTION_VERBS = (
    r"decided|built|rebuilt|wrote|rewrote|redid|designed|led|proposed|added|created|fixed|implemented|introduced|set\sup|ran|"
    r"analy[sz]ed|looked|investigated|profiled|talked|met|reached\sout|convinced|migrated|refactored|pushed|"
    r"organi[sz]ed|scheduled|paired|mentored|coached|drove|started|split|moved|changed|replaced|removed|"
    r"measured|benchmarked|traced|reproduced|rolled|shipped|deployed|documented|escalated|asked|presented|"
    r"negotiated|prioriti[sz]ed|broke|made|took|got|put|used|chose|picked|spent|called|sat|spoke|worked|"
    r"focused|automated|tested|reviewed|dug|found|noticed|saw|identified|tried|suggested|recommended|"
    r"pulled|built|wrote|gave|brought|kept|ran|sent|set|cut|went|brought|held|taught|drafted|gathered|"
    r"collected|compared|weighed|aligned|delegated|hired|interviewed|trained|onboarded|owned|fought|"
    r"batched|cached|sharded|partitioned|debugged|patched|wired|switched|simplified|cleaned|enabled|disabled|"
    r"dropped|isolated|mapped|modeled|modelled|planned|prototyped|piloted|launched|monitored|alerted|"
    r"escalate|build|write|add|fix|lead|design|talk|propose|use|start|ask|create|implement|run|check"
)
# Up to two adverbs, hedges or fillers between the subject and the verb (a comma may set them off:
# "I, uh, mentored"): "I then
# rewrote", "I kind of rewrote", "we um basically shipped" are still actions.
_ADVERB = r"(?:(?:then|also|first|quickly|personally|immediately|eventually|finally|actually|basically|just|myself|"
_ADVERB += r"directly|carefully|still|later|next|kind\sof|sort\sof|probably|maybe|like|um+|uh+|sort\sof),?\s){0,2}"
# First-person singular action: "I rewrote", "I then added", "I'd use" is not past but counts in design talk.
I_ACTION = (rf"\bi,?\s{_ADVERB}(?:{_ACTION_VERBS})\b|\bi,?\s{_ADVERB}(?!(?:wanted|needed|liked|hoped|believed|learned|learnt)\b)[a-z]{{3,}}ed\b")
WE_ACTION = (rf"\bwe,?\s{_ADVERB}(?:{_ACTION_VERBS})\b|\bwe,?\s{_ADVERB}(?!(?:wanted|needed|liked|hoped|believed|learned)\b)[a-z]{{3,}}ed\b")
RESULT = (
    r"""\b(?:as\sa\sresult|in\sthe\send|the\sresults?\s(?:was|were|is)|outcome|ended\sup|which\s(?:meant|led|cut|saved|reduced)|
    led\sto|resulting|after\sthat|afterwards|reduced|increased|improved|decreased|dropped|went\s(?:down|up|from|away)|
    cut|saved|grew|doubled|tripled|halved|shipped|launched|delivered|achieved|fewer|no\s(?:more|longer)|
    since\sthen|success(?:ful|fully)?|went\s(?:fine|well|smoothly)|got\spromoted|adopted|hit\s(?:the|our)|
    on\stime|stopped|eliminated|recovered|unblocked|the\simpact|impact\swas|customers\s(?:were|got)|paid\soff|worked\b
    |got\s(?:much\s|a\slot\s|way\s)?(?:better|faster|easier|cheaper|quicker|simpler|more\sreliable)
    |(?:was|were)\s(?:doing\s)?(?:much\s|a\slot\s|way\s|far\s)(?:better|more\sconfident)|went\son\sto
    |(?:was|were|got)\s(?:approved|merged|accepted)|on\sthe\sfirst\s(?:review|pass|try|attempt)
    |passed\s(?:his|her|their|the|my)\s(?:\w+\s)?(?:review|exam|certification|interview|audit))"""
)
# A result cue that announces an outcome ("as a result", "in the end"): a clause opening
# so is told as a result even before the first action (an answer-first story), where
# other outcome words are setup ("nobody knew how it worked"). Matched against the text
# of a RESULT match.
RESULT_LEAD = re.compile(
    r"as\sa\sresult|in\sthe\send|the\sresults?\s|outcome|ended\sup|after\sthat|afterwards|resulting"
    r"|since\sthen|the\simpact|impact\swas"
)
REFLECTION = (
    r"""\b(?:learn(?:ed|t)|lessons?|takeaways?|next\stime|in\shindsight|looking\sback|(?:would|i'd)\sdo\s(?:it\s)?differently
    |if\si\s(?:did|had\sto\sdo)\sit\sagain|taught\sme|i\srealized|since\sthen\si|now\si\s(?:always|make|check|start)|i\snow\s
    |changed\show\si|reflect\w*|what\si\swould\schange|i\swould\shave)"""
)

# --- ownership, voice --------------------------------------------------------------------
# Hypothetical or planned first person: "I would start by...", "I'd add", "we could",
# "I'll shard it", "if I were". It tells a plan, not something anyone did, so it is
# neither an owned action nor team talk. "I'd say" / "I would argue" are only
# hedges, and "I'd already shipped it" is a past perfect, so both are left out.
HYPOTHETICAL_SELF = fast_compile(
    r"""\b(?:(?P<who>i|we)(?:'d|'ll|\s(?:would|could|might|should|will|may))\b
    (?!\s(?:say|guess|argue|think|imagine|assume|suppose|like|love|hope|rather|already|just|never|been|[a-z]+ed)\b)
    |if\s(?P<who_if>i|we)\s(?:were|was|had|did)\b)"""
)
# Questions that ask for a plan ("How would you...", "What if..."): a first-person
# hypothetical answer is exactly what they want.
PLAN_QUESTION = fast_compile(
    r"\b(?:would|should|will)\syou\b|\bhow\s(?:do|can|could)\syou\b|\byou'd\b|\bwhat\sif\b|\bhow\sto\b"
    r"|\b(?:suppose|imagine|design)\b"
)
# Questions that ask what the candidate did: a hypothetical answer dodges them.
STORY_QUESTION = fast_compile(
    r"""\b(?:tell\sme\sabout\sa\s(?:time|situation|project)|describe\sa\s(?:time|situation)|give\sme\san\sexample
    |have\syou\sever|how\sdid\syou|what\sdid\syou|a\stime\s(?:when|you)|walk\sme\sthrough\sa\s(?:time|project))\b"""
)
WE = Cue((r"(?:we|we're|we've|we'd|we'll|our|us)\b", False))
I_ANY = Cue((r"(?:i|i'm|i've|i'd|i'll|my|me|myself)\b", False))
PASSIVE = _rx(
    r"""\b(?:was|were|got|been|being|is|are)\s(?:\w+ly\s)?
    ([a-z]{3,}ed|built|done|made|written|rewritten|taken|chosen|given|sent|broken|brought|caught|found|
    held|kept|led|left|lost|paid|run|seen|set|shown|sold|spent|told|thrown|known|fixed|shipped|decided)\b
    (?!\s(?:by|to\s\w+\sby)\b)"""
)
PASSIVE_STATIVE = frozenset(
    {
        "supposed", "used", "interested", "tired", "based", "located", "involved", "excited", "worried",
        "concerned", "married", "scared", "surprised", "pleased", "satisfied", "disappointed", "frustrated",
        "confused", "bored", "impressed", "qualified", "experienced", "dedicated", "focused", "motivated",
        "stressed", "overwhelmed", "required", "expected", "allowed", "called", "named", "related", "limited",
        "known", "done", "tied", "blocked", "stuck", "paged", "promoted", "hired", "asked", "assigned",
        "tasked", "embedded", "distributed", "replicated", "sharded", "cached", "stored", "indexed",
        "partitioned", "shared", "needed", "detailed", "advanced", "complicated", "sophisticated", "red",
        "need", "biased", "coupled", "skewed", "bounded", "unbounded", "nested", "sorted",
    }
)

# --- communication -------------------------------------------------------------------------
HEDGE = Cue((
    r"""(?:i\sthink\s(?:maybe|probably|perhaps)|i\s(?:guess|suppose)|maybe|perhaps|probably|
    i'm\snot\s(?:really\s|entirely\s|totally\s|100%\s)?sure|not\s(?:really\s)?sure|i\sfeel\slike|hopefully|somewhat|
    more\sor\sless|kind\sof|sort\sof|if\sthat\smakes\ssense|i\s(?:could|might)\sbe\swrong|i'd\ssay\smaybe|
    i\sdon't\sknow\sif|not\s100%|i\sthink(?=[.?!,]|\s*$))\b""", False))
HEDGE_DETERMINERS = frozenset(
    {"a", "an", "the", "what", "this", "that", "some", "any", "every", "which", "same", "different", "one",
     "other", "each", "no", "my", "our", "your", "their", "its", "these", "those", "another", "all"}
)
VAGUE_QUANTITY = _rx(
    r"""\b(?:a\slot|lots\sof|a\ston|tons\sof|significantly|substantially|dramatically|
    drastically|massively|hugely|tremendously|vastly|considerably|greatly|
    way\s(?:faster|better|more|less|slower|cheaper)|much\s(?:faster|better|more|less|slower|cheaper|higher|lower)|
    (?:big|major)\s(?:improvement|impact|win|difference|boost|gain|reduction)|really\s(?:fast|slow|big|good|well))\b"""
)
PREAMBLE = _rx(
    r"""^(?:[\W_]*(?:so|well|okay|ok|um+|uh+|hmm+|yeah|right|alright|oh)\b[\W_]*)*
    (?:that's\sa\s(?:great|good|tough|hard|interesting|really\sgood)\squestion|(?:good|great|interesting)\squestion
    |let\sme\s(?:think|see)|where\s(?:do|should)\si\s(?:start|begin)|i'm\snot\ssure\swhere\sto\sstart
    |before\si\s(?:answer|start|get\sinto)|it's\s(?:a\s)?(?:long|complicated)\sstory|there\sare\s(?:so\s)?many
    |i\shave\s(?:so\s)?many\sexamples|i\sguess|i\sdon't\s(?:really\s)?know|it\sdepends|gosh|wow)"""
)
REASONING = _rx(
    r"""\b(?:because|since|so\sthat|which\smeans|that's\swhy|the\sreason|due\sto|in\sorder\sto|otherwise|therefore|
    given\sthat|as\sa\sresult|the\strade-?off|instead\sof|rather\sthan|which\sis\swhy)\b"""
)
# A follow-up that asks for a fact ("How many users were affected?", "How long did it last?",
# "Who made the call?"), not for reasoning: a short, exact reply is the right answer to it.
# Probing words anywhere in it (FOLLOWUP_QUESTION: why, what if, walk me through) make it a
# probe again.
FACTUAL_QUESTION = Lazy(
    r"""^\W*(?:and\s|so\s|ok(?:ay)?,?\s)?(?:(?:by\s)?how\s(?:many|much|long|big|large|often|fast|old)|
    (?:when|which)\b(?!\s(?:would|should|could|might|do\syou|does\sit|is\sit)\b)|who\b|
    where\b|what\s(?:was|were|is)\s(?:the\s)?(?:number|figure|size|scale|latency|budget|deadline|date|team\ssize|impact\sin))"""
)
FOLLOWUP_QUESTION = _rx(
    r"""\b(?:why|how\s(?:would|did|do|does|exactly|come)|what\s(?:if|happens|would|was\syour|made\syou)|
    can\syou\s(?:elaborate|expand|say\smore|go\sdeeper|walk\sme|tell\sme\smore)|tell\sme\smore|dig\s(?:into|deeper)|
    what\sabout|how\sabout|specifically|for\sexample|go\sdeeper|drill\sinto|walk\sme\sthrough)\b"""
)

# --- general questions ------------------------------------------------------------------------
# Not answering: the opening sidesteps the question ("I don't really have weaknesses",
# "that's hard to say", "I haven't really thought about it").
DODGE = Lazy(
    r"""\b(?:i\sdon't\s(?:really\s)?have\s(?:any|a|one)\s(?:weakness\w*|real\sweakness\w*|answer|example|plan)|
    i\sdon't\s(?:really\s)?have\sany\b|(?:that's|it's)\s(?:a\s)?(?:hard|tough|difficult)\s(?:one|question|to\ssay)|
    hard\sto\ssay|i\shaven't\s(?:really\s)?(?:thought|decided)|no\sidea|who\sknows|i\scan't\sthink\sof|
    nothing\s(?:really\s)?comes\sto\smind|i'd\srather\snot\ssay|i\sdon't\sknow,?\sreally|not\sreally\ssure)\b"""
)
# The humble-brag non-answer to "What is your greatest weakness?".
DISGUISED_STRENGTH = Lazy(
    r"""\b(?:(?:i'm|i\sam)\s(?:a\s|too\s|such\sa\s)?(?:perfectionist|too\sdedicated|too\shard[-\s]working)|
    i\s(?:work|care)\stoo\s(?:hard|much)|i\stake\son\stoo\smuch\sresponsibility)\b"""
)
WEAKNESS_QUESTION = Lazy(r"\b(?:weakness\w*|improve\son|could\simprove|area\s(?:of|for)\s(?:growth|improvement))\b")
# A claim about yourself that wants an example behind it ("I'm a strong communicator",
# "my greatest strength is...", "I work well under pressure", "I love debugging").
TRAIT_CLAIM = Lazy(
    r"""\b(?:(?:i'm|i\sam)\s(?:a\s|an\s|very\s|really\s|quite\s|extremely\s|highly\s|super\s|pretty\s|always\s)*
    (?:strong|good|great|excellent|quick|fast|hard[-\s]?working|detail[-\s]oriented|team\splayer|people\sperson|natural|
    problem[-\s]solver|hard\sworker|quick\sstudy|(?:great|good|perfect|strong)\sfit|self[-\s]starter|self[-\s]motivated|organi[sz]ed|reliable|dedicated|motivated|passionate|curious|
    adaptable|flexible|creative|proactive|driven|results[-\s]driven|dependable|collaborative|analytical|effective|
    strategic|efficient|calm|positive|persistent|resilient|meticulous|thorough|responsible|ambitious|confident|
    empathetic|independent|fast\slearner|quick\slearner|leader|communicator|perfectionist)\b|
    my\s(?:greatest\s|biggest\s|main\s|key\s|best\s|top\s)?(?:strengths?|skills?)\s(?:is|are|would\sbe)\b|
    i\s(?:work|perform|do)\s(?:really\s)?well\sunder|i\s(?:really\s|truly\s)?(?:excel|thrive)\b|
    i\s(?:can\s|could\s|would\s|will\s)?bring\b|i\s(?:get|got)\salong\s(?:well|great)|i'm\salways\slearning|i\shave\s(?:very\s)?(?:strong|excellent|great|good|solid)\s\w+(?:\s\w+)?\sskills|
    i\s(?:really\s|truly\s|genuinely\s)?(?:love|enjoy)\b|i'm\s(?:really\s)?(?:good|great)\sat)"""
)
# A word every TRAIT_CLAIM match holds (its adjective, noun or verb): an answer holding none
# is not scanned for claims about yourself by generic_claims (a word-set check; the pattern's
# "i"/"i'm" openings make its scan one of the slower ones).
TRAIT_KEYS = frozenset(
    """strong good great excellent quick fast hard hard-working hardworking detail detail-oriented team people
    problem problem-solver worker study fit perfect self self-starter self-motivated organized organised reliable
    dedicated motivated passionate curious adaptable flexible creative proactive driven results-driven dependable
    collaborative analytical effective strategic efficient calm positive persistent resilient meticulous thorough
    responsible ambitious confident empathetic independent learner leader communicator perfectionist natural
    strength strengths skill skills well excel thrive bring along learning love enjoy""".split()
)
# What backs a claim: an instance ("for example", "last year", "at my last job", "when I..."),
# beyond the figures (METRIC) and first-person actions the STAR cues already find.
EXAMPLE = Lazy(
    r"""\b(?:for\sexample|for\sinstance|e\.g\.|such\sas\swhen|one\stime|a\sfew\s(?:weeks|months)\sago|
    last\s(?:year|month|quarter|week|spring|summer|fall|autumn|winter|sprint|release)|this\s(?:year|quarter)|
    at\s(?:my\s)?(?:last|current|previous|first)\s(?:job|role|company|team|employer|internship)|
    in\s(?:my\s)?(?:last|current|previous|first)\s(?:job|role|company|team|position|internship)|
    when\si\s(?:was|joined|led|built|took|had|worked|moved|started)|in\s(?:19|20)\d\d|recently\si|
    i\sonce|that's\show\si|which\sis\show\si|like\s(?:the\stime|when)\si)\b"""
)

# An explicit example marker: the sentence it opens is an example of what came before.
EXAMPLE_LEAD = Lazy(r"\b(?:for\sexample|for\sinstance|e\.g\.|one\stime|i\sonce|like\s(?:the\stime|when)|to\sgive\s(?:you\s)?an\sexample)\b")

# --- depth: specificity (icraft/rubric/specificity.py, rule no_specifics) --------------------------
# Generic words standing where a concrete one belongs: "we decided to do something", "some
# issues", "a project", "the situation", "it was fine", "things worked out", "it depends".
# Vague quantities ("a lot") are vague_quantities', not counted here. A placeholder noun ends
# its phrase: it is followed by punctuation, a function word, a verb ending in -ed or a common
# verb, particle or adverb ("some stuff broke", "an issue in production"); before another noun
# it is a modifier ("a project manager", "the situation checks", "a change freeze").
_PLACEHOLDER_END = (
    r"(?=\s*(?:[.,;:!?)\"']|$)|\s(?:and|or|but|so|to|in|on|at|with|for|of|from|that|which|who|where|when|"
    r"i|we|they|it|it's|he|she|you|the|a|an|our|my|their|was|were|is|are|had|have|has|would|could|"
    r"can|will|didn't|did|do|like|broke|went|came|got|kept|made|happened|needed|changed|worked|"
    r"weren't|wasn't|aren't|isn't|don't|doesn't|won't|can't|couldn't|wouldn't|"
    r"keep|keeps|get|gets|go|goes|happen|happens|going|moving|done|differently|"
    r"better|well|here|there|again|too|up|down|out|over|along|around|before|after|[a-z]+ed)\b)"
)
_PLACEHOLDER_NOUN = (
    r"(?:things|stuff|issues?|problems?|challenges?|changes?|projects?|areas?|technologies|situations?|people|"
    rf"reasons|ways|places|tasks|tools?|solutions?|approaches|options|features|aspects|parts|factors){_PLACEHOLDER_END}"
)
PLACEHOLDER = Lazy(
    rf"""\b(?:(?:something|anything|somewhere|somehow|someone|somebody)\b(?!\s(?:like|around|over|under)\s\S*\d)
    |things\slike\sthat|stuff\slike\sthat|and\sso\son|and\sall\sthat|or\swhatever|etc\b
    |(?:a|an|one|some|various|different|certain|several|many|other|a\sfew|a\sbunch\sof|all\s(?:sorts|kinds)\sof)\s
    (?:(?:pretty\s|really\s|very\s|big|small|new|technical|different|internal|main|other|important|major|minor|
       certain|general|specific|changing|various)\s?){{0,2}}{_PLACEHOLDER_NOUN}
    |the\s(?:situation(?=\s*(?:[.,;:!?)]|$)|\s(?:to|and|with|in|at|so|but|was)\b)|different\speople|people\sinvolved)
    |(?:it|that|this|things|everything|everyone|it\sall)\s(?:was|were|went|worked|turned\sout)\s(?:really\s|pretty\s|just\s)?
    (?:fine|ok(?:ay)?|good|great|well|out|smoothly)\b|worked\sout|moved\sforward
    |(?:didn't|did\snot)\s(?:really\s)?(?:go\s(?:well|great|smoothly|as\splanned)|work\sout)\b|went\sbadly\b
    |(?:do|did|plan|planned|communicate|communicated)\sbetter(?:\splanning|\snext\stime)?\b|better\s(?:planning|communication)\b
    |communication\sis\s(?:really\s|very\s|so\s|super\s)?(?:important|key)\b|worked\s(?:really\s|very\s|so\s|super\s)?hard\b
    |did\s(?:our|my|their)\sbest\b
    |(?:people|everyone|everybody|they|the\steam)\s(?:were|was)\s(?:really\s|pretty\s|very\s|super\s)?(?:happy|ok(?:ay)?|fine)\b
    |in\sgeneral|it\s(?:really\s|all\s)?depends|depends\son\sthe\s(?:situation|case|context)
    |the\sright\s(?:places|way|thing|approach|choice)|at\ssome\spoint|for\sa\swhile|here\sand\sthere
    |(?:a|some)\skind\sof\s\w+|(?:stuff|things){_PLACEHOLDER_END})"""
)
# A claim that stands where a concrete thing belongs, as a placeholder noun does: praise of
# the company ("a great culture", "the benefits are good"), a habit or value stated about
# yourself ("I always go the extra mile", "I believe in transparency"), a growth wish ("I
# could grow a lot here"), and the rubric's own keywords acted on ("I took ownership", "I
# aligned the stakeholders", "I drove the result", "metrics improved"). Counted with the
# placeholders by no_specifics (specificity.py); TRAIT_CLAIM's claims about yourself too.
_PRAISE = "great|good|amazing|awesome|fantastic|nice|cool|exciting|interesting|strong|positive|incredible|wonderful|friendly"
_PRAISED = "company|culture|place|environment|people|benefits|opportunity|mission|reputation|things|atmosphere"
# Habits told about yourself or others ("I always", "people usually", "Usually, I"): a
# generic claim, and what no_star_structure reads as a story with no particular event.
HABITUAL = Lazy(
    r"""\b(?:(?:i|we|they|people|everyone|he|she|my\s(?:managers?|team|colleagues|teammates))\s(?:(?:just|also|really|still|have)\s)?
    (?:always|usually|generally|typically|normally|tend\sto)|(?:usually|typically|normally|generally),?\s(?:i|we|that|it|they|people))\b"""
)
# Generic claims in parts, each scanned only when the answer holds a word of every set in its
# key (a word-set check on the answer's words, not a scan of its text): most answers hold
# none of a part's words, and one regex of all the parts cost ~20 M instructions over the
# one-hour transcript.
GENERIC_CLAIM_PARTS: tuple[tuple[tuple[frozenset[str], ...], Lazy], ...] = (
    (
        (frozenset(_PRAISE.split("|")), frozenset(_PRAISED.split("|"))),
        Lazy(
            rf"""\b(?:(?:{_PRAISE})\s(?:company|culture|place(?:\sto\swork)?|environment|work\senvironment|people|benefits|opportunity
            |mission|reputation|things)|(?:culture|benefits|people|company|environment|atmosphere)\s(?:is|are|looks?|seems?|was|were)\s
            (?:really\s|very\s|so\s|super\s|pretty\s)?(?:great|good|amazing|awesome|fantastic|nice|friendly|strong))\b"""
        ),
    ),
    (
        (frozenset({"everyone", "learn", "grow"}),),
        Lazy(r"\b(?:everyone\s(?:says|tells\sme)|i\s(?:could|would|can|will)\s(?:really\s)?(?:learn|grow))\b"),
    ),
    ((frozenset({"always", "usually", "generally", "typically", "normally", "tend"}),), HABITUAL),
    (
        (frozenset({"believe", "care", "mile", "give"}),),
        Lazy(
            r"""\b(?:i\s(?:really\s|strongly\s|truly\s|firmly\s)?believe\sin|i\s(?:really\s|just\s|also\s)?care\s(?:a\slot\s|deeply\s|too\smuch\s)?about
            |(?:go|going|went)\sthe\sextra\smile|give\s(?:it\s)?(?:my\sall|110|100)|never\sgive\sup)\b"""
        ),
    ),
    (
        (
            frozenset(
                """ownership initiative action accountability aligned align aligning drove drive driving communicated
                communicate communicating own owned owning empower empowered empowering deliver delivered delivering
                data-driven driven practices metrics kpis numbers results outcome outcomes communication loop
                expectations collaboration leadership teamwork transparency trust""".split()
            ),
        ),
        Lazy(
            r"""\b(?:(?:took|take|taking)\s(?:full\s)?(?:ownership|initiative|action|accountability)
            |(?:aligned|align|aligning|drove|drive|driving)\s(?:the\s|all\s(?:the\s)?)?(?:stakeholders|alignment|consensus|accountability|results?|outcomes?|impact|success|value)
            |(?:communicated|communicate|communicating)\s(?:the\s)?(?:trade-?offs|expectations|priorities|clearly|openly)
            |(?:own|owned|owning)\sthe\s(?:outcome|result|process)|empower(?:ed|ing)?\s(?:the\s)?team
            |(?:deliver|delivered|delivering)\s(?:impact|value|results)|data[-\s]driven\sdecisions?|best\spractices
            |(?:metrics|results|numbers|kpis|outcomes?)\s(?:improved|increased|went\sup|got\sbetter)
            |(?:keep|kept)\s(?:the\s)?communication\sopen|open\scommunication|in\sthe\sloop|clear\sexpectations
            |i\slearned\sthat\s(?:ownership|communication|collaboration|leadership|teamwork|transparency|trust))\b"""
        ),
    ),
)
# A figure that measures nothing named: "metrics improved by 30 percent", "results went up
# 20%". The match runs through the figure, which anchors no clause (specificity.measure).
HOLLOW_FIGURE = Lazy(
    r"""\b(?:the\s)?(?:metrics|results|numbers|kpis|outcomes?|performance|everything|things)\s
    (?:improved|increased|went\sup|got\sbetter|grew)\s(?:by\s)?(?:about\s|over\s|roughly\s|around\s)?\$?\d[\d,.]*\s?(?:percent|%|x)?"""
)
# A scene a particular event happens in ("there was a guy on my team", "we had a memory
# leak", "when I joined", "two years ago"): specificity.tells_an_event.
EVENT_SCENE = Lazy(
    r"""\b(?:there\s(?:was|were)|we\shad\s(?:a|an|this|one)|when\si\s(?:was|joined|worked|started)|back\s(?:then|in)
    |at\sthe\stime|(?:a\s(?:few|couple\sof)|two|three|four|five|several)\s(?:years|months|weeks|days)\sago)\b"""
)
# First-person action verbs in the present (base) form: "I lead", "I use" told in a story
# are habits or historical present, not past events.
PRESENT_ACTION_VERBS = frozenset(
    "escalate build write add fix lead design talk propose use start ask create implement run check set cut put split".split()
)

# A planned first-person action ("I would add a unit test", "we'd shard the table"): in a
# design, coding or technical answer the plan is the content, so it anchors like a past action
# when its object is specific. The match ends on the verb; "I'd say", "I would be" are not plans.
PLAN_ACTION = Lazy(
    r"""\b(?:i|we)(?:'d|'ll|\swould|\swill|\scould|\sshould|\scan)\s(?:first\s|then\s|also\s|just\s|probably\s)?
    (?!(?:say|think|guess|imagine|assume|argue|be|have|like|love|hope|need|want|rather|not|and|or|but|so|as|to)\b)[a-z]+"""
)
# A moment that places a story: "last year", "in March" (capitalised, a name), "2023" (a number).
TIME_ANCHOR = Lazy(
    r"\b(?:last|this|that|next)\s(?:year|quarter|month|week|spring|summer|fall|autumn|winter|sprint|release)\b|\byesterday\b"
)
# The object of a first-person action that names nothing: a pronoun, a placeholder noun or
# no object at all ("I fixed it", "I told them", "I designed the system", "we did
# something", "I can grow and...").
GENERIC_OBJECT = frozenset(
    """it them that this those these everyone everybody someone somebody something anything everything things thing
    stuff issue issues problem problems situation system systems project projects work tool tools solution
    requirements process task tasks way ways approach changes change code sure best do make get go handle deal
    different various many several lot bunch one ones him her us me people person
    ownership initiative action accountability stakeholders stakeholder alignment consensus outcome outcomes
    result results impact value success expectations priorities communication transparency collaboration
    trade-offs tradeoffs was were is are be been had have has
    and or but so as because when if then i we you they he she there here now""".split()
)
# Words skipped on the way to an action's object: determiners, particles, prepositions, adverbs.
OBJECT_SKIP = frozenset(
    """the a an our my their his its to up out on in into with about for of over through back ahead forward
    also then just all most some really quickly""".split()
)

# --- depth: design and coding -------------------------------------------------------------------
# What a choice costs, in a trade-off stated without the word ("each extra index costs write
# throughput", "didn't hurt insert latency", "uses more memory"): the resource given up.
_RESOURCE = (
    r"(?:latency|throughput|memory|ram|space|storage|disk|cpu|bandwidth|network|round[-\s]?trips?|hops?|retries|"
    r"writes?|reads?|inserts?|availability|consistency|durability|freshness|staleness|complexity|money|time|"
    r"performance|speed)\b"
)
# A trade-off: the words for one, an alternative set against the choice ("as opposed to",
# ", against O(n) space for the set"), the cost of the choice ("serializable costs retries",
# "didn't hurt insert latency", "uses more memory", "slow reviews cost more"), or where the
# choice stops being right ("unless", "not for balances", "I wouldn't make the whole database
# serializable", "acceptable for that table", "because otherwise"); since rubric 2026.12.51 also
# when an option wins ("Better when k is small is a min-heap", "If I want linear time, I can
# bucket by frequency") and a fix weighed as a stopgap ("a band-aid, not the fix"); since
# 2026.12.59 a choice made for now and why ("a monolith at first, because the scale isn't
# huge") and the point where it changes ("add a cache if it gets slow").
TRADEOFF = _rx(
    rf"""\b(?:trade[-\s]?offs?|instead\sof|rather\sthan|versus|vs\.?|downsides?|drawbacks?|at\sthe\scost\sof|
    pros\sand\scons|alternatives?|on\sthe\sother\shand|whereas|but\s(?:it|that|this)\s(?:costs?|means|adds|makes|is\sslower)|
    over\s\w+\sbecause|i\s(?:chose|picked|went\swith|prefer)\s|we\s(?:chose|picked|went\swith)\s|considered|weigh(?:ed|ing)?|
    compared|comparison|cheaper|more\scomplex|simpler|overhead|the\scost\sis|costs?\sus|the\sprice\sis|in\sexchange
    |at\sthe\s(?:price|expense)\sof|as\sopposed\sto|against(?<=[,;]\sagainst)|another\s(?:option|approach)|the\sother\s(?:option|approach)
    |costs?\s(?:more|less)|(?:costs?|adds|hurts?|slows(?:\sdown)?)\s(?:[\w-]+\s){{0,4}}?{_RESOURCE}
    |(?:uses?|needs?|takes?|requires?)\s(?:a\slot\s|a\sbit\s|much\s|far\s|way\s)?(?:more|extra)\s(?:[\w-]+\s)?{_RESOURCE}
    |unless|only\s(?:if|when|pays\soff)|pays\soff\sonly|worth\s(?:it|the)|good\senough|because\sotherwise
    |acceptable\s(?:for|here|given|because|since|as|if|when|in)|not\sfor(?:(?<=[.;:,]\snot\sfor)|(?<=but\snot\sfor))
    |(?:i|we)\s(?:would\snot|wouldn't|would\snever)\s(?:\w+\s)?(?:use|add|make|pick|choose|go\swith|put|need|do|shard|cache)
    |costs?\s(?:us\s|an?\s|an\sextra\s)?o\(
    |(?<!got\s)(?<!gets\s)(?<!getting\s)(?<!get\s)better\s(?:when|if|for\s(?:small|large|big|short|long|sparse|dense|sorted))\b
    |if\s(?:i|we|you)\s(?:want|need)(?:ed)?\s(?:linear|constant|logarithmic|o\(|faster|lower|less|fewer|better\s\w+|(?:\w+\s)?(?:time|space|memory|latency))
    [^,.;!?]{{0,40}},\s(?:i|we|you)(?:'d|\scan|\scould|\swould)
    |band[-\s]?aid|stopgap|not\sthe\s(?:real\s|actual\s)?fix
    |(?:at\sfirst|to\sstart(?:\swith)?|for\snow)\b[^.;!?]{{0,60}}\bbecause
    |if\s(?:it|that|this|things|traffic|load|the\s\w+)\s(?:gets?|grows?|becomes?)\s(?:too\s\w+|slow|slower|big|bigger|hot|expensive|heavy)
    |if\s(?:the\s)?(?!(?:it|i|me|you|we|they|he|she|that|this)\s)\w+\s(?:were|was)\s[^,.;!?]{{1,40}},\s(?:it|we|i|you|that|this)(?:'d|\swould|\scould|\smight))"""
)
# A choice made in first person ("I'd use a token bucket", "we went with Kafka", "you should
# add indexes"): where a missing trade-off was expected (no_tradeoff quotes the first one).
CHOICE = Lazy(
    r"""\b(?:(?:i|we)(?:'d|'ll|'ve|\swould|\swill|\sshould|\scould)?|you\s(?:should|could|can|would))\s
    (?:first\s|then\s|also\s|just\s|probably\s|basically\s|always\s)?
    (?:use|used|pick|picked|choose|chose|go\swith|went\swith|decided|put|store|stored|add|added|keep|loop|build|built)\b"""
)
ASSUMPTION = _rx(
    r"""\b(?:assum(?:e|es|ing|ption|ptions)|let's\ssay|clarif(?:y|ying|ied|ication)|requirements?|i'd\s(?:first\s)?ask|
    constraints?|given\sthat|if\swe\s(?:expect|have|need|assume)|scope|functional|estimate|estimating|
    back[-\s]of[-\s](?:the[-\s])?envelope|how\smany\susers|read[-\s]heavy|write[-\s]heavy|sla|slo|budget\sfor|
    say,?\s(?:\d|each|every|we|there|about|roughly|around)|suppose|at\speak|peak\s(?:traffic|load|qps|rps))\b"""
)
SCALE = _rx(
    r"""\b(?:scal(?:e|es|ing|able|ability)|shard(?:s|ing|ed)?|partition(?:s|ing|ed)?|replica(?:s|tion|ted)?|
    cach(?:e|es|ing|ed)|load[-\s]balanc(?:er|ers|ing)|horizontal(?:ly)?|vertical(?:ly)?|throughput|qps|rps|
    requests\sper\ssecond|bottlenecks?|hot[-\s]?spots?|fan[-\s]?out|cdn|queue(?:s|ing)?|async(?:hronous)?|backpressure|
    rate[-\s]limit(?:s|ing|er)?|latency|p99|p95|millions?|billions?|concurren(?:t|cy)|stateless|autoscal\w*|capacity)\b"""
)
FAILURE = _rx(
    r"""\b(?:fail(?:s|ed|ing|ure|ures|over)?|retr(?:y|ies|ying|ied)|timeouts?|outages?|degrad(?:e|es|ed|ation|ing)|
    fallbacks?|circuit[-\s]breakers?|redundan(?:t|cy)|backups?|downtime|goes\sdown|go\sdown|crash(?:es|ed)?|idempot\w*|
    dead[-\s]letter|recover(?:y|s|ed)?|disaster|single\spoint\sof\sfailure|spof|health[-\s]?checks?|replicat\w*|
    durab\w*|split[-\s]brain|rollbacks?|roll\sback|failover|multi[-\s]region|lost\swrites?
    |offline|reconnect\w*|re-?deliver\w*|double[-\s]deliver\w*|exactly[-\s]once|at[-\s]least[-\s]once|dedup\w*|acks?
    |acknowledg\w*)\b"""
)
COMPONENT = _rx(
    r"""\b(?:services?|microservices?|databases?|db|cache|queues?|load[-\s]balancers?|gateway|workers?|storage|
    blob\sstore|object\sstore|s3|cdn|index(?:es)?|search\scluster|clients?|servers?|brokers?|kafka|redis|
    memcached|postgres(?:ql)?|mysql|cassandra|dynamo(?:db)?|tables?|streams?|scheduler|cron|proxy|frontend|backend|
    web\sservers?|app\sservers?|consumers?|producers?|pub/?sub|data\swarehouse|elasticsearch|counter\sstore|
    key[-\s]value\sstore|metadata\sstore|message\sbus)\b"""
)
# An interface between components: a named contract (API, endpoint, schema, event format) or,
# at a whiteboard's level of detail, an arrow between two boxes: what writes to or reads from
# what, what a request goes through, what a worker takes from a queue ("uploads go through an
# upload service that writes metadata to Postgres; a worker resizes from a queue").
INTERFACE = _rx(
    r"""\b(?:apis?|endpoints?|interfaces?|contracts?|schema|rpc|grpc|rest(?:ful)?|graphql|protocol|webhooks?|
    websockets?|web\ssockets?|server-sent\sevents|long[-\s]polling|push\snotifications?|
    requests?\s(?:body|format)|response|payload|(?:post|get|put|delete)\s/|message\sformat|events?\s(?:schema|format)|
    versioning|pagination|idempoten\w*\skeys?
    |writes?\s(?:[\w-]+\s){0,3}?(?:to|into)\s\w+|reads?\s(?:[\w-]+\s){0,3}?from\s\w+
    |(?:through|via)\s(?:an?|the)\s(?:[\w-]+\s)?(?:service|gateway|cdn|api|load\sbalancer|proxy|queue)
    |served\s(?:through|from|by)|publish\w*\s(?:[\w-]+\s){0,3}?to|consum\w*\s(?:[\w-]+\s){0,3}?from
    |from\s(?:an?|the)\s(?:queue|topic|stream)|(?:on|onto)\s(?:an?|the)\s(?:queue|topic|stream)
    |emits?\s(?:an?|the)\s\w+\sevent|calls?\s(?:the|an?)\s[\w-]+\s(?:service|api))\b"""
)
COMPLEXITY = _rx(
    r"""\bo\s?\(\s?[^)]{1,24}\)|\b(?:big[-\s]o|time\scomplexity|space\scomplexity|complexity|linear|logarithmic|
    quadratic|constant\s(?:time|space|cost)|n\slog\sn|log\sn|n\ssquared|n\^2|amortized|polynomial|exponential|
    linear\stime|in\slinear|runtime\sis|full\s(?:table\s)?scans?|index\s(?:scan|lookup|seek)|query\splan)\b"""
)
EDGE_CASE = _rx(
    r"""\b(?:edge[-\s]cases?|corner[-\s]cases?|empty|null|none|nil|overflow|underflow|duplicates?|negative|
    boundar(?:y|ies)|off[-\s]by[-\s]one|invalid|malformed|unicode|huge\sinputs?|large\sinputs?|zero|single\selement|
    concurren\w*|race\sconditions?|out\sof\sbounds|missing\s(?:keys?|values?|fields?)|what\sif\sthe\sinput)\b"""
)
TESTING = _rx(
    r"""\b(?:tests?|tested|testing|unit[-\s]tests?|integration\stests?|asserts?|assertions?|property[-\s]based|
    fuzz\w*|test\scases?|ci|regressions?|coverage|tdd|mocks?|fixtures?|verif(?:y|ied|ication)|benchmark\w*)\b"""
)
# Testing named only to wave it off: "I usually don't write tests for this", "QA handles most of
# the testing anyway" (rubric 2026.12.51): no_testing reads such a mention as no testing.
TESTING_DISMISSED = Lazy(
    r"""\b(?:(?:i|we)\s(?:usually\s|generally\s|really\s|just\s|normally\s)?(?:don't|do\snot|never|rarely|wouldn't|won't)
    \s(?:really\s|usually\s|bother\s(?:to\s|with\s)?|need\sto\s)?(?:write\s|add\s|do\s|run\s)?(?:any\s|unit\s|many\s|the\s)?(?:tests?|testing)
    (?!\s(?:just|only|last|after|first|in\sprod\w*|on\sprod\w*|that|the\shappy|manually|by\shand))
    |(?:qa|the\sqa\steam|testers|the\stesters|the\stest\steam)\s(?:usually\s|generally\s|normally\s)?(?:handles?|does|do|owns?|takes?\scare\sof
    |is\sresponsible\sfor|catches)\s(?:most\sof\s|all\sof\s)?(?:the\s)?(?:testing|tests?|that|it)
    |no\sneed\s(?:to\s(?:write\s|add\s)?|for\s)(?:tests?|testing)|(?:tests?|testing)\s(?:is|are)\s(?:a\swaste|overkill|not\sneeded|unnecessary))\b"""
)

# --- seniority: stakeholders, mentoring --------------------------------------------------------------
CONFLICT = Cue((
    r"""\b(?:disagree\w*|conflicts?|push(?:ed)?\sback|pushback|didn't\sagree|objected|tension|argu(?:ed|ment|ing)|
    frustrat\w*|resist\w*|not\son\sboard|competing\spriorities|clash\w*)\b""",
    True,
    # Guard (Cue): each word above holds one of these; most answers have none.
    r"disagree|conflict|push|didn't\sagree|objected|tension|argu|frustrat|resist|not\son\sboard|competing\spriorities|clash",
))
STAKEHOLDER_QUESTION = _rx(
    r"""\b(?:stakeholders?|disagree\w*|conflict\w*|influence|convince|persuade|push\s?back|cross[-\s]team|
    another\steam|other\steams|product\smanager|difficult\s(?:person|colleague|coworker|stakeholder)|priorit\w*|
    align\w*|get\sbuy[-\s]in|manage\sup)\b"""
)
# Handling the people in a conflict: who you met, aligned or convinced, and, as people tell
# it, what you said to the other side ("I said okay, let's test it", "I proposed we...")
# and taking their side into the outcome ("I took her two best screens into mine").
STAKEHOLDER = _rx(
    r"""\b(?:stakeholders?|aligned|alignment|align|met\swith|sat\sdown\swith|talked\s(?:to|with)|spoke\s(?:to|with)|
    listened|1[:-]1|one[-\s]on[-\s]one|compromise\w*|agreed|buy[-\s]in|convinced|persuaded|escalated|
    walked\s(?:them|him|her)\sthrough|shared\s(?:the\s)?(?:data|numbers|doc)|wrote\s(?:a|an|up\sa)\s(?:doc|proposal|rfc|memo)|
    product\smanager|pm|my\smanager|leadership|other\steams?|cross[-\s]team|customers?|design\sreview|
    kept\s(?:them|everyone|him|her)\s(?:informed|updated|in\sthe\sloop)|negotiated|trade[-\s]?offs?\swith|their\sconcerns?
    |i,?\s(?:said|told|asked|suggested|proposed|offered|invited)\s(?:to\s)?(?:her|him|them|we\b|that\swe|let's
    |(?:ok(?:ay)?|fine|look|alright|listen),?\s(?:let's|we))
    |(?:took|used|kept|adopted|folded\sin|merged\sin)\s(?:her|his|their)\s(?:[\w-]+\s){0,3}?
    (?:ideas?|screens?|suggestions?|points?|designs?|versions?|approach|proposal|changes|feedback|concerns?)
    |met\s(?:\w+\s)?(?:in\sthe\smiddle|halfway))\b"""
)
MENTOR_QUESTION = _rx(
    r"""\b(?:mentor\w*|coach\w*|junior|grow\w*\s(?:someone|others|the\steam|an\sengineer|people)|leadership|
    led\sa\steam|lead\sa\steam|team\slead|develop\s(?:someone|others|people)|onboard\w*|new\shires?|helped\ssomeone|someone\son\syour\steam|
    teammate\s(?:who|that)\s(?:struggl|under))"""
)
MENTEE = Cue((
    r"\b(?:junior|new\shires?|intern|interns|new\s(?:engineer|teammate|grad)|mentee)\b",
    True,
    r"junior|new|intern|mentee",  # guard (Cue): each branch holds one of these
))
MENTORING = _rx(
    r"""\b(?:mentor\w*|coach\w*|pair(?:ed|ing)?\swith|taught|teach\w*|code\sreviews?|reviewed\s(?:their|his|her)|
    onboard\w*|delegat\w*|gave\s(?:him|her|them)\s(?:ownership|feedback|the\slead)|feedback|helped\s(?:him|her|them)|
    grow(?:th)?|career|1[:-]1s?|one[-\s]on[-\s]ones?|brown[-\s]bag|workshop|unblock\w*|stretch\s(?:project|goal)|
    let\s(?:him|her|them)\s(?:lead|own|drive)|guided|guidance)"""
)

# --- negotiation ------------------------------------------------------------------------------------
COMP_QUESTION = _rx(
    r"""\b(?:salary|compensation|comp|offer|expectations?|equity|base|signing|bonus|number|budget|package|pay|
    range|rsus?|stock|counter|total\scomp|tc)\b"""
)
VAGUE_ASK = _rx(
    r"""\b(?:competitive|whatever(?:'s|\sis)\sfair|something\sfair|i'm\s(?:flexible|open)|open\sto\s(?:anything|whatever)|
    market\srate|don't\s(?:really\s)?know|not\ssure\s(?:what|about)|whatever\syou\s(?:think|offer|can)|up\sto\syou|
    (?:any|a)\sreasonable|i'm\shappy\swith\swhatever|anything\sis\sfine)\b"""
)
# Asking the other side to name the number first (their offer, range or budget): a
# legitimate opening before any offer, not a weak anchor (weak_anchor passes it).
ASK_THEIR_NUMBER = _rx(
    r"""\b(?:(?:hear|see|know|get)\s(?:your|the\scompany's|the\steam's|an)\s(?:offer|number|range|budget|band)\s
    (?:first|before)|(?:rather|prefer\sto|like\sto)\s(?:hear|see|start\swith|know)\s(?:your|the|what\syou)\s?
    (?:offer|number|range|budget|band|have\sin\smind|had\sin\smind)|(?:share|tell\sme|give\sme|walk\sme\sthrough)\s
    (?:the|your)\s(?:salary\s|pay\s|compensation\s|comp\s|budgeted\s|base\s)?(?:range|budget|band|offer)|
    what(?:\sis|'s|\swas)\s(?:the|your)\s(?:budgeted\s|salary\s|pay\s|compensation\s|comp\s|base\s)?(?:range|budget|band)|
    what\s(?:salary\s|pay\s|compensation\s|comp\s)?(?:range|budget|band)\s(?:do|did|have|are)\syou|
    (?:range|budget|band)\s(?:you|you've|you\shave)\s(?:have\s)?(?:budgeted|in\smind|set\saside)|
    you\s(?:make|name|go\swith)\s(?:the\s)?first\s(?:offer|number|move)|
    before\s(?:i\s)?(?:name|give|share|naming|giving|sharing)\s(?:a|my)\s(?:number|figure))"""
)
RANGE = _rx(
    r"""\bbetween\s\$?\d[\d,.]*\s?k?\sand\s\$?\d|\$?\d[\d,.]*\s?k?\s?(?:-|–|to)\s?\$?\d[\d,.]*\s?k?\b"""
)
# Asking for time or for the offer in writing before answering it ("could I have a couple of
# days to look it over", "can you send it in writing", "I'll get back to you by Friday", "a little
# more time", "could we set the decision for Wednesday"): the
# standard advice for an offer on the table, not an anchor given up (weak_anchor passes it).
DEFER = _rx(
    r"""\b(?:(?:a|one|two|three|a\scouple\sof|a\sfew|few)\s(?:more\s)?(?:days?|weeks?)\sto\s(?:think|look|review|consider|go\sover|talk)
    |in\swriting|(?:get|come)\sback\sto\syou|think\s(?:it|this|that)\sover|talk\s(?:it|this|that)\sover|sleep\son\sit
    |(?:review|look\sover|go\sover)\s(?:the\s)?(?:full\s|whole\s|written\s)?(?:offer|package|details|everything)
    |(?:a\s(?:bit|little)\s|some\s)?(?:more|extra)\stime(?!\soff)|(?:extend|push|move|set)\s(?:back\s)?(?:the\s)?(?:deadline|decision(?:\sdate)?)
    |until\s(?:next\s)?(?:monday|tuesday|wednesday|thursday|friday|week))\b"""
)
# A question that puts a date on the decision ("We'd need your decision by Friday", "Can you commit?"):
# an offer is on the table even when the question names no figure (weak_anchor passes asking for time).
# When a decision is due ("by Friday", "in 48 hours", "within two days"): also questions._NEGOTIATION's.
WHEN = (r"(?:the\s)?(?:end\sof\s(?:the\s)?(?:day|week)|eod|tonight|today|tomorrow|monday|tuesday|wednesday|thursday|friday"
        r"|next\sweek|\d+\s(?:hours?|days?)|(?:one|two|three|a\scouple\sof|a\sfew)\s(?:hours?|days?))\b")
DECISION_DUE = _rx(rf"\b(?:(?:hear\sback|decision|decide|answer|response|commit)(?:\s[\w'-]+){{0,5}}?\s(?:by|in|within|before)\s{WHEN}"
                   r"|can\syou\scommit\s?(?:\?|$))")
CURRENT_SALARY = _rx(
    r"""\b(?:i\s(?:currently\s)?(?:make|earn)|i'm\s(?:currently\s)?(?:making|earning|on)|my\scurrent\s
    (?:salary|comp\w*|base|package|pay)|right\snow\si\s(?:make|earn|get)
    |(?:i'm|i\sam)\s(?:currently\s|now\s)?at(?=\s\$?\d)|currently\sat(?=\s\$?\d))\b"""
)
JUSTIFICATION = _rx(
    r"""\b(?:market|levels\.fyi|data|based\son|research|competing|other\soffers?|offer\sfrom|experience|scope|
    impact|i\sbring|value|comparable|benchmark\w*|peers|for\sthis\slevel|the\srole's)\b"""
)
# "I'm flexible on the mix / the split between base and equity / the start date / how we get
# there": flexibility on how the package is put together, not on what it is worth ("I was
# targeting around 160 base. I'm flexible on how we get there": the number stands).
_ON_STRUCTURE = (r"\s(?:on|about|with)\s(?:the\s|how\s)?(?:mix|split|structure|breakdown|balance|shape|start\sdate"
                 r"|timing|how\sit's\s(?:split|structured)"
                 r"|we\s(?:get|close|bridge|reach|structure)\s(?:there|it|that|the\sgap|to\b))")
CONCESSION = _rx(
    rf"""\b(?:(?<!if\s)that\sworks(?:\sfor\sme)?|i\s(?:can|could|would|will)\s(?:accept|take|live\swith)|that's\s(?:fine|ok|okay|fair)
    |sounds\s(?:good|great|fair|fine)|i'll\stake\sit|i\saccept|no\sproblem|i'm\s(?:fine|ok|okay|happy)\swith|
    i\sdon't\sneed|i\scan\s(?:go|come\sdown)\slower|i\scan\slower|i(?:'d|\swould)\s(?:be\s)?(?:happy|fine|ok)\swith|
    whatever\sworks|i\scan\sbe\sflexible(?!{_ON_STRUCTURE})|i'm\sflexible(?!{_ON_STRUCTURE})|i'll\saccept)\b"""
)
# "I'm in" accepts only when nothing follows in its clause ("I'm in!", "I'm in, let's do
# it"): "two offers I'm in process with", "I'm in the final round" are not concessions. Nor
# is a relative clause that ends on it ("a competing process I'm in,"): it accepts only
# where a clause starts (after punctuation, or "so", "then", "yes"...), not after a noun.
HARD_CONCESSION = Lazy(
    rf"""\b(?:i(?:'d|\swould)\sbe\swilling\sto\s(?:go|come)\s(?:lower|down)|(?:willing|able|happy|open)\sto\s(?:go|come)\s(?:lower|down)|
    i\scan\s(?:go|come)\s(?:lower|down)|i\scan\slower|go\sas\slow\sas|
    (?:i|we)\scan\smake\s(?:\$?\d[\d,.]*\s?k?|it|that|this|the\s\w+)\swork|i\scould\smake\s(?:\$?\d[\d,.]*\s?k?|it|that|this)\swork|
    i(?:'ll|\swill|\scan|\scould|\swould)\s(?:accept|take\s(?:it|that|the\soffer)|live\swith|sign(?!\s(?:with|elsewhere)))|i\saccept|i'll\stake\sit|
    let's\sdo\sit|where\sdo\si\ssign|when\s(?:can|do|should)\si\sstart|send\s(?:over|me)\sthe\s(?:paperwork|offer|contract|letter)|
    (?:(?<![^.!?,;:(\n])|(?<=[.!?,;:(\n]\s)|(?:so|then|and|ok|okay|yes|yeah|well|think|guess|totally|definitely|absolutely|fully)\s)
    i'm\sin(?=\s*(?:[.!,;:?)]|$))|count\sme\sin\b|(?:we\shave\s|it's\sa\s)deal\b|(?:happy|glad|thrilled|delighted|excited|ready)\sto\s(?:accept|sign)|
    accept(?:ing)?\s(?:the|your|this)\soffer|^\W*(?:yes|yeah|absolutely|definitely|of\scourse)\b[\s,!.]*(?:absolutely|definitely|
    of\scourse|thank|that\ssounds|let's|i'll|sounds|deal|perfect|great)|
    anything\s(?:above|over|around|close\sto|near|from)|whatever\s(?:you\s(?:think|can|offer)|works|is\sfair)|
    i\sdon't\sneed\s(?:more|much|the|a\s(?:raise|bump))|i'm\s(?:fine|ok|okay|happy)\swith\s(?:that|it|whatever|the\soffer)|
    i\scan\sbe\sflexible(?!{_ON_STRUCTURE})|i'm\s(?:very\s|really\s|totally\s)?flexible(?!{_ON_STRUCTURE})|i(?:'d|\swould)\s(?:be\s)?(?:happy|fine|ok)\swith\s(?:that|it|the\soffer|whatever))"""
)
# An ultimatum or an attack on the offer: a threat to walk ("I'm going to have to walk", "I'll
# take the other offer"), a deadline imposed ("unless you can get to 190 by tomorrow"), a
# refusal stated as final ("I'm not going to take less than 190", "take it or leave it",
# "non-negotiable"), the offer called an insult ("that's way too low", "a lowball"). A calm
# alternative stated as a fact ("I have another offer at 180; could you get closer?") is not
# one, nor a conditional that keeps talking ("if we can't get closer, I may need to think").
# Rubric 2026.12.52: the threat as an "or"/"otherwise" clause ("match 200 or I'm walking",
# "otherwise I'm signing with one of the others"), feeling insulted ("I'm a bit insulted by
# 150") and a same-day deadline put on them ("let me know by end of day"); a deadline told as
# a fact ("my other offer expires Friday") or asked for ("could you let me know by...") is not.
ULTIMATUM = Lazy(
    r"""\b(?:(?:(?:i'm|i\sam)\sgoing\sto|i'll|i\swill)\s(?:have\sto\s)?(?:walk(?:\saway)?(?!\s(?:you|through|over|them|him|her|in|to))|
    pass(?=\s*(?:[.,!;]|$|on\s(?:it|this|the\soffer)))|decline|go\swith\s(?:the\s|my\s)?other|
    take\s(?:the\s|my\s)?other|accept\s(?:the\s|my\s)?other)\b|walk\saway\sfrom\sthis|
    unless\s(?:you|we)\s(?:can\s|could\s)?[^.?!;]{0,40}?\sby\s(?:tomorrow|tonight|today|end\sof\s(?:day|the\sweek)|friday|monday|noon)|
    (?:take\sit\sor\sleave\sit|non-?negotiable|final\soffer\sfrom\sme|my\sfinal\s(?:number|answer|offer))|
    (?:i'm|i\sam)\snot\sgoing\sto\s(?:take|accept|consider)\s(?:less|anything\sless|anything\sbelow)|
    (?:i\swon't|i\swill\snot)\s(?:take|accept|consider)\s(?:less|anything\sless|anything\sbelow)|
    (?:that's|that\sis|this\sis|it's)\s(?:way|far|much|just|frankly|honestly)\s(?:too\slow|below|insulting|a\slowball)|
    (?<!not\s)(?<!n't\s)(?<!not\sbe\s)insulting|a\slowball|lowball(?:ing|ed)?\b|(?:that's|this\sis)\s(?:a\sjoke|ridiculous|laughable)|
    (?:i'm|i\sam|i\sfeel|i\sfelt|i\swas)\s(?:(?:a\sbit|a\slittle|kind\sof|kinda|somewhat|pretty|really|quite|very|frankly|
    honestly|slightly|genuinely|frankly\sa\sbit|honestly\sa\sbit)\s)?insulted|(?:that's|this\sis|it's)\s(?!not\s)(?:\w+\s)?an\sinsult|
    or\s(?:else\s)?(?:(?:i'm|i\sam)\s(?:just\s)?(?:walking|out(?!\sof)|gone|done|leaving(?=\s*(?:[.,!;]|$|for\b))
    |signing\s(?:with|elsewhere)|going\s(?:with\s(?:the\sother|another|one\sof|them|a\scompeting)|elsewhere))
    |(?:i'll|i\swill|i)\s(?:just\s)?(?:walk|leave|sign\s(?:with|elsewhere)|go\s(?:with\s(?:the\sother|another|one\sof|them|a\scompeting)|elsewhere)))\b|
    (?:otherwise|if\snot),?\s(?:i'm|i\sam|i'll|i\swill)\s(?:just\s)?(?:(?:going|have)\sto\s)?(?:walk|leave|leaving|sign(?:ing)?\s(?:with|elsewhere)|
    go(?:ing)?\s(?:with\s(?:the\sother|another|one\sof|them|a\scompeting)|elsewhere)|tak(?:e|ing)\s(?:the\sother|another|one\sof|my\sother)
    |accept(?:ing)?\s(?:the\sother|another|one\sof|my\sother)|decline|pass)\b|
    (?<!could\syou\s)(?<!can\syou\s)(?<!would\syou\s)(?<!you\splease\s)(?:let\sme\sknow|get\sback\sto\sme|i\sneed\s(?:an\sanswer|a\sdecision|your\s(?:answer|decision)
    |to\shear\s(?:back|from\syou))|you\shave\suntil)\s(?:[^.?!;,]{0,20}?\s)?(?:by|before|within|until)\s(?:the\s)?(?:end\sof\s(?:the\s)?(?:day|business)
    (?!\s(?:on\s)?(?:monday|tuesday|wednesday|thursday|friday|tomorrow))|eod|tonight|today|noon|close\sof\sbusiness|cob|(?:an|one|the)\shour))"""
)
# --- blame and complaint --------------------------------------------------------------------------
# Disowning a failure ("it wasn't really on me", "not my fault", "nothing I could have done", "I
# generally don't fail", "I can't think of a big failure") or speaking badly of an employer ("the
# new leadership... they don't really understand engineering", "my manager doesn't listen",
# "incompetent", "a toxic culture", "I hate my job"): blames_others (rubric 2026.12.46). Present
# tense about a boss or leadership, not a past disagreement ("my manager didn't see the risk" is a
# conflict story's other side); "they" counts only after a leader is named in the sentence
# ("customers don't really understand the pricing page" is a product insight).
_BOSSES = r"(?:leadership|management|execs?|executives|founders?|higher[-\s]ups|my\s(?:manager|boss)|the\scompany)"
# Also (rubric 2026.12.51) a miss put on someone else ("QA should have caught it", never "I
# should have caught it") and others run down ("I'm better than the other people you're talking
# to", "most sales managers don't really know how to use someone like me", "get out of my way").
BLAME = Lazy(
    rf"""\b(?:(?:it|that|this)\s(?:wasn't|was\snot|isn't|is\snot)\s(?:really\s|entirely\s|totally\s|exactly\s)?
    (?:on\sme|my\s(?:fault|responsibility|problem|doing|mistake|error)|down\sto\sme)
    |(?:not|wasn't|was\snot)\s(?:really\s)?my\s(?:fault|mistake)
    |(?:their|his|her|qa's|product's)\sfault
    |(?:qa|testers?|the\stesters?|the\sreviewers?|the\sdesigner|the\sother\steam|their\steam|they|he|she)\s(?:really\s)?should\s(?:have|'ve)
    \s(?:caught|noticed|flagged|checked|tested|seen|spotted)\b
    |better\sthan\s(?:the\s|all\sthe\s)?other\s(?:people|candidates|applicants|engineers|developers|reps|salespeople)
    |most\s(?:\w+\s)?(?:managers|bosses|leaders|execs|executives|recruiters|interviewers)\s(?:really\s|just\s)?(?:don't|do\snot)
    \s(?:really\s|even\s)?(?:know\s(?:how|what)\sto|understand\s(?:people|someone|engineers|me)|get\s(?:it|people|someone|me)|care)
    |get\sout\sof\smy\sway|(?:nothing|not\smuch)\si\scould\s(?:have\s|'ve\s)?(?:done|do)|out\sof\smy\s(?:hands|control)
    |i\s(?:generally\s|usually\s|really\s|just\s)?(?:don't|do\snot|never)\s(?:really\s)?(?:fail|make\smistakes)\b
    |i(?:'ve|\shave)\snever\s(?:really\s)?(?:failed|made\sa\s(?:big\s|real\s)?mistake)
    |i\scan't\s(?:really\s)?think\sof\s(?:a|any)\s(?:big\s|real\s|major\s)?(?:failures?|mistakes?)
    |{_BOSSES}(?:[^.?!]{{0,40}}?\bthey)?\s(?:really\s|just\s|honestly\s|simply\s)?(?:don't|doesn't|do\snot|does\snot)\s(?:really\s|even\s|actually\s)?
    (?:understand|care|know\swhat|get\sit|value|listen|respect)
    |incompetent|clueless|idiots?|(?:was|is|so|a|really)\stoxic|toxic\s(?:culture|environment|team|workplace|manager|boss|place)
    |(?:hate|can't\sstand)\s(?:my|the|our)\s(?:job|manager|boss|team|company|work|leadership)
    |(?:terrible|awful|horrible|useless)\s(?:manager|boss|leadership|management|company|coworkers?|colleagues?|teammates?))\b"""
)
# A word every BLAME match holds (BLAME_KEYS), or a leader and a verb of not caring (the
# present-tense complaint): an answer with neither is not scanned (a word-set check; the
# pattern's "it"/"i" openings make a plain scan cost ~45 us an answer).
BLAME_KEYS = frozenset(
    """me fault responsibility problem doing could hands control fail mistakes failed mistake failure failures
    incompetent clueless idiot idiots toxic hate stand terrible awful horrible useless error call caught noticed
    flagged checked tested seen spotted better most way""".split()
)
BLAME_LEADERS = frozenset("leadership management execs exec executives founders founder higher-ups higher manager boss company".split())
BLAME_VERBS = frozenset("understand care know get value listen respect".split())
# A concession offered in exchange is a trade, not a concession: "I'm flexible on the
# start date if you can move on base".
TRADE = Lazy(r"\b(?:if\s(?:you|we)(?:\scan|\scould|'re\sable\sto)?|once\swe\s(?:get|reach|agree)|in\sexchange|as\slong\sas|provided|on\scondition|only\sif)\b")
# Apologising for asking, or for wanting time: "sorry", "I know it's a lot", "I'd feel bad", "I
# totally understand if it's not possible", "I don't want you to think I'm not excited".
APOLOGY = _rx(
    r"""\b(?:sorry|i\sknow\s(?:it's|this\sis)\sa\slot|i\shope\s(?:that's|this\sis)\s(?:not|ok|okay)|
    i\sdon't\swant\sto\sbe\s(?:greedy|difficult|pushy)|i(?:'d|\swould)?\sfeel\s(?:bad|awful|terrible|guilty)|
    if\s(?:that's|it's)\s(?:ok|okay|possible|not\stoo\smuch)|i\shate\sto\sask|
    i\s(?:totally\s|completely\s|fully\s|really\s)?understand\sif\s(?:it's|that's|this\sis|you\scan't|not)[^.,;!?]{0,30}|
    i\sdon't\swant\syou\sto\sthink)"""
)
# Conceding in advance, before the other side has answered the ask: saying you will accept
# anyway ("Either way, I think I'll probably accept", "I'll probably take it", "I'm still very
# interested either way"), or that you will
# give in if the ask fails ("if it's really not possible, I understand, I'll try to figure it
# out by Friday", "no worries if not"). The ask was made, but its leverage is gone (rubric
# 2026.12.54: early_concession charges it preconcession_share).
PRECONCESSION = Lazy(
    r"""\b(?:either\sway,?\s(?:i\sthink\s)?(?:i'll|i\swill|i'm\s(?:going\sto|happy\sto|fine|ok|okay|good))
    (?:\s(?:probably|likely|most\slikely|still|definitely|just))*\s(?:accept|take\s(?:it|the\soffer)|sign|say\syes|go\sahead|be\s(?:happy|fine)
    |make\sit\swork)|
    i'm\s(?:still\s)?(?:very\s|really\s|definitely\s)?(?:interested|excited|keen|happy|in)\s(?:in\sthe\srole\s|about\sthe\srole\s)?either\sway|
    i(?:'ll|\swill)\s(?:probably|likely|most\slikely|still|definitely)\s(?:accept|take\s(?:it|the\soffer|the\srole|the\sjob)|sign|
    say\syes|go\sahead)|i\sthink\si'll\s(?:accept|take\s(?:it|the\soffer)|sign)|
    (?:if\snot|if\s(?:it's|that's|this\sis)\s(?:really\s|just\s)?not\s(?:possible|doable|an\soption))[,\s]+
    (?:(?:i\s(?:totally\s|completely\s)?understand|that's\s(?:totally\s|completely\s)?(?:fine|ok|okay))[,\s]+)?
    i(?:'ll|\swill)\s(?:still\s|just\s)?(?:try\sto\s)?(?:figure\sit\sout|make\s(?:it|that|\w+)\swork|manage|accept|take\sit)|no\sworries\sif\snot|(?:totally\s|completely\s)?(?:fine|ok|okay)\sif\snot)\b"""
)
COUNTER = _rx(
    r"""\b(?:i\swas\shoping\sfor|i'm\slooking\sfor|i'd\sneed|could\syou|can\syou|can\swe|is\sthere\s(?:any\s)?(?:flexibility|room)|
    what\sabout|would\syou\sbe\sable|i'd\slike\sto\s(?:see|ask)|i\swould\sneed|closer\sto|if\syou\scan|move\son|
    counter)\b"""
)

# What AnswerContext.hits/has accept: a compiled pattern or a Cue.
AnyCue = Union[re.Pattern[str], Cue, Lazy]

# --- what a question asks about ---------------------------------------------------------------
# A question that asks about one aspect ("Which edge cases matter...", "Estimate the
# storage...") is not failed for the aspects it did not ask about (docs/SCORING.md section 11).
QUESTION_FOCUS: dict[str, re.Pattern[str]] = {
    "complexity": _rx(
        r"""\b(?:complexity|big[-\s]o|o\(|faster|slow\w*|optimi[sz]\w*|performance|efficien\w*|runtime|time\sand\sspace|
        takes\shours|do\sbetter|scal\w*)\b"""
    ),
    "edge_cases": _rx(r"\b(?:edge[-\s]cases?|corner[-\s]cases?|inputs?|break\w*|bugs?|goes\swrong|what\sbreaks)\b"),
    "testing": _rx(r"\b(?:tests?|testing|tested|verify)\b"),
    "estimate": _rx(r"\b(?:estimate|how\smany|how\smuch|back[-\s]of[-\s](?:the[-\s])?envelope)\b"),
    "design": _rx(r"\b(?:design|architect\w*|build|components?)\b"),
    # Reviewing someone's code ("What do you look for when you review a pull request?",
    # "How do you give feedback on a PR?"): correctness, tests, readability, not big-O.
    "review": _rx(r"\b(?:review\w*|pull\srequests?|prs?|merge\srequests?|mrs?)\b"),
}
CODE_ASPECTS = ("complexity", "edge_cases", "testing")
# "Walk me through your solution (and its complexity)" asks for the whole discussion.
WHOLE_SOLUTION = _rx(r"\b(?:walk\sme\sthrough|talk\sme\sthrough|explain)\syour\s(?:\w+\s)?(?:solution|code|approach|implementation)\b")

# --- buzzword soup: names with nothing tying them together ---------------------------------------
# An answer in sentences can still be a keyword list: "leverage best practices like
# synchronization primitives, thread-safe design, atomic operations..." never says what a
# deadlock is; "passionate, results-driven... Java, Python, React, AWS, Docker" shows nothing.
# A strong design answer names as many technologies, but ties them together: a reason, a
# condition, a sequence, a definition, a figure (keyword_stuffing's second reading,
# detectors/topic.py, rubric 2026.12.45). TERM: a technology, a practice or a buzzword.
TERM = Lazy(
    r"""\b(?:kubernetes|k8s|docker|kafka|rabbitmq|redis|memcached|postgres\w*|mysql|cassandra|mongo\w*|dynamo\w*|nosql|sql
    |aws|gcp|azure|s3|cdn|elasticsearch|prometheus|grafana|react|angular|java|python|golang|rust|node(?:\.js)?|graphql|grpc
    |microservices?|serverless|lambda|spark|hadoop|airflow|terraform|ci/cd|machine\slearning|ml|ai|blockchain
    |load\sbalanc\w*|api\sgateway|shard\w*|replication|caching|mutex\w*|semaphores?|locks?|synchroni[sz]ation\sprimitives
    |atomic\soperations|lock[-\s]free|thread[-\s]safe\w*|concurrency\scontrol|monitoring|containeri[sz]\w*|event\sstreaming
    |leverag\w*|best\spractices?|scalab\w*|robust\w*|results[-\s]driven|proven\strack\srecord|high[-\s]impact|growth\smindset
    |team\splayer|fast[-\s]paced|above\sand\sbeyond|add\svalue|drive\sinnovation|innovat\w*|cutting[-\s]edge|synerg\w*
    |passionate|thrive|world[-\s]class|seamless\w*|state[-\s]of[-\s]the[-\s]art|holistic|agile|proper|excellent
    |detail[-\s]oriented|quick\slearner|self[-\s]starter|end[-\s]to[-\s]end|best[-\s]in[-\s]class|high\savailability
    |industry[-\s]standard|enterprise[-\s]grade)\b"""
)
# What ties names together: a reason, a condition, a contrast, a sequence, a definition, a
# count ("because", "if", "when", "so", "instead", "then", "each", "which", "means", "per").
TIE_WORDS = frozenset(
    """because since so if when whenever unless otherwise therefore instead rather then until each per every only but
    before after while whereas tradeoff tradeoffs cost costs means mean happens occurs which that where than""".split()
)
# A list item is a short comma-separated chunk; one holding a pronoun, a verb of being or a
# filler is a clause or a hesitation ("um, so, like,"), not a name.
LIST_CLAUSE = frozenset(
    """i i'm you we it it's that's um uh umm uhh like so yeah well know mean just right okay ok is was are were be been
    had have has did do does basically actually really then there this they he she my me hmm oh sure""".split()
)


# --- what interviews are about -----------------------------------------------------------------
# A story told to a behavioral question in a candidate's own words may share few words with it,
# but it is about work: a team, a project, a customer, code. A story that names none of these
# (a recipe, a marathon, a holiday, a garden) is about another subject (off_topic; chosen on 42
# on-topic stories written for bank questions, all of which name one, docs/SCORING.md section 10).
WORK = Lazy(
    r"""\b(?:work(?:ed|ing|s)?|job|jobs|team(?:s|mates?)?|colleagues?|co-?workers?|manager|boss|leads?|led|leader\w*|director|
    vp|cto|ceo|founder|engineer\w*|developers?|devs?|projects?|products?|features?|releases?|launch\w*|ship(?:ped|ping)?|
    deadlines?|sprints?|roadmap|stakeholders?|customers?|clients?|users?|compan(?:y|ies)|startup|business|org|organi[sz]ation|
    department|office|meetings?|standups?|reviews?|prs?|code|codebase|bugs?|debug\w*|incidents?|outages?|on-?call|deploy\w*|
    services?|systems?|apis?|databases?|servers?|pipelines?|migrat\w*|design\w*|docs?|architecture|data|apps?|platform|
    infra\w*|hir(?:e|ed|es|ing)|interns?|juniors?|seniors?|mentor\w*|onboard\w*|recruit\w*|interview\w*|roles?|career|
    promot\w*|salary|offers?|contracts?|vendors?|partners?|sales|finance|marketing|support|tickets?|qa|tests?|testing|
    performance|latency|revenue|budget|quarter|okrs?|kpis?)\b"""
)

# "Tell me about yourself" and its wordings: a general question that asks for the professional
# story (what you do, what you have done, what you want next), not a life story (rubric 2026.12.64).
ABOUT_YOURSELF = Lazy(
    r"""\b(?:tell\s(?:me|us)\s(?:a\s(?:bit|little)\s|a\slittle\sbit\s|more\s)?about\syourself|introduce\syourself
    |walk\s(?:me|us)\sthrough\syour\s(?:background|resume|résumé|cv|career|experience)|tell\s(?:me|us)\sabout\syour\s(?:background|career))"""
)

# A life outside work: where you grew up, family, pets, hobbies (off_topic's life story for "Tell me
# about yourself": such sentences outnumbering those about work).
PERSONAL_LIFE = Lazy(
    r"""\b(?:grew\sup|childhood|as\sa\s(?:kid|child)|when\si\swas\s(?:a\skid|little|young|\w+(?:\syears\sold)?)
    |my\s(?:mom|mother|dad|father|parents|family|sisters?|brothers?|siblings|husband|wife|boyfriend|girlfriend|partner|kids|children
    |dog|cat|hometown)|(?:a|our)\s(?:dog|cat)\b|family\s(?:pc|computer|car|home|trip)|hobb(?:y|ies)|hiking|soccer|football|basketball
    |baseball|in\smy\sfree\stime|on\s(?:the\s)?weekends|i\slove\s(?:to\s)?(?:travel\w*|cook\w*|hik\w*|read\w*|bak\w*))"""
)

# --- what a behavioral question asks about (its theme) -----------------------------------------
# A behavioral question names the competency its story must show: someone you mentored, a
# conflict, a failure. A good story of another competency (a billing incident told to "Tell me
# about a time you mentored someone") is about work and meets the question's words by meaning as
# well as an on-topic story told in other words does, so neither the similarity nor WORK can
# tell them apart; the theme can. ``asked`` reads the theme in the question, ``told`` any sign of
# it in the answer, read broadly (a pronoun for the person mentored, "wanted"/"thought" for the
# other side of a disagreement): the story must show none of them to be off topic
# (detectors/topic.py, docs/SCORING.md section 10). Chosen on the on-topic behavioral answers of
# tests/data/relevance, the calibration set, the rule fixtures and a blind trial (99 answers).
class Theme:
    """A competency a behavioral question asks about: its cue in the question and in the answer."""

    __slots__ = ("name", "asked", "told", "what")

    def __init__(self, name: str, asked: str, told: str, what: str) -> None:
        self.name = name
        self.asked = Lazy(asked)
        self.told = Lazy(told)
        self.what = what  # what the story never shows, for the message


# Stems (relevance.stems: 5 letters) of the words that frame a technical, design or coding
# question rather than name its subject ("Design a...", "In one minute, explain...", "the
# difference between...", "How would you decide..."): off_topic's subject check reads the
# question's other stems as what the answer must name.
QUESTION_FRAME_STEMS = frozenset(
    """desig syste minut secon engin team decid betwe diffe first witho under new runs wrong imple compa
    would build handl appro choos walk throu happe detai examp might could expla descr pract thing
    ways work works worki make makes often usual diffe""".split()
)

THEMES = (
    Theme(
        "mentoring",
        r"""\b(?:mentor\w*|coach\w*|onboard\w*|new\shires?|junior|interns?\b|(?:grew|grow|develop)\s(?:someone|others|people|an?\s)
        |helped\s(?:a|an|someone)\s(?:\w+\s)?(?:teammate|colleague|engineer|coworker|co-worker)|struggling\s(?:teammate|colleague|engineer)
        |promotion\sfor\ssomeone|someone\son\syour\steam)""",
        # Someone helped to grow and the helping: a mentee, a newcomer, an act of teaching or
        # help given to "him/her/them". Not a person alone: an incident story names a manager
        # ("he wanted a status update every hour") and teaches nobody (rubric 2026.12.50).
        r"""\b(?:mentor\w*|mentee|coach\w*|pair(?:ed|ing)?|taught|teach\w*|onboard\w*|delegat\w*|feedback|grow(?:th|n)?|grew|career
        |1[:-]1s?|one[-\s]on[-\s]ones?|workshops?|unblock\w*|guid\w*|juniors?|interns?
        |new\s(?:hires?|engineers?|grads?|teammates?|joiners?|members?)|apprentices?|trainees?|promot\w*
        |graduates?|grads?|newcomers?|students?|bootcamp|ramp(?:ed|ing)?\sup|up\sto\sspeed
        |(?:helped|help|helping|showed|show|walked|walk|explained\sto|encouraged|supported|reviewed)
        \s(?:him|her|them)\b|(?:his|her|their)\s(?:first|confidence|skills?|progress|growth|questions?|code|pull\srequests?|prs?
        |design|doc|tickets?|reviews?|own))\b""",
        "nobody you taught, coached or helped grow appears in it",
    ),
    Theme(
        "conflict",
        r"""\b(?:disagree\w*|conflicts?|clash\w*|friction|push(?:ed)?\s?back|pushed\sfor|difficult\s(?:person|colleague|coworker|stakeholder|conversation)
        |argu\w*|tension|say(?:ing)?\sno|said\sno|changed\s(?:people's|their|someone's)\sminds?|convinc\w*|persuad\w*|influenc\w*
        |working\sstyle|wasn't\scontributing|no\sincentive)""",
        # Another side with a view, or a disagreement: a word of dispute, a stance ("wanted",
        # "thought", "I was sure", "didn't agree"), a refusal ("said no", "told them we couldn't"),
        # the other side's displeasure ("not happy"). Not a person alone, "no", "not" or "but":
        # an outage or speed-up story names a manager and says "no caching" (rubric 2026.12.44).
        r"""\b(?:disagree\w*|conflicts?|clash\w*|friction|push(?:ed|ing)?\s?back|pushback|argu\w*|debat\w*|tension|object(?:ed|ing|ions?)
        |insist\w*|wanted|preferred|thought|believed|felt|worried|concerns?|convinc\w*|persua\w*|wrong|disput\w*|opposed|against
        |instead|rather\sthan|compromis\w*|back\sand\sforth|frustrat\w*|resist\w*|refus\w*|doubt\w*|skeptic\w*|unconvinced
        |hesitan\w*|reluctan\w*|agree\w*|opinions?|views?|point\sof\sview|perspectives?|side|sides
        |(?:was|were|wasn't|weren't|not|i'm|am)\s(?:so\s|very\s|really\s)?sure|(?:said|say|saying|told\s\w+)\sno|no\sto
        |(?:didn't|did\snot|don't|wouldn't)\s(?:agree|want|think|see|like|buy|accept)
        |(?:couldn't|could\snot|can't|cannot|wouldn't|won't)\s(?:do|make|deliver|ship|take|commit)|(?:wasn't|not)\s(?:really\s)?possible
        |(?:not|n't)\s(?:\w+\s)?(?:happy|pleased)|unhappy|upset|annoyed|angry)\b""",
        "no one who disagreed or stood on the other side appears in it",
    ),
    Theme(
        "failure",
        r"""\b(?:fail\w*|mistakes?|missed|an\serror|went\swrong|go\sas\splanned|regret\w*|setbacks?|hard\sto\shear|critical\scomments
        |criticism|slipping|underperform\w*)""",
        r"""\b(?:fail\w*|mistakes?|wrong|miss(?:ed|ing)?|broke|broken|break\w*|bugs?|outages?|incidents?|slipp?\w*|late|delay\w*
        |didn't|couldn't|wasn't|weren't|errors?|problems?|issues?|fault|should\shave|lessons?|learn\w*|regret\w*|blame\w*
        |rolled?\sback|rollback|cancel\w*|lost|down|crash\w*|overran|behind|sorry|apologi\w*|feedback|critici\w*|critical|hard
        |not|never|no|can't|overdue|postpon\w*|promised|underestimat\w*|forgot|forgotten|too|nobody|stopped|scrapped|killed
        |shut\sdown|abandon\w*|wasted|unused|unclear|dropped|bad|worse|struggl\w*|mess\w*)\b""",
        "nothing went wrong in it: no mistake, miss or failure of yours",
    ),
    Theme(
        "customer",
        r"\b(?:customers?|users?|clients?)\b",
        r"""\b(?:customers?|users?|clients?|buyers?|merchants?|shops?|stores?|owners?|patients?|accounts?|subscribers?|members?
        |partners?|tenants?|support|tickets?|he|she|they)\b""",
        "no customer or user appears in it",
    ),
    Theme(
        "feedback",
        r"\b(?:feedback|critical\scomments|criticism|hard\sto\shear)\b",
        r"""\b(?:feedback|comments?|review\w*|told\sme|said|criticis\w*|critique|pointed\sout|called\sout|noted|heard|remarks?)\b""",
        "no feedback you were given appears in it",
    ),
    Theme(
        "learning",
        r"\b(?:learn\w*|new\stechnology)\b",
        r"""\b(?:learn\w*|tutorials?|courses?|docs|documentation|read|studied|study|new\sto|never\s(?:used|worked)|prototyp\w*
        |taught|practi[cs]\w*|books?|picked\sup|ramp\w*|knew|know)\b""",
        "nothing you learned appears in it",
    ),
    Theme(
        "deadline",
        r"\b(?:deadlines?|tight\s(?:timeline|schedule)|time\spressure|slipping|on\strack|several\surgent)\b",
        r"""\b(?:deadlines?|dates?|days?|weeks?|months?|hours?|minutes?|mondays?|fridays?|launch\w*|late|schedul\w*|slip\w*|on\stime
        |cut|scope|time|quarter|sprints?|priorit\w*|urgent|rush\w*|behind|tomorrow|tonight|\d)\b""",
        "no date, deadline or time pressure appears in it",
    ),
    Theme(
        "hiring",
        r"\b(?:hiring|candidates?)\b",
        r"\b(?:hir\w*|interview\w*|candidates?|recruit\w*|offers?|loops?|resumes?)\b",
        "no hiring, interview or candidate appears in it",
    ),
)

# --- "Do you have any questions for us?" (no_questions_back, rubric 2026.12.58) ------------------
# The interviewer hands the floor over; the candidate's questions show what they care about.
ASKS_FOR_QUESTIONS = Lazy(
    r"""\b(?:(?:any|what|which)\s(?:other\s|more\s|final\s|last\s)?questions\b
    (?!\s(?:about\sthe\s(?:problem|exercise|task|question|format|prompt)))
    |anything\s(?:you(?:'d|\swould)\slike|you\swant(?:ed)?)\sto\sask)"""
)
# ...unless the floor is offered before the interview starts ("Any questions before we begin?").
QUESTIONS_BEFORE_START = Lazy(r"\bbefore\s(?:we|you)\s(?:start|begin|get\sstarted|dive\sin|kick\soff|jump\sin)")
# A sentence that asks: a question mark, an interrogative opening, or a request to hear more.
ASKING = Lazy(
    r"""\?|^\W*(?:(?:and|also|so|um|uh|oh|actually|yes|yeah|sure|okay|ok|well)\W+)*(?:what|how|who|where|when|why|which|is|are|was
    |do|does|did|can|could|would|will|should|have|has)\b|\b(?:i'm\scurious|i\swonder|i\swas\swondering|i'd\slove\sto\s(?:know|hear)
    |i'd\slike\sto\s(?:know|hear|understand)|(?:could|can)\syou\s(?:tell|walk|share|describe)|tell\sme\s(?:more\s)?about)\b"""
)
# Declining to ask ("No, I think you covered everything", "I'm good"): an answer that asks nothing
# is judged only when it declines; "Yes, a couple." asks in the next turn.
DECLINES = Lazy(
    r"""\b(?:no|nope|not\s(?:really|at\sthe\smoment|right\snow)|nothing|(?:you|we)(?:'ve|\shave)?\s(?:pretty\smuch\s)?(?:covered|answered)
    |i'm\s(?:good|all\sset|fine)|i\sthink\sthat's\s(?:it|all)|that's\s(?:it|all))\b"""
)
# An opening that accepts the floor ("Yes, a couple", "Sure, I have a few"): never a decline.
ACCEPTS_FLOOR = Lazy(r"^\W*(?:yes|yeah|yep|sure|definitely|absolutely|of\scourse|i\sdo|i\shave|a\sfew|a\scouple|one|two|three)\b")
# Pay, time off and logistics: fair to ask, but no sign of interest in the work. A question that
# asks about one is about it, whatever else it names ("the salary range for this role").
PERKS = Lazy(
    r"""\b(?:salary|salaries|pay|paid|compensation|bonus\w*|equity|vacation\w*|pto|time\soff|holidays?|benefits?|perks?|remote(?:ly)?
    |work(?:ing)?\s(?:from|at)\shome|wfh|hybrid|in\sthe\soffice|office|dogs?|hours|overtime|hear\sback|next\ssteps?|start\sdate
    |timeline|parking|lunch\w*|snacks?|relocation|401k|insurance|sick\sdays?|days\soff|fridays?|mondays?)\b"""
)
# What a question about the work names: the role, the team, its problems, how success is judged.
WORK_QUESTION = Lazy(
    r"""\b(?:role|team\w*|project\w*|product\w*|roadmap|challeng\w*|success\w*|succeed|goals?|priorit\w*|onboard\w*|mentor\w*
    |manag\w*|lead(?:s|ing|ership)?|culture|engineer\w*|stack|architecture|code|codebase|review\w*|deploy\w*|releas\w*|on-?call
    |incidents?|customers?|users?|growth|grow|career|learn\w*|feedback|decisions?|decide[sd]?|process\w*|metrics?|measur\w*
    |company|strategy|compet\w*|market|problems?|work|working\son|day-to-day|typical\s(?:day|week)|expectations|hardest|surpris\w*
    |tools?|languages?|technolog\w*|position|responsibilit\w*|training|first\s(?:week|month|quarter)
    |first\s(?:\d+|thirty|sixty|ninety|three|six|few)\s(?:days|weeks|months))\b"""
)

# --- the parts of a question --------------------------------------------------------------------
# A question may ask two things: "How does a database index work, and when would you not add
# one?", "Tell me about a project that failed. Why did it fail?". The parts are split at a
# question mark, at a sentence or "and" that opens a new question word; an answer that leaves a
# part unanswered is half an answer (unanswered_part, detectors/topic.py). Only parts whose
# answer has a sign that can be read are checked: "when" (a condition or a case), "why" (a
# reason), numbers (a figure), what it costs (a trade-off), how you would test it (a test).
QUESTION_PART_SPLIT = re.compile(
    r"\?\s*|[.;:]\s+(?=(?:and\s)?(?:when|why|how|what|which|where|would|do|does|is|are|can|give)\b)"
    r"|,?\s+and\s+(?=(?:when|why|how|what|which|where|would|do|does|is|are|can)\b)"
)


class QuestionPart:
    """A kind of question part whose answer shows a sign: how the part opens, and the sign."""

    __slots__ = ("kind", "asked", "told", "what")

    def __init__(self, kind: str, asked: str, told: "str | re.Pattern[str] | Lazy", what: str) -> None:
        self.kind = kind
        self.asked = re.compile(asked)
        self.told = Lazy(told) if isinstance(told, str) else told
        self.what = what  # what the answer never gives, for the message


QUESTION_PARTS = (
    # "when would you not add one?" asks for the limit: a "when" alone ("Postgres picks it when the
    # filter is selective") says when it is used, not when it should not be.
    QuestionPart(
        "when not",
        r"^(?:and\s|so\s)?when\s(?:\w+\s){0,3}?(?:not|never|wouldn't|shouldn't|don't|isn't|aren't)\b|^(?:and\s)?when\s(?:is|are)\s(?:it|they)\sa\sbad",
        r"""\b(?:not|never|no|n't|don't|wouldn't|shouldn't|isn't|aren't|avoid\w*|skip\w*|unless|only|except|too\s(?:many|much|small|few)
        |costs?|overhead|expensive|slow\w*|hurts?|penalty|write[-\s]heavy|small\stables?|low\scardinality|few\sdistinct|rarely
        |downsides?|drawbacks?|trade[-\s]?offs?|worse|bad)\b""",
        "when not: no case against it or limit is given",
    ),
    QuestionPart(
        "when",
        r"^(?:and\s|so\s)?when\b",
        r"""\b(?:when|whenever|if|unless|only|avoid\w*|except|as\slong\sas|depends?\son|in\scases?|until|once|where
        |acceptable|fine\sfor|better\sfor|worse\sfor|worth|not\sworth|too\s(?:many|much|small|few)|small\stables?
        |write[-\s]heavy|read[-\s]heavy|never|wouldn't|would\snot|don't|do\snot|shouldn't|should\snot|skip\w*|rarely|constantly
        |frequently|mostly|mainly|heavy|heavily|lots\sof|thousands|millions|whether|instead|rather)\b""",
        "when: no condition or case is given",
    ),
    QuestionPart(
        "why",
        r"^(?:and\s|so\s)?(?:explain\s)?why\b",
        r"""\b(?:because|since|so\sthat|which\smeans|that's\swhy|the\sreason|due\sto|in\sorder\sto|otherwise|therefore|given\sthat
        |as\sa\sresult|which\sis\swhy|caused\sby|came\sdown\sto|boils?\sdown\sto|led\sto|the\s(?:\w+\s)?(?:issue|problem|reason|cause|mistake)
        |lack\sof|not\senough|too\s\w+|ran\sout\sof|without|never|not|didn't|wasn't|weren't|hadn't|blame\w*|fault)\b""",
        "why: no reason or cause is given",
    ),
    QuestionPart(
        "numbers",
        r"\b(?:give\sme\s(?:the\s|some\s)?numbers|what\swere\sthe\s(?:[\w-]+\s){0,4}?numbers|how\s(?:many|much)\b)",
        NUMBER,
        "the numbers it asks for: there is no figure",
    ),
    QuestionPart(
        "cost",
        r"^(?:and\s)?what\s(?:does\sit|would\sit|did\sit)\scost|\bwhat\sare\sthe\s(?:trade-?offs|downsides|drawbacks|costs)\b"
        r"|\bpros\sand\scons\b",
        TRADEOFF,
        "what it costs: no trade-off or downside is named",
    ),
    QuestionPart("test", r"^(?:and\s)?how\s(?:would|do|will|did)\syou\stest\b", TESTING, "how you would test it: no test is named"),
)
