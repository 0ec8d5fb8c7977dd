// Python sources whose findings have known severities, for tests of how severities fail a
// run and how each format names them.
export const SEVERITY_SOURCES = {
  /** blocking-sleep (error, fixable) at 4:5-4:15. */
  error: 'import time\n\nasync def poll():\n    time.sleep(1)\n',
  /** deprecated-get-event-loop (warning, fixable) at 4:5 and 5:5. */
  twoWarnings: 'import asyncio\n\nasync def main():\n    asyncio.get_event_loop()\n    asyncio.get_event_loop()\n    await asyncio.sleep(1)\n',
  /** zero-sleep (hint, fixable) at 4:11, long-sleep (information) at 5:11. */
  hintAndInformation: 'import trio\n\nasync def main():\n    await trio.sleep(0)\n    await trio.sleep(100000)\n',
};
