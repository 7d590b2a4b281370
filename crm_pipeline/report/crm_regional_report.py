from odoo import fields, models
from odoo.tools import SQL


class CrmRegionalReport(models.Model):
    """Regional analysis: revenue, margin, pipeline, win rate and customers per territory and
    country.

    Three kinds of rows, so that every figure adds up in any grouping:

    - an invoice line: a product line of a posted customer invoice or credit note. Revenue is
      the line's amount in the company currency, without taxes (negative on credit notes). Cost
      is the product's cost (its ``standard_price`` in the invoice's company, as it is now) times
      the quantity invoiced; lines without a product cost nothing. Margin = revenue - cost;
    - an opportunity (open, won or lost): open ones give the weighted pipeline (expected revenue
      times probability), closed ones the win rate;
    - a customer (a company or an individual that is a customer or has an account manager), so
      that customers without activity are counted too; it has no date.

    Customers counts the distinct customers among the rows: with a period filter, those invoiced
    or with an opportunity in the period. Territory and country are the customer's (for an
    opportunity without customer, the opportunity's country).

    Dates: invoice date; closing date of won and lost opportunities, creation date of open ones.

    Record rules of its own (security/crm_sales_analysis_security.xml) give a salesperson the rows
    of their own documents and of the customers they may see.
    """

    _name = "crm.regional.report"
    _inherit = ["crm.report.xlsx.mixin"]
    _description = "Regional Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "commercial_partner_id"
    _depends = {
        "account.move": [
            "commercial_partner_id",
            "company_id",
            "invoice_date",
            "invoice_user_id",
            "move_type",
            "state",
            "team_id",
        ],
        "account.move.line": ["balance", "display_type", "move_id", "product_id", "quantity"],
        "crm.lead": [
            "active",
            "company_id",
            "country_id",
            "create_date",
            "date_closed",
            "expected_revenue",
            "partner_id",
            "probability",
            "team_id",
            "type",
            "user_id",
            "won_status",
        ],
        "product.product": ["standard_price"],
        "res.partner": [
            "active",
            "commercial_partner_id",
            "company_id",
            "country_id",
            "customer_rank",
            "team_id",
            "territory_id",
            "user_id",
        ],
        "res.company": ["currency_id"],
    }

    row_type = fields.Selection(
        [("invoice", "Invoice Line"), ("opportunity", "Opportunity"), ("customer", "Customer")],
        string="Row Type",
        readonly=True,
    )
    date = fields.Date(readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    territory_id = fields.Many2one("crm.territory", string="Territory", readonly=True)
    country_id = fields.Many2one("res.country", string="Country", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    revenue = fields.Monetary(readonly=True, help="Posted customer invoices, without taxes.")
    cost = fields.Monetary(readonly=True, help="Product cost times the quantity invoiced.")
    margin = fields.Monetary(readonly=True, help="Revenue minus cost.")
    pipeline_weighted = fields.Monetary(
        string="Weighted Pipeline",
        readonly=True,
        help="Expected revenue of open opportunities times their probability.",
    )
    won_count = fields.Integer(string="Won", readonly=True)
    lost_count = fields.Integer(string="Lost", readonly=True)
    win_rate = fields.Float(
        string="Win Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Won opportunities out of those won or lost, in percent.",
    )
    customer_count = fields.Integer(
        string="Customers",
        aggregator="count_distinct",
        readonly=True,
        help="Distinct customers among the rows.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY source.row_type, source.res_id) AS id,
                   source.row_type,
                   source.date,
                   source.commercial_partner_id,
                   customer.territory_id,
                   COALESCE(customer.country_id, source.lead_country_id) AS country_id,
                   source.user_id,
                   source.team_id,
                   source.product_id,
                   source.move_id,
                   source.lead_id,
                   source.company_id,
                   company.currency_id,
                   source.revenue,
                   source.cost,
                   source.revenue - source.cost AS margin,
                   source.pipeline_weighted,
                   source.won_count,
                   source.lost_count,
                   source.win_rate,
                   source.commercial_partner_id AS customer_count
              FROM (
                    SELECT 'invoice' AS row_type,
                           line.id AS res_id,
                           move.invoice_date AS date,
                           move.commercial_partner_id,
                           move.invoice_user_id AS user_id,
                           move.team_id,
                           line.product_id,
                           move.id AS move_id,
                           NULL::integer AS lead_id,
                           move.company_id,
                           -line.balance AS revenue,
                           CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                               * COALESCE(line.quantity, 0)
                               * COALESCE(
                                   (product.standard_price ->> move.company_id::text)::numeric, 0
                               ) AS cost,
                           0 AS pipeline_weighted,
                           0 AS won_count,
                           0 AS lost_count,
                           NULL::numeric AS win_rate,
                           NULL::integer AS lead_country_id
                      FROM account_move_line line
                      JOIN account_move move ON move.id = line.move_id
                      LEFT JOIN product_product product ON product.id = line.product_id
                     WHERE move.state = 'posted'
                       AND move.move_type IN ('out_invoice', 'out_refund')
                       AND line.display_type = 'product'
                 UNION ALL
                    SELECT 'opportunity',
                           lead.id,
                           COALESCE(lead.date_closed, lead.create_date)::date,
                           partner.commercial_partner_id,
                           lead.user_id,
                           lead.team_id,
                           NULL,
                           NULL,
                           lead.id,
                           lead.company_id,
                           0,
                           0,
                           CASE WHEN lead.won_status = 'pending'
                                THEN COALESCE(lead.expected_revenue, 0)
                                     * COALESCE(lead.probability, 0) / 100.0
                                ELSE 0
                           END,
                           (lead.won_status = 'won')::int,
                           (lead.won_status = 'lost')::int,
                           CASE lead.won_status WHEN 'won' THEN 100.0 WHEN 'lost' THEN 0.0 END,
                           lead.country_id
                      FROM crm_lead lead
                      LEFT JOIN res_partner partner ON partner.id = lead.partner_id
                     WHERE lead.type = 'opportunity'
                       AND (lead.active OR lead.won_status != 'pending')
                 UNION ALL
                    SELECT 'customer',
                           partner.id,
                           NULL,
                           partner.id,
                           partner.user_id,
                           partner.team_id,
                           NULL,
                           NULL,
                           NULL,
                           partner.company_id,
                           0,
                           0,
                           0,
                           0,
                           0,
                           NULL,
                           NULL
                      FROM res_partner partner
                     WHERE partner.active
                       AND partner.id = partner.commercial_partner_id
                       AND (partner.customer_rank > 0 OR partner.user_id IS NOT NULL)
                   ) source
              LEFT JOIN res_partner customer ON customer.id = source.commercial_partner_id
              LEFT JOIN res_company company ON company.id = source.company_id
            """
        )

    def _xlsx_sheets(self):
        _ = self.env._
        columns = [
            (_("Revenue"), "money", "revenue:sum"),
            (_("Cost"), "money", "cost:sum"),
            (_("Margin"), "money", "margin:sum"),
            (_("Margin (%)"), "ratio", ["margin:sum", "revenue:sum"]),
            (_("Weighted Pipeline"), "money", "pipeline_weighted:sum"),
            (_("Won"), "integer", "won_count:sum"),
            (_("Lost"), "integer", "lost_count:sum"),
            (_("Win Rate"), "percent", "win_rate:avg"),
            (_("Customers"), "integer", "customer_count:count_distinct"),
        ]
        return [
            {
                "name": _("By Territory"),
                "group_label": _("Territory"),
                "groupby": ["territory_id"],
                "columns": columns,
            },
            {
                "name": _("By Country"),
                "group_label": _("Country"),
                "groupby": ["country_id"],
                "columns": columns,
            },
        ]
