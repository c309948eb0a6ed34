/**
 * What the embedded DNS needs to know about containers beyond their
 * endpoints: their current names (a rename takes effect at once), and a
 * turn counter per name for round robin.
 */
export class ContainerDirectory {
  private nameOf: (id: string) => string | null = () => null;
  private readonly turns = new Map<string, number>();

  /** The engine tells the directory how to name a container id. */
  setNames(fn: (id: string) => string | null): void {
    this.nameOf = fn;
  }

  /** The container's current name, or its short id when the engine does not know it (any more). */
  name(id: string): string {
    return this.nameOf(id) ?? id.slice(0, 12);
  }

  /** A container answers to its name, its short (12) or full id, and its aliases on that network. */
  matches(id: string, name: string, aliases: readonly string[]): boolean {
    if (name === id || (name.length === 12 && id.startsWith(name))) return true;
    if (aliases.some((a) => a.toLowerCase() === name)) return true;
    return this.nameOf(id)?.toLowerCase() === name;
  }

  /** The list rotated by one more place on every call for the same name: the books' load spreading. */
  rotate(name: string, addresses: readonly string[]): string[] {
    const turn = this.turns.get(name) ?? 0;
    this.turns.set(name, turn + 1);
    const k = turn % addresses.length;
    return [...addresses.slice(k), ...addresses.slice(0, k)];
  }
}
