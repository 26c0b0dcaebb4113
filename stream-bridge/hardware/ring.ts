/** A fixed-capacity ring buffer: push is O(1) and drops the oldest item when full. */
export function createRing<T>(capacity: number) {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`invalid ring capacity: ${capacity}`);
  const items = new Array<T | undefined>(capacity);
  let start = 0;
  let size = 0;
  return {
    capacity,
    get size() {
      return size;
    },
    push(item: T): void {
      if (size < capacity) items[(start + size++) % capacity] = item;
      else {
        items[start] = item;
        start = (start + 1) % capacity;
      }
    },
    /** The newest item, or undefined when empty. */
    last(): T | undefined {
      return size ? items[(start + size - 1) % capacity] : undefined;
    },
    /** Items oldest first (a copy). */
    toArray(): T[] {
      const out = new Array<T>(size);
      for (let i = 0; i < size; ++i) out[i] = items[(start + i) % capacity] as T;
      return out;
    },
    clear(): void {
      items.fill(undefined);
      start = size = 0;
    }
  };
}

export type Ring<T> = ReturnType<typeof createRing<T>>;
