/** A binary min-heap of items keyed by an instant: what comes due first is taken first. */
export class TimeQueue<T> {
  private readonly heap: { atMs: number; item: T }[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(atMs: number, item: T): void {
    const heap = this.heap;
    heap.push({ atMs, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.atMs <= atMs) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** The earliest item due by `atMs`, taken off the queue; undefined when none is. */
  popDue(atMs: number): T | undefined {
    const heap = this.heap;
    if (heap.length === 0 || heap[0]!.atMs > atMs) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.atMs < heap[m]!.atMs) m = l;
        if (r < heap.length && heap[r]!.atMs < heap[m]!.atMs) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top.item;
  }

  clear(): void {
    this.heap.length = 0;
  }
}
