import { AD_ROLE_LABELS, BC_ROLE_LABELS, PERMISSION_LABELS, TT_PERMISSIONS, type MemberAccess } from './access';

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 5;

export type AspectKind = 'bcRole' | 'adRole' | 'ttPermission' | 'spark' | 'ineffective';

/** One thing compared side by side: a role, a permission, or being able to run a TikTok account's posts on an ad account. */
export type ComparedAspect = {
  key: string;
  kind: AspectKind;
  /** Column label for the side-by-side view, e.g. "Existing posts on @clientco". */
  label: string;
  /** Per member, in the order compared; null = does not have it. */
  values: (string | null)[];
  differs: boolean;
  /** One sentence in product words when the members differ. */
  sentence: string | null;
};

export type MemberDiff = {
  members: { memberKey: string; name: string }[];
  aspects: ComparedAspect[];
  differences: { key: string; kind: AspectKind; sentence: string }[];
};

/** "Dana", "Dana and Lee", "Dana, Lee and Sam". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

type Aspect = { key: string; kind: AspectKind; order: string; label: string; subject: string; detail: string };

function aspectsOf(member: MemberAccess): Map<string, { aspect: Aspect; value: string }> {
  const out = new Map<string, { aspect: Aspect; value: string }>();
  const add = (aspect: Aspect, value: string) => out.set(aspect.key, { aspect, value });
  for (const bc of member.bcs) {
    const role = BC_ROLE_LABELS[bc.role ?? ''] ?? bc.role ?? 'member';
    add({ key: `bc:${bc.bcId}`, kind: 'bcRole', order: `0 ${bc.bcName}`, label: `Role in ${bc.bcName}`, subject: bc.bcName, detail: '' }, bc.pending ? `${role} (invited, not accepted)` : role);
  }
  for (const ad of member.adAccounts.values()) {
    add({ key: `ad:${ad.advertiserId}`, kind: 'adRole', order: `1 ${ad.name}`, label: `Role on ${ad.name}`, subject: ad.name, detail: '' }, AD_ROLE_LABELS[ad.role] ?? ad.role);
  }
  for (const tt of member.ttAccounts.values()) {
    for (const permission of TT_PERMISSIONS) {
      const label = PERMISSION_LABELS[permission]!;
      if (tt.effective.includes(permission)) {
        add(
          {
            key: `tt:${tt.ttAccountId}:${permission}`,
            kind: 'ttPermission',
            order: `2 ${tt.name} ${TT_PERMISSIONS.indexOf(permission)}`,
            label: `${label} on ${tt.name}`,
            subject: tt.name,
            detail: label,
          },
          'yes',
        );
      }
      if (tt.ineffective.includes(permission)) {
        add(
          {
            key: `x:${tt.ttAccountId}:${permission}`,
            kind: 'ineffective',
            order: `4 ${tt.name} ${TT_PERMISSIONS.indexOf(permission)}`,
            label: `Ineffective ${label} grant on ${tt.name}`,
            subject: tt.name,
            detail: label,
          },
          'yes',
        );
      }
    }
  }
  for (const s of member.spark) {
    add(
      {
        key: `spark:${s.ttAccountId}:${s.advertiserId}`,
        kind: 'spark',
        order: `3 ${s.ttAccountName} ${s.advertiserName}`,
        label: `Spark Ads with ${possessive(s.ttAccountName)} posts on ${s.advertiserName}`,
        subject: s.ttAccountName,
        detail: s.advertiserName,
      },
      'yes',
    );
  }
  return out;
}

/** "@clientco's", "@lumen.creators'". */
export const possessive = (name: string) => (name.endsWith('s') ? `${name}'` : `${name}'s`);

const has = (names: string[], singular: string, plural: string) => `${joinNames(names)} ${names.length === 1 ? singular : plural}`;

function sentenceFor(aspect: Aspect, names: string[], values: (string | null)[]): string {
  const holders = names.filter((_, i) => values[i] !== null);
  const others = names.filter((_, i) => values[i] === null);
  const not = has(others, 'does not', 'do not');
  switch (aspect.kind) {
    case 'ttPermission':
      return `${has(holders, 'has', 'have')} ${aspect.detail} on ${aspect.subject}; ${not}.`;
    case 'ineffective':
      return `${has(holders, 'has', 'have')} an ineffective ${aspect.detail} grant on ${aspect.subject} (the Business Center does not hold it); ${not}.`;
    case 'spark':
      return `${has(holders, 'can', 'can')} run Spark Ads with ${possessive(aspect.subject)} existing posts on ${aspect.detail}; ${has(others, 'cannot', 'cannot')}.`;
    case 'adRole':
    case 'bcRole': {
      const groups = new Map<string | null, string[]>();
      names.forEach((name, i) => groups.set(values[i] ?? null, [...(groups.get(values[i] ?? null) ?? []), name]));
      const parts = [...groups.entries()].map(([value, who]) =>
        value === null ? has(who, aspect.kind === 'adRole' ? 'has no role' : 'is not a member', aspect.kind === 'adRole' ? 'have no role' : 'are not members') : `${has(who, 'is', 'are')} ${value}`,
      );
      return `${aspect.kind === 'adRole' ? 'On ad account' : 'In Business Center'} ${aspect.subject}, ${parts.join('; ')}.`;
    }
  }
}

/** Side by side comparison of 2–5 members: every aspect any of them has, which differ, and a sentence per difference. */
export function diffMembers(members: readonly MemberAccess[]): MemberDiff {
  if (members.length < MIN_COMPARED || members.length > MAX_COMPARED) throw new RangeError(`Compare ${MIN_COMPARED} to ${MAX_COMPARED} members, not ${members.length}`);
  const perMember = members.map(aspectsOf);
  const all = new Map<string, Aspect>();
  for (const m of perMember) for (const { aspect } of m.values()) all.set(aspect.key, aspect);
  const names = members.map((m) => m.name);
  const aspects = [...all.values()]
    .sort((a, b) => a.order.localeCompare(b.order))
    .map((aspect): ComparedAspect => {
      const values = perMember.map((m) => m.get(aspect.key)?.value ?? null);
      const differs = new Set(values).size > 1;
      return { key: aspect.key, kind: aspect.kind, label: aspect.label, values, differs, sentence: differs ? sentenceFor(aspect, names, values) : null };
    });
  return {
    members: members.map((m) => ({ memberKey: m.memberKey, name: m.name })),
    aspects,
    differences: aspects.filter((a) => a.sentence !== null).map((a) => ({ key: a.key, kind: a.kind, sentence: a.sentence! })),
  };
}
