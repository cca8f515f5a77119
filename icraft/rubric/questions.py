"""Question types: what a question asks for, read from its own words (preferred) or,
when the question gives no cue, from the answer.

Used when neither ``--question-type`` nor the transcript's metadata says what was
asked. Keyword cues, checked in a fixed order, so the result is deterministic. Measured
on a labelled set of public interview questions and the bank
(``benchmarks/bench_question_types.py``; accuracy and confusion table in docs/SCORING.md).

Types: the rubric's ``QUESTION_TYPES`` plus :data:`SMALL_TALK` ("How are you?"), a
pleasantry that is answered but never scored.
"""

from __future__ import annotations

import re
from functools import lru_cache

from icraft.rubric.lexicon import WHEN, Lazy

SMALL_TALK = "small-talk"

# The bank's own types for the opening and closing of an interview are general questions.
_BANK_TYPES = {"warmup": "general", "closing": "general"}


def scoring_type(bank_type: str | None) -> str | None:
    """The rubric question type a bank question is scored as ("warmup" and "closing"
    questions are general ones), or None for a type the rubric does not know."""
    from icraft.rubric.model import QUESTION_TYPES

    if bank_type in QUESTION_TYPES:
        return bank_type
    return _BANK_TYPES.get(bank_type or "")


def _verbose(src: str) -> re.Pattern[str]:
    return re.compile(src, re.VERBOSE)


def _rx(src: str) -> Lazy:
    """A cue list compiled on first use: a transcript with no questions (typed text, a
    recording of one answer) never pays for compiling them, and a question stops at the
    first type whose cue it has."""
    return Lazy(src, _verbose)


# Compensation: the words of pay and of the offer itself. "What can you offer us?" and
# "if we offered you the job" are not about pay: "offer" counts only as the offer (a
# determiner before it, or another offer), never as the verb. A deadline put on the decision ("We'd
# need your decision by Friday, so 48 hours. Can you commit?", "we'd like to hear back within two
# days") is the offer's too; "a time you had to make a decision within 48 hours" is a story.
_NEGOTIATION = _rx(
    rf"""\b(?:salary|salaries|compensation|comp\b|pay(?:ing|\spackage|\srange|\sband)?\b(?!\s(?:attention|off|down))|(?:get|be|being|are|were)\spaid\b|
    equity|signing\sbonus|sign-on|bonus|rsus?\b|stock\soptions|options\b|base\s(?:pay|salary)?|total\scomp|
    (?:the|this|our|an?|your|final|written|verbal|competing|other|another|any\sother|best\sand\sfinal|counter)[\s-]?offers?\b|
    counteroffers?|offer\s(?:is|of|expires|stands|letter)|offer\syou\b|(?:like|want|happy|able|pleased)\sto\soffer|
    \d[\d,.]*\s?k?\s(?:base|salary|total|tc|a\syear|per\syear)\b|budget\sfor\s(?:this|the)\s(?:role|headcount|position)|
    (?:the\s)?budget\sis|headcount|(?:our|this)\s(?:band|range)\b|the\s(?:band|range)\s(?:is|for)\b|band\b|range\sfor\sthis|top\sof\s(?:our|the)\s|
    currently\s(?:making|earning|paid)|how\smuch\s(?:would|do|are)\syou\s(?:like\sto\s)?(?:make|earn|be\spaid|want|expect)|
    what\snumber|worth\sthe\s|\d+\s?k\b|\$\s?\d|\d+%\s(?:below|above)|relocation\spackage|start\sin\stwo\sweeks|
    commit\sright\snow|accept\son\sthe\sspot|you're\sin\?|asking\sfor\smore|pay\syou\s(?:more|less)|
    sign\s(?:today|now|this\sweek)|(?:an\s)?easy\syes|a\snumber\sthat|(?:interviewing|talking\sto\sother\scompanies)\s(?:anywhere|elsewhere|with)|bring\syou\sin\sas|promotion\sin\sa\syear|negotia\w+|
    (?:(?:needs?|wants?|like|get|have|hear)\s(?:your)|(?:we|we'd|we'll|i|i'd)\s(?:would\s|will\s)?(?:need|want|like|get|have|hear)\s(?:an?|the)
    |(?:would\slike|needs|wants)\s(?:an?|the))
    \s(?:decision|answer|response)\s(?:on\s(?:the|our|this)\soffer\s)?(?:by|in|within|before)\s{WHEN}|
    hear\sback\s(?:from\syou\s)?(?:by|in|within|before)\s{WHEN}|give\sus\s(?:your|an?)\s(?:decision|answer)\b|can\syou\scommit\s?(?:\?|$))""")

