'use client';

import { useState } from 'react';
import { sendJson, useApiMutation } from '@/components/api-client';
import { ScriptButton } from '@/components/ui/script-button';
import { Field, FormError, Input, Select } from '@/components/ui/field';

export type AlertSettingsValues = { expiryWindowDays: number; dailyDigest: boolean; digestHourUtc: number; immediateBlocking: boolean };

const HOURS = Array.from({ length: 24 }, (_, h) => h);

function Toggle({ id, label, description, checked, onChange }: { id: string; label: string; description: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="flex items-start gap-3">
      <input id={id} type="checkbox" className="mt-0.5 size-4 rounded border-slate-300 accent-slate-900" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id} className="text-sm">
        <span className="font-medium text-slate-900">{label}</span>
        <span className="block text-slate-500">{description}</span>
      </label>
    </div>
  );
}

/** The expiry window and which alerts go out; saved together. */
export function AlertSettingsForm({ orgSlug, initial, windowBounds }: { orgSlug: string; initial: AlertSettingsValues; windowBounds: { min: number; max: number } }) {
  const [values, setValues] = useState(initial);
  const [windowText, setWindowText] = useState(String(initial.expiryWindowDays));
  const [saved, setSaved] = useState(false);
  const save = useApiMutation(() => sendJson(`/api/orgs/${orgSlug}/alerts`, 'PATCH', { ...values, expiryWindowDays: windowText }), {
    onSuccess: () => setSaved(true),
    fields: ['expiryWindowDays'],
  });
  const set = <K extends keyof AlertSettingsValues>(key: K, value: AlertSettingsValues[K]) => {
    setSaved(false);
    setValues((v) => ({ ...v, [key]: value }));
  };
  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <FormError message={save.formError} />
      <div className="max-w-md">
        <Field
          label="Expiry window (days)"
          htmlFor="expiry-window"
          error={save.fieldError('expiryWindowDays')}
          hint={`Authorizations ending within this many days are in the digest and flagged “expiring soon” on ads (${windowBounds.min}–${windowBounds.max}).`}
        >
          <Input
            id="expiry-window"
            type="number"
            inputMode="numeric"
            min={windowBounds.min}
            max={windowBounds.max}
            className="max-w-28"
            aria-invalid={save.fieldError('expiryWindowDays') ? true : undefined}
            value={windowText}
            onChange={(e) => {
              setSaved(false);
              setWindowText(e.target.value);
            }}
          />
        </Field>
      </div>
      <div className="space-y-4">
        <div className="flex flex-wrap items-start gap-x-6 gap-y-3">
          <Toggle
            id="daily-digest"
            label="Daily digest"
            description="Expiring authorizations with renewal requests, and ads that turned blocking since the last digest."
            checked={values.dailyDigest}
            onChange={(v) => set('dailyDigest', v)}
          />
          <div className="flex items-center gap-2 pl-7 sm:pl-0">
            <label htmlFor="digest-hour" className="whitespace-nowrap text-sm text-slate-600">
              Send at
            </label>
            <Select id="digest-hour" className="w-28" value={values.digestHourUtc} disabled={!values.dailyDigest} onChange={(e) => set('digestHourUtc', Number(e.target.value))}>
              {HOURS.map((h) => (
                <option key={h} value={h}>
                  {`${String(h).padStart(2, '0')}:00 UTC`}
                </option>
              ))}
            </Select>
          </div>
        </div>
        <Toggle
          id="immediate-blocking"
          label="Immediate alert when a running Spark ad becomes blocking"
          description="Checked every minute; each ad is reported once each time it breaks, with its root cause and fix."
          checked={values.immediateBlocking}
          onChange={(v) => set('immediateBlocking', v)}
        />
      </div>
      <div className="flex items-center gap-3">
        <ScriptButton type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save alert settings'}
        </ScriptButton>
        {saved ? <span className="text-sm text-emerald-700">Saved</span> : null}
      </div>
    </form>
  );
}
