"""All tables, imported here so ``SQLModel.metadata`` is complete for Alembic."""

from app.models.audit import AuditLog
from app.models.board import ActionTheme, ImprovementAction, Iteration, Stage, TargetMetric
from app.models.complaints import Complaint, ComplaintStatus, ContactPreference
from app.models.feedback import FeedbackItem, FeedbackSource, Segment
from app.models.followups import CaseStatus, FollowUpCase
from app.models.outbox import OutboxEvent
from app.models.surveys import Answer, Invitation, Response, SurveyDraft, SurveyVersion
from app.models.themes import Theme, ThemeEvent, ThemeEventKind, ThemeRun, ThemeSignal, ThemeStatus
from app.models.touchpoints import CHANNELS, Contact, ContactEmail, Touchpoint
from app.models.users import ApiToken, Role, User

__all__ = [
    "CHANNELS",
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
    "SurveyDraft",
    "SurveyVersion",
    "TargetMetric",
    "Theme",
    "ThemeEvent",
    "ThemeEventKind",
    "ThemeRun",
    "ThemeSignal",
    "ThemeStatus",
    "Touchpoint",
    "User",
]
