"""Detectors of structured personal data: contact details, identifiers, addresses and
birth dates. Each detector yields ``(kind, start, end)``; see ``ml.redact`` for the kinds."""

from __future__ import annotations

import ipaddress
import re

_I = re.IGNORECASE

# --- patterns ----------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+%-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b"
    r"|(?<![\w.+-])[\w.+-]+\s?[\[(]at[\])]\s?[\w-]+(?:\s?[\[(](?:dot|punkt)[\])]\s?[\w-]+)+",
    _I,
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'\[\]]+", _I)
_URL_SECRET_QUERY = re.compile(
    r"[?&#;](?:[\w.-]*_)?(?:token|access_token|key|apikey|api_key|auth|session|sessionid|sid|"
    r"password|passwort|pwd|pass|secret|code|otp|email|e-mail|mail|user|username|uid|userid|"
    r"customer|kunde|phone|tel|name|iban|reset|signature|sig)=",
    _I,
)
_URL_USERINFO = re.compile(r"^(?:https?://)?[^/\s?#]+@", _I)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_IBAN_WORD = re.compile(r"IBAN\s*:?\s*$", _I)
_CARD = re.compile(r"(?<![\w+.,/-])[1-9](?:[ -]?\d){12,18}(?![\w.,/-]\d|[\w-])")
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", _I)
_VERSION_WORD = re.compile(r"(?:version|firmware|build|release|update|v)\s*:?\s*$", _I)

