"""Webhooks through the outbox to a real local HTTP receiver: signed, retried, replayed,
disabled after repeated failure, and never sent to an internal address unless allowed."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import select

from app.models import FollowUpCase, OutboxAttempt, OutboxEvent, WebhookSubscription
from app.models.base import utcnow
from app.models.complaints import ComplaintCreate
from app.services import cases, complaints, outbox, users, webhook_targets, webhooks

LOCAL = ["127.0.0.1/32"]


class Receiver:
    """A webhook receiver on 127.0.0.1 that checks signatures and answers from a script."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.script: list[tuple[int, dict, bytes]] = []  # (status, headers, body) per request
        self.delay = 0.0
        self.secret = ""
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hooks/voxloop?x=1"

    def verified(self, request: dict) -> bool:
        """The check a receiver runs: HMAC-SHA256 over timestamp + "." + body."""
        signed = f"{request['headers']['Voxloop-Timestamp']}.".encode() + request["body"]
        expected = "v1=" + hmac.new(self.secret.encode(), signed, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, request["headers"]["Voxloop-Signature"])

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                          "body": body})  # fmt: skip
                status, headers, answer = (receiver.script.pop(0) if receiver.script
                                           else (200, {}, b"ok"))  # fmt: skip
                time.sleep(receiver.delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config, "WEBHOOK_ALLOWED_NETWORKS": LOCAL,
            "OUTBOX_MAX_ATTEMPTS": 4, "OUTBOX_RETRY_SECONDS": 60,
            "WEBHOOK_TIMEOUT_SECONDS": 2}  # fmt: skip


def _subscribe(session, app, receiver, events=("complaint.created",)):
    subscription, secret = webhooks.create_subscription(
        session=session, config=app.config, url=receiver.url, events=list(events)
    )
    receiver.secret = secret
    return subscription


def _file(session, app, text="Only pick-up in Black Friday week."):
    return complaints.file_complaint(
        session=session, config=app.config,
        data=ComplaintCreate(description=text, contact_preference="none", language="en"),
    )  # fmt: skip


def _deliver_until_done(session, app, rounds=6):
    """Run the deliverer as the scheduler would, the clock moving past each back-off."""
    clock = [utcnow()]
    for _ in range(rounds):
        outbox.deliver(session=session, config=app.config, now=lambda: clock[0])
        clock[0] += timedelta(hours=7)  # longer than any back-off


def test_a_complaint_arrives_signed_and_verifiable(app, session, receiver):
    _subscribe(session, app, receiver)
    filed = _file(session, app)
    outbox.deliver(session=session, config=app.config)
    (request,) = receiver.requests
    assert request["path"] == "/hooks/voxloop?x=1"
    assert receiver.verified(request)
    headers = request["headers"]
    assert headers["Voxloop-Event"] == "complaint.created"
    assert headers["Content-Type"] == "application/json"
    assert abs(int(headers["Voxloop-Timestamp"]) - time.time()) < 60
    payload = json.loads(request["body"])
    assert payload["id"] == headers["Voxloop-Event-Id"] and payload["version"] == 1
    assert payload["data"]["reference"] == filed.complaint.reference
    # A payload never carries the customer's words.
    assert "pick-up" not in request["body"].decode()
    # A tampered body fails the same check.
    assert not receiver.verified({**request, "body": request["body"] + b" "})


def test_two_failures_then_success_delivers_once(app, session, receiver):
    subscription = _subscribe(session, app, receiver)
    receiver.script = [(500, {}, b"down"), (503, {}, b"still down")]
    _file(session, app)
    _deliver_until_done(session, app)
    assert [r["headers"]["Voxloop-Event-Id"] for r in receiver.requests].count(
        receiver.requests[0]["headers"]["Voxloop-Event-Id"]
    ) == 3
    assert all(receiver.verified(r) for r in receiver.requests)
    (event,) = session.exec(select(OutboxEvent).where(OutboxEvent.kind == "webhook")).all()
    assert event.status == "sent" and event.attempts == 3
    log = webhooks.deliveries(session=session, subscription_id=subscription.id)
    assert [a.status_code for a in log[0].attempts] == [500, 503, 200]
    assert [a.ok for a in log[0].attempts] == [False, False, True]
    assert log[0].attempts[0].response_excerpt == "down"
    session.refresh(subscription)
    assert subscription.failures == 0 and subscription.active


