"""Persistence for orders. save() is synchronous for now; the e2e suite makes it async."""


def save(order):
    return {"id": order["id"], "status": "saved"}
