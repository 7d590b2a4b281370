"""Normalisation of the keys customers are matched on (VAT, email, phone, company name).

Pure functions without database access: they run inside the stored computes of res.partner
(precomputed in the INSERT, so they add no query to a partner's creation), in the duplicate
checks of the forms and in the import's validation.
"""

import re

# Free mail providers: two people writing from these domains are not the same customer, so an
# email domain on this list never matches. Keep it short; extend it when a provider shows up.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "mail.ru",
        "bk.ru",
        "inbox.ru",
        "list.ru",
        "yandex.ru",
        "ya.ru",
        "rambler.ru",
        "ukr.net",
        "i.ua",
        "meta.ua",
    }
)

# Legal forms dropped before comparing company names ("ACME LLC" is "Acme").
LEGAL_FORMS = frozenset(
    {
        "llc",
        "ltd",
        "inc",
        "corp",
        "co",
        "gmbh",
        "ag",
        "sa",
        "sarl",
        "bv",
        "plc",
        "ooo",
        "oao",
        "zao",
        "pao",
        "ao",
        "tov",
        "pp",
        "fop",
        "ооо",
        "оао",
        "зао",
        "пао",
        "ао",
        "тов",
        "пп",
        "фоп",
        "ип",
    }
)

# Phones are compared on their last digits: "+380 44 123-45-67", "044 123 45 67" and
# "(44) 1234567" are the same line whatever the country or trunk prefix written.
PHONE_DIGITS = 9


def normalize_vat(vat, country_code=None):
    """Upper case without spaces, dots, dashes or slashes, with the country prefix: a number
    written without it gets the partner's country code in front, so "DE 123.456.789" and
    "123456789" of a German company compare equal. '/' (not subject to VAT) is no number."""
    if not vat:
        return False
    value = re.sub(r"[\s.\-/]", "", vat).upper()
    if not value:
        return False
    if country_code and not value[:2].isalpha():
        value = country_code.upper() + value
    return value


def normalize_phone(phone):
    """The last digits of the number, or False when too short to identify a line."""
    if not phone:
        return False
    digits = re.sub(r"\D", "", phone)
    if len(digits) < PHONE_DIGITS - 2:
        return False
    return digits[-PHONE_DIGITS:]


def normalize_email(email):
    """Lower-cased address without spaces, or False."""
    if not email:
        return False
    value = email.strip().lower()
    match = re.search(r"[^\s<>,;]+@[^\s<>,;]+", value)
    return match.group(0) if match else False


def email_domain(email):
    """The domain of the address, unless it is a public mail provider's."""
    value = normalize_email(email)
    if not value:
        return False
    domain = value.rsplit("@", 1)[1].strip(".")
    if not domain or domain in PUBLIC_EMAIL_DOMAINS:
        return False
    return domain


def normalize_name(name):
    """Lower case words without punctuation or legal form."""
    if not name:
        return False
    words = re.findall(r"\w+", name.lower())
    words = [word for word in words if word not in LEGAL_FORMS]
    return " ".join(words) or False


EMAIL_RE = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]{2,}$")
VAT_RE = re.compile(r"^[A-Z]{2}[0-9A-Z]{5,14}$|^[0-9]{6,14}$")


def is_valid_email(email):
    return bool(email and EMAIL_RE.match(email.strip()))


def is_valid_vat_format(vat):
    """A format check for when base_vat is not installed: an optional two-letter country
    prefix and 5 to 14 letters or digits."""
    value = normalize_vat(vat)
    return bool(value and VAT_RE.match(value))
