"""Sales teams, salespeople, customer companies and their contacts."""

import datetime

from odoo import Command
from odoo.tools import SQL

from . import names
from .bulk import create_like_orm
from .common import backdate, chunks

# Companies and contacts created through the ORM before the others are inserted like them.
ORM_PARTNERS = 100

TEAM_LAYOUTS = {
    "region": (
        ("Eastern Europe & CIS", ("RU", "UA", "KZ"), None),
        ("European Union", ("PL", "DE"), None),
        ("North America", ("US",), None),
    ),
    "country": (
        ("Russia", ("RU",), None),
        ("Ukraine", ("UA",), None),
        ("Kazakhstan", ("KZ",), None),
        ("Poland", ("PL",), None),
        ("DACH", ("DE",), None),
        ("USA", ("US",), None),
    ),
}
TEAM_LAYOUTS["country_segment"] = tuple(
    (f"{name} — {segment}", countries, segment)
    for name, countries, _segment in TEAM_LAYOUTS["country"]
    for segment in ("Key Accounts", "Business")
)

TIMEZONES = {
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "KZ": "Asia/Almaty",
    "PL": "Europe/Warsaw",
    "DE": "Europe/Berlin",
    "US": "America/New_York",
}

# Payment terms (days after the invoice) and their share among customers.
PAYMENT_TERMS = ((30, 40), (15, 20), (45, 14), (0, 16), (21, 10))
RELIABILITY = (("good", 66), ("slow", 24), ("bad", 10))
PAYMENT_RUN_WEIGHT = 2.5  # customers above this Pareto weight pay in a monthly run
CONTACTS_PER_COMPANY = ((1, 35), (2, 35), (3, 20), (4, 10))
# Buying weight of a customer: Pareto(1.5) capped at 25 gives ~80 % of the revenue to the top
# 20 % of the customers (and ~30 % to the top 1 %).
PARETO_ALPHA = 1.5
MAX_WEIGHT = 25.0
KEY_ACCOUNT_WEIGHT = 6.0  # customers above this Pareto weight are key accounts
EMAIL_BOXES = {
    "ru": ("info", "office", "zakaz", "sales", "mail"),
    "uk": ("info", "office", "zakaz", "sales"),
    "kk": ("info", "office", "sales"),
    "pl": ("biuro", "info", "kontakt"),
    "de": ("info", "kontakt", "vertrieb"),
    "en": ("info", "sales", "contact", "hello"),
}


def generate(run):
    _teams_and_salespeople(run)
    _territories(run)
    _customers(run)


def _territories(run):
    """Sales territories (the suite's crm.territory, when installed): the regions of the small
    team layout, one child per country. Customers get theirs computed from their country."""
    env = run.env
    if "crm.territory" not in env:
        return
    Territory = env["crm.territory"]
    countries = {
        country.code: country.id
        for country in env["res.country"].search([("code", "in", list(names.COUNTRIES))])
    }
    leaders = {}
    for team in run.teams:
        for code in team["countries"]:
            leaders.setdefault(code, team["leader"])
    country_names = {
        country.code: country.name for country in env["res.country"].browse(countries.values())
    }
    count = 0
    for region, codes, _segment in TEAM_LAYOUTS["region"]:
        parent = Territory.search([("name", "=", region), ("parent_id", "=", False)], limit=1)
        if not parent:
            parent = Territory.create({"name": region, "user_id": leaders.get(codes[0], False)})
        Territory.create(
            [
                {
                    "name": country_names[code],
                    "parent_id": parent.id,
                    "country_ids": [Command.set([countries[code]])],
                    "user_id": leaders.get(code, False),
                }
                for code in codes
                if code in countries
            ]
        )
        count += 1 + len(codes)
    run.counts["territories"] = count
    run.report("territories", count, count)


# ---------------------------------------------------------------------------------------------
# Teams and salespeople
# ---------------------------------------------------------------------------------------------


