"""A demonstration journal: a year of invented practice, so a newcomer sees a full summary.

Everything here is made up and identifies nobody: people appear as roles ("a woman in her forties",
"her father", "the clinical lead"), never by name; there are no NHS numbers, dates of birth, places
or contact details, so the demo passes the export privacy check. It is written in British English
in the voice of a mental-health nurse on an adult acute ward who also spends time with the home
treatment team.

The year covers every kind of item and most capabilities, but on purpose leaves *Challenging
Inequality* (4) as a gap, *Respecting Diversity* (2) emerging with two entries, and *Making a
Difference* (8) emerging with goals and CPD only, so the summary shows each status. The annual
review is set 45 days ahead, which also makes the review reminder and the supervision agenda
(two flagged entries, one overdue action, a goal due soon) non-empty. No Qt here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from reflect.core.coverage import Period, set_review_date
from reflect.core.model import (
    AgreedAction,
    CpdDetails,
    GoalDetails,
    GoalHorizon,
    GoalStatus,
    Item,
    ItemFilter,
    ItemKind,
    ProgressReview,
    SupervisionDetails,
    SupervisionKind,
)
from reflect.errors import UserError

if TYPE_CHECKING:
    from reflect.core.journal import Journal

#: The passphrase ``reflect demo`` uses unless one is given: the demo holds nothing secret.
DEMO_PASSPHRASE = "reflect demo journal"

#: How far ahead of ``today`` the demo's annual review falls.
REVIEW_IN_DAYS = 45


@dataclass(frozen=True)
class DemoResult:
    """What :func:`build_demo_journal` wrote."""

    counts: dict[ItemKind, int]
    review_date: date
    period: Period

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# --- the writing ------------------------------------------------------------------------------
# (title, codes, tags, template, bring to supervision, body)

_ENTRIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str | None, bool, str], ...] = (
    (
        "Ward round: making space for her own words",
        ("1.4", "7.1"),
        ("ward round",),
        "driscoll",
        True,
        """\
## What?
In ward round a woman in her forties was asked, in front of eight professionals, what she wanted
from her admission. She said "to sleep" and went quiet. Within a minute the conversation had moved
on to medication.

## So what?
I had sat with her the evening before and knew she wanted to get back to her allotment and her
volunteering. Sleep was the first step, not the whole goal. I did not speak up because the round
was running late, and I am not proud of that.

## Now what?
Before the next round I will sit down with her and write down, in her words, what she wants to
say, and offer to read it out if she would like me to. I will also ask whether fewer of us can be
in the room.""",
    ),
    (
        "De-escalation in the dining room",
        ("3.7", "9.10"),
        ("de-escalation",),
        None,
        False,
        """\
A young man became very distressed at lunch when he was told his leave had been postponed.
He threw a tray and was shouting at a healthcare assistant. I asked the other patients to move to
the lounge with a colleague, kept my voice low and stood side-on with space between us.

What helped was acknowledging that the news was unfair from where he stood, rather than
explaining the reasons straight away. After about ten minutes he agreed to talk in the quiet room
and we did not need to use restraint.

I noticed my heart racing for a long time afterwards. Next time I want to check in with the
healthcare assistant sooner: she had been closest to him and I only asked how she was at the end
of the shift.""",
    ),
    (
        "Carers' meeting: a father's fear about discharge",
        ("1.5", "6.5", "9.3"),
        ("carers", "discharge"),
        None,
        False,
        """\
At the carers' meeting a father told us he was frightened of his son coming home. He
said the team talk about "positive risk" but he is the one who is awake at three in the morning.

I had been treating him as a source of information rather than as a partner. When we slowed
down and asked what he knows works at home, he described early signs we had never written down:
the music going off, meals left untouched.

We added those signs to the relapse plan and agreed he can ring the ward directly in the first
fortnight. I explained honestly what the crisis team can and cannot do out of hours, which he said
nobody had done before.""",
    ),
    (
        "Care plan review: writing it with, not for",
        ("5.4", "7.1", "7.5"),
        ("care planning",),
        "driscoll",
        False,
        """\
## What?
I reviewed a care plan that I had written last month. Reading it back, it was all in our language:
"compliance with medication", "engagement with activities". The person had not signed it.

