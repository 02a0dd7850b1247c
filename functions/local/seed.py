"""Demo data for `make dev`: a company, its recruiter and admin, a published template and one
invited candidate. Created once; a restart finds it in the restored state and reuses it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from functions import wiring
from functions.accounts.use_cases import add_user, register_company
from functions.billing.domain import BillingAccount
from functions.billing.plans import PlanName
from functions.collaboration.scorecard_rules import CompetencyDraft
from functions.collaboration.scorecards import create_scorecard_template
from functions.domain.clock import utcnow
from functions.domain.companies import Branding, Language, Role
from functions.domain.interviews import Candidate
from functions.domain.templates import QuestionDraft
from functions.interviews.use_cases import create_interview
from functions.settings import get_settings
from functions.templates.use_cases import create_template, publish_template

DEMO_PASSWORD = "Demo-Interviews-2026!"  # noqa: S105 - a published local demo credential
RECRUITER_EMAIL = "recruiter@demo.local"
ADMIN_EMAIL = "admin@demo.local"
# Panel reviewers for team collaboration (assign them from an interview's page).
INTERVIEWERS: tuple[tuple[str, str, Language], ...] = (
    ("ivy@demo.local", "Ivy Interviewer", "en"),
    ("ingo@demo.local", "Ingo Prüfer", "de"),
)
ANCHORS = [
    "No evidence in the answers",
    "Some evidence, vague or second-hand",
    "Clear evidence of their own",
    "Strong, specific evidence with results",
    "Exceptional: would raise the team's bar",
]
SCORECARD = [
    CompetencyDraft(id="ownership", name="Ownership", anchors=ANCHORS),
    CompetencyDraft(id="collaboration", name="Collaboration", anchors=ANCHORS),
    CompetencyDraft(id="communication", name="Communication", anchors=ANCHORS),
    CompetencyDraft(id="motivation", name="Motivation", anchors=ANCHORS),
]

QUESTIONS = [
    QuestionDraft(
        text="Tell us about a project you are proud of and the part you played in it.",
        time_limit_seconds=120,
        think_time_seconds=30,
        retakes=1,
        competencies=["ownership", "communication"],
        ideal_answer="A concrete project, the candidate's own decisions, and a measurable result.",
    ),
    QuestionDraft(
        text="Describe a disagreement with a colleague and how you resolved it.",
        time_limit_seconds=120,
        think_time_seconds=30,
        retakes=1,
        competencies=["collaboration"],
    ),
    QuestionDraft(
        text="Why do you want this role, and what would you do in your first 90 days?",
        time_limit_seconds=90,
        think_time_seconds=20,
        retakes=0,
        competencies=["motivation", "planning"],
    ),
]


@dataclass(frozen=True)
class Demo:
    company_id: str
    template_id: str
    interview_id: str
    candidate_token: str


def ensure_demo(state_dir: Path) -> Demo:
    """The demo data, created on first start and remembered in <state_dir>/demo.json."""
    remembered = state_dir / "demo.json"
    if remembered.exists() and wiring.users().by_email(RECRUITER_EMAIL) is not None:
        demo = Demo(**json.loads(remembered.read_text()))
        _on_pro(demo.company_id)
        return demo
    demo = _create()
    state_dir.mkdir(parents=True, exist_ok=True)
    remembered.write_text(json.dumps(asdict(demo), indent=2))
    return demo


def _on_pro(company_id: str) -> None:
    """A demo saved before billing existed has no account (Free): it gets the demo's Pro."""
    if wiring.billing().account(company_id) is None:
        wiring.billing().open(BillingAccount(company_id=company_id, plan=PlanName.PRO))


def _create() -> Demo:
    now = utcnow()
    # Pro: the demo (and `python -m benchmarks.local`, which invites hundreds) is not limited;
    # a company that signs up starts on Free.
    company, _admin = register_company(
        wiring.companies(),
        wiring.users(),
        wiring.identity(),
        wiring.billing(),
        company_name="Demo Company",
        admin_email=ADMIN_EMAIL,
        admin_name="Alex Admin",
        admin_password=DEMO_PASSWORD,
        now=now,
        plan=PlanName.PRO,
        branding=Branding(primary_color="#0b7285"),
    )
    recruiter = add_user(
        wiring.users(),
        wiring.identity(),
        company_id=company.id,
        email=RECRUITER_EMAIL,
        name="Riley Recruiter",
        role=Role.HR,
        password=DEMO_PASSWORD,
        now=now,
    )
    for email, name, language in INTERVIEWERS:
        add_user(
            wiring.users(),
            wiring.identity(),
            company_id=company.id,
            email=email,
            name=name,
            role=Role.INTERVIEWER,
            password=DEMO_PASSWORD,
            now=now,
            language=language,
        )
    scorecard = create_scorecard_template(
        wiring.scorecards(),
        recruiter,
        name="Engineering panel",
        description="Rate what the answers show, not what you expect.",
        competencies=SCORECARD,
        hide_others_until_submitted=True,
    )
    template = create_template(
        wiring.templates(),
        recruiter,
        name="Backend Engineer — screening",
        description="Three questions about ownership, collaboration and motivation.",
        language="en",
        questions=QUESTIONS,
        scorecard_template_id=scorecard.id,
    )
    publish_template(wiring.templates(), recruiter, template.id)
    invitation = create_interview(
        wiring.interviews(),
        wiring.templates(),
        wiring.users(),
        wiring.billing(),
        recruiter,
        template_id=template.id,
        candidate=Candidate(name="Casey Candidate", email="casey@demo.local", language="en"),
        deadline=None,
        reviewer_ids=[],
        default_days=30,
        upgrade_url=get_settings().billing_page_url,
    )
    return Demo(
        company_id=company.id,
        template_id=template.id,
        interview_id=invitation.interview.id,
        candidate_token=invitation.token,
    )
