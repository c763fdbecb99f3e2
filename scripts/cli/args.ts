import { parseArgs } from 'node:util';

/** The command line itself is wrong (unknown command or flag, a required flag missing): exit code 2. */
export class UsageError extends Error {}

export type FlagSpec = Record<string, { type: 'string'; required?: true } | { type: 'boolean' }>;

/** A command's flags as parsed: booleans default to false, required strings are present. */
export type ParsedFlags<S extends FlagSpec> = {
  [K in keyof S]: S[K] extends { type: 'boolean' } ? boolean : S[K] extends { required: true } ? string : string | undefined;
} & { json: boolean; help: boolean };

/** Accepted by every command. */
const COMMON_FLAGS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}

/**
 * The command named by the leading words of `argv`, e.g. "org create", given every command's flags
 * (so that flag values are not taken for words); flags may come anywhere. The longest match wins;
 * undefined when no command matches or none is given.
 */
export function findCommand<C extends string>(argv: string[], commands: Record<C, FlagSpec>): C | undefined {
  const options = Object.fromEntries(Object.values<FlagSpec>(commands).flatMap((spec) => Object.entries(spec).map(([name, { type }]) => [name, { type }])));
  const { positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: false });
  return (Object.keys(commands) as C[]).filter((command) => command.split(' ').every((word, i) => positionals[i] === word)).toSorted((a, b) => b.length - a.length)[0];
}

/** The flags of `command`, strictly: an unknown flag, a stray word or a missing required flag is a UsageError. */
export function parseFlags<S extends FlagSpec>(argv: string[], command: string, spec: S): ParsedFlags<S> {
  const options = Object.fromEntries(Object.entries(spec).map(([name, { type }]) => [name, { type }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, ...COMMON_FLAGS }, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's own messages name the flag ("Unknown option '--x'", "Option '--org <value>' argument missing").
    throw new UsageError(`${command}: ${error instanceof Error ? error.message.split('. ')[0] : String(error)}`);
  }
  const extra = parsed.positionals.slice(command.split(' ').length);
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument "${extra[0]}"`);
  const values: Record<string, string | boolean> = {};
  for (const [name, flag] of Object.entries({ ...spec, ...COMMON_FLAGS })) {
    const value = parsed.values[name];
    if (flag.type === 'boolean') values[name] = value === true;
    else if (typeof value === 'string') values[name] = value;
    else if ('required' in flag) throw new UsageError(`${command}: --${name} is required`);
  }
  return values as ParsedFlags<S>;
}
