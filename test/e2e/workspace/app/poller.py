"""Polls the inventory service."""
import time


async def poll(client):
    while True:
        await client.refresh()
        time.sleep(30)
