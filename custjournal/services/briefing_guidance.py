"""What to do with a customer of a given stage and temperament, and what to ask them."""

from __future__ import annotations

from custjournal.domain.enums import Stage, Temperament

STAGE_GUIDANCE: dict[Stage, str] = {
    Stage.PROSPECT: (
        "Not a customer yet. Listen more than you talk: learn what they are trying to achieve and "
        "why now, who decides and what budget exists. Leave with one agreed next step, not a "
        "price on a napkin; price, scope and success criteria come in writing afterwards."
    ),
    Stage.ACTIVE: (
        "Work in progress. Start with their news, then report where things stand against what was "
        "agreed: done, late, changed. Raise any change to price, dates or scope now, with its "
        "cost, rather than at the invoice."
    ),
    Stage.PAST: (
        "A former customer. Ask how the delivered work is holding up and what they would change; "
        "feedback is the point, selling is not. Repeat work comes from being useful here."
    ),
    Stage.LOST: (
        "The relationship ended or they chose someone else. Be gracious, ask what tipped the "
        "decision and what you could have done better, and leave the door open."
    ),
}

TEMPERAMENT_GUIDANCE: dict[Temperament, str] = {
    Temperament.COOPERATIVE: (
        "They want this to work and will help. Share your plan early, agree who "
        "does what by when, and keep your side of every promise — goodwill is easy to spend."
    ),
    Temperament.UNSURE: (
        "They are not sure what they want yet: do not build on the first answer. Ask why, "
        "several times, until you reach the need behind the request; sketch two or three "
        "options and let them react; "
        "write down what was decided and send it to them the same day."
    ),
    Temperament.UPSET: (
        "Calm comes before content. Let them finish, listen, acknowledge what went wrong "
        "without excuses or blame, and do not argue or negotiate yet. Agree one concrete next "
        "step with a date; if the temperature stays high, end politely and book a follow-up."
    ),
    Temperament.TECHNICAL: (
        "They understand the work and value precision. Bring details, constraints and "
        "trade-offs; say plainly what you do not know. Work problems out together, and still tie "
        "each decision back to the business need."
    ),
    Temperament.BUSINESS_ONLY: (
        "They care about outcome, cost and date, not how. Lead with the result and "
        "the numbers, keep technical detail out unless asked, and explain clearly — without "
        "condescension — when a wish is not feasible and what would be instead."
    ),
}

TEMPERAMENT_QUESTIONS: dict[Temperament, tuple[str, ...]] = {
    Temperament.COOPERATIVE: (
        "What could make this go even better from your side?",
        "Who else should we involve or keep informed?",
    ),
    Temperament.UNSURE: (
        "What would be different for you in three months if this works?",
        "Why is this important now?",
        "Which of these options comes closest, and what is missing?",
    ),
    Temperament.UPSET: (
        "What would put this right for you?",
        "What matters most to fix first?",
    ),
    Temperament.TECHNICAL: (
        "Which constraints (systems, security, standards) must the solution respect?",
        "Who will run and maintain this after handover?",
    ),
    Temperament.BUSINESS_ONLY: (
        "How will you measure success: which number or date matters?",
        "What does a delay or overrun cost you?",
    ),
}

STAGE_QUESTIONS: dict[Stage, tuple[str, ...]] = {
    Stage.PROSPECT: (
        "Who decides, and how does a decision get made here?",
        "Is there a budget and a date this must fit?",
    ),
    Stage.ACTIVE: ("How is it going from your side — anything we should change?",),
    Stage.PAST: (
        "How is what we delivered working for you now?",
        "Would you recommend us, and to whom?",
    ),
    Stage.LOST: ("What tipped your decision, and what could we have done better?",),
}


def stage_guidance(stage: Stage) -> str:
    return STAGE_GUIDANCE[stage]


def temperament_guidance(temperament: Temperament) -> str:
    return TEMPERAMENT_GUIDANCE[temperament]