# A story asked for: something that happened, told in the past.
_BEHAVIORAL = _rx(
    r"""\b(?:tell\s(?:me|us)\s(?:about|the\sstory\sof)\s(?:a|an|the|one|some|someone|something|feedback|your\sfirst)\b(?!\s(?:little|bit)\b)
    (?!.*\b(?:yourself|background|your\sbackground)\b)|
    tell\sme\show\syou\s(?:handled|dealt|resolved|managed|got)|tell\sthe\sstory|
    describe\s(?:a|an|the|one)\s(?:time|situation|project|occasion|moment|case|decision|mistake|failure|conflict|incident|
    specific|largest|biggest|hardest|most|initiative|project)|describe\show\syou\s(?:handled|dealt|resolved|managed)|
    give\s(?:me\s|us\s)?(?:a\sspecific\s|an\s|one\s)?example\b|give\s(?:me\s|us\s)?a\stime|provide\san\sexample|
    have\syou\sever|a\stime\s(?:when|where|you|that)|the\s(?:last|first)\stime\syou|
    walk\s(?:me|us)\sthrough\sa\s(?:time|project|situation|decision|incident)|
    how\sdid\syou\s(?:handle|deal|resolve|manage|overcome|get|keep|convince|recover|fix|decide|approach|respond)|
    what\sdid\syou\s(?:do|learn|change|cut)\b|what\shappened\b|what\swas\sthe\s(?:outcome|result|impact)|
    (?:what|who|which)\swas\s(?:your|the)\s(?:most|hardest|biggest|toughest|worst|largest|best|last)|
    (?:what|which)\s(?:is|was|'s)\sthe\s(?:most|hardest|biggest|toughest)\s\w+(?:\s\w+)?\s(?:you've|you\shave|you)\s(?:ever\s)?(?:faced|built|shipped|made|had|solved|fixed|led|delivered|worked)|
    were\sthere\s(?:challenges|problems)|your\sbiggest\sfailure|(?:some\sof\s)?your\sleadership\sexperiences|
    (?:have|did)\syou\s(?:automated|contributed|ever)|have\syou\s(?:ever\s)?had\sto\b|how\shave\syou\s(?:contributed|handled|dealt)|
    someone\syou\s(?:mentored|coached|managed)|feedback\syou\sreceived|(?:project|idea)\s(?:you|that\syou)\s(?:owned|proposed|drove|led|wrote)|
    (?:process|thing|idea)\syou\s(?:improved|invented|automated|built|proposed)|an\sidea\syou\shad|
    you've\s(?:faced|delivered|built|shipped)|you\s(?:made|wrote)\s(?:based|that\schanged)|(?:stressful|difficult)\ssituation)""")

