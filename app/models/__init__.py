"""All tables, imported here so ``SQLModel.metadata`` is complete for Alembic."""

from app.models.audit import AppSetting, AuditLog, IdempotencyKey
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
from app.models.complaints import COMPLAINT_STEPS, Complaint, ComplaintStatus, ContactPreference
from app.models.feedback import FeedbackItem, FeedbackSource, Segment
from app.models.followups import (
    CaseEvent,
    CaseEventKind,
    CaseReason,
    CaseResolution,
    CaseStatus,
    FollowUpCase,
)
from app.models.jobs import JobRun, SchedulerLease
from app.models.outbox import EmailUnsubscribe, OutboxAttempt, OutboxEvent, OutboxStatus
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
from app.models.trends import TrendDaily, TrendState, TrendThemeDaily
from app.models.users import ApiToken, PasswordResetToken, Role, User
from app.models.webhooks import WEBHOOK_EVENTS, WebhookSubscription

__all__ = [
    "CHANNELS",
    "COMPLAINT_STEPS",
    "STAGES",
    "WEBHOOK_EVENTS",
    "ActionEvent",
    "ActionTheme",
    "Answer",
    "ApiToken",
    "AppSetting",
    "AuditLog",
    "CaseEvent",
    "CaseEventKind",
    "CaseReason",
    "CaseResolution",
    "CaseStatus",
    "Complaint",
    "ComplaintStatus",
    "Contact",
    "ContactEmail",
    "ContactPreference",
    "Decision",
    "EmailUnsubscribe",
    "FeedbackItem",
    "FeedbackSource",
    "FollowUpCase",
    "IdempotencyKey",
    "ImprovementAction",
    "Invitation",
    "Iteration",
    "JobRun",
    "OutboxAttempt",
    "OutboxEvent",
    "OutboxStatus",
    "PasswordResetToken",
    "Response",
    "Role",
    "SchedulerLease",
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
    "TrendDaily",
    "TrendState",
    "TrendThemeDaily",
    "TriageSession",
    "User",
    "WebhookSubscription",
]
