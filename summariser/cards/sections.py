"""What a posting's own words say its sections hold, in English and Norwegian: a heading's label
(qualification, responsibility, benefit, application_document, contact, other; `meta` for site fields
such as "Closing date", `ambiguous` for vague ones such as "Job description" or "Om stillingen"), the
list a colon lead-in ("The successful candidate will have:") or a sentence's opening ("Applications
should include …") names, and whether a sentence's words agree with a label. Mined from the corpus's
headings (EURAXESS, jobs.ac.uk, NAV); it labels the classifier's training sentences too.
"""

from __future__ import annotations

import re

CARD_LABELS = ("qualification", "responsibility", "benefit", "application_document", "contact")


def _any(block: str) -> str:
    """One regex per line of block, as alternatives; a line ending in a backslash goes on in the next."""
    lines = re.sub(r"\\\n\s*", "", block).splitlines()
    return "|".join(f"(?:{line.strip()})" for line in lines if line.strip())


_Q_PRE = (
    r"(?:(?:essential|desirable|desired|required|minimum|specific|additional|formal|general|key|main|mandatory|"
    r"necessary|preferred|basic|special|entry|admission|eligibility|candidate|applicant|job|position|personal|"
    r"professional|technical|academic|language|other|selection|your|the)\s+)*"
)
_Q_HEAD = r"(?:requirements?|qualifications?|criteria|skills?|competenc(?:e|es|ies|y)|prerequisites?|experience|knowledge|expertise)"
_Q_TAIL = (
    r"(?:\s*(?:,|and|&|/)\s*(?:[a-z]+\s+)?(?:requirements?|qualifications?|skills?|experience|competenc(?:e|es|ies)|"
    r"expectations|abilities|knowledge|attributes|criteria(?: required)?|education|personal qualities|profile|training))*"
    r"(?:\s+required|\s+for (?:the )?(?:position|candidates?|applicants?|filling the position))?"
)
_R_PRE = (
    r"(?:(?:main|key|principal|primary|your|job|general|specific|major|core|research|teaching|the|position|role|"
    r"requested research|requested teaching|work|expected)\s+)*"
)
_META = (
    r"type|subject area|location|area of research|work group|(?:main )?research field|researcher profile|phd country|"
    r"funding category|reference(?: number| no| id)?|ref(?: no)?|job (?:title|id|reference|type|status)|vacancy id|"
    r"published|posted|type of (?:employment|contract|position)|contract(?: type| duration| time limit)?|"
    r"duration(?: of (?:the )?contract)?|(?:expected |anticipated |proposed |planned )?start(?:ing)? date"
    r"(?: and period| at \w+| for project)?|closing date(?: for applications)?|(?:application )?deadline"
    r"(?: for applications?)?|hours of work|working (?:time|hours)|extent|scope of employment|part-time suitability|"
    r"number of (?:openings|positions)|employer|institution|eligible destination country/ies for fellows|"
    r"eligibility of fellows|interview dates?|phd title|project title|title|keywords?|key words|location of activity|"
    r"place of (?:work|employment)|søknadsfrist|arbeidstid|stillingsprosent|oppstart|tiltredelse|arbeidsgiver|"
    r"stillingstittel|stillinger|sted|arbeidssted|heltid/deltid|ansettelsesform|stillingsnummer"
)

