/**
 * One colour per container, shared by its namespace box and by the DNS
 * answers that point at it, so "the 2nd answer went to the green one" reads
 * at a glance. Given out in the order the containers are listed (oldest
 * first), so a container keeps its colour as others come and go after it.
 */
const PALETTE = ['#2f6fdb', '#1a7f4b', '#c2410c', '#8e44ad', '#b8860b', '#0e7490', '#be185d', '#4d7c0f'];

/** For a container that is not (or no longer) drawn: an answer can name one that has since left. */
export const UNKNOWN_COLOUR = '#7a8494';

/** A colour per key (a namespace box, a container), in the order given. */
export function containerColours(keys: readonly string[]): Map<string, string> {
  const colours = new Map<string, string>();
  for (const key of keys) if (!colours.has(key)) colours.set(key, PALETTE[colours.size % PALETTE.length]!);
  return colours;
}
