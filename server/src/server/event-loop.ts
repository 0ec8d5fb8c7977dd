// Cooperative scheduling: long work steps aside so queued messages (changes, cancellations,
// pulls) are handled before it goes on.
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(resolve);
  });
}
