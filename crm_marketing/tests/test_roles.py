from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged, users
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestMarketingRoles(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="marketer",
            groups="base.group_user,crm_marketing.group_crm_marketing_user",
        )
        new_test_user(
            cls.env,
            login="mktmanager",
            groups="base.group_user,crm_marketing.group_crm_marketing_manager",
        )

    @users("marketer")
    def test_marketer_prepares_mailings_and_surveys(self):
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Spring prices",
                "mailing_model_id": self.env.ref("base.model_res_partner").id,
            }
        )
        survey = self.env["survey.survey"].create({"title": "After-sale satisfaction"})
        self.assertEqual(mailing.create_uid, self.env.user)
        self.assertEqual(survey.create_uid, self.env.user)

    @users("marketer")
    def test_marketer_does_not_configure_the_sales_force(self):
        with self.assertRaises(AccessError):
            self.env["crm.team"].create({"name": "Shadow team"})

    def test_restricted_survey_is_hidden_from_marketer_not_from_manager(self):
        """A survey restricted to other users is out of a marketer's reach, not of the manager's."""
        survey = self.env["survey.survey"].create(
            {
                "title": "Board only",
                "restrict_user_ids": [(6, 0, self.env.ref("base.user_admin").ids)],
            }
        )
        marketer = self.env["res.users"].search([("login", "=", "marketer")])
        manager = self.env["res.users"].search([("login", "=", "mktmanager")])
        with self.assertRaises(AccessError):
            survey.with_user(marketer).read(["title"])
        self.assertEqual(survey.with_user(manager).read(["title"])[0]["title"], "Board only")
