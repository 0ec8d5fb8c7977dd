// Working on many files at once while reporting them in order.

/**
 * Runs `work` on the items, at most `lanes` at a time, and passes each result to `finish` in
 * the items' order, as soon as it and every earlier one are done. `work` must not reject.
 */
export async function mapInOrder<T, R>(items: readonly T[], lanes: number, work: (item: T) => Promise<R>, finish: (result: R) => void): Promise<void> {
  const results = new Map<number, R>();
  let started = 0;
  let finished = 0;
  const lane = async (): Promise<void> => {
    while (started < items.length) {
      const index = started++;
      results.set(index, await work(items[index]));
      for (; results.has(finished); finished++) {
        finish(results.get(finished)!);
        results.delete(finished);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}