def test_retries_back_off_exponentially_with_jitter(app):
    base = timedelta(seconds=60)
    for attempts in (1, 2, 3, 4):
        delay = outbox.backoff(app.config, attempts, "webhook")
        full = base * 2 ** (attempts - 1)
        assert full / 2 <= delay <= full
    delays = {outbox.backoff(app.config, 3, "webhook") for _ in range(20)}
    assert len(delays) > 1  # not every receiver retried at the same moment


def test_replay_resends_the_same_event_id_and_body(app, session, receiver):
    subscription = _subscribe(session, app, receiver)
    _file(session, app)
    outbox.deliver(session=session, config=app.config)
    (first,) = receiver.requests
    (original,) = session.exec(select(OutboxEvent).where(OutboxEvent.kind == "webhook")).all()
    webhooks.replay(session=session, event_id=original.id)
    outbox.deliver(session=session, config=app.config)
    assert len(receiver.requests) == 2
    again = receiver.requests[1]
    assert again["headers"]["Voxloop-Event-Id"] == first["headers"]["Voxloop-Event-Id"]
    assert again["body"] == first["body"] and receiver.verified(again)
    assert len(webhooks.deliveries(session=session, subscription_id=subscription.id)) == 2


def test_redirects_are_not_followed_and_answers_are_cut_at_1_kb(app, session, receiver):
    subscription = _subscribe(session, app, receiver)
    receiver.script = [(302, {"Location": "http://169.254.169.254/"}, b"x" * 5000)]
    _file(session, app)
    outbox.deliver(session=session, config=app.config)
    assert len(receiver.requests) == 1
    (attempt,) = webhooks.deliveries(session=session, subscription_id=subscription.id)[0].attempts
    assert not attempt.ok and attempt.status_code == 302
    assert len(attempt.response_excerpt) == webhooks.EXCERPT_BYTES


def test_a_slow_receiver_times_out(app, session, receiver):
    app.config["WEBHOOK_TIMEOUT_SECONDS"] = 0.3
    subscription = _subscribe(session, app, receiver)
    receiver.delay = 1.5
    _file(session, app)
    outbox.deliver(session=session, config=app.config)
    (attempt,) = webhooks.deliveries(session=session, subscription_id=subscription.id)[0].attempts
    assert not attempt.ok and "timeout" in attempt.error.lower()


def test_repeated_failure_disables_and_tells_the_admins(app, session, receiver):
    app.config.update(OUTBOX_MAX_ATTEMPTS=1, WEBHOOK_DISABLE_AFTER=2)
    users.create_user(session=session, email="ada@shop.example", password="x" * 16,
                      role="admin", name="Ada")  # fmt: skip
    subscription = _subscribe(session, app, receiver)
    receiver.script = [(500, {}, b"no")] * 3
    _file(session, app, "first")
    _file(session, app, "second")
    outbox.deliver(session=session, config=app.config)
    session.refresh(subscription)
    assert not subscription.active and subscription.failures == 2
    assert "2 deliveries in a row failed" in subscription.disabled_reason
    notices = session.exec(select(OutboxEvent).where(OutboxEvent.topic == "webhook.disabled"))
    (notice,) = notices.all()
    assert notice.payload["to"] == "ada@shop.example" and receiver.url in notice.payload["text"]
    # While disabled nothing is sent; enabled again, a replay goes out.
    _file(session, app, "third")
    outbox.deliver(session=session, config=app.config)
    assert len(receiver.requests) == 2
    webhooks.enable_subscription(session=session, subscription_id=subscription.id)
    dead = session.exec(select(OutboxEvent).where(OutboxEvent.status == "dead")).first()
    webhooks.replay(session=session, event_id=dead.id)
    outbox.deliver(session=session, config=app.config)
    assert len(receiver.requests) == 3 and receiver.verified(receiver.requests[-1])