## So what?
A plan nobody recognises is a plan nobody follows. When I asked her what a good week would look
like, she talked about seeing her sister and getting a bus on her own.

## Now what?
We rewrote two goals together in her words, with small steps she chose and a date to look at
them again. I am going to bring a blank plan, not a finished one, to the next review.""",
    ),
    (
        "Night shift: observations and dignity",
        ("3.6", "9.6"),
        ("observations", "nights"),
        None,
        False,
        """\
On nights I was doing fifteen-minute observations on a woman who had been admitted after an
overdose. Each time I opened the door the light from the corridor woke her.

I talked with her at the start of the next shift about how we could keep her safe without
stripping away her privacy. We agreed I would knock gently, use a small torch instead of the main
light and say who I was each time.

The observation level was right for the risk, but the way we did it was ours to choose. I want
to raise this at the ward meeting so the practice is the same whoever is on.""",
    ),
    (
        "Safety plan with the home treatment team",
        ("9.4", "9.5"),
        ("home treatment", "safety plan"),
        None,
        True,
        """\
Working with the home treatment team this week, I helped a man in his thirties write his own
safety plan at his kitchen table. He wanted it on his phone, not on paper in a drawer.

The most useful part was the section on what he does when the thoughts get louder: walking the
dog, the one friend he trusts, the crisis line. He named those; we only wrote them down.

I realised I usually fill in the risk assessment first and the plan second. This time doing the
plan with him told me more about his risk than the form did.""",
    ),
    (
        "First shift coordinating the ward",
        ("1.3", "10.4"),
        ("leadership",),
        None,
        False,
        """\
My first late shift as coordinator. Two admissions, a patient absent without leave and a
staff member off sick by six o'clock.

I tried to do everything myself and ended up behind on the handover sheet. The charge nurse
reminded me afterwards that coordinating means deciding who does what, not doing all of it.

What went well: I escalated the missing patient quickly and followed the policy step by step.
What I will change: at the start of the shift I will allocate clearly and say out loud what I am
keeping for myself.""",
    ),
    (
        "Using an interpreter for an assessment",
        ("1.2", "2.4"),
        ("interpreter",),
        None,
        False,
        """\
An older woman was admitted who speaks little English. The first evening her grandson
interpreted, and I sensed she was not telling us things in front of him.

The next day we booked a professional interpreter, a woman as she asked. The assessment took
twice as long and was completely different: she described months of not sleeping and fears about
her husband's health that she had kept from the family.

Booking an interpreter felt like a delay at the time. It was the assessment.""",
    ),
    (
        "A request for a quiet space to pray",
        ("2.1", "6.2"),
        ("faith",),
        None,
        False,
        """\
A man on the ward asked where he could pray. The multi-faith room was being used to store
chairs. I cleared it with a colleague and checked the direction he needed.

He later told me that being able to pray five times a day was the first thing since admission
that felt like his normal life. His faith is a strength in his recovery, and it was missing from
his care plan entirely. I have added it, with his agreement.""",
    ),
    (
        "Hope when someone says nothing will change",
        ("5.1", "5.2"),
        ("recovery",),
        "driscoll",
        False,
        """\
## What?
A woman who has had many admissions told me there was no point making plans because she would
"be back in here by Christmas".

## So what?
I wanted to reassure her and nearly said "of course you won't". That would have dismissed what
she has lived through. Instead I asked about the longest time she had stayed well and what was
different then.

## Now what?
She spoke about a job at a café and a support worker she trusted. Holding hope for someone does
not mean arguing with them; it can mean remembering with them. I want to use this question more.""",
    ),
    (
        "Section 17 leave that went well",
        ("5.5", "9.6"),
        ("leave", "positive risk"),
        None,
        False,
        """\
The team had been cautious about unescorted leave for a young woman after a difficult start
to her admission. At the ward round I supported her request for a short walk to the shops, with
a plan she helped write: times, what she would do if she felt unsafe, who she would call.

She came back early, pleased, with a magazine and a coffee for her named nurse. A small thing,
but it was the first time in weeks she had made a choice of her own outside the ward.

Positive risk taking felt less like a risk once the plan was hers.""",
    ),
    (
        "Restraint debrief: what I felt afterwards",
        ("3.7", "10.6"),
        ("de-escalation", "debrief"),
        "gibbs",
        True,
        """\
