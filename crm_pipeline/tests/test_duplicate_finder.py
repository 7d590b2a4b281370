from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import CrmPipelineCase


@tagged("post_install", "-at_install")
class TestDuplicateFinder(CrmPipelineCase):
    """Possible duplicates found set-based per criterion, seen by who works the customers, and
    merged with Odoo's merge wizard keeping every document."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.acme = cls._create_customer(
            "Acme Trading LLC",
            cls.rep,
            vat="UA 1234-5678",
            email="info@acme.ua",
            phone="+380 44 111 2233",
        )
        cls.acme_again = Partner.create(
            {
                "name": "ACME Trading",
                "is_company": True,
                "vat": "ua12345678",
                "email": "sales@acme.ua",
                "phone": "044 111 22 33",
                "user_id": cls.rep.id,
            }
        )
        cls.twins = Partner.create(
            [
                {"name": "Jane Roe", "email": "jane.roe@example.com"},
                {"name": "J. Roe", "email": "Jane.Roe@example.com"},
            ]
        )
        cls.foreign_twin = cls._create_customer("Foreign Customer", cls.other_rep)
        # public domains never pair companies
        Partner.create(
            [
                {"name": "Alpha Pub", "is_company": True, "email": "a@gmail.com"},
                {"name": "Beta Pub", "is_company": True, "email": "b@gmail.com"},
            ]
        )

    def _pairs(self, env=None):
        env = env or self.env
        return {
            (pair.partner_id, pair.duplicate_id, pair.criterion): pair.score
            for pair in env["crm.partner.duplicate"].search([])
        }

    def _pair(self, a, b):
        return (a, b) if a.id < b.id else (b, a)

    @users("head")
    def test_head_finds_pairs_per_criterion(self):
        self.env["crm.partner.duplicate"].action_refresh()
        pairs = self._pairs()
        acme = self._pair(self.acme.with_env(self.env), self.acme_again.with_env(self.env))
        for criterion in ("vat", "email_domain", "phone", "name"):
            with self.subTest(criterion=criterion):
                self.assertIn((*acme, criterion), pairs)
        self.assertGreaterEqual(pairs[(*acme, "name")], 0.6)
        self.assertLess(pairs[(*acme, "name")], 1.0)
        twins = self._pair(*self.twins.with_env(self.env))
        self.assertIn((*twins, "email"), pairs)
        foreign = self._pair(
            self.foreign_customer.with_env(self.env), self.foreign_twin.with_env(self.env)
        )
        self.assertIn((*foreign, "name"), pairs)
        self.assertFalse([key for key in pairs if key[0].name in ("Alpha Pub", "Beta Pub")])
        # a company and its own contact are never a pair
        self.assertFalse(
            [
                key
                for key in pairs
                if key[0].commercial_partner_id == key[1].commercial_partner_id
                and key[2] == "phone"
            ]
        )

    def test_refresh_is_set_based(self):
        Duplicate = self.env["crm.partner.duplicate"].with_user(self.head)
        Duplicate.action_refresh()
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        Duplicate.action_refresh()
        queries = self.env.cr.sql_log_count - before
        self.env["res.partner"].create(
            [
                {"name": f"Bulk {i}", "is_company": True, "phone": "+380 44 111 2233"}
                for i in range(30)
            ]
        )
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        Duplicate.action_refresh()
        self.assertEqual(self.env.cr.sql_log_count - before, queries, "no query per partner")
        self.assertLessEqual(queries, 12)

    @users("rep")
    def test_salesperson_sees_pairs_of_own_customers_only(self):
        self.env["crm.partner.duplicate"].action_refresh()
        pairs = self._pairs()
        self.assertIn(
            (*self._pair(self.acme, self.acme_again), "vat"),
            pairs,
        )
        seen = {partner.id for key in pairs for partner in key[:2]}
        self.assertNotIn(self.foreign_customer.id, seen)
        self.assertNotIn(self.foreign_twin.id, seen)
        pair = self.env["crm.partner.duplicate"].search([], limit=1)
        with self.assertRaises(AccessError):
            pair.action_merge()

    def test_merge_keeps_orders_invoices_leads_and_messages(self):
        kept, merged = self.acme, self.acme_again
        order = self.env["sale.order"].create({"partner_id": merged.id})
        invoice = self._create_invoice(merged, "2026-02-01")
        lead = self.env["crm.lead"].create({"name": "Acme deal", "partner_id": merged.id})
        message = merged.message_post(body="Called about the new price list")
        interaction = self.env["crm.interaction"].create({"name": "Visit", "partner_id": merged.id})
        kept_before = kept.invoice_ids
        # Odoo lets only administrators merge partners with different emails
        merged.email = kept.email

        Duplicate = self.env["crm.partner.duplicate"].with_user(self.head)
        Duplicate.action_refresh()
        pair = Duplicate.search(
            [
                ("partner_id", "in", (kept | merged).ids),
                ("duplicate_id", "in", (kept | merged).ids),
                ("criterion", "=", "vat"),
            ]
        )
        action = pair.action_merge()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.head)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, kept | merged)
        wizard.dst_partner_id = kept
        wizard.action_merge()

        self.env.invalidate_all()
        self.assertFalse(merged.exists())
        self.assertEqual(order.partner_id, kept)
        self.assertEqual(invoice.partner_id, kept)
        self.assertEqual(invoice.commercial_partner_id, kept)
        self.assertEqual(lead.partner_id, kept)
        self.assertEqual((message.model, message.res_id), ("res.partner", kept.id))
        self.assertIn(message, kept.message_ids)
        self.assertEqual(interaction.partner_id, kept)
        self.assertEqual(kept.invoice_ids, kept_before | invoice)
        self.assertFalse(pair.exists(), "the pair went with the merged partner")
