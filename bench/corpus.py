"""A seeded generator of realistic, invented reflections for the benchmarks.

Each item reads like something a mental-health practitioner in England might write after a shift
(British English, practice vocabulary: ward, carer, de-escalation, care plan, supervision, recovery,
risk, advocacy, stigma, medication, discharge, crisis, safeguarding …). People appear only as roles,
never by name, so the text holds nothing identifiable. The same seed always gives the same items.

Shape of a corpus of ``n`` items (the defaults):

* dates spread over twenty years ending on :data:`END`, evenings mostly, oldest first;
* 80-400 words of body, in paragraphs of sentences built from templates;
* kinds: about 85 % journal entries, 7 % supervision notes (with agreed actions), 5 % CPD
  activities, 3 % development goals;
* capabilities: one to three codes per item (capabilities ``"9"`` or indicators ``"9.3"``), none
  for about one item in ten;
* free tags from a small set with skewed popularity, so a tag filter returns a realistic slice
  (:data:`TAG` is on roughly one item in eight).

The queries the benchmarks run are named here, next to the vocabulary that makes them hit:
:data:`COMMON_WORD`, :data:`RARE_WORD`, :data:`PHRASE`, :data:`PREFIX`, :data:`TAG`,
:data:`CAPABILITY`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from reflect.core.model import (
    AgreedAction,
    CpdDetails,
    GoalDetails,
    GoalHorizon,
    GoalStatus,
    Item,
    ItemKind,
    ProgressReview,
    SupervisionDetails,
    SupervisionKind,
)

#: Bump when the generator's output changes, so cached vaults are rebuilt.
CORPUS_VERSION = 1

#: The last day of the synthetic journal (fixed, so a seed gives the same dates on any day).
END = date(2025, 12, 31)
YEARS = 20

# --- the queries the benchmarks run (chosen to hit these frequencies) -----------------------
#: In most items (about two in five).
COMMON_WORD = "ward"
#: In well under one item in a hundred.
RARE_WORD = "tribunal"
#: A two-word phrase in roughly one item in ten.
PHRASE = '"care plan"'
#: A prefix matching supervision, supervisor, supervised …
PREFIX = "supervis*"
#: A free tag on roughly one item in eight.
TAG = "carers"
#: A capability: Promoting Safety and Positive Risk Taking.
CAPABILITY = "9"
#: The word the fresh-process search (and jrnl's -contains) looks for: mid-frequency.
CLI_WORD = "advocacy"

# --- vocabulary --------------------------------------------------------------------------------

PEOPLE = (
    "a young man",
    "a woman in her forties",
    "an older gentleman",
    "a student in her first year at university",
    "a mother of two",
    "a man recently discharged from prison",
    "a woman who had been sleeping rough",
    "a teenager in transition from CAMHS",
    "a retired teacher",
    "a man with a long history of psychosis",
    "a woman who had self-harmed the night before",
    "a father who had lost his job",
    "a new mum with postnatal depression",
    "a young woman with an eating disorder",
    "a man detained under section 3",
    "an asylum seeker waiting for a decision",
)

CARERS = (
    "her father",
    "his partner",
    "her daughter",
    "his elderly mother",
    "her husband",
    "his sister",
    "a young carer of fourteen",
    "her foster mum",
)

COLLEAGUES = (
    "the healthcare assistant",
    "the ward manager",
    "a student nurse",
    "the consultant psychiatrist",
    "the occupational therapist",
    "the peer support worker",
    "the AMHP",
    "the ward pharmacist",
    "the clinical psychologist",
    "the social worker",
    "the bank nurse",
    "the care coordinator",
    "the home treatment team",
    "the crisis team",
)

SETTINGS = (
    "on the ward",
    "on the acute ward",
    "in the community",
    "at the day hospital",
    "on a home visit",
    "in the crisis house",
    "in the section 136 suite",
    "at the GP surgery",
    "in the outpatient clinic",
    "in A&E",
    "during the night shift",
    "at the recovery college",
)

TOPICS = (
    "the care plan",
    "her medication",
    "his leave",
    "discharge planning",
    "a safeguarding referral",
    "the risk assessment",
    "the relapse prevention plan",
    "housing",
    "benefits and debt",
    "a complaint",
    "side effects of his depot",
    "going back to work",
    "contact with her children",
    "the crisis plan",
    "an advance statement",
    "access to an independent advocate",
)

FEELINGS = (
    "anxious",
    "frustrated",
    "relieved",
    "uncertain",
    "proud of the team",
    "drained",
    "hopeful",
    "out of my depth",
    "defensive",
    "moved",
    "angry on her behalf",
    "calm, which surprised me",
)

THEMES = (
    "recovery",
    "stigma",
    "advocacy",
    "positive risk taking",
    "shared decision making",
    "trauma-informed care",
    "co-production",
    "dignity",
    "capacity and consent",
    "least restrictive practice",
    "cultural humility",
    "hope",
    "boundaries",
    "self-care",
    "therapeutic relationships",
)

LEARNING = (
    "how much difference it makes to slow down and listen",
    "that I still reach for medication before I ask about sleep and routine",
    "that carers often notice the early warning signs long before we do",
    "that I can hold a boundary and stay kind",
    "how stigma shows up in the language we use in handover",
    "that de-escalation starts long before anyone raises their voice",
    "that a good care plan is written in the person's own words",
    "that I need to ask for help earlier",
    "how restrictive practice can feel from the other side",
    "that recovery is not a straight line",
    "that advocacy sometimes means disagreeing with the consultant",
    "how to explain the Mental Health Act without jargon",
)

ACTIONS = (
    "I will bring this to supervision",
    "I will read the trust's positive risk-taking policy again",
    "I will ask the peer support worker to co-facilitate the group",
    "I will update the care plan with her own words",
    "I will check in with the healthcare assistant sooner next time",
    "I will book onto the safeguarding level 3 refresher",
    "I will ask for a debrief after the next incident",
    "I will look up the local advocacy service and share the leaflet",
    "I will write the crisis plan with him rather than for him",
    "I will keep a note of what helps me unwind after a hard shift",
)

OPENINGS = (
    "Today {setting} I spent time with {person}.",
    "I was asked to see {person} {setting} after a difficult morning.",
    "{colleague_cap} asked me to join a conversation with {person} about {topic}.",
    "This shift started badly: the ward was short-staffed and {person} was very distressed.",
    "I met {person} {setting} for the first time.",
    "At handover we discussed {person}, who had been unsettled overnight.",
    "{carer_cap} rang the ward worried about {topic}.",
    "A multidisciplinary meeting about {person} took most of the afternoon.",
)

SENTENCES = (
    "We talked about {topic} and what mattered most to {pronoun}.",
    "{colleague_cap} and I disagreed about how much risk was acceptable.",
    "I felt {feeling} for most of the conversation.",
    "Looking back, I think I focused on the risk assessment and lost sight of the person.",
    "The care plan said one thing, but what {pronoun} wanted was something else.",
    "I used what I learnt on the de-escalation course: a low voice, space, and time.",
    "Nobody had explained {topic} in plain English before.",
    "{carer_cap} said the team talk about recovery but never ask what recovery means at home.",
    "I noticed how quickly the ward moved to talking about medication.",
    "We agreed to review {topic} together at the next ward round.",
    "I raised a safeguarding concern with the ward manager, who agreed to make the referral.",
    "The crisis plan had not been updated since the last admission.",
    "I offered to help {pronoun} contact an independent advocate.",
    "There was a moment of real stigma in handover, and I did not challenge it.",
    "I challenged a comment in handover and felt shaky afterwards.",
    "Discharge felt rushed; the bed was needed and the plan was thin.",
    "We wrote the relapse signature together, in {pronoun_pos} own words.",
    "The de-escalation worked, and we did not need to use restraint.",
    "I was reminded how much {theme} depends on small, ordinary moments.",
    "{colleague_cap} made a point about {theme} that I keep coming back to.",
    "I am not sure I got the balance right between safety and autonomy.",
    "By the end of the shift {pronoun} was calmer and asked to talk again tomorrow.",
    "I checked {pronoun_pos} understanding of the medication and the side effects.",
    "The risk was real, but so was the risk of taking away every choice.",
    "We talked about what a good day looks like and how to get more of them.",
    "Supervision last week helped me see this pattern in my own practice.",
    "I wrote up the incident and asked for a debrief for the whole team.",
    "I felt the pull to rescue, and tried instead to stay alongside.",
    "This connects with what I read about trauma-informed care.",
    "I wonder whether my own tiredness shaped how I responded.",
    "The interpreter helped, though I should have booked one sooner.",
    "We agreed a plan for leave that {pronoun} felt part of.",
    "I noticed the language in the notes was more about behaviour than distress.",
    "The ward was loud and busy, which made a calm conversation hard.",
    "Advocacy here meant making sure {pronoun_pos} view was heard in the meeting.",
    "{pronoun_cap} told me that the hardest part was feeling judged by the people meant to help.",
    "I recognised the signs of burnout in myself and in the team.",
    "We looked at the timetable together and found two groups {pronoun} might enjoy.",
    "The physical health check had been missed twice, so we organised it for the morning.",
    "I sat with {pronoun} in the garden because the lounge felt too crowded.",
    "{colleague_cap} modelled a calm, curious way of asking about self-harm.",
    "I felt out of my depth when the conversation turned to {topic}.",
    "We used the recovery star to think about what had changed since admission.",
    "I explained {pronoun_pos} rights under the Mental Health Act and checked what {pronoun}"
    " understood.",
    "The behaviour chart on the wall said more about us than about {pronoun}.",
    "Handover was rushed and important information about {topic} was nearly lost.",
    "I rang {carer} to share the plan, with consent, and {carer} sounded relieved.",
    "The family felt shut out of decisions, and I could see why.",
    "We talked through the early warning signs and who to call out of hours.",
    "I asked about sleep, food and routine before anything else.",
    "It took three phone calls to find out who held the housing application.",
    "{pronoun_cap} wanted to try reducing the dose, and we agreed to raise it with the consultant.",
    "The incident form asked what happened, not what it meant to the people involved.",
    "I made sure the debrief included the healthcare assistants and the bank staff.",
    "Cultural needs had not been considered in the plan at all.",
    "A chaplain visited and it clearly meant a great deal to {pronoun}.",
    "I offered choices wherever I could, even small ones about when and where to talk.",
    "The observation level felt more restrictive than the risk warranted.",
    "We reduced the observations after a careful conversation with the team.",
    "I was aware of the power imbalance in the room and tried to sit, not stand.",
    "The referral to the community team had been waiting for six weeks.",
    "I noticed my own assumptions about {pronoun_pos} background and questioned them.",
    "{pronoun_cap} said that being believed was the first thing that helped.",
    "The student nurse asked a brilliant question that changed how I saw the situation.",
    "We planned a graded return to the community, starting with escorted leave.",
    "There were no easy answers, only less bad ones.",
    "I documented the conversation carefully, in plain language {pronoun} could read.",
    "The pharmacist explained the interactions far better than I could have.",
    "I needed ten minutes in the office afterwards before I could carry on.",
    "{carer_cap} is exhausted, and nobody has offered a carer's assessment.",
    "I asked what had helped in the past, and the answer surprised me.",
    "The team formulation meeting gave us a shared way of understanding the distress.",
    "Some of the language in the old notes was stigmatising, and I said so.",
    "Visiting times were a source of conflict that we could easily change.",
)

CLOSINGS = (
    "What I learnt: {learning}.",
    "I am taking away {learning}.",
    "Next time, {action}.",
    "{action_cap}.",
    "On reflection, I realise {learning}.",
)

RARE_SENTENCES = (
    "The tribunal upheld the section, and I stayed with {pronoun} afterwards.",
    "I prepared a report for the Mental Health Review Tribunal and read it with {pronoun} first.",
    "A clozapine clinic appointment was missed and we had to restart the titration.",
    "The coroner's inquest brought back memories for several of the team.",
)

TITLES = (
    "De-escalation {setting}",
    "Carers' meeting about {topic}",
    "A difficult conversation about {topic}",
    "Night shift: a new admission",
    "Thinking about {theme}",
    "Ward round and {topic}",
    "Safeguarding concern raised",
    "Discharge planning {setting}",
    "Crisis call {setting}",
    "Stigma in handover",
    "Recovery conversation {setting}",
    "Medication review with {person}",
    "What {theme} means in practice",
    "Home visit: {topic}",
)

HEADINGS = {
    "driscoll": ("## What?", "## So what?", "## Now what?"),
    "gibbs": (
        "## Description",
        "## Feelings",
        "## Evaluation",
        "## Analysis",
        "## Conclusion",
        "## Action plan",
    ),
}

#: Free tags and how popular each is (relative weights): a tag filter returns a realistic slice.
TAGS = (
    ("ward", 30),
    ("carers", 16),
    ("risk", 14),
    ("medication", 12),
    ("discharge", 10),
    ("de-escalation", 9),
    ("safeguarding", 8),
    ("crisis", 8),
    ("night-shift", 6),
    ("teamwork", 5),
    ("stigma", 4),
    ("training", 3),
)

SUPERVISORS = (
    "clinical lead",
    "team manager",
    "senior nurse",
    "clinical psychologist",
    "practice educator",
    "peer supervision group",
)

CPD_TITLES = (
    "Safeguarding adults level 3",
    "Trauma-informed care workshop",
    "Positive risk taking in practice",
    "Mental Health Act update",
    "Motivational interviewing skills",
    "Suicide prevention training",
    "Recovery college co-production day",
    "Medicines management e-learning",
    "Reducing restrictive practice",
    "Working with families and carers",
)

GOAL_TITLES = (
    "Lead a reflective practice group",
    "Become confident in writing risk formulations",
    "Complete a mentorship course",
    "Co-produce a care plan template with service users",
    "Improve my de-escalation skills",
    "Learn more about supporting carers",
    "Take on a safeguarding champion role",
)

#: Capabilities and how many indicators each has (the ten ESC, as in resources/frameworks).
INDICATORS = {1: 6, 2: 10, 3: 10, 4: 7, 5: 8, 6: 5, 7: 6, 8: 6, 9: 11, 10: 7}
#: How often each capability is tagged (relative weights): uneven, like real practice.
CAPABILITY_WEIGHTS = {1: 10, 2: 4, 3: 7, 4: 2, 5: 9, 6: 6, 7: 8, 8: 4, 9: 12, 10: 6}

_KIND_WEIGHTS = (
    (ItemKind.ENTRY, 85),
    (ItemKind.SUPERVISION, 7),
    (ItemKind.CPD, 5),
    (ItemKind.GOAL, 3),
)


class _Writer:
    """Fills sentence templates for one item (one person, one carer, one setting …)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        person = rng.choice(PEOPLE)
        she = any(w in person for w in ("woman", "mother", "mum", "her first"))
        colleague = rng.choice(COLLEAGUES)
        carer = rng.choice(CARERS)
        self.slots = {
            "person": person,
            "carer": carer,
            "carer_cap": carer[0].upper() + carer[1:],
            "colleague": colleague,
            "colleague_cap": colleague[0].upper() + colleague[1:],
            "setting": rng.choice(SETTINGS),
            "topic": rng.choice(TOPICS),
            "theme": rng.choice(THEMES),
            "pronoun": "her" if she else "him",
            "pronoun_pos": "her" if she else "his",
            "pronoun_cap": "She" if she else "He",
        }

    def fill(self, template: str) -> str:
        rng = self.rng
        slots = dict(self.slots)
        # A few slots vary within an item so sentences do not repeat word for word.
        slots["feeling"] = rng.choice(FEELINGS)
        slots["learning"] = rng.choice(LEARNING)
        action = rng.choice(ACTIONS)
        slots["action"] = action[0].lower() + action[1:]
        slots["action_cap"] = action
        if rng.random() < 0.3:
            slots["topic"] = rng.choice(TOPICS)
        if rng.random() < 0.3:
            slots["theme"] = rng.choice(THEMES)
        return template.format(**slots)


