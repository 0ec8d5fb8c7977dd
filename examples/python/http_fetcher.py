"""Fetches product pages concurrently with httpx, politely rate-limited."""

import asyncio
from time import sleep

import httpx

USER_AGENT = "catalog-sync/1.4"


class RateLimiter:
    def __init__(self, per_second: float):
        self._interval = 1.0 / per_second
        self._lock = asyncio.Lock()
        self._next_slot = 0.0

    async def wait(self) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            delay = self._next_slot - loop.time()
            if delay > 0:
                asyncio.sleep(delay)
            self._next_slot = max(loop.time(), self._next_slot) + self._interval


async def fetch_page(client: httpx.AsyncClient, limiter: RateLimiter, url: str, retries: int = 3) -> str:
    for attempt in range(retries):
        await limiter.wait()
        response = await client.get(url)
        if response.status_code != 429:
            response.raise_for_status()
            return response.text
        # Server asked us to slow down.
        sleep(float(response.headers.get("Retry-After", 2**attempt)))
    raise RuntimeError(f"gave up on {url} after {retries} attempts")


async def warm_cache(client: httpx.AsyncClient, urls: list[str]) -> None:
    loop = asyncio.get_running_loop()
    for url in urls:
        loop.create_task(client.head(url))


async def fetch_all(urls: list[str], per_second: float = 5.0) -> dict[str, str]:
    limiter = RateLimiter(per_second)
    async with httpx.AsyncClient(headers={"User-Agent": USER_AGENT}, timeout=30) as client:
        tasks = {url: asyncio.create_task(fetch_page(client, limiter, url)) for url in urls}
        await asyncio.gather(*tasks.values())
    return {url: task.result() for url, task in tasks.items()}


if __name__ == "__main__":
    pages = asyncio.run(fetch_all(["https://example.com/products/1", "https://example.com/products/2"]))
    print({url: len(body) for url, body in pages.items()})