# About the candidate: background, motivation, strengths, goals, fit, work style, logistics.
_GENERAL = _rx(
    r"""\b(?:(?:tell|talk)\s(?:me|us)\s(?:a\s(?:little|bit)\s(?:more\s)?)?about\syourself|about\syourself|yourself|
    (?:walk\sme\sthrough|discuss)\s(?:your\s)?(?:background|resume|cv|career|educational)|your\s(?:background|resume|career)|
    strengths?|weakness(?:es)?|improve\son|area\s(?:that\s)?you\scould\simprove|
    why\s(?:do|would|did|are|were|should)\s(?:you|we|i)\s(?:\w+\s)?(?:want|wish|like|leave|left|apply|applied|
    interested|leaving|looking|hire|be\s(?:a|the|good|interested)|think\syou|consider\sus|join|switch\sjobs)|
    why\s(?:did|do)\syou\s(?:choose|chose|pick)\s(?:this|us|our|a\scareer|engineering|software|computer|tech)|why\sthis\s(?:role|company|job)|hire\syou|
    (?:in|next)\s(?:five|5|ten|10|three|3|two|2)\syears|years\sfrom\snow|career\s(?:goals?|path)|dream\sjob|goals?\b|
    motivat\w+|passionate|passion|interest(?:s|ed)?\syou|interested\sin|looking\sfor\sin|
    (?:describe|say\sabout)\syou|describe\syour(?:self)?|would\s(?:your|they)\s\w+\s(?:say|describe)|
    what\s(?:do|would)\s(?:your\s)?(?:manager|boss|friends|co-?workers|colleagues|direct\sreports|team)\s|
    (?:manager|boss)\s(?:say|would)|work(?:ing)?\s(?:style|environment)|team\senvironment|management\s(?:style|philosophy)|
    (?:know|think)\sabout\s(?:the|our|us)|our\s(?:company|organization|competitors|ceo|industry|product|mission)|this\s(?:company|position|role|job|industry)|
    leave|leaving|gap\sin|relocat\w+|availability|start\sdate|when\scan\syou\sstart|weekends|holidays|hours\sa\sweek|
    outside\sof\swork|hobbies|for\sfun|favou?rite|pet\speeves?|uncomfortable|animal|keeps\syou\sup|gets\syou\sup|
    stress|pressure|success|accomplish\w*|achievements?|proud\w*|leader\sor\sa\sfollower|mentor\b|
    (?:any|other)\squestions\s(?:for|haven't)|questions\s(?:do\s)?you\shave|anything\selse|didn't\scover|
    how\sdid\syou\s(?:find|hear)\sabout|first\s(?:30|60|90)\sdays|satisfied\swith|responsibilities\sin\syour|
    (?:better|differently)\s(?:or|at)\s|your\s(?:ideal|next)\s(?:role|job|company|team)|next\srole|
    typical\s(?:week|day)|working\son\srecently|focus(?:ing)?\son\sover|got\syou\sinto|feel\s\w+\sinterview\swent|timeline|
    concerned\sabout|fit\sfor\sthis|curveball|really\sgood\sat|
    what\swould\s(?:make|get)\syou\s(?:say\syes|accept|join|choose|pick|take|stay|leave|turn)|would\syou\s(?:accept|take\s(?:it|the\s(?:job|role|position)))\b)""")

# System design: build a system, estimate its size, its architecture.
_DESIGN = _rx(
    r"""\b(?:design\s(?:a|an|the|for|how|autocomplete|pastebin|twitter|instagram|youtube|uber)\b(?!\s(?:document|doc)\b)|
    design\s\w+$|how\swould\syou\s(?:architect|scale)|how\swould\syou\sbuild(?!\s(?:an?\s|the\s)?(?:lru|min[-\s]?heap|max[-\s]?heap|heap|trie|stack|queue|hash\s?map|linked\slist)\b)|system\sdesign|architect(?:ure|ing)?\b|
    estimate\s(?:how\smany|the\s(?:storage|traffic|number|capacity|qps|bandwidth))|url\s?shorten\w*|rate\slimiter|
    news\s?feed|chat\s(?:system|app)|design\s\w+(?:\s\w+)?\sat\sscale|build\sor\sbuy|splitting\sit|plan\ssplitting|design\s(?:your|their)\s)""")

