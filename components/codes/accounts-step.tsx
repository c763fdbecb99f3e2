import type { Dispatch, SetStateAction } from 'react';
import type { CodeTarget } from '@/lib/codes/targets';
import { Card, CardHeader } from '../ui/card';

/** Step 2: the ad accounts each code is applied to. */
export function AccountsStep({ targets, chosen, onChosen }: { targets: CodeTarget[]; chosen: string[]; onChosen: Dispatch<SetStateAction<string[]>> }) {
  return (
    <Card>
      <CardHeader title="2. Choose ad accounts" description="A code is applied per ad account: each code becomes one result per account chosen." />
      {targets.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-500">No ad accounts yet: connect TikTok and let the first sync finish.</p>
      ) : (
        <fieldset className="grid gap-2 px-5 py-4 sm:grid-cols-2">
          <legend className="sr-only">Ad accounts</legend>
          {targets.map((t) => (
            <label key={t.advertiserId} className="flex items-start gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-50">
              <input
                type="checkbox"
                className="mt-0.5"
                checked={chosen.includes(t.advertiserId)}
                onChange={(e) => onChosen((list) => (e.target.checked ? [...list, t.advertiserId] : list.filter((id) => id !== t.advertiserId)))}
              />
              <span>
                <span className="font-medium text-slate-900">{t.name ?? t.advertiserId}</span>
                <span className="block text-xs text-slate-500">
                  {t.advertiserId} · {t.connectionLabel}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </Card>
  );
}
