import re
from urllib.parse import parse_qs, urlparse

from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, tagged, users

from .common import CrmPipelineCase


class OwnedDuplicateCase(CrmPipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.foreign_customer.write(
            {
                "vat": "DE 123.456.789",
                "email": "info@foreign-customer.de",
                "phone": "+49 30 1234567",
            }
        )
        cls.customer.write({"email": "office@gmail.com"})

    @staticmethod
    def _link(banner):
        href = re.search(r'href="([^"]+)"', str(banner)).group(1).replace("&amp;", "&")
        return urlparse(href).path, {
            key: value[0] for key, value in parse_qs(urlparse(href).query).items()
        }


@tagged("post_install", "-at_install")
class TestOwnedDuplicateProtection(OwnedDuplicateCase):
    """A salesperson cannot create again a customer of a colleague; they see who owns it and
    ask for access instead."""

    def test_normalized_keys_are_stored(self):
        self.assertEqual(self.foreign_customer.vat_key, "DE123456789")
        self.assertEqual(self.foreign_customer.phone_key, "301234567")
        self.assertEqual(self.foreign_customer.email_domain, "foreign-customer.de")
        self.assertFalse(self.customer.email_domain, "a public mail domain is no key")

    @users("rep")
    def test_salesperson_cannot_create_colleagues_customer_again(self):
        Partner = self.env["res.partner"]
        cases = {
            "Tax ID": {"name": "Renamed GmbH", "is_company": True, "vat": "de123456789"},
            "email domain": {"name": "Anna Schulz", "email": "anna@Foreign-Customer.de"},
            "phone": {"name": "Front Desk", "phone": "030 123 45 67"},
            "name": {"name": "Foreign Customer", "is_company": True},
        }
        for criterion, values in cases.items():
            with self.subTest(criterion=criterion), self.assertRaises(ValidationError) as error:
                Partner.create(values)
            self.assertIn("Rep Two", str(error.exception))
            self.assertIn("Foreign Customer LLC", str(error.exception))
            self.assertIn(criterion, str(error.exception))

    @users("rep")
    def test_salesperson_creates_what_is_not_a_colleagues_customer(self):
        Partner = self.env["res.partner"]
        created = Partner.create(
            [
                # a public mail domain is shared by strangers
                {"name": "Ivan Petrov", "email": "info@gmail.com"},
                # a duplicate of one's own customer is not somebody else's prospect
                {"name": "Own Customer", "is_company": True},
                {"name": "Brand New Ltd", "is_company": True, "vat": "FR12345678901"},
            ]
        )
        self.assertEqual(len(created), 3)
        # a contact of the salesperson's own company with the company's domain
        self.customer.with_env(self.env).email = "sales@own-customer.com"
        Partner.create(
            {"name": "Clerk", "parent_id": self.customer.id, "email": "c@own-customer.com"}
        )

    @users("rep")
    def test_salesperson_edits_only_what_changed(self):
        # an own customer that already shared a domain with a colleague's (older data)
        self.customer.sudo().email = "hq@foreign-customer.de"
        customer = self.customer.with_env(self.env)
        customer.phone = "+49 89 7654321"
        self.assertEqual(customer.phone_key, "897654321")
        with self.assertRaises(ValidationError):
            customer.vat = "DE123456789"

    @users("mate")
    def test_team_shared_customer_is_not_anothers(self):
        self.foreign_customer.sudo().team_id = self.team
        partner = self.env["res.partner"].create({"name": "Foreign Customer", "is_company": True})
        self.assertTrue(partner)

    @users("head")
    def test_head_of_sales_may_save_a_duplicate(self):
        partner = self.env["res.partner"].create(
            {"name": "Foreign Customer", "is_company": True, "vat": "DE123456789"}
        )
        self.assertTrue(partner.exists())

    @users("rep")
    def test_form_shows_owner_and_asks_for_access_unsaved(self):
        form = Form(self.env["res.partner"])
        form.company_type = "company"
        form.name = "Other Name"
        self.assertFalse(form.owned_duplicate_warning)
        form.vat = "DE-123 456 789"
        banner = str(form.owned_duplicate_warning)
        self.assertIn("Rep Two", banner)
        self.assertIn("Foreign Customer LLC", banner)
        self.assertIn("Ask for Access", banner)
        self.assertIn("<strong>Rep Two</strong>", banner)
        self.assertNotIn("foreign-customer.de", banner, "only the owner and the name are shown")
        path, params = self._link(banner)
        self.assertEqual(path, "/crm_pipeline/duplicate/request_access")
        # the form is never saved: the link asks for access
        owner = self.env["res.partner"].request_owned_duplicate_access(
            params["partner_id"], params["criterion"], params["token"]
        )
        self.assertEqual(owner, "Rep Two")
        activity = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", "res.partner"), ("res_id", "=", self.foreign_customer.id)])
        )
        self.assertEqual(activity.user_id, self.other_rep)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertIn("Rep One", activity.summary)
        self.assertIn("Rep One", str(activity.note))

    @users("rep")
    def test_access_request_needs_the_banners_signature(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].request_owned_duplicate_access(
                self.foreign_customer.id, "vat", "forged"
            )
        # a token signed for another user is not valid for this one
        token = (
            self.env["res.partner"]
            .with_user(self.teammate)
            ._owned_duplicate_token(self.foreign_customer.id)
        )
        with self.assertRaises(ValidationError):
            self.env["res.partner"].request_owned_duplicate_access(
                self.foreign_customer.id, "vat", token
            )

    @users("rep")
    def test_lead_matching_colleagues_customer(self):
        form = Form(self.env["crm.lead"])
        form.name = "Interest in our services"
        form.email_from = "buyer@foreign-customer.de"
        self.assertIn("Rep Two", str(form.owned_duplicate_warning))
        with self.assertRaises(ValidationError):
            form.save()
        lead = self.env["crm.lead"].create(
            {
                "name": "Gmail lead",
                "email_from": "someone@gmail.com",
                "partner_name": "Acme Unknown",
            }
        )
        self.assertFalse(lead.owned_duplicate_warning)


@tagged("post_install", "-at_install")
class TestOwnedDuplicateAccessLink(HttpCase, OwnedDuplicateCase):
    def test_link_requests_access(self):
        Partner = self.env["res.partner"].with_user(self.rep)
        banner = Partner.new(
            {"name": "X", "email": "y@foreign-customer.de"}
        ).owned_duplicate_warning
        path, params = self._link(banner)
        self.authenticate("rep", "rep")
        response = self.url_open(
            f"{path}?partner_id={params['partner_id']}&criterion={params['criterion']}"
            f"&token={params['token']}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Rep Two", response.text)
        self.assertEqual(self.foreign_customer.activity_ids.user_id, self.other_rep)
        forged = self.url_open(f"{path}?partner_id={params['partner_id']}&token=forged")
        self.assertEqual(forged.status_code, 400)
        self.assertEqual(len(self.foreign_customer.activity_ids), 1)