def _words(text: str) -> int:
    return len(text.split())


def _body(writer: _Writer, rng: random.Random, target: int, template: str | None) -> str:
    """Paragraphs of sentences until about ``target`` words (80-400)."""
    sentences = [writer.fill(rng.choice(OPENINGS))]
    count = _words(sentences[0])
    if rng.random() < 0.006:
        sentences.append(writer.fill(rng.choice(RARE_SENTENCES)))
        count += _words(sentences[-1])
    closing = writer.fill(rng.choice(CLOSINGS))
    budget = target - _words(closing)
    pool = list(SENTENCES)
    rng.shuffle(pool)  # no sentence twice in one item, until the pool runs out
    while count < budget:
        if not pool:
            pool = list(SENTENCES)
            rng.shuffle(pool)
        sentence = writer.fill(pool.pop())
        if count + _words(sentence) > 400 - _words(closing):
            break
        sentences.append(sentence)
        count += _words(sentence)
    sentences.append(closing)
    # Paragraphs of two to five sentences; a reflection model's headings when one is used.
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    if template in HEADINGS:
        headings = HEADINGS[template]
        return "\n\n".join(
            f"{headings[min(n, len(headings) - 1)]}\n{p}" if n < len(headings) else p
            for n, p in enumerate(paragraphs)
        )
    return "\n\n".join(paragraphs)


