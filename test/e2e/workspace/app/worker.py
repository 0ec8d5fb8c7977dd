"""Processes queued orders."""
import time

from app.store import save


async def fetch_order(order_id):
    return {"id": order_id}


async def process(order_id):
    order = await fetch_order(order_id)
    time.sleep(0.5)
    save(order)
    return order


async def process_all(order_ids):
    fetch_order(order_ids[0])
    for order_id in order_ids:
        await process(order_id)
