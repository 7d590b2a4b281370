from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalAccess(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env["res.partner"].create({"name": "Buyer Co", "is_company": True})
        contact = cls.env["res.partner"].create({"name": "Petro Buyer", "parent_id": company.id})
        cls.buyer = new_test_user(
            cls.env,
            login="b2bbuyer",
            groups="crm_b2b_portal.group_b2b_buyer",
            partner_id=contact.id,
            name="Petro Buyer",
        )

    def test_buyer_reaches_the_portal(self):
        self.authenticate("b2bbuyer", "b2bbuyer")
        response = self.url_open("/my/home")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Petro Buyer", response.text)

    def test_buyer_is_kept_out_of_the_backend(self):
        self.authenticate("b2bbuyer", "b2bbuyer")
        response = self.url_open("/odoo/crm", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/my", response.headers["Location"])
