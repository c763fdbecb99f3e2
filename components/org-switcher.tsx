'use client';

import { useRouter } from 'next/navigation';
import type { OrganizationSummary } from '@/lib/tenancy/organizations';

const NEW = '__new__';

export function OrgSwitcher({ current, organizations }: { current: string; organizations: OrganizationSummary[] }) {
  const router = useRouter();
  return (
    <label className="block">
      <span className="sr-only">Organization</span>
      <select
        aria-label="Organization"
        value={current}
        onChange={(e) => router.push(e.target.value === NEW ? '/orgs/new' : `/o/${e.target.value}`)}
        className="block w-full truncate rounded-md border-0 bg-white py-2 pl-3 pr-8 text-sm font-medium text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-slate-900"
      >
        {organizations.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name}
          </option>
        ))}
        <option value={NEW}>+ New organization…</option>
      </select>
    </label>
  );
}
