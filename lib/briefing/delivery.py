"""Sending a 进度通报: by e-mail (SMTP, the .docx attached) and to a WeCom (企业微信) or DingTalk (钉钉)
group robot (their markdown webhook format). Every message says its filters and as-of date.

A delivery is tried ``DASHBOARD_DELIVERY_ATTEMPTS`` times with a doubling pause; what finally
happened — sent, or failed with the last error — is returned as a ``DeliveryResult`` for the
caller to report and log, never dropped. Robots are named in a TOML file
(``DASHBOARD_ROBOTS_FILE``), so their webhook keys and signing secrets stay out of command lines
and of the database:

    [robot.guangdong-group]
    kind = "wecom"                      # or "dingtalk"
    url = "https://…/cgi-bin/webhook/send?key=…"
    secret = "SEC…"                     # DingTalk 加签 only, optional
    scopes = ["440000"]                 # the reports it may receive: "national" or province codes

A robot without ``scopes`` serves the national report only. A robot's request never follows a
redirect (its answer must come from the webhook itself). A bad entry in the file is that robot's
problem only (``load_robots_leniently``): the other robots and every e-mail still go.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from lib.briefing.report import Report
from lib.core.i18n import LocalizedError, t
from lib.core.settings import DeliverySettings, SmtpSettings, delivery_settings
from lib.store.subscriptions import SubscriptionError, check_address, robot_serves

ROBOT_KINDS = ("wecom", "dingtalk")
# The robots' limits: WeCom's markdown content is at most 4096 bytes of UTF-8; DingTalk's is
# larger, but long robot messages are not read — the full report goes by e-mail or the dashboard.
ROBOT_LIMIT_BYTES = {"wecom": 4096, "dingtalk": 6000}
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
_MARKUP = str.maketrans({"*": "＊", "_": "＿", "`": "｀", "#": "＃", "[": "［", "]": "］", "<": "‹", ">": "›"})


class DeliveryError(LocalizedError):
    """A delivery that cannot be attempted (no SMTP host, unknown robot, bad address …)."""


@dataclass(frozen=True)
class Robot:
    name: str
    kind: str  # wecom | dingtalk
    url: str
    secret: str = ""
    scopes: tuple[str, ...] = ("national",)

    def serves(self, region_code: str | None) -> bool:
        """Whether this robot may receive the report of ``region_code`` (None or 000000: national)."""
        return robot_serves(self.scopes, region_code or "000000")


@dataclass(frozen=True)
class DeliveryResult:
    channel: str  # email | wecom | dingtalk
    recipient: str  # the address, or the robot's name (never its URL: it holds the key)
    ok: bool
    attempts: int
    error: str = ""

    def as_dict(self) -> dict:
        return {
            "channel": self.channel,
            "recipient": self.recipient,
            "ok": self.ok,
            "attempts": self.attempts,
            "error": self.error,
        }


# --- robots -----------------------------------------------------------------------------------------
def load_robots(path: Path | None) -> dict[str, Robot]:
    """The named robots of the robots file (none when no file is configured); a bad entry is an error."""
    robots, problems = load_robots_leniently(path)
    if problems:
        raise next(iter(problems.values()))
    return robots


def load_robots_leniently(path: Path | None) -> tuple[dict[str, Robot], dict[str, DeliveryError]]:
    """The robots file's good entries, and each bad entry's problem by its name (a run sends to the
    good ones and records the bad ones as that robot's failures). An unreadable file is an error."""
    if path is None:
        return {}, {}
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DeliveryError("delivery.error.robots_file", path=str(path), detail=str(error)) from error
    robots, problems = {}, {}
    entries = data.get("robot") if isinstance(data.get("robot"), dict) else {}
    for name, entry in entries.items():
        entry = entry if isinstance(entry, dict) else {}
        kind, url = str(entry.get("kind", "")), str(entry.get("url", ""))
        scopes = entry.get("scopes", ["national"])
        if (
            kind not in ROBOT_KINDS
            or not url.startswith(("https://", "http://"))
            or not isinstance(scopes, list)
            or not all(isinstance(scope, str) and scope for scope in scopes)
        ):
            problems[name] = DeliveryError("delivery.error.robot_entry", path=str(path), name=name)
            continue
        robots[name] = Robot(name, kind, url, str(entry.get("secret", "")), tuple(scopes))
    return robots, problems


def robot_text(text: str) -> str:
    """Data text made inert for a robot's markdown (its markup characters become full-width)."""
    return str(text).translate(_MARKUP)


def robot_markdown(report: Report, kind: str, link: str = "") -> str:
    """The report for a group robot: title, filters and as-of date, the paragraphs, the note — cut
    to the robot's limit with a line saying so."""
    lang = report.lang
    head = [f"## {robot_text(report.title)} {robot_text(report.period)}", f"> {robot_text(report.filters)}"]
    if report.demo:
        head.append(f"> **{robot_text(t('report.demo_label', lang))}**")
    tail = [t("delivery.robot_more", lang) + (f" {link}" if link else "")]
    body = []
    for heading, paragraphs in report.sections:
        body.append(f"**{robot_text(heading)}**")
        body.extend(robot_text(paragraph) for paragraph in paragraphs)
    limit = ROBOT_LIMIT_BYTES[kind]
    text = "\n\n".join([*head, *body])
    if len((text + "\n\n" + tail[0]).encode()) <= limit:
        return text + "\n\n" + tail[0]
    cut = t("delivery.robot_cut", lang)
    kept = list(head)
    for line in body:
        if len("\n\n".join([*kept, line, cut, tail[0]]).encode()) > limit:
            break
        kept.append(line)
    return "\n\n".join([*kept, cut, tail[0]])


def robot_payload(report: Report, robot: Robot, link: str = "") -> dict:
    content = robot_markdown(report, robot.kind, link)
    if robot.kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": content}}
    return {"msgtype": "markdown", "markdown": {"title": f"{report.title} {report.period}", "text": content}}


def signed_url(robot: Robot, now_ms: int | None = None) -> str:
    """DingTalk 加签: timestamp and HMAC-SHA256 signature of ``timestamp\\nsecret`` appended to the URL."""
    if robot.kind != "dingtalk" or not robot.secret:
        return robot.url
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(robot.secret.encode(), f"{timestamp}\n{robot.secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    separator = "&" if "?" in robot.url else "?"
    return f"{robot.url}{separator}timestamp={timestamp}&sign={sign}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A robot's webhook answers itself: a redirect is an error, never followed (it could lead the
    request, with the report, anywhere — another host, or a path of this one)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, f"redirect to {newurl[:100]} not followed", headers, fp)


