from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request


class CrmDuplicateController(http.Controller):
    @http.route("/crm_pipeline/duplicate/request_access", type="http", auth="user", methods=["GET"])
    def request_access(self, partner_id, criterion="", token="", **kwargs):
        """The "Ask for Access" link of the duplicate warning: it works from a form that is not
        saved yet (and cannot be, being a duplicate), which a form button could not."""
        try:
            owner = request.env["res.partner"].request_owned_duplicate_access(
                partner_id, criterion, token
            )
        except (ValidationError, ValueError):
            return request.render(
                "crm_pipeline.duplicate_access_request_page",
                {"message": request.env._("This access request link is not valid.")},
                status=400,
            )
        return request.render(
            "crm_pipeline.duplicate_access_request_page",
            {
                "message": request.env._(
                    "%(owner)s has been asked to give you access. You will find the customer "
                    "once they share it with you.",
                    owner=owner,
                )
            },
        )