def test_an_overdue_case_is_announced_once(app, session, receiver):
    _subscribe(session, app, receiver, events=("case.overdue",))
    filed = complaints.file_complaint(
        session=session, config=app.config,
        data=ComplaintCreate(description="Nobody called.", contact_preference="phone",
                             contact_phone="+49 30 1234567", consent_contact=True,
                             language="de"),
    )  # fmt: skip
    case = session.exec(
        select(FollowUpCase).where(FollowUpCase.complaint_id == filed.complaint.id)
    ).one()
    later = case.due_at + timedelta(hours=1)
    assert cases.escalate_overdue(session=session, now=later) == 1
    assert cases.escalate_overdue(session=session, now=later + timedelta(hours=1)) == 0
    outbox.deliver(session=session, config=app.config, now=lambda: later + timedelta(hours=2))
    (request,) = receiver.requests
    assert json.loads(request["body"])["data"]["case_id"] == case.id


REFUSED = [
    "http://127.0.0.1/hook",
    "https://127.0.0.1/hook",
    "https://localhost/hook",
    "https://127.1/hook",  # short form of 127.0.0.1
    "https://2130706433/hook",  # decimal 127.0.0.1
    "https://0177.0.0.1/hook",  # octal
    "https://0x7f.0.0.1/hook",  # hexadecimal
    "https://10.0.0.7/hook",
    "https://172.16.4.2/hook",
    "https://192.168.1.10/hook",
    "https://100.64.0.1/hook",  # carrier-grade NAT
    "https://169.254.169.254/latest/meta-data/",  # cloud metadata
    "https://0.0.0.0/hook",
    "https://224.0.0.251/hook",  # multicast
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",  # IPv4-mapped IPv6
    "https://[::ffff:a9fe:a9fe]/hook",  # metadata, mapped
    "https://[fe80::1]/hook",  # link-local
    "https://[fd00:ec2::254]/hook",  # AWS IPv6 metadata
    "https://[fc00::5]/hook",  # unique local
    "https://[2002:7f00:1::1]/hook",  # 6to4 wrapping 127.0.0.1
    "https://[ff02::1]/hook",  # multicast
]


@pytest.mark.parametrize("url", REFUSED)
def test_internal_addresses_are_refused_at_subscription(app, session, url):
    config = {**app.config, "WEBHOOK_ALLOWED_NETWORKS": []}
    with pytest.raises(webhook_targets.TargetRefused):
        webhooks.create_subscription(session=session, config=config, url=url,
                                     events=["complaint.created"])  # fmt: skip
    assert session.exec(select(WebhookSubscription)).all() == []


BAD = ["ftp://example.com/x", "https://user:pw@example.com/", "javascript:alert(1)",
       "https://", "https://example.com:99999/", "http://93.184.215.14/hook"]  # fmt: skip


@pytest.mark.parametrize("url", BAD)
def test_other_bad_addresses_are_refused(app, session, url):
    with pytest.raises(webhook_targets.TargetRefused):
        webhooks.create_subscription(session=session, config={}, url=url,
                                     events=["complaint.created"])  # fmt: skip


def test_the_address_is_checked_again_at_delivery(app, session, receiver):
    """Allowed when subscribed, but the operator removed the allowance: nothing is sent."""
    subscription = _subscribe(session, app, receiver)
    _file(session, app)
    app.config["WEBHOOK_ALLOWED_NETWORKS"] = []
    outbox.deliver(session=session, config=app.config)
    assert receiver.requests == []
    (attempt,) = webhooks.deliveries(session=session, subscription_id=subscription.id)[0].attempts
    assert not attempt.ok and attempt.error.startswith("refused:")


def test_events_must_be_known(app, session, receiver):
    with pytest.raises(webhooks.WebhookError):
        webhooks.create_subscription(session=session, config=app.config, url=receiver.url,
                                     events=[])  # fmt: skip
    with pytest.raises(webhooks.WebhookError):
        webhooks.create_subscription(session=session, config=app.config, url=receiver.url,
                                     events=["everything"])  # fmt: skip


def test_removing_a_subscription_cancels_what_it_had_not_received(app, session, receiver):
    subscription = _subscribe(session, app, receiver)
    _file(session, app)
    webhooks.remove_subscription(session=session, subscription_id=subscription.id)
    outbox.deliver(session=session, config=app.config)
    assert receiver.requests == []
    (event,) = session.exec(select(OutboxEvent).where(OutboxEvent.kind == "webhook")).all()
    assert event.status == "cancelled" and event.subscription_id is None
    assert session.exec(select(OutboxAttempt)).all() == []
