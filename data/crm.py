"""Leads and opportunities with their stage history.

Which leads exist follows the sales plan:

* a customer acquired during the three years was a won opportunity, closed on its first order
  (the order's ``opportunity_id``); some big repeat orders were won upsell opportunities;
* a cancelled quotation is a lost opportunity (with a lost reason, archived, as Odoo's "Lost"
  button leaves it); an open quotation is an open opportunity in the last stage before "Won";
* some customers have an open opportunity at an early stage;
* prospects (companies that never bought) are leads or opportunities, most of the old ones lost,
  the recent ones open, spread over every stage.

Stage history: leads are created directly in their final state (tracking disabled) and each
stage change they went through is written as the chatter message Odoo's tracking would have
posted -- a ``mail.message`` of the stage / won / lost subtype with its ``mail.tracking.value``
(stage_id old -> new, won_status, lost_reason_id, active, type for a converted lead), dated when
the change happened and authored by the salesperson. Writing ``stage_id`` successively would
date every change "now" and cost one write per change; this gives the same rows with
historical dates. ``date_open``, ``date_last_stage_update``, ``date_conversion``,
``date_closed`` and ``create_date`` are set to match.
"""

import datetime
import math

from odoo import Command

from . import crm_bulk, names
from .bulk import checked_inserts, fast_inserts
from .common import backdate

# Leads created through the ORM before the bulk path takes over (templates of its rows).
ORM_LEADS = 60

LOST_REASON_WEIGHTS = {
    "Too expensive": 28,
    "Chose a competitor": 24,
    "No budget": 12,
    "No response from the customer": 14,
    "Project postponed": 10,
    "Requirements not met": 6,
    "Delivery time too long": 4,
    "We don't have people/skills": 1,
    "Not enough stock": 1,
}


def _reference_data(run):
    env = run.env
    stages = env["crm.stage"].search([], order="sequence, id")
    won = stages.filtered("is_won")[:1]
    if not won:
        won = env["crm.stage"].create({"name": "Won", "is_won": True, "sequence": 70})
    open_stages = stages.filtered(lambda stage: not stage.is_won)
    reasons = {reason.name: reason for reason in env["crm.lost.reason"].search([])}
    missing = [name for name in names.LOST_REASONS if name not in reasons]
    for reason in env["crm.lost.reason"].create([{"name": name} for name in missing]):
        reasons[reason.name] = reason
    tags = {tag.name: tag for tag in env["crm.tag"].search([])}
    missing = [name for name in names.CRM_TAGS if name not in tags]
    for tag in env["crm.tag"].create([{"name": name} for name in missing]):
        tags[tag.name] = tag
    fields = env["ir.model.fields"]
    return {
        "open_stages": [(stage.id, stage.name) for stage in open_stages],
        "won_stage": (won.id, won.name),
        "reasons": [
            (reasons[name].id, reasons[name].name, LOST_REASON_WEIGHTS.get(name, 3))
            for name in sorted(reasons)
        ],
        "tags": {name: tag.id for name, tag in tags.items()},
        "sources": env["utm.source"].search([]).ids,
        "mediums": env["utm.medium"].search([]).ids,
        "subtypes": {key: env.ref(f"crm.mt_lead_{key}").id for key in ("stage", "won", "lost")},
        "note_subtype": env.ref("mail.mt_note").id,
        "fields": {
            fname: fields._get("crm.lead", fname).id
            for fname in ("stage_id", "won_status", "lost_reason_id", "active", "type")
        },
        "activity_types": [
            env.ref(xmlid).id
            for xmlid in (
                "mail.mail_activity_data_call",
                "mail.mail_activity_data_meeting",
                "mail.mail_activity_data_email",
                "mail.mail_activity_data_todo",
            )
        ],
    }


