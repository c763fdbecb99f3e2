import { describe, expect, it } from 'vitest';
import { findCommand, parseFlags, UsageError } from './args';

const COMMANDS = {
  'org create': { name: { type: 'string', required: true }, kind: { type: 'string' } },
  sync: { org: { type: 'string', required: true }, wait: { type: 'boolean' } },
  keys: {},
  'keys rotate': {},
} as const;

describe('findCommand', () => {
  it('reads the command words wherever the flags are, without taking flag values for words', () => {
    expect(findCommand(['sync', '--org', 'acme'], COMMANDS)).toBe('sync');
    expect(findCommand(['--org', 'keys', 'sync', '--json'], COMMANDS)).toBe('sync');
    expect(findCommand(['org', '--name=Acme', 'create'], COMMANDS)).toBe('org create');
    expect(findCommand(['keys', 'rotate'], COMMANDS)).toBe('keys rotate');
    expect(findCommand(['org'], COMMANDS)).toBeUndefined();
    expect(findCommand(['--json'], COMMANDS)).toBeUndefined();
  });
});

describe('parseFlags', () => {
  it('types the values: booleans default to false, optional strings may be absent', () => {
    expect(parseFlags(['org', 'create', '--name', 'Acme', '--json'], 'org create', COMMANDS['org create'])).toEqual({ name: 'Acme', json: true, help: false });
    expect(parseFlags(['sync', '--org=acme', '--wait'], 'sync', COMMANDS.sync)).toEqual({ org: 'acme', wait: true, json: false, help: false });
  });

  it('refuses unknown flags, stray words, missing values and missing required flags', () => {
    const parse = (argv: string[]) => () => parseFlags(argv, 'sync', COMMANDS.sync);
    expect(parse(['sync', '--org', 'acme', '--kind', 'brand'])).toThrow(new UsageError("sync: Unknown option '--kind'"));
    expect(parse(['sync', '--org', 'acme', 'now'])).toThrow(new UsageError('sync: unexpected argument "now"'));
    expect(parse(['sync', '--org'])).toThrow(new UsageError("sync: Option '--org <value>' argument missing"));
    expect(parse(['sync', '--wait'])).toThrow(new UsageError('sync: --org is required'));
    expect(parse(['sync', '--org', 'acme', '--wait=yes'])).toThrow(/sync: Option '--wait' does not take an argument/);
  });
});