def _teams_and_salespeople(run):
    env = run.env
    rng = run.rng("salespeople")
    layout = TEAM_LAYOUTS[run.scale.team_split]
    country_weight = {code: info[1] for code, info in names.COUNTRIES.items()}

    # Salespeople per team, proportional to the weight of the countries the team covers.
    team_weight = [
        sum(country_weight[code] for code in countries) * (0.6 if segment == "Key Accounts" else 1)
        for _name, countries, segment in layout
    ]
    total_weight = sum(team_weight)
    seats = [max(1, round(run.scale.salesmen * weight / total_weight)) for weight in team_weight]

    groups = {
        "salesman": env.ref("sales_team.group_sale_salesman"),
        "manager": env.ref("sales_team.group_sale_manager"),
    }
    base_user = env.ref("base.group_user")
    taken_logins = set(env["res.users"].with_context(active_test=False).search([]).mapped("login"))

    def make_user_vals(country, role):
        lang = names.COUNTRIES[country][0]
        first, last, _female = names.person_name(rng, lang)
        login = f"{names.slug(first)}.{names.slug(last)}@sales.example.com"
        suffix = 2
        while login in taken_logins:
            login = f"{names.slug(first)}.{names.slug(last)}{suffix}@sales.example.com"
            suffix += 1
        taken_logins.add(login)
        return {
            "name": f"{first} {last}",
            "login": login,
            "email": login,
            "tz": TIMEZONES[country],
            "company_id": run.company.id,
            "company_ids": [Command.set(run.company.ids)],
            "group_ids": [Command.set([base_user.id, groups[role].id])],
        }

    manager_vals = []
    for index in range(run.scale.managers):
        countries = layout[index % len(layout)][1]
        manager_vals.append(make_user_vals(countries[0], "manager"))
    salesman_vals = []
    salesman_team = []
    for team_index, (_name, countries, _segment) in enumerate(layout):
        for seat in range(seats[team_index]):
            salesman_vals.append(make_user_vals(countries[seat % len(countries)], "salesman"))
            salesman_team.append(team_index)
    Users = env["res.users"].with_context(no_reset_password=True)
    managers = Users.create(manager_vals)
    salesmen = Users.create(salesman_vals)

    # The sales force was there before the history starts.
    hired = datetime.datetime.combine(run.start, datetime.time(9)) - datetime.timedelta(days=30)
    users = managers | salesmen
    backdate(env, "res.users", [(user.id, hired) for user in users])
    backdate(env, "res.partner", [(user.partner_id.id, hired) for user in users])

    teams = []
    for team_index, (name, countries, segment) in enumerate(layout):
        leader = managers[team_index % len(managers)] if managers else env["res.users"]
        member_ids = [
            user.id
            for user, user_team in zip(salesmen, salesman_team, strict=True)
            if user_team == team_index
        ]
        team = env["crm.team"].create(
            {
                "name": name,
                "user_id": leader.id,
                "company_id": run.company.id,
                "use_leads": True,
                "use_opportunities": True,
                "member_ids": [Command.set([*member_ids, leader.id])],
            }
        )
        teams.append(
            {
                "id": team.id,
                "countries": countries,
                "segment": segment,
                "members": member_ids or [leader.id],
                "leader": leader.id,
            }
        )
    run.teams = teams
    run.user_partner = {user.id: user.partner_id.id for user in managers | salesmen}
    run.counts["salespeople"] = len(salesmen)
    run.counts["sales managers"] = len(managers)
    run.counts["sales teams"] = len(teams)
    run.report("salespeople and teams", len(managers) + len(salesmen), len(teams))


def _team_for(run, country, key_account):
    candidates = [team for team in run.teams if country in team["countries"]]
    if len(candidates) > 1:
        wanted = "Key Accounts" if key_account else "Business"
        candidates = [team for team in candidates if team["segment"] == wanted] or candidates
    return candidates[0]


# ---------------------------------------------------------------------------------------------
# Customers
# ---------------------------------------------------------------------------------------------


def _payment_terms(run):
    """Map days -> account.payment.term with a single 100% installment N days after the
    invoice, taken from Odoo's data (created when missing)."""
    env = run.env
    found = {}
    for term in env["account.payment.term"].search([("company_id", "in", [False, run.company.id])]):
        lines = term.line_ids
        if (
            len(lines) == 1
            and lines.value == "percent"
            and lines.value_amount == 100
            and lines.delay_type == "days_after"
            and not term.early_discount
        ):
            found.setdefault(lines.nb_days, term)
    for days, _weight in PAYMENT_TERMS:
        if days not in found:
            found[days] = env["account.payment.term"].create(
                {
                    "name": f"{days} Days" if days else "Immediate Payment",
                    "line_ids": [
                        Command.create({"value": "percent", "value_amount": 100, "nb_days": days})
                    ],
                }
            )
    return {days: found[days].id for days, _weight in PAYMENT_TERMS}


