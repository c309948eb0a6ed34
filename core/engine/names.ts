/** Docker-style generated names: adjective_scientist. */
const LEFT = [
  'admiring', 'brave', 'calm', 'clever', 'dazzling', 'eager', 'festive', 'gentle', 'happy', 'jolly',
  'keen', 'lucid', 'modest', 'nifty', 'optimistic', 'peaceful', 'quirky', 'relaxed', 'serene', 'trusting',
  'upbeat', 'vibrant', 'wizardly', 'youthful', 'zealous',
];
const RIGHT = [
  'babbage', 'curie', 'dijkstra', 'euler', 'feynman', 'goldberg', 'hopper', 'hypatia', 'jang', 'kare',
  'lovelace', 'meitner', 'noether', 'pascal', 'ritchie', 'sejong', 'shannon', 'thompson', 'torvalds', 'turing',
  'wozniak', 'yalow', 'yonath', 'zuse', 'heo',
];

export function generateName(random: (n: number) => Uint8Array, taken: (name: string) => boolean): string {
  for (let attempt = 0; ; attempt++) {
    const [a, b, c] = random(3);
    const base = `${LEFT[a! % LEFT.length]}_${RIGHT[b! % RIGHT.length]}`;
    // After a few collisions Docker appends a digit; so do we.
    const name = attempt < 5 ? base : `${base}${c! % 10}`;
    if (!taken(name)) return name;
  }
}

export function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Container names as Docker accepts them. */
export const NAME_RE = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