def _codes(rng: random.Random) -> tuple[str, ...]:
    if rng.random() < 0.1:
        return ()
    ids = list(CAPABILITY_WEIGHTS)
    weights = list(CAPABILITY_WEIGHTS.values())
    chosen: dict[int, str] = {}
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        cap = rng.choices(ids, weights)[0]
        if rng.random() < 0.6:
            chosen[cap] = f"{cap}.{rng.randint(1, INDICATORS[cap])}"
        else:
            chosen.setdefault(cap, str(cap))
    return tuple(chosen.values())


def _tags(rng: random.Random) -> tuple[str, ...]:
    names = [t for t, _ in TAGS]
    weights = [w for _, w in TAGS]
    n = rng.choices((0, 1, 2, 3), (35, 40, 18, 7))[0]
    return tuple(dict.fromkeys(rng.choices(names, weights, k=n)))


def _dates(rng: random.Random, n: int, years: int) -> list[datetime]:
    start = END - timedelta(days=365 * years)
    span = (END - start).days
    days = sorted(rng.randrange(span + 1) for _ in range(n))
    out = []
    for d in days:
        hour = rng.choices((8, 12, 17, 19, 20, 21, 22, 23), (3, 3, 8, 14, 18, 18, 10, 4))[0]
        out.append(datetime.combine(start + timedelta(days=d), time(hour, rng.randrange(60))))
    return out