# Coding discussion: your code or solution, its complexity, tests and edge cases, a review.
_CODING = _rx(
    r"""\b(?:complexity|big[-\s]?o|o\(\w|algorithm\w*|your\s(?:code|solution|approach\b(?!\sto\b)|implementation|function|binary|recursive|lru)|test\ssuite|
    (?:the|this)\s(?:function|solution|code)\b|you\s(?:just\s)?(?:wrote|solved|implemented|used)|brute[-\s]?force|
    edge\scases?|corner\scases?|test\scases?|inputs?\b|how\s(?:would|do)\syou\stest|test\s(?:it|this|your|code|a\s)|
    (?:property-based|unit)\stest\w*|(?:code|pull\srequest)\sreviews?|pull\srequest|reviewing\sa\s(?:change|migration)|
    review\s(?:code|it|the)|refactor\w*|sort(?:ed|ing)?\s(?:list|function)|
    before\swriting|start\scoding|before\syou\sstart|which\sterm\sdominates|
    running\stime|optimi[sz]e\sit|on\syour\smachine|string\shandling|ten\smost\sfrequent|
    code\squality|interface\sof\sa\slibrary|fails\sthe\slast\stest)""")

# A data structure or an algorithm by name ("detect a cycle in a linked list", "breadth-first
# or depth-first for the shortest path?") is a coding question, unless the question asks how
# the thing itself works ("How does a hash map handle collisions?", "Explain how binary search
# works", "What is a linked list?"): a concept, a technical question, whose answer has no code
# for the coding rules (edge cases, tests) to look at.
_ALGORITHM = _rx(
    r"""^(?!(?:\w+[,.]?\s){0,3}?(?:explain|describe\show|what\s(?:is|are)\b|what's\b|(?:how|why)\s(?:does|do|is|are)\s(?!you\b|we\b|i\b|your\b|our\b)|what\shappens\s(?:in|to|when|inside)\b|what\sis\sthe\sdifference))
    .*\b(?:linked\slist|binary\ssearch|hash\smap|dynamic\sarray|sort(?:ed|ing)?\sthe|breadth-first|depth-first|shortest[-\s]path)""")

# A coding problem stated as a task ("Given an array of integers and a target, return the
# indices...", "Find the length of the longest substring without repeating characters",
# "Determine whether a string of brackets is valid", "How would you reverse a singly linked
# list?", "How would you implement an LRU cache?"): a verb of the task near the start and the
# data it works on; or the data's shape stated first ("The array is sorted. How would you
# find...?", rubric 2026.12.51). An answer talks
# through an approach, so the coding rules (complexity, edge cases, tests) judge it; read as
# general (no cue), none of them ran (6 of 8 coding problems in a second blind trial).
_DATA = (r"(?:arrays?|lists?|strings?|substrings?|subarrays?|subsequences?|trees?|bst|graphs?|matrix|matrices|grid|"
         r"integers?|numbers|intervals|linked\slists?|brackets|parenthes[ie]s|palindrom\w*|anagrams?|permutations?|"
         r"duplicates|characters|nodes|elements|stacks?|queues?|lru(?:\scache)?|(?:min|max)[-\s]?heap|tries|trie|"
         r"hash\s?(?:maps?|sets?|tables?)|priority\squeues?|deques?)")
_PROBLEM = _rx(
    rf"""^\W*(?:(?:given|you\sare\sgiven|you're\sgiven)\s(?:\w+[,]?\s){{0,5}}?{_DATA}\b
    |(?:\w+\s){{0,3}}?(?:find|return|count|compute|determine|check|implement|write|reverse|merge|detect|rotate|remove|
    validate|flatten|serialize|invert|traverse|search|group|sort|partition)\b(?:\s[\w()\[\]{{}}\'-]+){{0,12}}?\s{_DATA}\b
    |(?:\w+\s){{0,3}}?build\s(?:an?\s|the\s)?{_DATA}\b
    |(?:the|an?|this|your)\s(?:\w+\s)?{_DATA}\s(?:is|are|was|were|has|have|contains?|holds?)\s(?:already\s)?(?:sorted|balanced|rotated|
    cyclic|unsorted|circular|immutable|distinct|unique|non-?negative|positive|a\sbst|a\spalindrome|duplicates)\b)""")

