import base64
import io
from collections import defaultdict
from datetime import date

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmPipelineCase


@tagged("post_install", "-at_install")
class TestRegionalAnalysis(CrmPipelineCase):
    """Invoices posted and opportunities won, lost and open for customers in two territories;
    the regional analysis is checked against a plain Python computation over the same data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.germany = cls.env.ref("base.de")
        cls.france = cls.env.ref("base.fr")
        cls.italy = cls.env.ref("base.it")
        cls.north = cls.env["crm.territory"].create(
            {"name": "R North", "country_ids": [Command.set(cls.germany.ids)]}
        )
        cls.south = cls.env["crm.territory"].create(
            {"name": "R South", "country_ids": [Command.set((cls.france | cls.italy).ids)]}
        )
        cls.customer.write({"country_id": cls.germany.id, "territory_id": cls.north.id})
        cls.foreign_customer.write({"country_id": cls.france.id, "territory_id": cls.south.id})
        cls.southern_customer = cls._create_customer(
            "Southern Customer", cls.rep, country_id=cls.italy.id, territory_id=cls.south.id
        )
        cls.idle_customer = cls._create_customer(
            "Idle Customer", cls.rep, country_id=cls.germany.id, territory_id=cls.north.id
        )
        cls.customers = (
            cls.customer | cls.foreign_customer | cls.southern_customer | cls.idle_customer
        )
        Product = cls.env["product.product"]
        cls.widget = Product.create({"name": "R Widget", "standard_price": 40, "list_price": 100})
        cls.bolt = Product.create({"name": "R Bolt", "standard_price": 10, "list_price": 20})

        # The plain story: (customer, type, date, posted, [(product, quantity, unit price)])
        cls.invoices = [
            (cls.customer, "out_invoice", date(2026, 2, 10), True,
             [(cls.widget, 2, 100), (cls.bolt, 3, 20)]),
            (cls.customer, "out_refund", date(2026, 3, 20), True, [(cls.widget, 1, 100)]),
            (cls.customer, "out_invoice", date(2026, 3, 25), True, [(None, 1, 50)]),
            (cls.customer, "out_invoice", date(2026, 3, 26), False, [(cls.widget, 5, 100)]),
            (cls.foreign_customer, "out_invoice", date(2026, 2, 15), True, [(cls.widget, 1, 150)]),
            (cls.southern_customer, "out_invoice", date(2026, 3, 5), True, [(cls.bolt, 10, 15)]),
        ]  # fmt: skip
        cls.moves = cls.env["account.move"]
        for partner, move_type, invoice_date, posted, lines in cls.invoices:
            move = cls.env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_user_id": partner.user_id.id,
                    "invoice_date": invoice_date,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": product.name if product else "Service",
                                "product_id": product.id if product else False,
                                "quantity": quantity,
                                "price_unit": price,
                                "tax_ids": [Command.clear()],
                            }
                        )
                        for product, quantity, price in lines
                    ],
                }
            )
            if posted:
                move.action_post()
            cls.moves |= move

        # (customer, expected revenue, probability, outcome)
        cls.opportunities = [
            (cls.customer, 1000, 30, "open"),
            (cls.customer, 800, 50, "won"),
            (cls.foreign_customer, 500, 10, "open"),
            (cls.foreign_customer, 700, 40, "lost"),
            (cls.southern_customer, 2000, 50, "open"),
            (cls.southern_customer, 300, 20, "lost"),
            (cls.southern_customer, 400, 60, "won"),
        ]
        cls.leads = cls.env["crm.lead"]
        for partner, revenue, probability, outcome in cls.opportunities:
            lead = cls.env["crm.lead"].create(
                {
                    "name": f"Deal of {partner.name}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "user_id": partner.user_id.id,
                    "expected_revenue": revenue,
                    "probability": probability,
                }
            )
            if outcome == "won":
                lead.action_set_won()
            elif outcome == "lost":
                lead.action_set_lost()
            cls.leads |= lead

    # Independent computation ---------------------------------------------------------

    def _expected(self, key, customers=None, date_from=None):
        """Figures per key(customer) over the story, for the given customers."""
        customers = customers or self.customers
        figures = defaultdict(
            lambda: {
                "revenue": 0.0,
                "cost": 0.0,
                "pipeline": 0.0,
                "won": 0,
                "lost": 0,
                "customers": set(),
            }
        )
        for partner, move_type, invoice_date, posted, lines in self.invoices:
            if not posted or partner not in customers:
                continue
            if date_from and invoice_date < date_from:
                continue
            sign = -1 if move_type == "out_refund" else 1
            row = figures[key(partner)]
            for product, quantity, price in lines:
                row["revenue"] += sign * quantity * price
                row["cost"] += sign * quantity * (product.standard_price if product else 0)
            row["customers"].add(partner)
        if not date_from:
            for partner, revenue, probability, outcome in self.opportunities:
                if partner not in customers:
                    continue
                row = figures[key(partner)]
                if outcome == "open":
                    row["pipeline"] += revenue * probability / 100
                elif outcome == "won":
                    row["won"] += 1
                else:
                    row["lost"] += 1
                row["customers"].add(partner)
            for partner in customers:
                figures[key(partner)]["customers"].add(partner)
        for row in figures.values():
            row["margin"] = row["revenue"] - row["cost"]
            closed = row["won"] + row["lost"]
            row["win_rate"] = 100.0 * row["won"] / closed if closed else None
            row["customers"] = len(row["customers"])
        return dict(figures)

    MEASURES = [
        "revenue:sum",
        "cost:sum",
        "margin:sum",
        "pipeline_weighted:sum",
        "won_count:sum",
        "lost_count:sum",
        "win_rate:avg",
        "customer_count:count_distinct",
    ]

    def _check(self, groups, expected):
        self.assertEqual({group[0] for group in groups}, set(expected))
        for group, revenue, cost, margin, pipeline, won, lost, win_rate, count in groups:
            wanted = expected[group]
            self.assertAlmostEqual(revenue, wanted["revenue"], places=2, msg=group.display_name)
            self.assertAlmostEqual(cost, wanted["cost"], places=2, msg=group.display_name)
            self.assertAlmostEqual(margin, wanted["margin"], places=2, msg=group.display_name)
            self.assertAlmostEqual(pipeline, wanted["pipeline"], places=2, msg=group.display_name)
            self.assertEqual(
                (won, lost, count), (wanted["won"], wanted["lost"], wanted["customers"])
            )
            if wanted["win_rate"] is None:
                self.assertFalse(win_rate)
            else:
                self.assertAlmostEqual(win_rate, wanted["win_rate"], places=4)

    def _domain(self):
        return [("commercial_partner_id", "in", self.customers.ids)]

    def test_figures_per_territory_and_country(self):
        Report = self.env["crm.regional.report"].with_user(self.head)
        groups = Report._read_group(self._domain(), ["territory_id"], self.MEASURES)
        self._check(groups, self._expected(lambda partner: partner.territory_id))
        groups = Report._read_group(self._domain(), ["country_id"], self.MEASURES)
        self._check(groups, self._expected(lambda partner: partner.country_id))
        # spelled out for the northern territory: 260 - 100 + 50 invoiced, 110 - 40 of cost
        [(revenue, margin)] = Report._read_group(
            [*self._domain(), ("territory_id", "=", self.north.id)],
            [],
            ["revenue:sum", "margin:sum"],
        )
        self.assertAlmostEqual(revenue, 210.0)
        self.assertAlmostEqual(margin, 140.0)

    def test_period_filter(self):
        Report = self.env["crm.regional.report"].with_user(self.head)
        date_from = date(2026, 3, 1)
        groups = Report._read_group(
            [*self._domain(), ("row_type", "=", "invoice"), ("date", ">=", date_from)],
            ["territory_id"],
            self.MEASURES,
        )
        self._check(groups, self._expected(lambda partner: partner.territory_id, None, date_from))

    def test_salesperson_sees_only_their_customers(self):
        rep_customers = (
            self.env["res.partner"].with_user(self.rep).search([("id", "in", self.customers.ids)])
        )
        self.assertEqual(rep_customers, self.customers - self.foreign_customer)
        rows = self.env["crm.regional.report"].with_user(self.rep).search(self._domain())
        self.assertEqual(rows.commercial_partner_id, rep_customers)
        self.assertEqual(
            rows.lead_id,
            self.env["crm.lead"]
            .with_user(self.rep)
            .with_context(active_test=False)
            .search([("id", "in", self.leads.ids)]),
        )
        self.assertEqual(
            rows.move_id,
            self.env["account.move"]
            .with_user(self.rep)
            .search([("id", "in", self.moves.ids), ("state", "=", "posted")]),
        )
        groups = (
            self.env["crm.regional.report"]
            .with_user(self.rep)
            ._read_group(self._domain(), ["territory_id"], self.MEASURES)
        )
        self._check(groups, self._expected(lambda partner: partner.territory_id, rep_customers))
        head_rows = self.env["crm.regional.report"].with_user(self.head).search(self._domain())
        self.assertEqual(head_rows.commercial_partner_id, self.customers)
        foreign_row = head_rows.filtered(
            lambda row: row.commercial_partner_id == self.foreign_customer
        )
        with self.assertRaises(AccessError):
            foreign_row[:1].with_user(self.rep).read(["revenue"])
        with self.assertRaises(AccessError):
            self.env["crm.regional.report"].with_user(self.accountant).search([])

    def _workbook(self, user):
        action = (
            self.env["crm.regional.report"]
            .with_user(user)
            .with_context(active_model="crm.regional.report", active_domain=self._domain())
            .action_export_xlsx()
        )
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].with_user(user).browse(attachment_id)
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))

    def _check_sheet(self, sheet, expected, label):
        header = [cell.value for cell in sheet[4]]
        self.assertEqual(header[1:4], ["Revenue", "Cost", "Margin"])
        self.assertTrue(sheet["B4"].font.bold)
        rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=5, values_only=True)}
        self.assertEqual(set(rows), {label(key) for key in expected} | {"Total"})
        totals = defaultdict(float)
        for key, wanted in expected.items():
            revenue, cost, margin, margin_rate, pipeline, won, lost, win_rate, count = rows[
                label(key)
            ]
            self.assertAlmostEqual(revenue, wanted["revenue"], places=2)
            self.assertAlmostEqual(cost, wanted["cost"], places=2)
            self.assertAlmostEqual(margin, wanted["margin"], places=2)
            if wanted["revenue"]:
                self.assertAlmostEqual(margin_rate, wanted["margin"] / wanted["revenue"], places=4)
            self.assertAlmostEqual(pipeline, wanted["pipeline"], places=2)
            self.assertEqual(
                (won, lost, count), (wanted["won"], wanted["lost"], wanted["customers"])
            )
            if wanted["win_rate"] is not None:
                self.assertAlmostEqual(win_rate, wanted["win_rate"] / 100, places=4)
            for name in ("revenue", "margin", "pipeline", "won", "lost", "customers"):
                totals[name] += wanted[name]
        total = rows["Total"]
        self.assertAlmostEqual(total[0], totals["revenue"], places=2)
        self.assertAlmostEqual(total[2], totals["margin"], places=2)
        self.assertAlmostEqual(total[4], totals["pipeline"], places=2)
        self.assertEqual((total[5], total[6]), (totals["won"], totals["lost"]))
        self.assertAlmostEqual(total[7], totals["won"] / (totals["won"] + totals["lost"]))
        self.assertTrue(sheet.cell(row=5 + len(expected), column=1).font.bold)

    def test_xlsx_export(self):
        workbook = self._workbook(self.head)
        self.assertEqual(workbook.sheetnames, ["By Territory", "By Country"])
        self.assertEqual(workbook["By Territory"]["A1"].value, "Regional Analysis: By Territory")
        self.assertTrue(workbook["By Territory"]["A2"].value.startswith("Exported on "))
        self.assertEqual(workbook["By Territory"].freeze_panes, "B5")
        self._check_sheet(
            workbook["By Territory"],
            self._expected(lambda partner: partner.territory_id),
            lambda territory: territory.display_name,
        )
        self._check_sheet(
            workbook["By Country"],
            self._expected(lambda partner: partner.country_id),
            lambda country: country.display_name,
        )
        # the salesperson's file holds only their customers
        rep_customers = self.customers - self.foreign_customer
        workbook = self._workbook(self.rep)
        self._check_sheet(
            workbook["By Territory"],
            self._expected(lambda partner: partner.territory_id, rep_customers),
            lambda territory: territory.display_name,
        )
        countries = [
            row[0] for row in workbook["By Country"].iter_rows(min_row=5, values_only=True)
        ]
        self.assertNotIn(self.france.display_name, countries)
