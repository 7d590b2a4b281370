from odoo.tests import Form, tagged, users
from odoo.tools.safe_eval import safe_eval

from .common import CrmPipelineCase


@tagged("post_install", "-at_install")
class TestInteraction(CrmPipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Upgrade", "partner_id": cls.customer.id, "user_id": cls.rep.id}
        )
        cls.order = cls.env["sale.order"].create(
            {"partner_id": cls.customer.child_ids.id, "user_id": cls.rep.id}
        )

    def _log_from(self, xmlid, record):
        """Open the bound "Log Interaction" action on a record, as the web client does."""
        action = self.env.ref(xmlid).sudo()  # as /web/action/load reads it
        context = safe_eval(action.context, {"active_id": record.id})
        return Form(self.env["crm.interaction"].with_context(**context))

    @users("rep")
    def test_log_from_partner_lead_and_order(self):
        sources = {
            "crm_pipeline.crm_interaction_action_log_partner": self.customer,
            "crm_pipeline.crm_interaction_action_log_lead": self.lead,
            "crm_pipeline.crm_interaction_action_log_order": self.order,
        }
        for xmlid, record in sources.items():
            with self.subTest(source=record._name):
                form = self._log_from(xmlid, record.with_env(self.env))
                form.name = "Follow-up call"
                form.channel = "phone"
                form.direction = "inbound"
                interaction = form.save()
                self.assertEqual(interaction.commercial_partner_id, self.customer)
                self.assertEqual(interaction.user_id, self.rep)
        self.assertEqual(self.customer.with_env(self.env).interaction_count, 3)
        self.assertEqual(self.customer.child_ids.with_env(self.env).interaction_count, 3)

    def test_log_actions_are_bound_to_the_three_forms(self):
        bound = self.env["ir.actions.act_window"].search(
            [("res_model", "=", "crm.interaction"), ("binding_model_id", "!=", False)]
        )
        self.assertEqual(
            set(bound.binding_model_id.mapped("model")), {"res.partner", "crm.lead", "sale.order"}
        )

    @users("rep")
    def test_interactions_are_searchable_by_channel_and_text(self):
        Interaction = self.env["crm.interaction"]
        Interaction.create(
            {"name": "Fax with specs", "partner_id": self.customer.id, "channel": "fax"}
        )
        Interaction.create({"name": "Visit", "partner_id": self.customer.id, "channel": "meeting"})
        self.assertEqual(Interaction.search([("channel", "=", "fax")]).name, "Fax with specs")
        action = self.customer.with_env(self.env).action_view_interactions()
        self.assertEqual(Interaction.search_count(action["domain"]), 2)