# Full match on the normalised heading (lower case, no trailing ':', '?', '*'); the first label that matches wins.
HEADINGS: dict[str, str] = {
    "application_document": _any(r"""
        (?:required |requested |necessary |application |supporting |additional )?(?:documents?|documentation)(?: (?:required|\
            requested|to be (?:submitted|attached|enclosed|provided|uploaded)|needed|to submit|for (?:the )?application))?
        application (?:documents|package|materials?|file|dossier)
        (?:the |your |all )?applications? (?:must|should|shall|has to|have to|will) (?:include|contain|consist of|comprise|\
            be accompanied by)(?: the following(?: documents| elements| items)?)?
        (?:applicants?|candidates?) (?:must|should|shall|are (?:requested|asked|required) to|need to|have to) (?:submit|\
            include|upload|send|attach|provide)(?: the following(?: documents)?)?
        (?:please |you should |moreover, you must )?(?:submit|include|attach|upload|enclose)(?: the following)?(?: documents)?
        the file must include|what to include|application procedure all applications must include
        søknaden (?:må|skal|bør) (?:inneholde|bestå av)|vedlegg(?: til søknaden)?|dokumentasjon|legg ved
    """),
    "contact": _any(r"""
        (?:further |more |additional )?contacts?(?: (?:information|details|person|persons|info|us))?(?: for (?:further|more) \
            information)?
        (?:informal |general |scientific |project |administrative )?(?:enquiries|inquiries|queries)(?: (?:about|regarding|on) \
            (?:the|this) (?:position|post|project|job|application process))?(?: (?:may|should|can) be (?:addressed|made|\
            directed|sent) to)?
        (?:for |if you have )?(?:further |more |any |additional |specific )?(?:information|questions|enquiries|inquiries|\
            details),? (?:about (?:the|this) (?:position|post|project|job) )?(?:please )?(?:contact|write to|e-?mail|\
            get in touch with).*
        (?:for )?questions(?: about (?:the|this) (?:position|post|project|job))?
        kontakt(?:person(?:er)?(?: for stillingen)?|info(?:rmasjon)?|opplysninger)?|har du spørsmål(?: om stillingen)?
        spørsmål(?: om stillingen)?(?: kan rettes til)?|ta kontakt(?: med)?.*
    """),
    "benefit": _any(r"""
        (?:what )?(?:do |can )?we (?:can |will |also )?offer(?: you)?|what we can offer(?: you)?|(?:our|the) offer(?: (?:to|for) you)?
        on offer
        (?:employee |staff |additional |our |other |your )?benefits?(?: (?:and|&) (?:perks|salary|conditions))\
            ?(?: of the programme(?: include)?| for non uk residents| package)?|perks
        why (?:join us|work (?:with|for|at) us|choose us|us)|what(?:'s| is) in it for you
        salary(?: and benefits(?: package)?| and (?:terms|conditions)(?: of employment)?| range| scale| and appointment terms| \
            and grade| package)?|(?:gross |annual )?salary|remuneration(?: and benefits)?|stipend
        (?:the )?successful (?:candidate|applicant) (?:is|will be) offered
        the (?:position|post|job|fellowship|studentship) offers|we provide|what you get
        (?:hva )?vi (?:kan )?tilbyr?(?: deg)?|[\w ]{2,30} tilbyr(?: deg)?|hos oss (?:vil du|får du)(?: oppleve| få)?
        (?:i [\w ]{2,30} )?får du|fordeler|goder|lønn(?: og (?:betingelser|goder|arbeidsvilkår))?|lønnstrinn
        betingelser|vi gir deg|continuing professional development(?:/training)?
    """),
    "responsibility": _any(rf"""
        {_R_PRE}(?:duties|responsibilities|tasks|activities|assignments)(?:\s+(?:and|&|/)\s+(?:responsibilities|tasks|duties|\
            activities|objectives))*(?:\s+(?:include|will include|of the position|of the post|of the role|of the job|are|\
            will be))?
        your (?:role|job|mission|work|assignment|contribution|responsibilities)|the role
        role(?: description| and responsibilities| summary)?|what you(?:'| wi)ll do|what will you do
        what you will be doing|description of (?:the )?(?:duties|tasks|responsibilities)
        (?:the )?(?:post ?holder|successful candidate|candidate|researcher|fellow|student|phd student|postdoc) \
            will(?: be (?:responsible for|expected to))?
        (?:in this (?:role|position) )?you will(?: be responsible for)?|scope of (?:the )?work|basic function|functions
        (?:dine |dine viktigste |viktigste |sentrale |aktuelle )?(?:arbeids|hoved)?oppgaver(?: og ansvar(?:sområder?)?)\
            ?(?: vil (?:bla\.?|blant annet) (?:bestå av|være|inkludere)| vil (?:være|bli|inkludere)| blir| er)?
        ansvars(?:område|områder)(?: og (?:arbeids)?oppgaver)?|hva skal du gjøre|stillingen innebærer|ansvar
    """),
    "qualification": _any(rf"""
        {_Q_PRE}{_Q_HEAD}{_Q_TAIL}
        (?:your|candidate|applicant'?s?|personal|job|required|desired|ideal candidate|expected) profile|profile|about you
        who (?:are you|you are|we are looking for|can apply|should apply)|what (?:we are|we're) looking for
        we are looking for|what you (?:bring|need|will need|should have|have)
        you (?:have|bring|should have|must have|will have|might also have|need)|person specification
        (?:essential|desirable)(?: criteria)?|eligibility(?: criteria| requirements| conditions)?
        h2020 msca eligibility criteria|education(?:al)?(?: background| requirements| and experience)?
        (?:the )?(?:ideal|successful) (?:candidate|applicant)(?: will have| should have| must have| profile)?
        (?:candidates?|applicants?) (?:must|should) (?:have|be|possess|hold)|requirements and expectations
        (?:ønskede |formelle |nødvendige |krav til |andre |personlige )*kvalifikasjone?r?(?: og (?:egenskaper|erfaring))?
        personlige egenskaper|krav(?: til (?:søker|kompetanse|kvalifikasjoner))?|hva vi ser etter
        vi (?:søker|ser etter|ønsker) (?:deg|en person) som(?: er| har)?|vi ønsker at du(?: har| er)?|hvem er du
        som person er du|du (?:har|er|bør|må)|det er en fordel (?:dersom|om|at) du(?: har)?
        forventet bakgrunn og erfaring|den ideelle kandidaten(?: er| har)?|vi legger vekt på
        utdanning(?: og erfaring)?|erfaring|(?:ønsket )?kompetanse(?:krav)?|egenskaper|om deg
    """),
    "meta": rf"(?:{_META})(?:\(s\)| / role)?",
    "ambiguous": _any(r"""
        (?:job|position|post|vacancy|role|work|offer|phd|project and job|phd thesis job) description|description
        job description/.*|(?:about )?the (?:position|post|job|role|vacancy|opportunity)|position
        (?:further|more|additional|general|important|practical|other) information|information|how to apply
        (?:application|recruitment) (?:procedure|process|instructions|details)|applications?|to apply
        apply(?: now| online)?|interested|other|notes?|important
        terms(?: and conditions)?(?: of (?:employment|appointment))?|(?:employment )?conditions(?: of employment)?
        employment(?: conditions)?|contract|funding(?: notes| information)?
        supervisors?|(?:main |second |scientific )?supervisor|supervisory team|(?:work|working|research) environment
        more details and application instructions|for more information and how to apply|eligibility and closing date
        about the team/job|what else you need to know|formalities and salary range|om stillingen|om jobben
        stillingsbeskrivelse|praktisk informasjon.*|annet|stillingsannonse.*
    """),
    "other": _any(r"""
        about (?!you\b|the (?:role|position|job|post)\b).{2,60}|who we are
        our (?:group|team|lab|laboratory|department|institute|organi[sz]ation|company|university|research|mission|vision|values)
        (?:the )?(?:research )?(?:group|team|lab|laboratory|department|institute|organi[sz]ation|company|university|project|\
            centre|center|school|faculty|division|unit)(?: description| overview| background)?
        (?:(?:phd |research )?project|research) (?:description|outline|overview|background|summary|abstract|area|field|topic|\
            context|aims?|objectives?|goals?|group|plan|proposal|specifications)
        description of (?:the )?(?:project|research)
        (?:scientific )?(?:background|context|abstract|summary|introduction|overview|objectives?|aims?|goals?|motivation|\
            methodology|methods|expected results|research objectives|job objectives)
        (?:the )?(?:selection|recruitment|evaluation|assessment|competition|review|interview|hiring) (?:process|procedure|committee)
        assessment|equal opportunit(?:y|ies)(?: statement)?|diversity(?: and inclusion)?
        (?:data protection|privacy|gdpr)(?: notice| statement| information)?|information clause
        om (?!stillingen\b|jobben\b|deg\b)[\w\-]+(?: [\w\-]+){0,3}|hvem er vi|bakgrunn|offentlig søkerliste
        tools|software|technologies|keywords|tags|verktøy
    """),
}
_HEADING_RES = [(label, re.compile(pattern)) for label, pattern in HEADINGS.items()]