def plan(run, events):
    """Plan the leads; returns their specs (dicts) and links the sales events to them."""
    rng = run.rng("crm")
    ref = _reference_data(run)
    run.crm_ref = ref
    specs = []
    by_customer = {}
    for event in events:
        by_customer.setdefault(event["customer"]["index"], []).append(event)

    for profile in run.customers:
        customer_events = by_customer.get(profile["index"], [])
        bought = [event for event in customer_events if event["kind"] in ("invoiced", "order")]
        # Acquisition: the first purchase closed a won opportunity.
        if bought and profile["since"] > run.start:
            first = bought[0]
            specs.append(_customer_deal(run, rng, ref, profile, first, "won", "New customer"))
        for event in customer_events:
            if event["kind"] == "cancelled":
                specs.append(_customer_deal(run, rng, ref, profile, event, "lost", "Quotation"))
            elif event["kind"] == "quotation":
                specs.append(_customer_deal(run, rng, ref, profile, event, "open", "Quotation"))
            elif (
                not event["direct"]
                and event is not (bought[0] if bought else None)
                and len(event["lines"]) >= 3
                and rng.random() < 0.1
            ):
                specs.append(_customer_deal(run, rng, ref, profile, event, "won", "Upsell"))
        if not profile["churn"] and rng.random() < 0.1:
            specs.append(_customer_pipeline(run, rng, ref, profile))

    for _number in range(run.scale.prospects):
        specs.append(_prospect(run, rng, ref))
    return specs


def _amount(event, products):
    return round(sum(quantity * price for _index, quantity, price in event["lines"]), 2)


def _path(rng, ref, final_index, end, earliest, run):
    """Stage transitions ending at ``end`` (a datetime): [(datetime, from, to)] over the open
    stages 0..final_index, plus the creation datetime."""
    steps = list(range(1, final_index + 1))
    # Sometimes a stage is skipped, as salespeople do.
    steps = [step for step in steps if step == final_index or rng.random() > 0.15]
    moments = []
    current = end
    for _step in reversed(steps):
        moments.append(current)
        current -= datetime.timedelta(days=rng.uniform(2, 25), hours=rng.uniform(0, 8))
    created = _office_hours(max(current, earliest))
    moments = sorted(
        _office_hours(max(moment, created + datetime.timedelta(hours=1))) for moment in moments
    )
    transitions = []
    previous = 0
    for moment, step in zip(moments, steps, strict=True):
        transitions.append((moment, previous, step))
        previous = step
    return created, transitions


