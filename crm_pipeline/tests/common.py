from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class CrmPipelineCase(TransactionCase):
    """Two salespeople (one in a team with a colleague), a head of sales, an accountant, and a
    customer of each salesperson, with a contact each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        salesperson = "base.group_user,crm_pipeline.group_crm_salesperson"
        cls.rep = new_test_user(cls.env, login="rep", groups=salesperson, name="Rep One")
        cls.other_rep = new_test_user(cls.env, login="rep2", groups=salesperson, name="Rep Two")
        cls.teammate = new_test_user(cls.env, login="mate", groups=salesperson, name="Team Mate")
        cls.head = new_test_user(
            cls.env,
            login="head",
            groups="base.group_user,crm_pipeline.group_crm_sales_head",
            name="Head of Sales",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="accountant",
            groups="base.group_user,account.group_account_invoice,account.group_account_readonly",
            name="Accountant",
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "North", "member_ids": [Command.set((cls.rep | cls.teammate).ids)]}
        )
        cls.customer = cls._create_customer("Own Customer LLC", cls.rep)
        cls.foreign_customer = cls._create_customer("Foreign Customer LLC", cls.other_rep)

    @classmethod
    def _create_customer(cls, name, user, **values):
        company = cls.env["res.partner"].create(
            {"name": name, "is_company": True, "user_id": user.id, **values}
        )
        cls.env["res.partner"].create({"name": f"Buyer of {name}", "parent_id": company.id})
        return company

    @classmethod
    def _create_invoice(cls, partner, invoice_date, amount=100.0, post=True, product=None):
        line = {"name": "Service", "quantity": 1, "price_unit": amount}
        if product:
            line["product_id"] = product.id
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_line_ids": [Command.create(line)],
            }
        )
        if post:
            invoice.action_post()
        return invoice
