from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.tests import Form, tagged, users

from .common import CrmPipelineCase

CARD_FIELDS = [
    "card_revenue_12m",
    "card_revenue_total",
    "card_margin_12m",
    "card_margin_total",
    "card_pipeline",
    "card_overdue_amount",
    "card_order_count",
    "card_average_order",
    "card_last_contact",
    "card_next_contact",
]


@tagged("post_install", "-at_install")
class TestCustomerCard(CrmPipelineCase):
    """The 360-degree card: key figures checked against sums written out by hand, the timeline
    across departments, what each role sees of it, and its query budget."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.product = cls.env["product.product"].create(
            {"name": "Pump", "list_price": 100.0, "standard_price": 60.0, "taxes_id": False}
        )
        cls.contact = cls.customer.child_ids
        customer = cls.customer
        # invoices (untaxed): A 2 x 100 paid, B 1 x 150 400 days ago unpaid (overdue),
        # credit note C 1 x 100, D 1 x 300 partly paid (200 overdue)
        cls.invoice_a = cls._create_product_invoice(customer, 30, 2, 100.0)
        cls.invoice_b = cls._create_product_invoice(customer, 400, 1, 150.0)
        cls.refund_c = cls._create_product_invoice(customer, 10, 1, 100.0, "out_refund")
        cls.invoice_d = cls._create_product_invoice(cls.contact, 60, 1, 300.0)
        cls._pay(cls.invoice_a, 200.0, 25)
        cls._pay(cls.invoice_d, 100.0, 50)
        # orders: two confirmed (200 and 500), one quotation (50)
        cls.order_1 = cls._create_order(customer, 2, 100.0, confirm=True)
        cls.order_2 = cls._create_order(cls.contact, 1, 500.0, confirm=True)
        cls.quotation = cls._create_order(customer, 1, 50.0)
        # opportunities: two open (1000 at 50%, 400 at 25%), one won, one lead
        Lead = cls.env["crm.lead"]
        stages = cls.env["crm.stage"].search([("is_won", "=", False)], order="sequence", limit=2)
        cls.first_stage, cls.second_stage = stages
        cls.opportunity = Lead.create(
            {
                "name": "Pumps for plant 2",
                "type": "opportunity",
                "partner_id": customer.id,
                "user_id": cls.rep.id,
                "expected_revenue": 1000.0,
                "probability": 50.0,
                "stage_id": cls.first_stage.id,
            }
        )
        Lead.create(
            {
                "name": "Spare parts",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "expected_revenue": 400.0,
                "probability": 25.0,
            }
        )
        won = Lead.create(
            {
                "name": "First pump",
                "type": "opportunity",
                "partner_id": customer.id,
                "expected_revenue": 700.0,
            }
        )
        # changes made in the transaction that created a record are not tracked: end it
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        won.action_set_won()
        Lead.create(
            {
                "name": "Inbound request",
                "type": "lead",
                "partner_id": customer.id,
                "expected_revenue": 999.0,
                "probability": 10.0,
            }
        )
        cls.opportunity.stage_id = cls.second_stage
        cls.env.flush_all()
        cls.env.cr.precommit.run()  # writes the tracking values (the stage changes)
        # interactions 5 and 2 days ago, activities in 3 and 7 days
        now = fields.Datetime.now().replace(microsecond=0)
        Interaction = cls.env["crm.interaction"]
        Interaction.create(
            {"name": "Visit", "partner_id": customer.id, "date": now - timedelta(days=5)}
        )
        cls.last_call = Interaction.create(
            {"name": "Call", "partner_id": customer.id, "date": now - timedelta(days=2)}
        )
        customer.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=cls.today + timedelta(days=3),
            summary="Call about the offer",
            user_id=cls.rep.id,
        )
        cls.opportunity.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=cls.today + timedelta(days=7),
            summary="Send drawings",
            user_id=cls.rep.id,
        )
        # the other salesperson's customer
        cls.foreign_invoice = cls._create_product_invoice(cls.foreign_customer, 20, 1, 80.0)
        Interaction.create({"name": "Foreign call", "partner_id": cls.foreign_customer.id})
        Lead.create(
            {
                "name": "Foreign deal",
                "type": "opportunity",
                "partner_id": cls.foreign_customer.id,
                "user_id": cls.other_rep.id,
            }
        )
        cls.env.flush_all()

    @classmethod
    def _create_product_invoice(
        cls, partner, days_ago, quantity, price, move_type="out_invoice", due_in=0
    ):
        date = cls.today - timedelta(days=days_ago)
        invoice = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": date,
                "invoice_date_due": date + timedelta(days=due_in),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _pay(cls, invoice, amount, days_ago):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {"amount": amount, "payment_date": cls.today - timedelta(days=days_ago)}
        )._create_payments()

    @classmethod
    def _create_order(cls, partner, quantity, price, confirm=False):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.rep.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def _events(self, partner, domain=(), **kwargs):
        return self.env["crm.timeline.event"].search(
            [("commercial_partner_id", "=", partner.id), *domain], **kwargs
        )

    # ------------------------------------------------------------------
    # Key figures
    # ------------------------------------------------------------------

    @users("rep")
    def test_key_figures(self):
        card = self.customer.with_env(self.env)
        # revenue: A 200 - C 100 + D 300 in the last 12 months, plus B 150 before
        self.assertAlmostEqual(card.card_revenue_12m, 200 - 100 + 300)
        self.assertAlmostEqual(card.card_revenue_total, 200 + 150 - 100 + 300)
        # cost at 60 a pump: A 2, C -1, D 1 (12 months), B 1 before
        self.assertAlmostEqual(card.card_margin_12m, 400 - (2 - 1 + 1) * 60)
        self.assertAlmostEqual(card.card_margin_total, 550 - (2 + 1 - 1 + 1) * 60)
        self.assertAlmostEqual(card.card_pipeline, 1000 * 0.5 + 400 * 0.25)
        self.assertAlmostEqual(card.card_overdue_amount, 150 + (300 - 100))
        self.assertEqual(card.card_order_count, 2)
        self.assertAlmostEqual(card.card_average_order, (200 + 500) / 2)
        self.assertEqual(card.card_last_contact, self.last_call.date)
        self.assertEqual(
            card.card_next_contact, datetime.combine(self.today + timedelta(days=3), time.min)
        )
        self.assertEqual(card.card_currency_id, self.env.company.currency_id)

    @users("rep")
    def test_contact_shows_company_figures(self):
        company, contact = (self.customer | self.contact).with_env(self.env)
        for fname in CARD_FIELDS:
            with self.subTest(field=fname):
                self.assertEqual(contact[fname], company[fname])

    @users("rep")
    def test_new_customer_form_shows_an_empty_card(self):
        form = Form(self.env["res.partner"].with_context(default_is_company=True))
        form.name = "Brand New LLC"
        self.assertEqual(form.card_revenue_total, 0.0)
        self.assertFalse(form.card_event_ids)
        partner = form.save()
        self.assertEqual(partner.card_order_count, 0)

    @users("head")
    def test_figures_of_several_customers_at_once(self):
        customers = (self.customer | self.foreign_customer).with_env(self.env)
        customers.fetch(["name"])
        customers.read(CARD_FIELDS)  # warm the caches of rules and metadata
        self.env.invalidate_all()
        with self.assertQueryCount(head=10):
            values = customers.read(CARD_FIELDS)
        by_id = {value["id"]: value for value in values}
        self.assertAlmostEqual(by_id[self.foreign_customer.id]["card_revenue_12m"], 80.0)
        self.assertAlmostEqual(by_id[self.foreign_customer.id]["card_pipeline"], 0.0)
        self.assertAlmostEqual(by_id[self.customer.id]["card_revenue_12m"], 400.0)

    # ------------------------------------------------------------------
    # Timeline
    # ------------------------------------------------------------------

    @users("rep")
    def test_timeline_holds_every_kind_newest_first(self):
        events = self._events(self.customer)
        self.assertEqual(
            set(events.mapped("kind")),
            {
                "lead",
                "opportunity",
                "stage",
                "quotation",
                "order",
                "invoice",
                "refund",
                "payment",
                "overdue",
                "interaction",
                "activity",
            },
        )
        dates = events.mapped("date")
        self.assertEqual(dates, sorted(dates, reverse=True))
        # one event per document and per change, the contact's documents included
        self.assertEqual(
            len(events.filtered(lambda e: e.kind == "invoice")), 3, "A, B and D (D on the contact)"
        )
        self.assertEqual(len(events.filtered(lambda e: e.kind == "payment")), 2)
        stage = events.filtered(lambda e: e.kind == "stage" and e.res_id == self.opportunity.id)
        self.assertEqual(len(stage), 1)
        self.assertEqual(
            stage.name,
            f"Pumps for plant 2: {self.first_stage.name} → {self.second_stage.name}",
        )
        self.assertEqual((stage.res_model, stage.res_id), ("crm.lead", self.opportunity.id))
        overdue = events.filtered(lambda e: e.kind == "overdue")
        self.assertEqual(
            {(e.name, e.amount) for e in overdue},
            {(self.invoice_b.name, 150.0), (self.invoice_d.name, 200.0)},
        )
        self.assertEqual(events.filtered(lambda e: e.kind == "refund").amount, -100.0)
        # the contact opens the same timeline as its company
        action = self.contact.with_env(self.env).action_open_timeline()
        self.assertEqual(self.env["crm.timeline.event"].search(action["domain"]), events)

    @users("rep")
    def test_timeline_filters_by_kind_and_period(self):
        everything = self._events(self.customer)
        since = self.today - timedelta(days=45)
        recent = self._events(self.customer, [("date", ">=", since)])
        self.assertEqual(
            recent, everything.filtered(lambda e: e.date >= datetime.combine(since, time.min))
        )
        self.assertNotIn(self.invoice_b.name, recent.mapped("name"))
        self.assertIn(self.invoice_a.name, recent.mapped("name"))
        overdue = self._events(self.customer, [("kind", "=", "overdue")])
        self.assertEqual(set(overdue.mapped("res_id")), {self.invoice_b.id, self.invoice_d.id})
        groups = self.env["crm.timeline.event"]._read_group(
            [("commercial_partner_id", "=", self.customer.id)], ["kind"], ["__count"]
        )
        self.assertEqual(dict(groups)["invoice"], 3)

    @users("rep")
    def test_timeline_pages(self):
        everything = self._events(self.customer)
        self.assertGreater(len(everything), 12)
        first = self._events(self.customer, limit=6)
        second = self._events(self.customer, offset=6, limit=6)
        self.assertEqual(first.ids, everything[:6].ids)
        self.assertEqual(second.ids, everything[6:12].ids)
        self.assertEqual(
            self.env["crm.timeline.event"].search_count(
                [("commercial_partner_id", "=", self.customer.id)]
            ),
            len(everything),
        )

    @users("rep")
    def test_event_opens_its_document(self):
        event = self._events(self.customer, [("kind", "=", "order")], limit=1)
        action = event.action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("sale.order", event.res_id))

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    @users("rep")
    def test_salesperson_sees_only_documents_they_may_read(self):
        Event = self.env["crm.timeline.event"]
        self.assertFalse(self._events(self.foreign_customer))
        visible = Event.search([])
        self.assertNotIn(self.foreign_customer, visible.commercial_partner_id)
        # every event's document is one the salesperson may read
        by_model = {}
        for event in visible:
            by_model.setdefault(event.res_model, set()).add(event.res_id)
        for model, ids in by_model.items():
            with self.subTest(model=model):
                readable = (
                    self.env[model]
                    .with_context(active_test=False)
                    .search([("id", "in", list(ids))])
                )
                self.assertEqual(set(readable.ids), ids)
        # a foreign event cannot be read by id either
        foreign_id = (
            Event.sudo()
            .search([("commercial_partner_id", "=", self.foreign_customer.id)], limit=1)
            .id
        )
        self.assertTrue(foreign_id)
        self.assertFalse(Event.browse(foreign_id).exists())

    @users("rep2")
    def test_other_salesperson_sees_their_customer_only(self):
        self.assertFalse(self._events(self.customer))
        self.assertEqual(
            set(self._events(self.foreign_customer).mapped("kind")),
            {"opportunity", "invoice", "overdue", "interaction"},
        )

    @users("head")
    def test_head_of_sales_sees_all(self):
        self.assertEqual(len(self._events(self.customer)), len(self._events(self.customer).sudo()))
        self.assertTrue(self._events(self.foreign_customer))
        self.assertEqual(
            self.env["crm.timeline.event"].search_count([]),
            self.env["crm.timeline.event"].sudo().search_count([]),
        )

    @users("accountant")
    def test_accountant_sees_invoices_not_opportunities(self):
        """Accountants read every customer invoice, and only the opportunities behind one."""
        events = self._events(self.foreign_customer)
        self.assertIn(self.foreign_invoice.name, events.mapped("name"))
        self.assertNotIn("opportunity", events.mapped("kind"))

    # ------------------------------------------------------------------
    # Query budget
    # ------------------------------------------------------------------

    EVENT_SPEC = {
        "date": {},
        "kind": {},
        "name": {},
        "partner_id": {"fields": {"display_name": {}}},
        "user_id": {"fields": {"display_name": {}}},
        "amount": {},
        "currency_id": {"fields": {}},
        "res_model": {},
    }

    def _open_card(self, partner):
        """What the web client reads to show the partner's card: its figures and the latest
        events of its timeline."""
        partner.with_env(self.env).web_read(
            {
                **{fname: {} for fname in [*CARD_FIELDS, "card_currency_id"]},
                "card_event_ids": {"fields": self.EVENT_SPEC, "limit": 40},
            }
        )

    def _open_timeline(self, partner):
        """What the web client reads to show the first page of the whole timeline."""
        self.env["crm.timeline.event"].web_search_read(
            [("commercial_partner_id", "=", partner.id)], self.EVENT_SPEC, limit=10
        )

    @users("rep")
    def test_card_shows_latest_events(self):
        company, contact = (self.customer | self.contact).with_env(self.env)
        latest = self._events(self.customer, limit=20)
        self.assertEqual(company.card_event_ids.ids, latest.ids)
        self.assertEqual(contact.card_event_ids.ids, latest.ids)
        self.assertFalse(
            self.foreign_customer.with_user(self.head).card_event_ids & self._events(self.customer)
        )

    @users("rep")
    def test_card_query_budget_does_not_grow_with_history(self):
        """A customer with 10 events and one with 300 (the same recent ones and a long history)
        cost the same queries, to open the card with its latest events and to open the first
        page of the timeline. That page is 10 events, so that both pages are full and the
        pager counts both."""
        small = self._create_customer("Small History LLC", self.rep)
        big = self._create_customer("Long History LLC", self.rep)
        self._populate(small, invoices=2, orders=2, interactions=5)
        self._populate(big, invoices=2, orders=2, interactions=5, old_interactions=290)
        Event = self.env["crm.timeline.event"]
        self.assertEqual(Event.search_count([("commercial_partner_id", "=", small.id)]), 10)
        self.assertEqual(Event.search_count([("commercial_partner_id", "=", big.id)]), 300)
        for partner in (small, big):  # warm the caches of rules and metadata
            self.env.invalidate_all()
            self._open_card(partner)
            self.env.invalidate_all()
            self._open_timeline(partner)
        counts = []
        for partner in (small, big):
            # each measure starts from an empty record cache (the ORM's caches stay warm)
            with self.assertQueryCount(rep=14):
                self.env.invalidate_all()
                start = self.cr.sql_log_count
                self._open_card(partner)
                card = self.cr.sql_log_count - start
            with self.assertQueryCount(rep=6):
                self.env.invalidate_all()
                start = self.cr.sql_log_count
                self._open_timeline(partner)
                timeline = self.cr.sql_log_count - start
            counts.append((card, timeline))
        self.assertEqual(counts[0], counts[1], "card and timeline: 10 events vs 300")

    @classmethod
    def _populate(cls, partner, invoices, orders, interactions, old_interactions=0):
        """One opportunity, posted invoices not yet due, confirmed orders and interactions, and
        a long history of interactions two years ago."""
        cls.env["crm.lead"].create(
            {"name": "Deal", "type": "opportunity", "partner_id": partner.id}
        )
        for __ in range(invoices):
            cls._create_product_invoice(partner, 5, 1, 10.0, due_in=30)
        for __ in range(orders):
            cls._create_order(partner, 1, 10.0, confirm=True)
        cls.env["crm.interaction"].create(
            [{"name": f"Call {i}", "partner_id": partner.id} for i in range(interactions)]
        )
        long_ago = fields.Datetime.now() - timedelta(days=730)
        cls.env["crm.interaction"].create(
            [
                {"name": f"Old call {i}", "partner_id": partner.id, "date": long_ago}
                for i in range(old_interactions)
            ]
        )
        cls.env.flush_all()
