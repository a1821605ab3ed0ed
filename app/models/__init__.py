"""All tables, imported here so ``SQLModel.metadata`` is complete for Alembic."""

from app.models.audit import AuditLog
from app.models.board import (
    STAGES,
    ActionEvent,
    ActionTheme,
    Decision,
    ImprovementAction,
    Iteration,
    Stage,
    TargetMetric,
)
from app.models.complaints import Complaint, ComplaintStatus, ContactPreference
from app.models.feedback import FeedbackItem, FeedbackSource, Segment
from app.models.followups import CaseStatus, FollowUpCase
from app.models.outbox import OutboxEvent
from app.models.surveys import Answer, Invitation, Response, SurveyDraft, SurveyVersion
from app.models.themes import (
    SuggestionStatus,
    Theme,
    ThemeEvent,
    ThemeEventKind,
    ThemeRun,
    ThemeSignal,
    ThemeStatus,
    ThemeSuggestion,
    TriageSession,
)
from app.models.touchpoints import CHANNELS, Contact, ContactEmail, Touchpoint
from app.models.users import ApiToken, Role, User

__all__ = [
    "CHANNELS",
    "STAGES",
    "ActionEvent",
    "ActionTheme",
    "Answer",
    "ApiToken",
    "AuditLog",
    "CaseStatus",
    "Complaint",
    "ComplaintStatus",
    "Contact",
    "ContactEmail",
    "ContactPreference",
    "Decision",
    "FeedbackItem",
    "FeedbackSource",
    "FollowUpCase",
    "ImprovementAction",
    "Invitation",
    "Iteration",
    "OutboxEvent",
    "Response",
    "Role",
    "Segment",
    "Stage",
    "SuggestionStatus",
    "SurveyDraft",
    "SurveyVersion",
    "TargetMetric",
    "Theme",
    "ThemeEvent",
    "ThemeEventKind",
    "ThemeRun",
    "ThemeSignal",
    "ThemeStatus",
    "ThemeSuggestion",
    "Touchpoint",
    "TriageSession",
    "User",
]