## Description
We had to restrain a man who was hitting his head against the wall. I was on the arms. It lasted
under five minutes and he was not hurt.

## Feelings
I felt shaky and, later, oddly flat. I went straight back to the medication round.

## Evaluation
The restraint itself was safe and proportionate. The debrief with him happened the next day; the
staff debrief did not happen at all.

## Analysis
We prioritise the patient's debrief, rightly, but the team's own reactions matter for the next
incident too.

## Conclusion
I should have asked for ten minutes before carrying on.

## Action plan
Ask the coordinator for a short staff debrief after any restraint, and take this to supervision.""",
    ),
    (
        "Physical health: a missed sign of dehydration",
        ("6.3", "9.4"),
        ("physical health",),
        None,
        False,
        """\
A man who had been refusing food for two days was also drinking very little, and it was
not picked up until his blood results came back. His confusion had been put down to his mental
state.

I have learnt that I look at mental health first and physical health second. I am now using the
fluid chart for anyone who is eating poorly and I have asked for a refresher on the early warning
score.""",
    ),
    (
        "Involving the advocate before the tribunal",
        ("3.1", "3.9", "5.7"),
        ("advocacy", "Mental Health Act"),
        None,
        False,
        """\
A detained patient told me he did not understand what the tribunal was for and thought it
was "another way to keep me in". I explained his rights again, slowly, and with his agreement
contacted the independent mental health advocate that afternoon.

The advocate met him twice before the hearing. Whatever the outcome, he went into that room
knowing what it was and what he wanted to say. Explaining rights is not a box to tick on
admission; it needs doing again when it matters.""",
    ),
    (
        "Discharge planning with housing",
        ("1.6", "6.4"),
        ("discharge", "housing"),
        None,
        False,
        """\
A woman was ready for discharge but had lost her tenancy during the admission. Three
agencies each thought another was taking the lead.

I set up one call with housing, the ward social worker and her care coordinator, and we agreed a
single list of who does what by when. It felt like admin rather than nursing, but the stress of
having nowhere to go was making her unwell again. Housing is a mental health need.""",
    ),
    (
        "The peer support worker's view in handover",
        ("1.3", "5.6"),
        ("peer support",),
        None,
        False,
        """\
Our new peer support worker joined handover for the first time. When a patient was
described as "attention seeking", she asked quietly what the person might be needing attention
for.

The room went still. It was a fair question, and the language we use about people in handover
follows them into their notes. I want us to describe what we see and what the person says, not
label the behaviour.""",
    ),
    (
        "When a complaint was made about the ward",
        ("3.5", "3.10"),
        ("complaints",),
        None,
        False,
        """\
A carer made a formal complaint that she had not been told about a change in her
daughter's medication. I was the nurse on shift that day.

My first reaction was defensive. Reading the complaint again, she was right that nobody had
called her, even though consent to share had been given. I have given an honest account to the
ward manager and offered to be part of the response meeting. Being open to scrutiny is
uncomfortable, and it is part of the job.""",
    ),
    (
        "A disclosure of self-harm on a late shift",
        ("3.3", "9.2"),
        ("self-harm",),
        "driscoll",
        True,
        """\
## What?
Late in the shift a young woman showed me fresh cuts on her arm and asked me not to tell anyone.

## So what?
I told her kindly that I could not keep it between us, and explained who would need to know and
why. She was angry, then relieved. I dressed the wounds and we talked about what had happened
that afternoon.

## Now what?
I want to get better at the first minute: staying calm, not judging, and being clear about
confidentiality before someone tells me something rather than after.""",
    ),
    (
        "A strengths-based first assessment",
        ("6.1", "7.2"),
        ("assessment",),
        None,
        False,
        """\
A man in his early twenties, new to mental health services, was admitted after a crisis at
university. The assessment paperwork is mostly about what is wrong.

I added time at the end to ask what he is good at and who is in his corner. He talked about
coaching a youth football team and a cousin he is close to. Those two things shaped the plan more
than anything else we wrote that day.""",
    ),
    (
        "Recovery college referral",
        ("5.8", "7.3"),
        ("recovery", "community"),
        None,
        False,
        """\
I went through the recovery college prospectus with a woman who is due for discharge next
month. She chose a course on managing anxiety and one on creative writing, and asked if a
friend could come with her.