# A yes/no question about the candidate's experience with a tool or technology ("Have you
# ever worked with Kubernetes?", "Have you used Terraform before?", "Do you have experience
# with Kafka?") asks about their background: a general question. "Have you ever" asks for a
# story when a situation or a person follows ("Have you ever worked with a difficult
# colleague?", "Have you ever missed a deadline?"), which this does not match.
_EXPERIENCE = _rx(
    r"""^(?:(?:and|so|ok(?:ay)?|great|thanks)[,.!]?\s)*(?:
    (?:have|did)\syou\s(?:ever\s)?(?:worked\s(?:with|in)|used|tried|written|programmed\sin|coded\sin|deployed\s(?:with|on|to)|run|operated|touched)|
    do\syou\s(?:have\s(?:any\s|much\s|some\s)?(?:professional\s|hands-on\s|production\s)?(?:experience|exposure|familiarity)\s(?:with|in|using)|know|use)|
    are\syou\s(?:familiar|comfortable|experienced|proficient)\s(?:with|in|using))\s
    (?!(?:a|an|the|any|some|someone|somebody|people|others?|your|their|teams?|anyone|customers?|clients?|managers?)\b)
    [\w.\#+/-]+(?:(?:,?\s(?:or|and)\s|,\s|\s)[\w.\#+/-]+){0,3}?
    (?:\s(?:before|professionally|in\sproduction|at\swork|at\sscale|much|at\sall|yet))?\s*[?.!]*$""")

# Technical: a concept or a professional practice, named in its own vocabulary.
_TECHNICAL = _rx(
    r"""\b(?:api|apis|rest(?:ful)?|hash\s(?:tables?|maps?|functions?)|linked\slists?|binary\s(?:trees?|search)|heaps?|collisions?|data\sstructures?|graphql|http\w*|tcp|udp|dns|tls|ssl|url|browser|html|css|javascript|react|
    database\w*|db|sql|nosql|index(?:es|ing)?|quer(?:y|ies)|schema|transaction\w*|isolation|acid|cap\stheorem|
    normaliz\w+|replication|shard\w*|partition\w*|cache|caching|redis|kafka|queue\w*|message|stream\w*|pipeline|
    batch|event\w*|idempot\w+|consisten\w+|distributed|microservices?|monolith|service\smesh|saga|circuit\sbreaker|
    lock|race\scondition|concurren\w+|parallelism|thread\w*|process(?:es)?\b|async|blocking|event\sloop|memory\sleak|
    latency|p\d\d|throughput|load|traffic|scal\w+|bottleneck|cpu|deploy\w*|kubernetes|pod|container\w*|
    observability|monitoring|logging|alerts?|pager|on-call|incident|postmortem|slos?|error\sbudget|
    authentication|authorization|tokens?|security|vulnerabilit\w+|xss|cross-site|encryption|https|
    model\w*|machine\slearning|classifier|training|inference|accuracy|overfit\w*|bias|a/b\stest|experiment|
    warehouse|star\sschema|data\s(?:ownership|governance|pipeline|model)|dashboard|etl|
    mobile|ios|android|app\b|frontend|backend|server\w*|client|cold\sstart|accessib\w+|component|state|
    rendering|paint|uploads?|migrat\w+|downtime|rollback|blue-green|feature\sflags?|
    technical\sdebt|roadmap|stack|productivity|one-on-ones|1:1s|hiring|promotion|on\scall|capacity\splanning|
    explain|difference\sbetween|\bvs\.?\b|versus|what\sare\s(?:latency|common|the\score)|
    how\sdoes\s\w+|how\s(?:do|would)\syou\s(?:handle|prevent|ensure|secure|debug|identify|measure|decide|make|run|evolve|
    balance|find|track|reduce|cut|set\sup|structure|support|migrate|deduplicate|evaluate|choose|manage|store|add))\b
    |^what\s(?:is|are)\s(?!your\b|you\b|the\sname\b)(?:an?\s|the\s)?[a-z][\w\s/+-]{1,40}\?*$""")

