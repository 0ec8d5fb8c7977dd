// Counts in prose: "1 finding", "3 findings", "2 fixes".

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