# searched in a colon-terminated lead-in sentence of <= 20 words ("The successful candidate will have:")
LEAD_INS: dict[str, re.Pattern[str]] = {
    label: re.compile(_any(block), re.I)
    for label, block in {
        "application_document": r"""
            \b(?:application|applications|dossier|file)\b.{0,40}\b(?:include|contain|consist|comprise|accompanied)
            \b(?:submit|upload|attach|enclose)\b.{0,40}\b(?:following|documents?)\b
            \bdocuments?\b.{0,30}\b(?:required|submitted|attached|needed)
            søknaden.{0,30}(?:inneholde|vedlegg)|\bvedlegg
        """,
        "contact": r"\b(?:contact|enquiries|inquiries|queries)\b|\bkontakt|\bspørsmål",
        "benefit": r"""
            \b(?:we|university|institute|position|post|fellowship|studentship|programme|project) (?:can |will |also )?(?:offer|\
                offers|provide|provides)\b
            \bis offered\b|\bwill be offered\b|\bbenefits (?:include|are)\b|\byou will (?:get|receive|enjoy)\b|\btilby|\
                \bfår du\b|\bhos oss\b
        """,
        "qualification": r"""
            \b(?:requirements?|qualifications?|criteria|eligib\w*|profile|skills|competenc\w*)\b|\b(?:must|should|will) \
                (?:have|hold|possess|be able)\b
            \b(?:looking for|seek(?:ing)?) (?:a|an|candidates?|applicants?|someone)\b|\bideal candidate\b|\bwe expect\b
            kvalifikasjon|\bkrav\b|ser etter|søker (?:deg|etter)|\bdu (?:har|er|bør|må)\b|egenskaper|legger vekt på|ønsker at du
            \b(?:will|would) need\b|\bneed to have\b
        """,
        "responsibility": r"""
            \bresponsib(?:le|ilities)\b|\bduties\b|\btasks\b|\bwill (?:be expected to|work on|include|involve)\b|\
                \byour (?:role|work|job) will\b
            \bthe (?:role|post|position|job) (?:involves|includes|will involve)|oppgave|\bansvar|innebærer|du vil (?:jobbe|arbeide|få)
            \byou will\b
        """,
    }.items()
}

