from odoo import api, fields, models
from odoo.fields import Domain

FORECAST_CATEGORIES = [
    ("pipeline", "Pipeline"),
    ("best_case", "Best Case"),
    ("commit", "Commit"),
    ("closed", "Closed"),
    ("omitted", "Omitted"),
]
# Probability thresholds (in percent) of the automatic forecast category, overridable through the
# system parameters crm_pipeline.forecast_commit_probability and ..._best_case_probability.
DEFAULT_COMMIT_PROBABILITY = 90.0
DEFAULT_BEST_CASE_PROBABILITY = 50.0


class CrmLead(models.Model):
    """Forecast category of an opportunity.

    Won opportunities are "closed", lost ones "omitted"; an open one takes the category its
    salesperson chose (``forecast_category_manual``) or else the one of its probability: commit
    from 90%, best case from 50%, pipeline below. Only the salesperson's choice is stored, so
    creating and writing opportunities costs no extra query; the forecast report applies the
    same rule in SQL (``crm.forecast.report._forecast_category_sql``).
    """

    _inherit = "crm.lead"

    forecast_category_manual = fields.Selection(
        FORECAST_CATEGORIES,
        string="Forecast Category Set by Hand",
        copy=False,
        tracking=True,
        help="The category the salesperson chose; empty when it follows the probability.",
    )
    forecast_category = fields.Selection(
        FORECAST_CATEGORIES,
        string="Forecast Category",
        compute="_compute_forecast_category",
        inverse="_inverse_forecast_category",
        search="_search_forecast_category",
        readonly=False,
        help="Closed when won, omitted when lost; otherwise commit, best case or pipeline from "
        "the probability, unless the salesperson chose another category.",
    )

    @api.model
    def _forecast_thresholds(self):
        """(commit, best case) probability thresholds in percent."""
        params = self.env["ir.config_parameter"].sudo()
        commit = params.get_param("crm_pipeline.forecast_commit_probability")
        best_case = params.get_param("crm_pipeline.forecast_best_case_probability")
        return (
            float(commit or DEFAULT_COMMIT_PROBABILITY),
            float(best_case or DEFAULT_BEST_CASE_PROBABILITY),
        )

    def _automatic_forecast_category(self, thresholds):
        self.ensure_one()
        commit, best_case = thresholds
        if self.probability >= commit:
            return "commit"
        if self.probability >= best_case:
            return "best_case"
        return "pipeline"

    @api.depends("forecast_category_manual", "probability", "won_status")
    def _compute_forecast_category(self):
        thresholds = self._forecast_thresholds()
        for lead in self:
            if lead.won_status == "won":
                lead.forecast_category = "closed"
            elif lead.won_status == "lost":
                lead.forecast_category = "omitted"
            else:
                lead.forecast_category = (
                    lead.forecast_category_manual or lead._automatic_forecast_category(thresholds)
                )

    def _inverse_forecast_category(self):
        thresholds = self._forecast_thresholds()
        for lead in self:
            if lead.won_status != "pending":
                continue
            automatic = lead._automatic_forecast_category(thresholds)
            chosen = lead.forecast_category
            lead.forecast_category_manual = False if chosen == automatic else chosen

    def _search_forecast_category(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        commit, best_case = self._forecast_thresholds()
        automatic = {
            "commit": Domain("probability", ">=", commit),
            "best_case": Domain("probability", ">=", best_case)
            & Domain("probability", "<", commit),
            "pipeline": Domain("probability", "<", best_case) | Domain("probability", "=", False),
        }
        domains = []
        for category in value:
            if category == "closed":
                domains.append(Domain("won_status", "=", "won"))
                continue
            by_hand = Domain("forecast_category_manual", "=", category)
            if category in automatic:
                by_hand |= Domain("forecast_category_manual", "=", False) & automatic[category]
            domains.append(Domain("won_status", "=", "pending") & by_hand)
            if category == "omitted":
                domains.append(Domain("won_status", "=", "lost"))
        domain = Domain.OR(domains)
        return ~domain if operator == "not in" else domain