def _supervision(rng: random.Random, when: datetime, writer: _Writer) -> SupervisionDetails:
    actions = tuple(
        AgreedAction(
            text=rng.choice(ACTIONS),
            due=(when + timedelta(days=rng.choice((7, 14, 28, 42)))).date(),
            done=rng.random() < 0.7,
        )
        for _ in range(rng.randint(1, 3))
    )
    return SupervisionDetails(
        supervisor=rng.choice(SUPERVISORS),
        kind=rng.choices(list(SupervisionKind), (60, 20, 12, 8))[0],
        duration_minutes=rng.choice((45, 60, 60, 90)),
        actions=actions,
    )


def _goal(rng: random.Random, when: datetime, writer: _Writer) -> GoalDetails:
    reviews = tuple(
        ProgressReview(
            date=(when + timedelta(days=90 * (k + 1))).date(),
            note=writer.fill(rng.choice(SENTENCES)),
        )
        for k in range(rng.randint(0, 2))
    )
    return GoalDetails(
        what=writer.fill("Build my confidence with {topic} and {theme}."),
        why=writer.fill("Because {learning}."),
        measure="Feedback from supervision and from the people I work with.",
        target_date=(when + timedelta(days=rng.choice((90, 180, 365)))).date(),
        horizon=rng.choice(list(GoalHorizon)),
        status=rng.choices(list(GoalStatus), (15, 25, 50, 10))[0],
        reviews=reviews,
    )


