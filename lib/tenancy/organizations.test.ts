import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeAuditEntry } from '@/lib/audit/describe';
import { orgSlugSchema, slugify } from './organizations';
import { hasRole } from './roles';

describe('slugify', () => {
  it('turns organization names into URL slugs', () => {
    expect(slugify('Glow Co.')).toBe('glow-co');
    expect(slugify('  Crème Brûlée Agency ')).toBe('creme-brulee-agency');
    expect(slugify('API')).toBe('org-api');
    expect(slugify('!!!')).toBe('org-workspace');
  });

  it('always yields a valid slug', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (name) => {
        expect(orgSlugSchema.safeParse(slugify(name)).error?.issues ?? []).toEqual([]);
      }),
    );
  });
});

describe('roles', () => {
  it('orders owner > admin > member > viewer', () => {
    expect(hasRole('owner', 'admin')).toBe(true);
    expect(hasRole('admin', 'admin')).toBe(true);
    expect(hasRole('member', 'admin')).toBe(false);
    expect(hasRole('viewer', 'member')).toBe(false);
    expect(hasRole('viewer', 'viewer')).toBe(true);
  });
});

describe('activity feed sentences', () => {
  const actor = { actorName: 'Dana', actorEmail: 'dana@x.example' };
  it('describes membership changes with the member’s email', () => {
    expect(describeAuditEntry({ ...actor, action: 'member.role_changed', target: 'user-id', meta: { email: 'lee@x.example', from: 'member', to: 'admin' } })).toBe(
      "Dana changed lee@x.example's role from member to admin",
    );
    expect(describeAuditEntry({ ...actor, action: 'invitation.created', target: 'sam@x.example', meta: { role: 'viewer' } })).toBe('Dana invited sam@x.example as viewer');
  });
});
