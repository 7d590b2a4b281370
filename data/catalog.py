"""Product categories, products (goods and services) and pricelists."""

import math

from odoo import Command

from . import names

# (name, discount in percent, share of customers that get it when not ranked)
PRICELISTS = (
    ("Wholesale -7%", 7.0),
    ("Distributor -12%", 12.0),
    ("Key Account -18%", 18.0),
)


def generate(run):
    """Create the catalogue; store on ``run`` the products and the pricelists."""
    env = run.env
    rng = run.rng("catalog")
    Category = env["product.category"]

    parents = {}
    categories = {}
    for name, parent_name, *_rest in names.CATALOG:
        if parent_name not in parents:
            parents[parent_name] = Category.create({"name": parent_name})
        categories[name] = Category.create({"name": name, "parent_id": parents[parent_name].id})

    # Products: spread over the categories, names unique, prices log-uniform in the range.
    per_category = max(1, -(-run.scale.products // len(names.CATALOG)))
    series = names._words("Eco|Pro|Max|S|Plus|Mk II|Lite|HD|X|Compact|Ultra|Mini")
    vals_list = []
    meta = []
    seen = set()
    for index, (cat_name, _parent, ptype, uom_xmlid, (low, high), stems, variants) in enumerate(
        names.CATALOG
    ):
        uom = env.ref(uom_xmlid)
        code_prefix = "".join(word[0] for word in cat_name.replace("&", " ").split())[:3]
        for number in range(per_category):
            for attempt in range(20):
                name = f"{rng.choice(stems)} {rng.choice(variants)}"
                if attempt > 2:
                    name = f"{name} {rng.choice(series)}"
                if attempt > 10:
                    name = f"{name} {rng.randrange(100, 1000)}"
                if name not in seen:
                    break
            seen.add(name)
            price = math.exp(rng.uniform(math.log(low), math.log(high)))
            price = round(price, 0) - 0.1 if price > 20 else round(price, 1)
            cost = round(price * rng.uniform(0.5, 0.78), 2)
            vals_list.append(
                {
                    "name": name,
                    "default_code": f"{code_prefix.upper()}-{index + 1}{number + 1:04d}",
                    "type": ptype,
                    "categ_id": categories[cat_name].id,
                    "list_price": price,
                    "standard_price": cost,
                    "uom_id": uom.id,
                    "invoice_policy": "order",
                    "sale_ok": True,
                    "purchase_ok": ptype == "consu",
                }
            )
            # Zipf-like popularity: a few best sellers per category.
            meta.append({"category": cat_name, "popularity": 1.0 / (number + 1) ** 0.8})
    products = env["product.product"].create(vals_list)
    run.report("products", len(products), len(vals_list))

    company = run.company
    run.products = []
    for product, info in zip(products, meta, strict=True):
        taxes = product.taxes_id.filtered(lambda tax, company=company: tax.company_id == company)
        accounts = product.product_tmpl_id._get_product_accounts()
        run.products.append(
            {
                "id": product.id,
                "template_id": product.product_tmpl_id.id,
                "display_name": product.display_name,
                "category": info["category"],
                "popularity": info["popularity"],
                "service": product.type == "service",
                "list_price": product.list_price,
                "uom_id": product.uom_id.id,
                "tax_ids": taxes.ids,
                "income_account_id": accounts["income"].id,
            }
        )

    _pricelists(run)
    run.counts["products"] = len(products)


def _pricelists(run):
    env = run.env
    if not env["res.groups"]._is_feature_enabled("product.group_product_pricelist"):
        env["res.config.settings"].create({"group_product_pricelist": True}).execute()
    currency = run.company.currency_id
    run.pricelists = []
    for name, discount in PRICELISTS:
        pricelist = env["product.pricelist"].create(
            {
                "name": name,
                "currency_id": currency.id,
                "company_id": run.company.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": discount,
                        }
                    )
                ],
            }
        )
        run.pricelists.append({"id": pricelist.id, "name": name, "discount": discount})
