// A map that forgets entries not used in the latest run, so what it holds tracks the
// current text rather than every version ever analysed.
export class RunMemo<V> {
  private entries = new Map<string, V>();
  private next = new Map<string, V>();

  get(key: string, compute: () => V): V {
    let value = this.next.get(key) ?? this.entries.get(key);
    if (value === undefined) value = compute();
    this.next.set(key, value);
    return value;
  }

  commit(): void {
    this.entries = this.next;
    this.next = new Map();
  }
}
