// The walkthrough's sample: an unsaved Python file with two findings the server reports at once
// (a blocking sleep and a coroutine that is never awaited), both with a quick fix. Free of
// `vscode` so a test can check the findings are there.
export const SAMPLE_PYTHON = `"""A small asyncio program with two async mistakes for Awaitwise to find."""

import asyncio
import time


async def fetch_report(name: str) -> str:
    time.sleep(0.5)  # stands in for slow work
    return f"report for {name}"


async def main() -> None:
    fetch_report("daily")
    reports = await asyncio.gather(*(fetch_report(name) for name in ("north", "south")))
    print(reports)


if __name__ == "__main__":
    asyncio.run(main())
`;