# A sentence that opens with what it is ("Applications should include a CV …", "Vi tilbyr …") is its own heading.
OPENINGS: dict[str, re.Pattern[str]] = {
    label: re.compile(_any(block), re.I)
    for label, block in {
        "application_document": r"""
            (?:the |your |all )?applications? (?:must|should|shall|has to|have to|will) (?:include|contain|consist of|comprise|\
                be accompanied by)
            (?:applicants?|candidates?) (?:must|should|shall|are (?:requested|asked|required|invited) to|need to|have to) \
                (?:submit|include|upload|send|attach|provide|enclose)
            (?:to apply,? )?(?:please )?(?:also )?(?:submit|include|attach|upload|enclose|send|provide|e-?mail)\b\
                (?=.{0,60}\b(?:cv|curriculum|letter|transcripts?|diplomas?|references?|referees?)\b)
            søknaden (?:må|skal|bør) (?:inneholde|bestå av)|(?:søknad|cv)(?: og (?:cv|søknad))? (?:sendes|merkes)
        """,
        "benefit": r"""
            we (?:can |will |also )?(?:offer|provide)\b|(?:the )?successful (?:candidate|applicant) (?:is|will be) offered
            (?:the |this |each |full )?(?:university|institute|company|position|post|fellowship|studentship|scholarship|\
                award|programme|project|bursary|funding)s? (?:can |will |also )?(?:offers?|provides?|covers?|pays?|includes?)\b
            vi (?:kan )?(?:tilbyr|tilby)\b|hos oss får du\b|du får\b|(?:[\w-]+ ){1,3}(?:also )?(?:offers|provides)\b
        """,
        "qualification": r"""
            (?:the |an? |all )?(?:[\w-]+ )?(?:candidates?|applicants?) (?:must|should|shall|will need to|need to) \
                (?:have|hold|possess|be|demonstrate)\b
            (?:the )?(?:ideal|successful) (?:candidate|applicant) (?:will have|should have|must have|has|is)\b
            you (?:must|should) (?:have|hold|be)\b|we are (?:looking for|seeking)\b|we seek\b
            vi (?:søker|ser etter|ønsker) (?:deg|en person|personer) som\b|du (?:har|er|bør|må)\b
            (?:the )?(?:requirements?|qualifications?) (?:are|include)\b|(?:students|candidates|applicants) (?:with|who have|holding)\b
        """,
        "responsibility": r"""
            (?:the )?(?:main |key )?(?:duties|responsibilities|tasks) (?:include|will include|are|will be)\b
            you will be responsible for\b|your (?:tasks|duties|responsibilities|role) (?:will )?(?:include|be|is)\b
            (?:the )?(?:post ?holder|successful candidate|phd student|phd candidate|candidate|student|researcher|\
                fellow|postdoc|appointee) will (?:be responsible (?:for|to)|work on|conduct|carry out|develop|contribute|\
                participate|investigate|study|explore|focus on|design|perform|be involved in|work closely)\b
            du vil (?:få ansvar|jobbe|arbeide)\b|(?:arbeids)?oppgavene (?:er|vil være|består)\b|stillingen innebærer\b
            (?:the |this |your )?(?:main )?(?:phd|project|position|post|role|research|studentship|fellowship|thesis)(?: project)? \
                (?:will (?:involve|focus|investigate|explore|develop|study|address|look at)|aims? to|involves?|focus(?:es)? on|\
                is concerned with|is to)\b
            (?:the )?(?:topic|goal|aim|objective|focus|role)s? (?:of|for) (?:the |this )?(?:project|position|post|phd|role) \
                (?:is|are|will be)\b
        """,
    }.items()
}

