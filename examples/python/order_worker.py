"""Background worker that takes orders off a queue, charges them and sends receipts."""

import asyncio
import logging
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@dataclass
class Order:
    id: str
    customer_email: str
    amount_cents: int


class PaymentDeclined(Exception):
    pass


class OrderWorker:
    def __init__(self, queue: asyncio.Queue, payments, mailer, db):
        self._queue = queue
        self._payments = payments
        self._mailer = mailer
        self._db = db
        self._background: set[asyncio.Task] = set()

    async def run(self) -> None:
        while True:
            order = await self._queue.get()
            try:
                await self._process(order)
            finally:
                self._queue.task_done()

    async def _process(self, order: Order) -> None:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                await self._payments.charge(order.id, order.amount_cents)
                break
            except ConnectionError:
                log.warning("payment gateway unreachable (attempt %d)", attempt)
                time.sleep(2**attempt)
            except PaymentDeclined:
                self._mark_failed(order, "declined")
                return

        await self._db.execute("UPDATE orders SET status = 'paid' WHERE id = $1", order.id)
        asyncio.create_task(self._send_receipt(order))

        # Kept in a set until done, so the task cannot be garbage-collected half-way.
        audit = asyncio.create_task(self._record_audit(order))
        self._background.add(audit)
        audit.add_done_callback(self._background.discard)

    async def _mark_failed(self, order: Order, reason: str) -> None:
        await self._db.execute("UPDATE orders SET status = 'failed', reason = $2 WHERE id = $1", order.id, reason)

    async def _send_receipt(self, order: Order) -> None:
        await self._mailer.send(order.customer_email, subject=f"Receipt for order {order.id}")

    async def _record_audit(self, order: Order) -> None:
        await self._db.execute("INSERT INTO audit (order_id) VALUES ($1)", order.id)

    async def drain(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not self._queue.empty() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)


def wait_for_database(connect, retries: int = 5) -> None:
    """Start-up check, run before the event loop exists: blocking here is fine."""
    for _ in range(retries):
        try:
            connect().close()
            return
        except OSError:
            time.sleep(1)
    raise RuntimeError("database not reachable")


async def main(queue: asyncio.Queue, payments, mailer, db) -> None:
    worker = OrderWorker(queue, payments, mailer, db)
    async with asyncio.TaskGroup() as group:
        for _ in range(4):
            group.create_task(worker.run())