_DATE = (
    r"\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d{2}"
    r"|\d{1,2}\.?\s(?:Jan(?:uar)?|Feb(?:ruar)?|März|Mär|Apr(?:il)?|Mai|Juni?|Juli?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Okt(?:ober)?|Nov(?:ember)?|Dez(?:ember)?|January|February|March"
    r"|May|June|July|October|December)\.?\s(?:19|20)\d{2}"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s\d{1,2}(?:st|nd|rd|th)?"
    r",?\s(?:19|20)\d{2}"
    r"|(?:19|20)\d{2}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(?:19|20)?\d{2}"
)
_DOB = re.compile(
    r"(?:\bgeboren(?:\s+am)?|\bgeb\.|\bGeburtsdatum|\bGeburtstag(?:\s+am)?|\bborn(?:\s+on)?"
    r"|\bdate\s+of\s+birth|\bbirth\s?date|\bbirthday|\bDOB|\bd\.o\.b\.)"
    # a format hint or a remark in brackets may come first: "Geburtsdatum (TT.MM.JJJJ): …"
    r"(?:\s*\([^()\n]{0,40}\))?"
    rf"(?:\s*(?:ist|is|lautet|war|was|[:,;=–-]))*\s*(?:am\s+|on\s+|the\s+|der\s+)?"
    rf"(?P<pii>{_DATE})",
    _I,
)
# The birth word after the date: "am 1.2.1970 geboren", "1 May 1980 born in Leeds".
# Up to two words may come between: "am 12.04.1975 in Bremen geboren".
_DOB_AFTER = re.compile(
    rf"(?<![\d.])(?P<pii>{_DATE})(?=(?:,?\s+[^\W\d][\w-]*){{0,2}},?\s+(?:geboren|born)\b)",
    _I,
)
_ID = re.compile(
    r"(?:\bSteuer-?\s?ID|\bSteuer-?identifikationsnummer|\bIdentifikationsnummer|\bSteuernummer"
    r"|\bSt\.?-?Nr\.?|\bSozialversicherungsnummer|\bSV-?Nummer|\bSV-Nr\.?"
    r"|\bRentenversicherungsnummer|\bRV-Nummer|\b(?:Kranken)?versichertennummer"
    r"|\bPersonalausweis(?:nummer)?|\bAusweis-?(?:nummer|nr\.?)|\bReisepass(?:nummer)?"
    r"|\bPassnummer|\bFührerschein(?:nummer)?|\bpassport(?:\s+(?:number|no\.?))?"
    r"|\btax\s+(?:ID|number|identification\s+number)|\bTIN\b|\bsocial\s+security(?:\s+number)?"
    r"|\bSSN\b|\bnational\s+insurance(?:\s+number)?|\bNI\s+number"
    r"|\bdriver'?s\s+licen[cs]e(?:\s+(?:number|no\.?))?)"
    # the number: digit groups, where a single letter may sit between groups (65 170839 J 003)
    r"(?:\s*(?:ist|is|lautet|:|#|-))*\s*"
    r"(?P<pii>[A-Z0-9]*\d[A-Z0-9]*(?:[/ -](?:[A-Z]\b[/ -]?)?\d[A-Z0-9]*)*)",
    _I,
)
_PHONE_WORD = re.compile(
    r"(?:\bTel\.?|\bTelefon(?:nummer)?|\bHandy(?:nummer)?|\bMobil(?:nummer|funk)?|\bRufnummer"
    r"|\bFestnetz|\bphone(?:\s+number)?|\bmobile(?:\s+number)?|\bcell(?:\s+phone)?|\bcall\s+me"
    r"(?:\s+back)?(?:\s+(?:at|on))?|\berreichbar\s+unter|\brückrufen\s+unter|\bzurückrufen"
    r"(?:\s+unter)?|\bunter\s+der\s+Nummer|\bWhatsApp|\bFax)"
    r"(?:\s*(?:ist|is|:|-|unter))*\s*(?P<pii>\+?\(?\d[\d ()/.-]{4,22}\d)",
    _I,
)
_PHONE = re.compile(
    # international: +49 …, 0049 …, with optional (0)
    r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[ ./-]?\(0\))?(?:[ ./-]?\(?\d{1,5}\)?){2,6}(?![\w])"
    # German landline/mobile with a separator after the area code
    r"|(?<![\w/.,+-])(?:\(0\d{2,5}\)|0\d{2,5})\s?(?:[/-]\s?|\s)\d{2,}(?:[ -]\d{2,})*(?![\w.,-]?\d)"
    # German mobile written without separators
    r"|(?<![\w+.,/-])01[5-7]\d{8,9}(?![\w])"
    # US/Canada 555-123-4567, (555) 123-4567
    r"|(?<![\w(.,/-])\(?[2-9]\d{2}\)?[ .-]\d{3}[.-]\d{4}(?![\w-])"
)
_STREET_STRONG = (
    r"[A-ZÄÖÜ][\wäöüß.-]*(?:straße|strasse|str\.|allee|gasse|chaussee|promenade)"
    # "Berliner Straße", "Alte Gasse": one adjective, so a label such as "Lieferadresse"
    # in front is not swallowed
    r"|[A-ZÄÖÜ][\wäöüß-]*e[rn]?\s(?:Straße|Strasse|Str\.|Allee|Gasse|Chaussee)"
)
# Street names without a street word ("Am Sonnenhang", "Unter den Linden"); only accepted
# when a postcode and city follow.
_STREET_WEAK = (
    r"(?:(?:Am|An\s(?:der|den|dem)|Auf\s(?:der|dem)|Im|In\s(?:der|den)|Unter\s(?:der|den)"
    r"|Zum|Zur|Hinter\s(?:der|dem)|Alte|Alter|Neue|Neuer)\s)?[A-ZÄÖÜ][\wäöüß.-]+"
)
_HOUSE = r"\d{1,4}(?:\s?[a-h])?(?:\s?[-/]\s?\d{1,4}[a-h]?)?"
_PLZ_CITY = (
    r",?\s*(?:D-)?\d{5}\s+[A-ZÄÖÜ][\wäöüß-]+(?:\s(?:an\s(?:der|dem)\s|am\s)?[A-ZÄÖÜ][\wäöüß-]+)?"
)
_EN_STREET = (
    r"Street|St\.|Road|Rd\.|Avenue|Ave\.?|Lane|Ln\.|Drive|Dr\.|Boulevard|Blvd\.?|Court|Ct\."
    r"|Way|Place|Pl\.|Terrace|Close|Crescent|Square"
)
_EN_TAIL = (
    r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
    r"(?:,?\s*(?:[A-Z]{2}\s+\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}))?"
)
_ADDRESS = re.compile(
    rf"\b(?:{_STREET_STRONG})\s?{_HOUSE}(?:{_PLZ_CITY})?\b"
    rf"|\b{_STREET_WEAK}\s{_HOUSE}{_PLZ_CITY}\b"
    rf"|(?<![\w.,])\d{{1,5}}[a-z]?\s(?:[A-Z][a-z]+\s){{1,3}}(?:{_EN_STREET})(?!\w){_EN_TAIL}"
)
# Units and time words after a "house number" mean it is a quantity, not an address.
_NOT_HOUSE = re.compile(
    r"\s?(?:%|€|\$|Euro|EUR|Tage?n?|Wochen?|Minuten?|Min\.?|Stunden?|Std\.?|km|m\b|cm|mm"
    r"|kg|g\b|Stück|x\b|Mal|days?|weeks?|minutes?|hours?)",
    _I,
)
# --- validators --------------------------------------------------------------------------


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(iban: str) -> bool:
    if not 15 <= len(iban) <= 34:
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# --- detectors: each yields (kind, start, end) -------------------------------------------


