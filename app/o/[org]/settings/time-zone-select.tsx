'use client';

import { useState } from 'react';
import { sendJson, useApiMutation } from '@/components/api-client';
import { FormError, Select } from '@/components/ui/field';
import { formatDateTime } from '@/lib/dates';

/** The organization's timezone (admins and owners), saved as soon as it changes; shows the time now in it. */
export function TimeZoneSelect({ orgSlug, value, choices, canEdit, now }: { orgSlug: string; value: string; choices: string[]; canEdit: boolean; now: string }) {
  const [current, setCurrent] = useState(value);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useApiMutation((next: string) => sendJson(`/api/orgs/${orgSlug}`, 'PATCH', { timeZone: next }), {
    onSuccess: (_data: unknown, next: string) => setSaved(next),
  });
  const options = choices.includes(value) ? choices : [value, ...choices];
  return (
    <div className="space-y-3">
      <FormError message={save.formError} />
      <div className="flex flex-wrap items-center gap-3">
        <Select
          aria-label="Timezone"
          className="w-72 max-w-full"
          value={current}
          disabled={!canEdit || save.isPending}
          onChange={(e) => {
            setSaved(null);
            setCurrent(e.target.value);
            save.mutate(e.target.value);
          }}
        >
          {options.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </Select>
        <span role="status" className="text-sm text-emerald-700">
          {saved ? `Saved — dates now show in ${saved}.` : ''}
        </span>
        {!canEdit ? <span className="text-sm text-slate-500">Only admins and owners can change this.</span> : null}
      </div>
      <p className="text-sm text-slate-500">It is now {formatDateTime(now, current)}.</p>
    </div>
  );
}