# A heading's scope can run past its content (EURAXESS lost its lists, so the text after a heading
# is often another section): a contact or a document must show it in its words ...
CONTENT_CUES: dict[str, re.Pattern[str]] = {
    "contact": re.compile(
        r"[\w.+-]+@[\w-]+\.\w|\+?\d[\d ()/.-]{6,}\d|\b(?:contact|enquir|inquir|questions?|tel|phone|e-?mail|kontakt|"
        r"telefon|tlf|spørsmål|ring)\w*|\b(?:dr|prof|professor|mr|mrs|ms)\b\.?\s+[A-Z]",
        re.I,
    ),
    "application_document": re.compile(
        r"\b(?:cv|curriculum|r[ée]sum[ée]|letters?|transcripts?|diplomas?|certificates?|cop(?:y|ies)|publications?|"
        r"referees?|references?|recommendation|statement|proposal|degree|thesis|form|portfolio|passport|motivation|"
        r"essay|summary|abstract|records?|documents?|evidence|proof|søknadsbrev|søknad|vitnemål|attester?|cv-en|"
        r"dokumentasjon|karakterutskrift)\b",
        re.I,
    ),
}
# ... and a prose sentence (not a list item) under the three others a cue word: without it the diversity
# statements and project descriptions that follow a stripped list read as requirements or duties.
PROSE_CUES: dict[str, re.Pattern[str]] = {
    "qualification": re.compile(
        r"\b(?:degree|ph\.?d|master|msc|bachelor|diploma|experience|knowledge|skill|abilit|able to|proficien|fluen|"
        r"familiar|background|qualif|require|must|should|essential|desirabl|prefer|advantage|plus|expertise|"
        r"understanding|track record|candidates? (?:with|who)|you (?:have|are|hold)|motivated|enthusias|team player|"
        r"independen|erfaring|utdanning|kunnskap|ferdighet|evne|må|bør|krav|fordel|førerkort|beherske|egenskap|"
        r"selvstendig|fleksibel|nøyaktig|kommuni\w+|trives|liker)",
        re.I,
    ),
    "responsibility": re.compile(
        r"\b(?:you will|you are expected|(?:he|she|he/she|she or he|s/he)\b.{0,4}will|(?:successful |selected )?"
        r"(?:candidate|applicant|post ?holder|researcher|student|fellow|postdoc|phd (?:student|candidate)|assistant|"
        r"incumbent)s? (?:will|would|is expected|shall)|responsib|duties|tasks?\b|role (?:involves|includes)|"
        r"du (?:vil|skal|får ansvar)|arbeidsoppgave|oppgave|ansvar)",
        re.I,
    ),
    "benefit": re.compile(
        r"(?:salary|stipend|€|£|\$|\bnok\b|\beur\b|pension|insurance|holiday|vacation|leave|training|development|"
        r"flexib|offer|benefit|allowance|contract|funding|funded|fees|travel|health|career|child|famil|relocation|"
        r"tilby|lønn|pensjon|forsikring|opplæring|ferie|arbeidsmiljø|kolleg|utvikling)",
        re.I,
    ),
}


