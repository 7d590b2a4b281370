import io
import re
from collections import defaultdict

import xlsxwriter

from odoo import api, fields, models


class CrmPriceList(models.AbstractModel):
    """Price lists of customers or pricelists, as data, XLSX and PDF.

    The prices of every product are computed at once per pricelist (one call of
    ``_compute_price_rule`` for the whole catalog), never product by product.
    """

    _name = "crm.price.list"
    _description = "Customer Price List"

    @api.model
    def _get_price_list_products(self, company):
        """The saleable products offered in the price list, ordered by category and reference."""
        return self.env["product.product"].search(
            [("sale_ok", "=", True), ("company_id", "in", [False, company.id])],
            order="categ_id, default_code, name, id",
        )

    @api.model
    def _get_price_list_groups(self, partners=None, pricelist=None, date=None, company=None):
        """Group the customers by the pricelist and language of their price list.

        :param partners: customers (``res.partner``); their own pricelist unless ``pricelist``
        :param pricelist: ``product.pricelist`` used for every customer, or alone
        :return: list of dicts with keys ``pricelist``, ``partners``, ``lang``
        """
        company = company or self.env.company
        partners = (partners or self.env["res.partner"]).with_company(company)
        groups = defaultdict(lambda: self.env["res.partner"])
        for partner in partners:
            partner_pricelist = pricelist or partner.property_product_pricelist
            groups[partner_pricelist, partner.lang or self.env.lang] |= partner
        if not partners and pricelist:
            groups[pricelist, self.env.lang] = self.env["res.partner"]
        return [
            {"pricelist": key[0], "lang": key[1], "partners": group_partners}
            for key, group_partners in groups.items()
        ]

    @api.model
    def _get_price_list_data(self, partners=None, pricelist=None, date=None, company=None):
        """The price lists, one per pricelist and language of the customers.

        :return: list of dicts: ``title``, ``pricelist``, ``partners``, ``lang``, ``currency``,
            ``date``, ``categories`` (list of dicts ``name`` and ``lines``; a line has
            ``default_code``, ``name``, ``uom``, ``list_price``, ``price``, ``discount``)
        """
        company = company or self.env.company
        date = date or fields.Date.context_today(self)
        groups = self._get_price_list_groups(partners, pricelist, date, company)
        products = self._get_price_list_products(company)
        list_prices = dict(zip(products.ids, products.mapped("lst_price"), strict=True))
        prices_by_pricelist = {}
        result = []
        for group in groups:
            group_pricelist = group["pricelist"]
            currency = group_pricelist.currency_id or company.currency_id
            if group_pricelist not in prices_by_pricelist:
                prices_by_pricelist[group_pricelist] = group_pricelist._compute_price_rule(
                    products, 1.0, currency=currency, date=date
                )
            prices = prices_by_pricelist[group_pricelist]
            rate = company.currency_id._get_conversion_rate(
                company.currency_id, currency, company, date
            )
            categories = []
            lang_products = products.with_context(lang=group["lang"], display_default_code=False)
            for product in lang_products:
                category_name = product.categ_id.complete_name or ""
                if not categories or categories[-1]["name"] != category_name:
                    categories.append({"name": category_name, "lines": []})
                list_price = currency.round(list_prices[product.id] * rate)
                price = (
                    currency.round(prices[product.id][0]) if product.id in prices else list_price
                )
                categories[-1]["lines"].append(
                    {
                        "default_code": product.default_code or "",
                        "name": product.display_name,
                        "uom": product.uom_id.name,
                        "list_price": list_price,
                        "price": price,
                        "discount": round((list_price - price) / list_price * 100, 2)
                        if list_price
                        else 0.0,
                    }
                )
            group_partners = group["partners"]
            result.append(
                {
                    "title": group_partners.display_name
                    if len(group_partners) == 1
                    else group_pricelist.name,
                    "pricelist": group_pricelist,
                    "partners": group_partners,
                    "lang": group["lang"],
                    "currency": currency,
                    "date": date,
                    "categories": categories,
                }
            )
        return result

    @api.model
    def _get_xlsx_labels(self, lang):
        env = self.with_context(lang=lang).env
        return {
            "title": env._("Price List"),
            "customers": env._("Customers"),
            "pricelist": env._("Pricelist"),
            "currency": env._("Currency"),
            "date": env._("Date"),
            "columns": [
                env._("Internal Reference"),
                env._("Product"),
                env._("Unit of Measure"),
                env._("List Price"),
                env._("Customer Price"),
                env._("Discount %"),
            ],
        }

    @api.model
    def _render_price_list_xlsx(self, price_lists):
        """The price lists as one XLSX workbook, one sheet per price list, with a frozen header
        and the products grouped by category.

        :param price_lists: the result of :meth:`_get_price_list_data`
        :return: the file's content (bytes)
        """
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        title_format = workbook.add_format({"bold": True, "font_size": 14})
        label_format = workbook.add_format({"bold": True})
        header_format = workbook.add_format(
            {"bold": True, "bg_color": "#714B67", "font_color": "#FFFFFF", "border": 1}
        )
        category_format = workbook.add_format({"bold": True, "bg_color": "#E9ECEF"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd", "align": "left"})
        percent_format = workbook.add_format({"num_format": "0.00"})
        used_names = set()
        for price_list in price_lists:
            labels = self._get_xlsx_labels(price_list["lang"])
            currency = price_list["currency"]
            money_format = workbook.add_format(
                {"num_format": "#,##0." + "0" * currency.decimal_places}
            )
            sheet = workbook.add_worksheet(self._xlsx_sheet_name(price_list["title"], used_names))
            sheet.write(0, 0, f"{labels['title']}: {price_list['title']}", title_format)
            sheet.write(1, 0, labels["pricelist"], label_format)
            sheet.write(1, 1, price_list["pricelist"].name or "")
            sheet.write(2, 0, labels["currency"], label_format)
            sheet.write(2, 1, currency.name)
            sheet.write(3, 0, labels["date"], label_format)
            sheet.write_datetime(3, 1, fields.Datetime.to_datetime(price_list["date"]), date_format)
            if len(price_list["partners"]) > 1:
                sheet.write(4, 0, labels["customers"], label_format)
                sheet.write(4, 1, ", ".join(price_list["partners"].mapped("display_name")))
            header_row = 6
            sheet.write_row(header_row, 0, labels["columns"], header_format)
            sheet.freeze_panes(header_row + 1, 0)
            sheet.set_column(0, 0, 18)
            sheet.set_column(1, 1, 48)
            sheet.set_column(2, 2, 16)
            sheet.set_column(3, 5, 15)
            row = header_row + 1
            for category in price_list["categories"]:
                sheet.merge_range(row, 0, row, 5, category["name"], category_format)
                row += 1
                for line in category["lines"]:
                    sheet.write(row, 0, line["default_code"])
                    sheet.write(row, 1, line["name"])
                    sheet.write(row, 2, line["uom"])
                    sheet.write_number(row, 3, line["list_price"], money_format)
                    sheet.write_number(row, 4, line["price"], money_format)
                    sheet.write_number(row, 5, line["discount"], percent_format)
                    row += 1
            sheet.autofilter(header_row, 0, max(row - 1, header_row), 5)
        if not price_lists:
            workbook.add_worksheet()
        workbook.close()
        return output.getvalue()

    @api.model
    def _xlsx_sheet_name(self, title, used_names):
        """A valid and unique worksheet name (31 characters, no []:*?/\\)."""
        base = re.sub(r"[\[\]:*?/\\]", " ", title or "").strip()[:28] or "Sheet"
        name, index = base, 1
        while name.lower() in used_names:
            index += 1
            name = f"{base[:27]}~{index}"
        used_names.add(name.lower())
        return name