_OPENER = urllib.request.build_opener(_NoRedirect)


def post_robot(robot: Robot, payload: dict, timeout: float) -> None:
    """One POST to the robot; raises on any HTTP or robot error (errcode ≠ 0) and on a redirect."""
    request = urllib.request.Request(
        signed_url(robot),
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with _OPENER.open(request, timeout=timeout) as response:
        body = response.read().decode("utf-8", "replace")
    try:
        answer = json.loads(body)
    except json.JSONDecodeError as error:
        raise OSError(f"the robot answered something that is not JSON: {body[:200]!r}") from error
    if answer.get("errcode", 0) != 0:
        raise OSError(f"the robot refused the message: errcode {answer.get('errcode')} {answer.get('errmsg', '')}")


# --- e-mail -----------------------------------------------------------------------------------------
def email_message(report: Report, sender: str, recipient: str, docx: bytes | None, filename: str) -> EmailMessage:
    """Plain-text body (the report as copied on screen) with the .docx attached."""
    message = EmailMessage()
    message["Subject"] = t(
        "delivery.subject", report.lang, title=report.title, period=report.period, filters=report.filters
    )
    message["From"] = sender
    message["To"] = check_address(recipient)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] or "localhost")
    lines = [report.filters, ""]
    if report.demo:
        lines = [t("report.demo_label", report.lang), *lines]
    message.set_content("\n".join(lines) + report.text(), charset="utf-8")
    if docx is not None:
        message.add_attachment(docx, maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1], filename=filename)
    return message


def send_email(message: EmailMessage, smtp: SmtpSettings) -> None:
    """Hand one message to the SMTP relay; raises on any refusal."""
    connect = smtplib.SMTP_SSL if smtp.security == "ssl" else smtplib.SMTP
    with connect(smtp.host, smtp.port, timeout=smtp.timeout) as client:
        if smtp.security == "starttls":
            client.starttls()
        if smtp.user:
            client.login(smtp.user, smtp.password)
        refused = client.send_message(message)
    if refused:
        raise smtplib.SMTPRecipientsRefused(refused)


# --- trying -----------------------------------------------------------------------------------------
def attempt(
    channel: str,
    recipient: str,
    action: Callable[[], None],
    settings: DeliverySettings | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryResult:
    """Run ``action`` up to ``settings.attempts`` times, pausing (doubling) between failures."""
    settings = settings or delivery_settings()
    pause, error = settings.backoff_seconds, ""
    for number in range(1, settings.attempts + 1):
        try:
            action()
            return DeliveryResult(channel, recipient, True, number)
        except (OSError, smtplib.SMTPException, ValueError) as failure:
            error = f"{type(failure).__name__}: {failure}"
            if number < settings.attempts:
                sleep(pause)
                pause *= 2
    return DeliveryResult(channel, recipient, False, settings.attempts, error)


def deliver_email(
    report: Report,
    recipient: str,
    docx: bytes | None,
    filename: str,
    smtp: SmtpSettings | None,
    settings: DeliverySettings | None = None,
) -> DeliveryResult:
    if smtp is None:
        return DeliveryResult("email", recipient, False, 0, t("delivery.error.no_smtp", report.lang))
    try:
        message = email_message(report, smtp.sender, recipient, docx, filename)
    except (DeliveryError, SubscriptionError) as error:
        return DeliveryResult("email", recipient, False, 0, error.text(report.lang))
    return attempt("email", recipient, lambda: send_email(message, smtp), settings)


def deliver_robot(
    report: Report, robot: Robot, settings: DeliverySettings | None = None, link: str = ""
) -> DeliveryResult:
    settings = settings or delivery_settings()
    payload = robot_payload(report, robot, link)
    return attempt(robot.kind, robot.name, lambda: post_robot(robot, payload, settings.webhook_timeout), settings)