# Pleasantries: greetings, the trip in, the weather, the connection.
_SMALL_TALK = _rx(
    r"""(?:^|[.!?,]\s)(?:hi|hello|hey)?[\s,!]*(?:how\s(?:are|r)\syou(?:\sdoing)?(?:\stoday|\sthis\s\w+)?[?!.]*$|
    how's\s(?:it\sgoing|everything(?:\sgoing)?|your\s(?:day|week|morning|weekend)|the\sweather)|
    how\s(?:was|is)\syour\s(?:weekend|holiday|vacation)|
    how\s(?:was|is)\s(?:your|the)\s(?:trip|day|week|weekend|morning|flight|drive|commute|traffic)|
    how's\syour\s\w+\s(?:been|going))|
    \b(?:nice\sto\smeet|good\s(?:morning|afternoon|to\smeet)|thanks?\s(?:you\s)?for\s(?:coming|joining|making\sthe\stime)|
    (?:find|finding)\s(?:the\s(?:office|place|building)|us|parking)|trouble\sfinding|can\syou\shear\sme|hear\sme\sok|
    some\s(?:water|coffee|tea)|crazy\sweather|weather\stoday|the\straffic\sgetting)""")

# "If we made you an offer, what would make you say yes quickly?" is not about pay: an offer
# named only as a hypothetical (an "if"/"once"/"suppose" clause with no figure, pay word or
# deadline in it) frames a question about what the candidate wants, and the question is read
# without that clause. "If we offered you 150k, would you accept?" and "If we made you an
# offer today, would you sign?" stay negotiation (a figure, a deadline).
_HYPOTHETICAL_OFFER = re.compile(
    r"\b(?:if|once|when|suppose|supposing|assuming|say)\s(?:we|i|they|you|someone|another\s\w+|a\s\w+)\b"
    r"[^,.;?]*?\boffer(?:ed|s)?\b[^,.;?]*"
)
_OFFER_TERMS = re.compile(
    r"\d|\$|\b(?:salary|pay|paid|comp|compensation|base|equity|bonus|stock|rsus?|package|band|range|today|now|"
    r"tomorrow|tonight|this\sweek|on\sthe\sspot|right\saway|immediately|match|beat|counter\w*|more|less|higher|lower)\b"
)


def _without_hypothetical_offer(q: str) -> str:
    m = _HYPOTHETICAL_OFFER.search(q)
    if m is None or _OFFER_TERMS.search(m.group()):
        return q
    return (q[: m.start()] + q[m.end():]).strip(" ,")


_ORDER: tuple[tuple[str, Lazy], ...] = (
    ("negotiation", _NEGOTIATION),
    ("general", _EXPERIENCE),
    ("behavioral", _BEHAVIORAL),
    ("system-design", _DESIGN),
    ("coding-discussion", _CODING),
    ("coding-discussion", _ALGORITHM),
    ("coding-discussion", _PROBLEM),
    ("general", _GENERAL),
    (SMALL_TALK, _SMALL_TALK),
    ("technical", _TECHNICAL),
)


def _norm(text: str | None) -> str:
    return (text or "").lower().replace("\u2019", "'").strip()


