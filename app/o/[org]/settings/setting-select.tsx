'use client';

import { useState } from 'react';
import { sendJson, useApiMutation } from '@/components/api-client';
import { FormError, Select } from '@/components/ui/field';

export type SettingField = 'syncIntervalMinutes' | 'permissionRefreshHours' | 'previewChecksPerHour';

/** One organization setting chosen from a list, saved as soon as it changes (admins and owners). */
export function SettingSelect({
  orgSlug,
  field,
  label,
  value,
  choices,
  describe,
  canEdit,
}: {
  orgSlug: string;
  field: SettingField;
  label: string;
  value: number;
  choices: Array<[number, string]>;
  /** How a stored value that is not among the choices reads, e.g. "Every 45 minutes". */
  describe: string;
  canEdit: boolean;
}) {
  const [saved, setSaved] = useState(false);
  const save = useApiMutation((next: number) => sendJson(`/api/orgs/${orgSlug}`, 'PATCH', { [field]: next }), { onSuccess: () => setSaved(true) });
  const options = choices.some(([v]) => v === value) ? choices : [...choices, [value, describe] as [number, string]];
  return (
    <div className="space-y-3">
      <FormError message={save.formError} />
      <div className="flex items-center gap-3">
        <Select
          aria-label={label}
          className="w-64"
          defaultValue={String(value)}
          disabled={!canEdit || save.isPending}
          onChange={(e) => {
            setSaved(false);
            save.mutate(Number(e.target.value));
          }}
        >
          {options.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </Select>
        {saved ? <span className="text-sm text-emerald-700">Saved</span> : null}
        {!canEdit ? <span className="text-sm text-slate-500">Only admins and owners can change this.</span> : null}
      </div>
    </div>
  );
}
