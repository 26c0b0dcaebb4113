/** Interns the keys of one dimension: string ↔ small dense id (ids index arrays in the hot path). */
export class KeyTable {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  static from(names: string[]): KeyTable {
    const table = new KeyTable();
    for (const name of names) table.id(name);
    return table;
  }
}