@lru_cache(maxsize=1024)
def type_from_question(question: str | None) -> str | None:
    """The question type the question's own wording gives (one of ``QUESTION_TYPES``
    or :data:`SMALL_TALK`), or None when it has no cue (a follow-up such as "And then
    what?"). A pleasantry is small talk only when nothing else is asked with it
    ("Nice to meet you. Tell me about yourself." is a general question)."""
    q = _norm(question)
    if not q:
        return None
    if "offer" in q:
        q = _without_hypothetical_offer(q)
    for qtype, pat in _ORDER:
        if pat.search(q):
            return qtype
    return None


def classify_question(question: str | None) -> str:
    """The type of a question read alone: its cue's type, or general for a question
    with no cue at all (what ``bench_question_types.py`` measures)."""
    return type_from_question(question) or "general"


# How a follow-up opens: it probes the answer just given ("Why?", "What if...", "By how
# much?", "Can you say more?", "And what happens when...") rather than asking something
# new and self-contained.
_FOLLOWUP_OPENER = re.compile(
    r"""^\W*(?:(?:ok(?:ay)?|right|sure|interesting|got\sit|thanks|great|nice|i\ssee|mhm|mm)\b[\W]*)*
    (?:and\b|so\b|but\b|why\b|what\sif\b|what\sabout\b|how\sabout\b|how\s(?:come|so)\b|then\swhat\b|what\shappened\b|
    what\shappens\s(?:when|if|then)\b|what\swas\sthe\s(?:result|outcome|impact)\b|by\show\smuch\b|
    how\sdid\s(?:it|that)\s(?:turn\sout|go|end)\b|how\sdid\syou\s(?:measure|know|decide|verify|get\sthere)\b|
    (?:can|could)\syou\s(?:elaborate|expand|say\smore|go\sdeeper|tell\sme\smore|give\s(?:me\s)?an\sexample|be\smore\sspecific)\b|
    tell\sme\smore\b|go\sdeeper\b|what\sdid\syou\s(?:personally\s)?do\b|you\s(?:said|mentioned)\b|is\sthat\b|say\smore\b|
    which\s(?:one|part)\b|how\s(?:many|long|big)\b|in\swhat\sway\b|like\swhat\b|such\sas\b|for\sexample\b|meaning\b)""",
    re.VERBOSE,
)


def is_followup(question: str | None, answer_index: int = 0) -> bool:
    """Whether ``question`` is a real follow-up rather than a main question: it has no
    question-type cue (technical vocabulary aside) and it opens by probing the last answer ("Why Kafka?", "What if
    the cache dies?", "By how much?", "And then?"). A question with no cue that asks
    something new is a main question wherever it comes in the conversation
    (``answer_index`` is kept for callers and no longer decides). No question (typed
    text) is a main answer. A reply to a follow-up may be short, so length-based and
    "missing X" rules leave short replies unjudged (docs/SCORING.md)."""
    del answer_index
    if not question:
        return False
    return _probes(question)


@lru_cache(maxsize=1024)
def _probes(question: str) -> bool:
    """:func:`is_followup` of a question, kept per question: the engine asks it twice an
    answer (the answer's type, then its context)."""
    if not question.strip() or type_from_question(question) not in _FOLLOWUP_TYPES:
        return False
    return _FOLLOWUP_OPENER.search(_norm(question)) is not None


# A probe may name a technical thing ("Why Kafka?", "What if the cache dies?"): technical
# vocabulary does not make it a new question; any other cue ("Why should we hire you?",
# "Why did you design it that way?" is still a probe, but "Design a..." is not) does.
_FOLLOWUP_TYPES = (None, "technical")


# An answer's own words (infer_question_type, AnswerContext.shape: read for every answer
# whose question has no cue, and by off_topic). Compiled on first use (re.compile: a cold
# lint of a bare answer reads them all), each led by its possible first characters (a
# lookahead, or the leading \b moved after a first letter as patterns.fast_compile
# does: ``i(?<!\w.)`` is ``\bi``) so the engine skips the other positions: the same
# matches, 1.3-7x faster over an answer than a plain leading \b.
_A_NEGOTIATION = Lazy(r"(?=[bceos$\d])(?:\b(?:salary|offer|compensation|base|equity|signing bonus|\d{3}k)\b|\$\d)",
                      re.compile)