def normalise_heading(heading: str) -> str:
    h = re.sub(r"^[\s*#•·\-–>→\d.)]+", "", heading)
    h = re.sub(r"[\s*#_:?!.]+$", "", h)
    return re.sub(r"\s+", " ", h).strip().lower()


def heading_label(heading: str) -> str | None:
    """The label a heading names, or None for a heading the lexicon does not know."""
    h = normalise_heading(heading)
    if not h or len(h) > 80:
        return None
    return next((label for label, pattern in _HEADING_RES if pattern.fullmatch(h)), None)


def lead_in_label(sentence: str) -> str | None:
    """The list a colon lead-in announces ("Applicants should submit the following:")."""
    return next((label for label, pattern in LEAD_INS.items() if pattern.search(sentence)), None)


# "More specifically, the position will develop …": a connective before the opening that says what it is
_CONNECTIVE = re.compile(
    r"(?:more specifically|specifically|in particular|in addition|additionally|furthermore|moreover|also|finally|"
    r"in this (?:project|position|role|post|phd)|within (?:this|the) project|i tillegg|videre),?\s+",
    re.I,
)


def opening_label(sentence: str) -> str | None:
    """The list a sentence says it belongs to by the way it opens ("Applicants must hold …"), after
    a connective ("In addition, …")."""
    connective = _CONNECTIVE.match(sentence)
    start = connective.end() if connective else 0
    return next((label for label, pattern in OPENINGS.items() if pattern.match(sentence, start)), None)


def content_agrees(label: str, text: str, bullet: bool = False) -> bool:
    """Whether a sentence's words fit the label (a list item needs no cue for the last three)."""
    cue = CONTENT_CUES.get(label) or (None if bullet else PROSE_CUES.get(label))
    return cue is None or bool(cue.search(text))
