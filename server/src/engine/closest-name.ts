// Suggestions for misspelt names: "did you mean ...?" in suppression comments and
// configuration files.

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** `blockingCalls`, `blocking_calls` and `Blocking-Calls` all read as `blocking-calls`. */
function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/**
 * The candidate closest to a misspelt name, if one is close enough to be what was meant: the
 * same words in another case or with other separators, or at most two typos away.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = kebab(name);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, kebab(candidate));
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