Connecting people with things outside services is easy to leave until the last day. Starting
it three weeks before discharge meant she could visit once while still on leave.""",
    ),
    (
        "Someone who does not want to engage",
        ("3.4", "9.1"),
        ("engagement", "home treatment"),
        None,
        False,
        """\
On a home visit a man told us to leave and not come back. The team's instinct was to
increase the visits.

We agreed instead to leave a card, ring the next day, and ask what kind of contact, if any, he
would accept. He chose a short phone call every other day. It is less than we wanted, but it is a
relationship he has agreed to, which is a safer place to start than one he is avoiding.""",
    ),
    (
        "Medication choices and side effects",
        ("3.4", "9.11"),
        ("medication",),
        None,
        False,
        """\
A young woman said she had stopped her antipsychotic before admission because of weight
gain, and did not want to restart it.

Rather than repeating why she needed it, I asked the pharmacist to join us and went through the
alternatives and their side effects, using the decision aid. She chose to try a different
medicine and to keep a record of how she feels. She said it was the first time she had felt the
decision was hers.""",
    ),
    (
        "CPA review: naming who does what",
        ("1.2", "9.5", "9.8"),
        ("CPA", "care planning"),
        None,
        False,
        """\
At a Care Programme Approach review the plan said "monitor mood" under every heading. I
asked who would be doing the monitoring, how, and what they would do if it dropped.

We ended with a shorter plan in which every action has a named role and a date, including the
person himself and his partner. Vague plans feel safe in the meeting and fall apart at two in the
morning.""",
    ),
    (
        "Reflective practice group: compassion fatigue",
        ("10.6", "10.7"),
        ("wellbeing",),
        None,
        False,
        """\
In the psychology-led reflective practice group we talked about compassion fatigue after a
run of difficult weeks on the ward.

I noticed I had stopped eating properly on long days and had been short with a student. Saying it
out loud helped. I have booked a session with the staff wellbeing service and I am taking my
breaks off the ward.""",
    ),
    (
        "Explaining my role at a first home visit",
        ("1.1", "9.3"),
        ("home treatment",),
        None,
        False,
        """\
At a first home visit a mother asked me whether I was "the one who can section him". I
realised I had introduced myself by my job title, which meant nothing to her.

I explained in plain words what the home treatment team does, what we can offer at night and at
weekends, and what would happen if things got worse. She said it was the first time she felt she
knew who to call.""",
    ),
    (
        "A goal that was really my goal",
        ("7.4", "7.6"),
        ("care planning",),
        None,
        False,
        """\
Reviewing goals with a man on the ward, I saw that "attend two groups a day" was a goal I
had suggested, and he had agreed to keep me happy.

His own goal was to be well enough to see his children at the weekend. We kept one group that
he said helped and made the contact visit the long-term goal, with short steps towards it.""",
    ),
    (
        "Supporting a student nurse on placement",
        ("1.3", "10.7"),
        ("students",),
        None,
        False,
        """\
I have been supervising a second-year student this month. She asked why we write notes the
way we do, and I could not give her a good answer beyond "that is how it is done".

Teaching makes me look at my own habits. We looked at the record-keeping guidance together and
I have changed how I write my own entries: what I saw, what the person said, what I did.""",
    ),
    (
        "A crisis call at the end of a shift",
        ("9.10", "10.6"),
        ("crisis",),
        None,
        True,
        """\
Ten minutes before the end of my shift a former patient rang the ward in crisis. I stayed
on the line, got the crisis team involved and stayed until they had taken over.

I went home late and could not switch off. I handled the call well, but I need a better way to
hand over my own worry as well as the task. I would like to talk about boundaries and endings in
supervision.""",
    ),
    (
        "Referring a family for family work",
        ("1.5", "6.5"),
        ("carers", "family work"),
        None,
        True,
        """\
After several difficult visits, a family asked whether there was any help for them, not
just for their son. I explained what family intervention involves and made the referral with
their agreement.

