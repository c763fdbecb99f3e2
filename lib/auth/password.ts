import 'server-only';
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { z } from 'zod';

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id, a const enum */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let estimator: ZxcvbnFactory | undefined;
/** zxcvbn-ts with its common-password, diceware and English dictionaries (built once, on first use). */
function strength(password: string) {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator.check(password);
}

/**
 * Why a password is refused, or null. At least 12 characters, unless it is very strong (8 at the
 * least); and never a common, breached or pattern-like one (zxcvbn score below 3 of 4).
 */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'Password must be at least 12 characters';
  if (password.length > 200) return 'Password must be at most 200 characters';
  const { score, feedback } = strength(password);
  const why = [feedback.warning, ...feedback.suggestions].filter(Boolean).join(' ');
  if (score < 3) return `Password is too easy to guess${why ? `: ${why}` : ''}`;
  if (password.length < 12 && score < 4) return 'Password must be at least 12 characters, or shorter only if it is very hard to guess';
  return null;
}

export const passwordSchema = z.string({ error: 'Password is required' }).superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