def _office_hours(moment):
    """Squeeze the time of day into 8:00-17:59, keeping the order of moments of a day."""
    return moment.replace(hour=8 + moment.hour * 10 // 24)


def _title(rng, lang, what):
    return rng.choice(names.LEAD_TITLES[lang]).format(what=what)


def _customer_deal(run, rng, ref, profile, event, status, origin):
    products = run.products
    top = max(event["lines"], key=lambda line: line[1] * line[2])
    what = products[top[0]]["display_name"].split("] ")[-1]
    open_count = len(ref["open_stages"])
    earliest = datetime.datetime.combine(run.start, datetime.time()) - datetime.timedelta(days=60)
    if status == "won":
        end = event["datetime"] - datetime.timedelta(minutes=rng.randrange(5, 120))
        created, transitions = _path(rng, ref, open_count - 1, end, earliest, run)
        transitions.append((event["datetime"], open_count - 1, "won"))
    elif status == "lost":
        reached = rng.randrange(1, open_count) if open_count > 1 else 0
        created, transitions = _path(rng, ref, reached, event["datetime"], earliest, run)
        closed = event["datetime"] + datetime.timedelta(days=rng.uniform(5, 40))
        closed = min(closed, datetime.datetime.combine(run.today, datetime.time(17)))
        transitions.append(
            (max(closed, transitions[-1][0] if transitions else created), reached, "lost")
        )
    else:
        created, transitions = _path(rng, ref, open_count - 1, event["datetime"], earliest, run)
    spec = {
        "name": _title(rng, profile["lang"], what),
        "type": "opportunity",
        "status": status,
        "profile": profile,
        "event": event,
        "created": created,
        "transitions": transitions,
        "expected_revenue": _amount(event, products),
        "origin": origin,
    }
    _finish(run, rng, ref, spec)
    return spec


def _customer_pipeline(run, rng, ref, profile):
    """An open opportunity of an existing customer at an early stage."""
    products = run.products
    index = profile["basket"][rng.randrange(len(profile["basket"]))][0]
    what = products[index]["display_name"].split("] ")[-1]
    now = datetime.datetime.combine(run.today, datetime.time(12))
    final = rng.randrange(0, max(1, len(ref["open_stages"]) - 1))
    end = now - datetime.timedelta(days=rng.uniform(0, 45))
    created, transitions = _path(rng, ref, final, end, end - datetime.timedelta(days=60), run)
    spec = {
        "name": _title(rng, profile["lang"], what),
        "type": "opportunity",
        "status": "open",
        "profile": profile,
        "event": None,
        "created": created,
        "transitions": transitions,
        "expected_revenue": round(products[index]["list_price"] * rng.randrange(5, 60), -1),
        "origin": rng.choice(("Upsell", "Renewal")),
    }
    _finish(run, rng, ref, spec)
    return spec


def _prospect(run, rng, ref):
    """A company that did not buy (yet): a lead or an opportunity, open or lost."""
    country_pairs = [(code, info[1]) for code, info in names.COUNTRIES.items()]
    country = names.weighted(rng, country_pairs)
    lang = names.COUNTRIES[country][0]
    city, _state, _zip, _area = rng.choice(names.CITIES[country])
    company, core = names.company_name(rng, lang, country)
    for attempt in range(1, 20):
        if company not in run.company_names:
            break
        company, core = names.company_name(rng, lang, country, attempt)
    first, last, _female = names.person_name(rng, lang)
    domain = f"{names.slug(core)[:24]}.{names.COUNTRIES[country][3]}"
    span = (run.today - run.start).days
    age = rng.triangular(0, span, 0)  # more recent leads than old ones
    created = datetime.datetime.combine(
        run.today - datetime.timedelta(days=age), datetime.time()
    ) + datetime.timedelta(seconds=rng.randrange(8 * 3600, 19 * 3600))
    open_count = len(ref["open_stages"])
    lost = rng.random() < (0.85 if age > 120 else 0.35 if age > 30 else 0.1)
    is_lead = rng.random() < 0.45
    now = datetime.datetime.combine(run.today, datetime.time(18))
    transitions = []
    if not is_lead:
        final = rng.randrange(0, open_count)
        moment = created
        for step in range(1, final + 1):
            moment += datetime.timedelta(days=rng.uniform(2, 20))
            if moment >= now:
                break
            transitions.append((_office_hours(moment), step - 1, step))
    if lost:
        reached = transitions[-1][2] if transitions else 0
        closed = (transitions[-1][0] if transitions else created) + datetime.timedelta(
            days=rng.uniform(3, 60)
        )
        transitions.append((_office_hours(min(closed, now)), reached, "lost"))
    what = rng.choice(run.products)["display_name"].split("] ")[-1]
    spec = {
        "name": _title(rng, lang, what),
        "type": "lead" if is_lead else "opportunity",
        "status": "lost" if lost else "open",
        "profile": None,
        "event": None,
        "created": created,
        "transitions": transitions,
        "expected_revenue": 0.0 if is_lead else round(math.exp(rng.gauss(8.6, 1.0)), -1),
        "origin": "Prospect",
        "prospect": {
            "partner_name": company,
            "contact_name": f"{first} {last}",
            "email_from": f"{names.slug(first)}.{names.slug(last)}@{domain}",
            "phone": names.mobile(rng, country),
            "country": country,
            "city": city,
            "website": f"https://www.{domain}",
            "function": rng.choice(names.JOB_TITLES[lang]),
        },
    }
    if not is_lead and rng.random() < 0.5:
        spec["converted"] = created + datetime.timedelta(hours=rng.uniform(1, 72))
    _finish(run, rng, ref, spec, country=country)
    return spec


def _finish(run, rng, ref, spec, country=None):
    """Salesperson, team, source, tags, lost reason and deadline of a lead spec."""
    profile = spec["profile"]
    if profile:
        spec["user_id"], spec["team_id"] = profile["user_id"], profile["team_id"]
    else:
        candidates = [team for team in run.teams if country in team["countries"]]
        team = candidates[-1] if candidates else run.teams[0]
        spec["team_id"] = team["id"]
        # Some fresh leads are not assigned yet.
        unassigned = spec["status"] == "open" and spec["type"] == "lead" and rng.random() < 0.3
        spec["user_id"] = False if unassigned else rng.choice(team["members"])
    spec["lost_reason"] = None
    if spec["status"] == "lost":
        spec["lost_reason"] = names.weighted(
            rng, [(reason_id, weight) for reason_id, _name, weight in ref["reasons"]]
        )
    tags = []
    if profile and profile["key_account"]:
        tags.append("Key account")
    tag_by_origin = {"Upsell": "Upsell", "Renewal": "Renewal"}
    if spec["origin"] in tag_by_origin:
        tags.append(tag_by_origin[spec["origin"]])
    if rng.random() < 0.15:
        tags.append(rng.choice(("Tender", "Exhibition", "Partner referral", "Website")))
    spec["tag_ids"] = sorted({ref["tags"][tag] for tag in tags if tag in ref["tags"]})
    spec["source_id"] = (
        rng.choice(ref["sources"]) if ref["sources"] and rng.random() < 0.7 else False
    )
    spec["medium_id"] = (
        rng.choice(ref["mediums"]) if ref["mediums"] and rng.random() < 0.7 else False
    )
    spec["priority"] = names.weighted(rng, (("0", 55), ("1", 28), ("2", 12), ("3", 5)))
    last = spec["transitions"][-1][0] if spec["transitions"] else spec["created"]
    spec["deadline"] = (last + datetime.timedelta(days=rng.randrange(7, 60))).date()


def generate(run, specs, bulk=True):
    """Create the leads, their stage history messages and next activities."""
    env = run.env
    ref = run.crm_ref
    rng = run.rng("crm-write")
    open_stages = ref["open_stages"]
    won_id, won_name = ref["won_stage"]
    countries = {
        country.code: country.id
        for country in env["res.country"].search([("code", "in", list(names.COUNTRIES))])
    }
    reason_names = {reason_id: name for reason_id, name, _weight in ref["reasons"]}
    Lead = env["crm.lead"]
    # Won and lost first: predictive lead scoring then rates the open ones from them.
    order = {"won": 0, "lost": 1, "open": 2}
    specs = sorted(specs, key=lambda spec: (order[spec["status"]], spec["created"]))
    run.countries = countries
    leads_total = 0
    orm_count = len(specs) if not bulk else min(len(specs), ORM_LEADS)
    for batch in run.batches(specs[:orm_count], "leads and opportunities through the ORM"):
        vals_list = [_lead_vals(spec, ref, countries) for spec in batch]
        leads = Lead.create(vals_list)
        leads_total += len(leads)
        messages = []
        for spec, lead in zip(batch, leads, strict=True):
            spec["id"] = lead.id
            if spec["event"] is not None:
                spec["event"]["opportunity_id"] = lead.id
            messages.extend(_history(spec, ref, run, open_stages, won_id, won_name, reason_names))
        env["mail.message"].create(messages)
        backdate(env, "crm.lead", [(spec["id"], spec["created"]) for spec in batch])
    crm_bulk.backdate_trackings(env)
    if orm_count < len(specs):
        env.cr.execute(
            "SELECT MAX(id) FROM mail_message WHERE model = 'crm.lead' UNION ALL "
            "SELECT MAX(v.id) FROM mail_tracking_value v JOIN mail_message m "
            "ON m.id = v.mail_message_id WHERE m.model = 'crm.lead'"
        )
        message_template, tracking_template = (row[0] for row in env.cr.fetchall())
        writer = crm_bulk.LeadWriter(run, max(spec["id"] for spec in specs[:orm_count]),
                                     message_template, tracking_template)  # fmt: skip

        def history(spec):
            return _history(spec, ref, run, open_stages, won_id, won_name, reason_names)

        for batch in run.batches(specs[orm_count:], "leads and opportunities in bulk"):
            fast = run.skip_foreign_keys and fast_inserts(env.cr)
            writer.write(batch, history)
            if fast:
                checked_inserts(env.cr)
            leads_total += len(batch)
        crm_bulk.finish(run, specs and min(spec["created"] for spec in specs).date())
        run.report("predictive lead scoring", leads_total, leads_total)
    run.counts["leads (type lead)"] = sum(1 for spec in specs if spec["type"] == "lead")
    run.counts["opportunities"] = sum(1 for spec in specs if spec["type"] == "opportunity")
    run.counts["leads won"] = sum(1 for spec in specs if spec["status"] == "won")
    run.counts["leads lost"] = sum(1 for spec in specs if spec["status"] == "lost")
    run.counts["leads open"] = sum(1 for spec in specs if spec["status"] == "open")
    _activities(run, rng, ref, [spec for spec in specs if spec["status"] == "open"])
    return leads_total


def _final_stage(spec, open_stages, won_id):
    if spec["status"] == "won":
        return won_id
    steps = [to for _moment, _from, to in spec["transitions"] if isinstance(to, int)]
    return open_stages[steps[-1] if steps else 0][0]


def _lead_vals(spec, ref, countries):
    status = spec["status"]
    transitions = spec["transitions"]
    last_change = transitions[-1][0] if transitions else spec["created"]
    stage_changes = [moment for moment, _f, to in transitions if to != "lost"]
    vals = {
        "name": spec["name"],
        "type": spec["type"],
        "user_id": spec["user_id"],
        "team_id": spec["team_id"],
        "stage_id": _final_stage(spec, ref["open_stages"], ref["won_stage"][0]),
        "expected_revenue": spec["expected_revenue"],
        "date_deadline": spec["deadline"],
        "date_open": spec["created"] if spec["user_id"] else False,
        "date_last_stage_update": stage_changes[-1] if stage_changes else spec["created"],
        "priority": spec["priority"],
        "source_id": spec["source_id"],
        "medium_id": spec["medium_id"],
        "tag_ids": [Command.set(spec["tag_ids"])],
    }
    if spec["profile"]:
        vals["partner_id"] = spec["profile"]["id"]
    else:
        prospect = spec["prospect"]
        vals.update(
            {
                "partner_name": prospect["partner_name"],
                "contact_name": prospect["contact_name"],
                "email_from": prospect["email_from"],
                "phone": prospect["phone"],
                "country_id": countries[prospect["country"]],
                "city": prospect["city"],
                "website": prospect["website"],
                "function": prospect["function"],
            }
        )
    if spec["type"] == "opportunity":
        vals["date_conversion"] = spec.get("converted") or spec["created"]
    if status == "won":
        vals.update({"probability": 100.0, "date_closed": last_change})
    elif status == "lost":
        vals.update(
            {
                "probability": 0.0,
                "automated_probability": 0.0,
                "active": False,
                "lost_reason_id": spec["lost_reason"],
                "date_closed": last_change,
            }
        )
    return vals


def _history(spec, ref, run, open_stages, won_id, won_name, reason_names):
    """The chatter messages tracking the changes of a lead (see the module docstring)."""
    fields = ref["fields"]
    author = run.user_partner.get(spec["user_id"]) or run.env.user.partner_id.id
    messages = []

    def message(moment, subtype, trackings):
        messages.append(
            {
                "model": "crm.lead",
                "res_id": spec["id"],
                "message_type": "notification",
                "subtype_id": subtype,
                "author_id": author,
                "date": moment,
                "body": "",
                "tracking_value_ids": [Command.create(values) for values in trackings],
            }
        )

    def stage_values(old, new):
        return {
            "field_id": fields["stage_id"],
            "old_value_integer": old[0],
            "old_value_char": old[1],
            "new_value_integer": new[0],
            "new_value_char": new[1],
        }

    if spec.get("converted"):
        message(
            spec["converted"],
            ref["note_subtype"],
            [
                {
                    "field_id": fields["type"],
                    "old_value_char": "Lead",
                    "new_value_char": "Opportunity",
                }
            ],
        )
    for moment, old, new in spec["transitions"]:
        if new == "won":
            message(
                moment,
                ref["subtypes"]["won"],
                [
                    stage_values(open_stages[old], (won_id, won_name)),
                    {
                        "field_id": fields["won_status"],
                        "old_value_char": "Pending",
                        "new_value_char": "Won",
                    },
                ],
            )
        elif new == "lost":
            reason = spec["lost_reason"]
            message(
                moment,
                ref["subtypes"]["lost"],
                [
                    {
                        "field_id": fields["lost_reason_id"],
                        "old_value_integer": 0,
                        "old_value_char": "",
                        "new_value_integer": reason,
                        "new_value_char": reason_names[reason],
                    },
                    {
                        "field_id": fields["won_status"],
                        "old_value_char": "Pending",
                        "new_value_char": "Lost",
                    },
                    {"field_id": fields["active"], "old_value_integer": 1, "new_value_integer": 0},
                ],
            )
        else:
            message(
                moment, ref["subtypes"]["stage"], [stage_values(open_stages[old], open_stages[new])]
            )
    return messages


def _activities(run, rng, ref, specs):
    """A next activity on most open leads, some of them overdue."""
    env = run.env
    model_id = env["ir.model"]._get_id("crm.lead")
    summaries = ("Follow-up call", "Send the offer", "Meeting on site", "Check the budget")
    vals_list = []
    for spec in specs:
        if not spec["user_id"] or rng.random() > 0.7:
            continue
        vals_list.append(
            {
                "res_model_id": model_id,
                "res_id": spec["id"],
                "activity_type_id": rng.choice(ref["activity_types"]),
                "summary": rng.choice(summaries),
                "date_deadline": run.today + datetime.timedelta(days=rng.randrange(-12, 21)),
                "user_id": spec["user_id"],
            }
        )
    Activity = env["mail.activity"]
    for batch in run.batches(vals_list, "lead activities"):
        Activity.create(batch)
    run.counts["lead activities"] = len(vals_list)