def _customers(run):
    env = run.env
    rng = run.rng("customers")
    scale = run.scale
    countries = {
        country.code: country
        for country in env["res.country"].search([("code", "in", list(names.COUNTRIES))])
    }
    states = {
        (state.country_id.code, state.code): state.id
        for state in env["res.country.state"].search(
            [("country_id", "in", [country.id for country in countries.values()])]
        )
    }
    industries = env["res.partner.industry"].search([])
    industry_names = {industry.id: industry.full_name or industry.name for industry in industries}
    affinity_industries = [
        industry for industry in industries if industry.name in names.INDUSTRY_AFFINITY
    ] or industries
    terms = _payment_terms(run)
    country_pairs = [(code, info[1]) for code, info in names.COUNTRIES.items()]
    span = (run.today - run.start).days

    seen_names, seen_domains, seen_vats, seen_phones = set(), set(), set(), set()
    profiles = []
    company_vals = []
    for index in range(scale.customers):
        country = names.weighted(rng, country_pairs)
        lang = names.COUNTRIES[country][0]
        city, state_code, zip_prefix, area = rng.choice(names.CITIES[country])
        for attempt in range(50):
            name, core = names.company_name(rng, lang, country, attempt // 3)
            if name not in seen_names:
                break
        seen_names.add(name)
        base_domain = names.slug(core)[:24] or f"company{index}"
        tld = names.COUNTRIES[country][3]
        domain = f"{base_domain}.{tld}"
        suffix = 2
        while domain in seen_domains:
            domain = f"{base_domain}{suffix}.{tld}"
            suffix += 1
        seen_domains.add(domain)
        vat = None
        while vat is None or vat in seen_vats:
            vat = names.tax_id(rng, country)
        seen_vats.add(vat)
        phone = names.phone(rng, country, area)
        while phone in seen_phones:
            phone = names.phone(rng, country, area)
        seen_phones.add(phone)

        weight = min(rng.paretovariate(PARETO_ALPHA), MAX_WEIGHT)
        industry = rng.choice(affinity_industries) if rng.random() < 0.8 else rng.choice(industries)
        since = (
            run.start
            if rng.random() < 0.35
            else run.start + datetime.timedelta(days=rng.randrange(0, max(1, span - 20)))
        )
        churn = None
        if rng.random() < 0.12:
            lower = (since - run.start).days + 90
            if lower < span:
                churn = run.start + datetime.timedelta(days=rng.randrange(lower, span))
        key_account = weight >= KEY_ACCOUNT_WEIGHT
        team = _team_for(run, country, key_account)
        user_id = team["members"][rng.randrange(len(team["members"]))]
        term_days = names.weighted(rng, PAYMENT_TERMS)
        pricelist = _pick_pricelist(run, rng, weight)
        profiles.append(
            {
                "index": index,
                "country": country,
                "lang": lang,
                "city": city,
                "area": area,
                "domain": domain,
                "industry": industry_names[industry.id],
                "weight": weight,
                "since": since,
                "churn": churn,
                "key_account": key_account,
                "team_id": team["id"],
                "user_id": user_id,
                "term_days": term_days,
                "term_id": terms[term_days],
                "reliability": names.weighted(rng, RELIABILITY),
                "payday": rng.randrange(5),
                "payrun_day": rng.randrange(5, 28) if weight >= PAYMENT_RUN_WEIGHT else 0,
                "discount": pricelist["discount"] if pricelist else 0.0,
            }
        )
        company_vals.append(
            {
                "name": name,
                "is_company": True,
                "ref": f"C{index + 1:06d}",
                "vat": vat,
                "industry_id": industry.id,
                "country_id": countries[country].id,
                "state_id": states.get((country, state_code), False),
                "city": city,
                "zip": names.zip_code(rng, country, zip_prefix),
                "street": f"{rng.choice(names.STREETS[lang])}, {rng.randrange(1, 180)}",
                "phone": phone,
                "email": f"{rng.choice(EMAIL_BOXES[lang])}@{domain}",
                "website": f"https://www.{domain}",
                "user_id": user_id,
                "customer_rank": 1,
                "property_payment_term_id": terms[term_days],
                "specific_property_product_pricelist": pricelist["id"] if pricelist else False,
                "company_id": False,
            }
        )

    Partner = env["res.partner"]
    companies = Partner.browse()
    # The first companies and contacts through the ORM; the others are inserted like them and
    # the ORM recomputes what depends on their values (bulk.create_like_orm).
    for batch in run.batches(company_vals, "customer companies"):
        if len(companies) < ORM_PARTNERS:
            companies |= Partner.create(batch[:ORM_PARTNERS])
            batch = batch[ORM_PARTNERS:]
        if batch:
            companies |= create_like_orm(
                env, "res.partner", batch, companies[:1].id, run.skip_foreign_keys
            )
    for profile, company in zip(profiles, companies, strict=True):
        profile["id"] = company.id
    # The pricelist Odoo itself would put on their orders (specific one or the default).
    for profile, pricelist in zip(
        profiles,
        companies.mapped(lambda partner: partner.property_product_pricelist.id),
        strict=True,
    ):
        profile["pricelist_id"] = pricelist

    # The fiscal position Odoo would put on their documents (none without fiscal positions).
    FiscalPosition = env["account.fiscal.position"]
    positions = FiscalPosition.search([("company_id", "=", run.company.id)])
    by_zip = any(position.zip_from or position.zip_to for position in positions)
    found = {}
    for profile, vals, company in zip(profiles, company_vals, companies, strict=True):
        key = (vals["country_id"], vals["state_id"], vals["zip"] if by_zip else None)
        if key not in found:
            found[key] = FiscalPosition._get_fiscal_position(company).id if positions else False
        profile["fiscal_position_id"] = found[key]

    # Contacts of each company. They are created with the values Odoo would sync from their
    # company (commercial fields, address), without parent_id, then linked to it in one SQL
    # update: creating them with parent_id makes Odoo write those values to each contact
    # separately, the slowest part of the partners by far. ``modified(["parent_id"])`` then
    # lets the ORM recompute everything that depends on the parent (commercial partner, display
    # names, language, salesperson...).
    synced = {
        company.id: {**company._get_commercial_values(), **company._get_address_values()}
        for company in companies
    }
    contact_vals = []
    owners = []
    for profile in profiles:
        count = names.weighted(rng, CONTACTS_PER_COMPANY)
        if profile["key_account"]:
            count = min(4, count + 1)
        used_emails = set()
        lang = profile["lang"]
        for position in range(count):
            first, last, _female = names.person_name(rng, lang)
            local = f"{names.slug(first)}.{names.slug(last)}"
            if local in used_emails:
                local = f"{names.slug(first)[:1]}.{names.slug(last)}{position}"
            used_emails.add(local)
            contact_vals.append(
                {
                    **synced[profile["id"]],
                    "name": f"{first} {last}",
                    "type": "contact",
                    "function": rng.choice(names.JOB_TITLES[lang]),
                    "email": f"{local}@{profile['domain']}",
                    "phone": (
                        names.mobile(rng, profile["country"])
                        if rng.random() < 0.6
                        else names.phone(rng, profile["country"], profile["area"])
                    ),
                    "company_id": False,
                }
            )
            owners.append(profile)
    contacts = Partner.browse()
    for batch in run.batches(contact_vals, "contacts", size=run.scale.batch * 2):
        if len(contacts) < ORM_PARTNERS:
            contacts |= Partner.create(batch[:ORM_PARTNERS])
            batch = batch[ORM_PARTNERS:]
        if batch:
            contacts |= create_like_orm(
                env, "res.partner", batch, contacts[:1].id, run.skip_foreign_keys
            )
    for profile, contact in zip(owners, contacts, strict=True):
        profile.setdefault("contacts", []).append(contact.id)
    for chunk in chunks(list(zip(contacts.ids, owners, strict=True)), 5000):
        env.cr.execute(
            SQL(
                "UPDATE res_partner p SET parent_id = v.parent FROM (VALUES %s) AS v(id, parent) "
                "WHERE p.id = v.id",
                SQL(", ").join(SQL("(%s, %s)", cid, profile["id"]) for cid, profile in chunk),
            )
        )
    contacts.invalidate_recordset(["parent_id"])
    companies.invalidate_recordset(["child_ids"])
    contacts.modified(["parent_id"])
    env.flush_all()

    # A customer exists in the database from a little before its first purchase.
    backdate(
        env,
        "res.partner",
        [
            (profile["id"], run.at(profile["since"] - datetime.timedelta(days=7), rng))
            for profile in profiles
        ]
        + [
            (contact.id, run.at(profile["since"] - datetime.timedelta(days=7), rng))
            for profile, contact in zip(owners, contacts, strict=True)
        ],
    )
    run.customers = profiles
    run.company_names = seen_names
    run.company_domains = seen_domains
    run.counts["customers"] = len(companies)
    run.counts["contacts"] = len(contacts)


def _pick_pricelist(run, rng, weight):
    by_name = {pricelist["name"]: pricelist for pricelist in run.pricelists}
    if weight >= 12:
        choice = names.weighted(
            rng, (("Key Account -18%", 70), ("Distributor -12%", 20), (None, 10))
        )
    elif weight >= 4:
        choice = names.weighted(rng, (("Distributor -12%", 35), ("Wholesale -7%", 30), (None, 35)))
    else:
        choice = names.weighted(rng, (("Wholesale -7%", 8), (None, 92)))
    return by_name.get(choice)