def generate(n: int, seed: int = 2026, *, years: int = YEARS) -> Iterator[Item]:
    """``n`` unsaved items, oldest first; the same ``seed`` always gives the same items."""
    rng = random.Random(seed)
    kinds = [k for k, _ in _KIND_WEIGHTS]
    kind_weights = [w for _, w in _KIND_WEIGHTS]
    for when in _dates(rng, n, years):
        kind = rng.choices(kinds, kind_weights)[0]
        writer = _Writer(rng)
        template = rng.choice(("driscoll", "gibbs")) if rng.random() < 0.1 else None
        if kind is not ItemKind.ENTRY:
            template = None
        body = _body(writer, rng, rng.randint(80, 400), template)
        fields: dict[str, object] = {}
        if kind is ItemKind.ENTRY:
            title = writer.fill(rng.choice(TITLES))
            fields["bring_to_supervision"] = rng.random() < 0.05
        elif kind is ItemKind.SUPERVISION:
            title = f"Supervision with the {rng.choice(SUPERVISORS)}"
            fields["supervision"] = _supervision(rng, when, writer)
        elif kind is ItemKind.GOAL:
            title = rng.choice(GOAL_TITLES)
            fields["goal"] = _goal(rng, when, writer)
        else:
            title = rng.choice(CPD_TITLES)
            fields["cpd"] = CpdDetails(
                hours=rng.choice((0.5, 1.0, 1.5, 2.0, 3.0, 3.5, 7.0, 7.5, 14.0)),
                participatory=rng.random() < 0.6,
                learnt=writer.fill("I learnt {learning}."),
            )
        yield Item(
            kind=kind,
            title=title[0].upper() + title[1:],
            date=when,
            body=body,
            capabilities=_codes(rng),
            tags=_tags(rng),
            template=template,
            **fields,  # type: ignore[arg-type]
        )


def text_of_words(n_words: int, seed: int = 7) -> str:
    """About ``n_words`` words of reflective writing (for the privacy scan and suggestions)."""
    parts: list[str] = []
    count = 0
    for item in generate(max(1, n_words // 150), seed):
        parts.append(item.body)
        count += _words(item.body)
        if count >= n_words:
            break
    while count < n_words:  # a short corpus: repeat it
        parts.append(parts[len(parts) % max(1, len(parts))])
        count += _words(parts[-1])
    return "\n\n".join(parts)
