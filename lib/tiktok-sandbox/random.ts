/** A small seeded PRNG: same seed, same sequence, on every platform. */
export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string;
  digits(length: number): string;
  hex(length: number): string;
  /** An independent stream named by `label`: it does not depend on how much of this stream was used. */
  fork(label: string): Random;
};

const DIGITS = '0123456789';
const HEX = '0123456789ABCDEF';

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRandom(seed: string): Random {
  // A Weyl sequence scrambled by a 32-bit finaliser: tiny, fast and well distributed for test data.
  let state = hashString(seed);
  const nextUint = (): number => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const next = () => nextUint() / 0x1_0000_0000;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const chars = (alphabet: string, length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet.charAt(int(0, alphabet.length - 1));
    return out;
  };
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick,
    chars,
    digits: (length) => chars(DIGITS, length),
    hex: (length) => chars(HEX, length),
    fork: (label) => createRandom(`${seed}/${label}`),
  };
}
