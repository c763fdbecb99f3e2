// Command-line flags shared by the scripts that build a large sandbox world (`npm run sandbox`, `npm run bench:sync`).
import { z } from 'zod';
import { largeWorldOptionsSchema, type LargeWorldOptions } from '@/lib/tiktok-sandbox';

export const WORLD_SIZE_USAGE = '--advertisers N --ads-per-advertiser N --members N --tt-accounts N --posts N';

const text = { type: 'string' } as const;
/** parseArgs options for the world size. */
export const worldSizeOptions = { advertisers: text, 'ads-per-advertiser': text, members: text, 'tt-accounts': text, posts: text } as const;

const count = z.coerce.number().int().min(0);
/** zod fields for the same flags, to spread into a script's own schema. */
export const worldSizeFields = {
  advertisers: count.optional(),
  'ads-per-advertiser': count.optional(),
  members: count.optional(),
  'tt-accounts': count.optional(),
  posts: count.optional(),
};

type WorldSizeArgs = { [K in keyof typeof worldSizeFields]?: number };

/** The large world's options from the flags (defaults for the ones not given), or an error naming the flag. */
export function worldSizeFrom(args: WorldSizeArgs): { ok: true; world: LargeWorldOptions } | { ok: false; message: string } {
  const parsed = largeWorldOptionsSchema.safeParse({
    advertisers: args.advertisers,
    adsPerAdvertiser: args['ads-per-advertiser'],
    members: args.members,
    ttAccounts: args['tt-accounts'],
    posts: args.posts,
  });
  return parsed.success ? { ok: true, world: parsed.data } : { ok: false, message: parsed.error.issues.map((i) => `world size ${i.path.join('.')}: ${i.message}`).join('\n') };
}

/** Validates parsed flags; prints the usage and exits (2 on bad input) when asked for help or wrong. */
export function validateFlags<S extends z.ZodObject<{ help: z.ZodDefault<z.ZodBoolean> }>>(schema: S, values: unknown, usage: string): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success || parsed.data.help) {
    if (!parsed.success) console.error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    console.log(usage);
    process.exit(parsed.success ? 0 : 2);
  }
  return parsed.data;
}