def _find_emails(text):
    for m in _EMAIL.finditer(text):
        yield "EMAIL", m.start(), m.end()


def _find_urls(text):
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:!?)")
        if _URL_USERINFO.match(url) or _URL_SECRET_QUERY.search(url) or "@" in url:
            yield "URL", m.start(), m.start() + len(url)


def _find_ibans(text):
    for m in _IBAN.finditer(text):
        chunks = re.findall(r"[A-Z0-9]+|\s", m.group())
        after_word = bool(_IBAN_WORD.search(text, 0, m.start()))
        # Try the longest prefix first: a trailing upper-case word ("BIC") may be glued on.
        for n in range(len(chunks), 0, -1):
            candidate = "".join(chunks[:n]).rstrip()
            compact = candidate.replace(" ", "")
            if _iban_ok(compact) or (after_word and 15 <= len(compact) <= 34 and n == len(chunks)):
                yield "IBAN", m.start(), m.start() + len(candidate)
                break


def _find_cards(text):
    for m in _CARD.finditer(text):
        seps = set(re.findall(r"[ -]", m.group()))
        digits = _digits(m.group())
        if len(seps) <= 1 and 13 <= len(digits) <= 19 and _luhn_ok(digits):
            yield "CARD", m.start(), m.end()


def _find_ips(text):
    for m in _IPV4.finditer(text):
        if _VERSION_WORD.search(text, max(0, m.start() - 12), m.start()):
            continue
        if all(int(part) <= 255 for part in m.group().split(".")):
            yield "IP", m.start(), m.end()
    for m in _IPV6.finditer(text):
        if m.group().count(":") >= 3 and re.search(r"[0-9a-f]", m.group(), _I):
            try:
                ipaddress.IPv6Address(m.group())
            except ValueError:
                continue
            yield "IP", m.start(), m.end()


def _find_contextual(pattern, kind, min_digits):
    def find(text):
        for m in pattern.finditer(text):
            value = m.group("pii").rstrip(" -/.")
            if len(_digits(value)) >= min_digits:
                yield kind, m.start("pii"), m.start("pii") + len(value)

    return find


def _find_phones(text):
    for m in _PHONE.finditer(text):
        n_digits = len(_digits(m.group()))
        # Without a phone word, fewer than 8 digits is a service number fragment ("0800
        # 123"), and an unbroken run after "0"/"+" is more often an order number unless it
        # is as long as a full mobile or international number.
        unbroken = m.group()[0] in "+0" and m.group()[1:].isdigit()
        if 8 <= n_digits <= 15 and (not unbroken or n_digits >= 11):
            yield "PHONE", m.start(), m.end()


def _find_addresses(text):
    for m in _ADDRESS.finditer(text):
        if _NOT_HOUSE.match(text, m.end()) and not re.search(r"\d{5}", m.group()):
            continue
        yield "ADDRESS", m.start(), m.end()


# Order is priority: an earlier detector wins an overlap. URLs go first so a reset link
# carrying a token and an e-mail becomes one [URL] rather than leaking the token.
DETECTORS = (
    _find_urls,
    _find_emails,
    _find_ibans,
    _find_cards,
    _find_ips,
    _find_contextual(_ID, "ID", 4),
    _find_contextual(_DOB, "DATE_OF_BIRTH", 4),
    _find_contextual(_DOB_AFTER, "DATE_OF_BIRTH", 4),
    _find_contextual(_PHONE_WORD, "PHONE", 6),
    _find_phones,
    _find_addresses,
)
