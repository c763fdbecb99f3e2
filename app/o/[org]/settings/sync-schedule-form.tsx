'use client';

import { useState } from 'react';
import { sendJson, useApiMutation } from '@/components/api-client';
import { FormError, Select } from '@/components/ui/field';

const CHOICES: Array<[number, string]> = [
  [15, 'Every 15 minutes'],
  [30, 'Every 30 minutes'],
  [60, 'Every hour'],
  [120, 'Every 2 hours'],
  [360, 'Every 6 hours'],
  [1440, 'Once a day'],
  [0, 'Off (only “Sync now”)'],
];

export function SyncScheduleForm({ orgSlug, minutes, canEdit }: { orgSlug: string; minutes: number; canEdit: boolean }) {
  const [saved, setSaved] = useState(false);
  const save = useApiMutation((syncIntervalMinutes: number) => sendJson(`/api/orgs/${orgSlug}`, 'PATCH', { syncIntervalMinutes }), { onSuccess: () => setSaved(true) });
  const choices = CHOICES.some(([m]) => m === minutes) ? CHOICES : [...CHOICES, [minutes, `Every ${minutes} minutes`] as [number, string]];
  return (
    <div className="space-y-3">
      <FormError message={save.formError} />
      <div className="flex items-center gap-3">
        <Select
          aria-label="Sync schedule"
          className="w-64"
          defaultValue={String(minutes)}
          disabled={!canEdit || save.isPending}
          onChange={(e) => {
            setSaved(false);
            save.mutate(Number(e.target.value));
          }}
        >
          {choices.map(([m, label]) => (
            <option key={m} value={m}>
              {label}
            </option>
          ))}
        </Select>
        {saved ? <span className="text-sm text-emerald-700">Saved</span> : null}
        {!canEdit ? <span className="text-sm text-slate-500">Only admins and owners can change the schedule.</span> : null}
      </div>
    </div>
  );
}
