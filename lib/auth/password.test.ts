import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password';

describe('password rules', () => {
  it('refuses common, breached and pattern passwords, saying why', () => {
    expect(passwordProblem('password1234')).toMatch(/^Password is too easy to guess: This is similar to a commonly used password/);
    expect(passwordProblem('qwertyuiop123')).toMatch(/too easy to guess/);
    expect(passwordProblem('abcdefghijkl')).toMatch(/too easy to guess: Common character sequences/);
    expect(passwordProblem('p@ssw0rd12345')).toMatch(/too easy to guess/);
  });

  it('wants 12 characters unless the password is very strong', () => {
    expect(passwordProblem('short')).toBe('Password must be at least 12 characters');
    expect(passwordProblem('Summer2026!')).toMatch(/too easy to guess/);
    expect(passwordProblem('tr0ub4dor&3xyz')).toBeNull();
    expect(passwordProblem('x'.repeat(201))).toBe('Password must be at most 200 characters');
  });

  it('accepts a passphrase of unrelated words', () => {
    expect(passwordProblem('my dog eats blue carrots')).toBeNull();
    expect(passwordProblem('correct horse 9')).toBeNull();
  });
});