I used to think of carers as people who support the plan. Increasingly I see them as people who
need a plan of their own.""",
    ),
)

_SUPERVISIONS: tuple[
    tuple[str, str, SupervisionKind, tuple[str, ...], str, tuple[str, ...]], ...
] = (
    (
        "Clinical supervision: settling into the ward",
        "Clinical lead (band 7)",
        SupervisionKind.CLINICAL,
        ("10.6",),
        "We looked at my caseload and how I prioritise on busy shifts. Talked about speaking up in "
        "ward round and why I find it harder when the round is running late.",
        ("Prepare a short summary in the person's own words before each ward round",),
    ),
    (
        "Clinical supervision: de-escalation and debriefs",
        "Clinical lead (band 7)",
        SupervisionKind.CLINICAL,
        ("3.7", "10.6"),
        "Reflected on the dining-room incident and on what helps me stay calm. Discussed the gap "
        "between patient and staff debriefs after restraint.",
        ("Read the trust's guidance on post-incident support",),
    ),
    (
        "Managerial supervision: coordinating shifts",
        "Ward manager",
        SupervisionKind.MANAGERIAL,
        ("1.3", "10.4"),
        "Reviewed my first coordinating shifts, delegation and escalation. Agreed that I will "
        "shadow the charge nurse on two more lates before coordinating alone.",
        ("Shadow the charge nurse on two late shifts",),
    ),
    (
        "Peer supervision: carers as partners",
        "Peer supervision group",
        SupervisionKind.PEER,
        ("1.5",),
        "Shared the carers' meeting and the father's fear about discharge. Others described how "
        "their teams involve carers in relapse plans.",
        ("Add a carer's section to the relapse prevention plan template",),
    ),
    (
        "Clinical supervision: positive risk taking",
        "Clinical lead (band 7)",
        SupervisionKind.CLINICAL,
        ("9.5", "9.6", "10.6"),
        "Talked through the leave plan written with the person and how to record shared "
        "decisions about risk. Explored my own tolerance of uncertainty.",
        ("Use the shared risk formulation in my next two care plan reviews",),
    ),
    (
        "Group reflective practice: language in handover",
        "Psychology-led reflective practice group",
        SupervisionKind.GROUP,
        ("5.6", "10.6"),
        "The group discussed the language we use in handover and in notes, prompted by the peer "
        "support worker's question.",
        (),
    ),
    (
        "Clinical supervision: physical health",
        "Clinical lead (band 7)",
        SupervisionKind.CLINICAL,
        ("6.3", "9.4"),
        "Reflected on the missed dehydration and on seeing the whole person. Discussed the early "
        "warning score and when to escalate to the duty doctor.",
        ("Complete the early warning score refresher",),
    ),
    (
        "Managerial supervision: appraisal preparation",
        "Ward manager",
        SupervisionKind.MANAGERIAL,
        ("10.2", "10.5"),
        "Looked ahead to my annual review and the goals in my development plan. Agreed which "
        "training to prioritise this year.",
        ("Book the suicide prevention training", "Draft my reflective account for revalidation"),
    ),
    (
        "Clinical supervision: self-harm and confidentiality",
        "Clinical lead (band 7)",
        SupervisionKind.CLINICAL,
        ("3.3", "9.2", "10.6"),
        "Discussed responding to disclosures of self-harm and being clear about confidentiality "
        "early. Role-played the first minute of the conversation.",
        ("Share the confidentiality wording with the student nurse",),
    ),
    (
        "Clinical supervision: teaching and being a mentor",
        "Clinical lead (band 7)",
        SupervisionKind.CLINICAL,
        ("10.6", "10.7"),
        "Talked about supporting the student nurse and what teaching shows me about my own "
        "habits, especially in record keeping.",
        ("Ask the practice education team about the mentor update course",),
    ),
    (
        "Peer supervision: discharge when housing falls through",
        "Peer supervision group",
        SupervisionKind.PEER,
        ("1.6", "6.4"),
        "Shared the discharge that stalled over housing. Others described who leads in their "
        "teams and how they keep one list of actions across agencies.",
        ("Draft a one-page discharge checklist covering housing and benefits",),
    ),
)

# (title, codes, what, why, measure, target in days from today, status, horizon)
_GOALS: tuple[tuple[str, tuple[str, ...], str, str, str, int, GoalStatus, GoalHorizon], ...] = (
    (
        "Apply positive risk taking in my care planning",
        ("9.5", "10.5"),
        "Complete the positive risk-taking module and use a shared risk formulation in reviews.",
        "I tend to default to caution, and people's plans end up being ours rather than theirs.",
        "Three care plans reviewed with a shared formulation, discussed in supervision.",
        75,
        GoalStatus.IN_PROGRESS,
        GoalHorizon.SHORT,
    ),
    (
        "Co-facilitate a carers' education session",
        ("1.5", "8.6"),
        "Plan and co-deliver one evening session for carers on the ward's approach to recovery.",
        "Carers have told us they learn about the ward by accident.",
        "Session delivered and feedback collected from those who attend.",
        20,
        GoalStatus.PLANNED,
        GoalHorizon.SHORT,
    ),
    (
        "Lead staff debriefs after incidents",
        ("3.7", "10.4"),
        "Become confident leading a short staff debrief after restraint or a serious incident.",
        "Staff debriefs are often missed, and the team's reactions affect the next incident.",
        "Led three debriefs with feedback from the ward manager.",
        -30,
        GoalStatus.ACHIEVED,
        GoalHorizon.SHORT,
    ),
    (
        "Prepare for a band 6 role",
        ("10.2", "10.7"),
        "Build the experience in coordination, supervision of others and service improvement "
        "needed for a band 6 post.",
        "I want to stay in acute care and grow into a role that shapes the ward.",
        "A portfolio of evidence reviewed with my manager at my next appraisal.",
        300,
        GoalStatus.IN_PROGRESS,
        GoalHorizon.LONG,
    ),
)

# (title, codes, hours, participatory, learnt)
_CPD: tuple[tuple[str, tuple[str, ...], float, bool, str], ...] = (
    (
        "Trauma-informed care study day",
        ("5.1", "6.2"),
        6.0,
        True,
        "How past trauma shapes a person's response to the ward environment, and small changes "
        "to routines that feel less threatening.",
    ),
    (
        "E-learning: Mental Capacity Act refresher",
        ("3.9",),
        2.0,
        False,
        "The difference between an unwise decision and a lack of capacity, and how to record a "
        "capacity assessment.",
    ),
    (
        "Safeguarding adults, level 3",
        ("9.7",),
        7.0,
        True,
        "When and how to raise a safeguarding concern, and working with the local authority.",
    ),
    (
        "Reading the NICE guideline on psychosis and schizophrenia in adults",
        ("8.2",),
        3.0,
        False,
        "The evidence for family intervention and for offering physical health checks.",
    ),
    (
        "Family interventions workshop",
        ("1.5", "8.3"),
        6.0,
        True,
        "A structured approach to working with families, and what a programme of sessions looks "
        "like.",
    ),
    (
        "Suicide prevention training (half day)",
        ("9.2",),
        4.0,
        True,
        "Asking directly about suicide, and collaborative safety planning.",
    ),
    (
        "Journal club: shared decision-making",
        ("3.4", "7.4"),
        1.0,
        True,
        "Decision aids for medication and how to make the choice genuinely the person's.",
    ),
    (
        "Reading: recovery narratives",
        ("5.2",),
        2.0,
        False,
        "First-person accounts of recovery, and the part hope played in them.",
    ),
)


# --- building ---------------------------------------------------------------------------------


def _evening(day: date, rng: random.Random) -> datetime:
    """A time after a shift, when people write (between 17:00 and 22:45)."""
    return datetime.combine(day, time(rng.randint(17, 22), rng.choice((0, 15, 30, 45))))


def _spread(rng: random.Random, start: date, end: date, n: int) -> list[date]:
    """``n`` days from ``start`` to ``end``, evenly spaced with a little jitter, in order."""
    span = (end - start).days
    if n <= 0 or span < 0:
        return []
    step = span / n
    days = []
    for k in range(n):
        offset = int(step * k + rng.uniform(0, step * 0.8))
        days.append(start + timedelta(days=min(max(offset, 0), span)))
    return sorted(days)


def build_demo_journal(journal: Journal, today: date, *, seed: int = 2026) -> DemoResult:
    """Fill an empty journal with a year of invented practice ending ``today``; all or nothing.

    The same ``seed`` and ``today`` give the same journal. Also sets the annual review date
    (:data:`REVIEW_IN_DAYS` ahead), so the summary's review year covers every item.

    Raises:
        UserError: The journal already holds items (the demo never mixes with real writing).
    """
    if journal.count() or journal.count(ItemFilter(trash=True)):
        raise UserError("the demo fills only an empty journal; this one already has items")
    rng = random.Random(seed)
    review = today + timedelta(days=REVIEW_IN_DAYS)
    period = Period.review_year(review)
    first_day = period.start + timedelta(days=3)
    counts = dict.fromkeys(ItemKind, 0)

    with journal.transaction():
        set_review_date(journal, review)

        # Journal entries, spread over the year; the last two (both flagged) come after the last
        # supervision note, so the agenda has something to bring.
        entry_days = _spread(rng, first_day, today - timedelta(days=23), len(_ENTRIES) - 2)
        entry_days += [today - timedelta(days=16), today - timedelta(days=5)]
        entries: list[Item] = []
        for day, (title, codes, tags, template, bring, body) in zip(
            entry_days, _ENTRIES, strict=True
        ):
            entries.append(
                journal.save(
                    Item(
                        kind=ItemKind.ENTRY,
                        title=title,
                        date=_evening(day, rng),
                        body=body,
                        capabilities=codes,
                        tags=tags,
                        template=template,
                        bring_to_supervision=bring,
                    )
                )
            )
        counts[ItemKind.ENTRY] = len(entries)

        # Supervision roughly monthly, the last one about three weeks ago; each brings the
        # flagged entries written since the one before.
        note_days = _spread(
            rng, first_day + timedelta(days=14), today - timedelta(days=21), len(_SUPERVISIONS)
        )
        previous: datetime | None = None
        for index, (day, spec) in enumerate(zip(note_days, _SUPERVISIONS, strict=True)):
            title, supervisor, kind, codes, body, action_texts = spec
            when = datetime.combine(day, time(14, 0))
            brought = tuple(
                e.id
                for e in entries
                if e.id is not None
                and e.bring_to_supervision
                and e.date < when
                and (previous is None or e.date > previous)
            )
            # Older actions are done; the second-to-last note's first action is overdue; the
            # last note's are due a fortnight after today.
            age = len(note_days) - 1 - index
            actions = tuple(
                AgreedAction(
                    text=text,
                    due=today + timedelta(days=14) if age == 0 else day + timedelta(days=14),
                    done=age >= 2 or (age == 1 and n > 0),
                )
                for n, text in enumerate(action_texts)
            )
            journal.save(
                Item(
                    kind=ItemKind.SUPERVISION,
                    title=title,
                    date=when,
                    body=body,
                    capabilities=codes,
                    tags=("supervision",),
                    supervision=SupervisionDetails(
                        supervisor=supervisor,
                        kind=kind,
                        duration_minutes=60 if kind is not SupervisionKind.GROUP else 90,
                        actions=actions,
                        brought_entries=brought,
                    ),
                )
            )
            previous = when
            counts[ItemKind.SUPERVISION] += 1

        # Development goals, set early in the year and reviewed part way through.
        for n, (title, codes, what, why, measure, target, status, horizon) in enumerate(_GOALS):
            set_on = first_day + timedelta(days=7 + 10 * n)
            review_on = set_on + timedelta(days=120)
            journal.save(
                Item(
                    kind=ItemKind.GOAL,
                    title=title,
                    date=datetime.combine(set_on, time(12, 0)),
                    capabilities=codes,
                    tags=("PDP",),
                    goal=GoalDetails(
                        what=what,
                        why=why,
                        measure=measure,
                        target_date=today + timedelta(days=target),
                        horizon=horizon,
                        status=status,
                        reviews=(
                            (ProgressReview(date=review_on, note="Reviewed in supervision."),)
                            if review_on < today
                            else ()
                        ),
                    ),
                )
            )
            counts[ItemKind.GOAL] += 1

        # CPD through the year.
        cpd_days = _spread(rng, first_day + timedelta(days=5), today - timedelta(days=3), len(_CPD))
        for day, (title, codes, hours, participatory, learnt) in zip(cpd_days, _CPD, strict=True):
            journal.save(
                Item(
                    kind=ItemKind.CPD,
                    title=title,
                    date=datetime.combine(day, time(9, 30)),
                    body=f"What I learnt: {learnt}",
                    capabilities=codes,
                    tags=("CPD",),
                    cpd=CpdDetails(hours=hours, participatory=participatory, learnt=learnt),
                )
            )
            counts[ItemKind.CPD] += 1

    return DemoResult(counts=counts, review_date=review, period=period)