_A_DESIGN = Lazy(
    r"(?=[cdgklmpqrst])\b(?:load balancer|shard\w*|partition\w*|replica\w*|cach\w+|qps|database|queue|cdn|throughput|"
    r"gateway|redis|kafka|requests per second|rate limit\w*|replication|consistency|key-value|token bucket|"
    r"microservices?)\b",
    re.compile,
)
_A_HYPOTHETICAL = Lazy(
    r"(?:i(?<!\w.)(?:'d| would|'ll assume)|w(?<!\w.)e(?:'d| would)|l(?<!\w.)et's assume|a(?<!\w.)ssuming)\b", re.compile
)
_A_CODING = Lazy(
    r"(?=[ehostu])(?:\bo\s?\([^)]{1,12}\)|\b(?:time complexity|space complexity|edge cases?|unit tests?|hash ?map)\b)",
    re.compile,
)
_A_STORY = Lazy(r"i(?<!\w.) (?:\w+ed|built|led|wrote|made|took|ran|did|was)\b", re.compile)
# An adverb or a hedge between the subject and the verb ("I then wrote", "I kind of put together
# a checklist"): a story told in hedged words is a story too (rubric 2026.12.51).
_STORY_ADVERB = r"(?:\s(?:then|also|just|finally|basically|actually|really|all|kind\sof|sort\sof|um|uh))?"
# A first-person story, singular or plural: "we migrated" is a story too (and exactly the
# we-heavy one no_ownership is for), "hello world" or "caching helps" is not.
_A_FIRST_PERSON_PAST = Lazy(
    rf"(?:i(?<!\w.)|w(?<!\w.)e){_STORY_ADVERB}\s(?:\w+ed|\w*wrote|\w*built|led|made|"
    r"took|ran|did|was|were|had|got|went|found|saw|spent|set|put|kept|brought|chose|cut|sent|began|drove|broke|gave|"
    r"told|met|spoke|held|taught|left|lost|paid|came|became)\b",
    re.compile,
)


def _count(pattern: Lazy, text: str) -> int:
    return len(pattern.compiled().findall(text))


def infer_question_type(question: str | None, answer: str, previous: str | None = None) -> str:
    """The type of this question/answer pair. The question's own cue decides (it may be
    :data:`SMALL_TALK`); a real follow-up (:func:`is_followup`: "Why Kafka?", "And what
    happens when...?") continues the ``previous`` answer's type; any other question
    with no cue is read from the answer's own wording (design, coding or negotiation
    talk, a story), else as a general question. It never inherits a type merely for
    coming later in the conversation, so one technical answer does not make every
    later question technical."""
    from_question = type_from_question(question)
    if previous and previous != SMALL_TALK and is_followup(question):
        return previous
    if from_question:
        return from_question
    q = _norm(question)
    a = answer.lower()
    if _count(_A_NEGOTIATION, a) >= 2:
        return "negotiation"
    design = _count(_A_DESIGN, a)
    hypothetical = _count(_A_HYPOTHETICAL, a)
    if design >= 3 or (design >= 2 and hypothetical >= 1):
        return "system-design"
    if _count(_A_CODING, a) >= 2:
        return "coding-discussion"
    if _count(_A_STORY, a) >= 2:
        return "behavioral"
    # A question with no cue asks something general. A bare answer (no question) is a
    # story when it tells one in the first person ("I rewrote", "we migrated"); anything
    # else ("hello world", "caching helps because...") is judged as a technical answer,
    # not failed for lacking a situation, an action and a result it never set out to tell.
    if q:
        return "general"
    if hypothetical >= 2:
        return "technical"
    return "behavioral" if _A_FIRST_PERSON_PAST.search(a) else "technical"
