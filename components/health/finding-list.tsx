import { Badge } from '@/components/ui/badge';
import type { StoredFinding } from '@/db/schema';
import { describeFinding } from '@/lib/health/catalogue';
import { PILLAR_LABELS } from './labels';

const SEVERITY_TONES = { blocking: 'red', warning: 'amber', info: 'blue' } as const;
const SEVERITY_LABELS = { blocking: 'Blocking', warning: 'Warning', info: 'Notice' } as const;

const SEVERITY_ORDER = { blocking: 0, warning: 1, info: 2 } as const;

const evidenceValue = (value: string | number | boolean | null) => (value === null ? '—' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));

/** Each finding in its words: what it means, who fixes it, the fix steps, and the synced values that triggered it. */
export function FindingList({ findings, rootCause }: { findings: StoredFinding[]; rootCause: StoredFinding | null }) {
  return (
    <ul className="divide-y divide-slate-100">
      {findings
        .toSorted((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
        .map((stored, index) => {
          const finding = describeFinding(stored);
          const isRoot = rootCause !== null && stored.code === rootCause.code && stored.subject === rootCause.subject;
          const evidence = Object.entries(stored.evidence);
          return (
            <li key={`${stored.code}:${index}`} className="px-5 py-4" data-testid={`finding-${stored.code}`}>
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={SEVERITY_TONES[stored.severity]}>{SEVERITY_LABELS[stored.severity]}</Badge>
                <span className="text-xs font-medium uppercase tracking-wide text-slate-500">{PILLAR_LABELS[stored.pillar]}</span>
                {isRoot ? <Badge tone="neutral">Root cause</Badge> : null}
                <code className="text-xs text-slate-500">{stored.code}</code>
              </div>
              <h3 className="mt-1.5 text-sm font-semibold text-slate-900">{finding.title}</h3>
              {finding.explanation ? <p className="mt-1 text-sm text-slate-600">{finding.explanation}</p> : null}
              {finding.whoFixes.length > 0 ? (
                <p className="mt-2 text-sm text-slate-700">
                  <span className="font-medium">Who fixes it:</span> {finding.whoFixes.join(', ')}
                </p>
              ) : null}
              {finding.fixSteps.length > 0 ? (
                <div className="mt-2">
                  <p className="text-sm font-medium text-slate-700">How to fix it</p>
                  <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-sm text-slate-600" data-testid="fix-steps">
                    {finding.fixSteps.map((step) => (
                      <li key={step}>{step}</li>
                    ))}
                  </ol>
                </div>
              ) : null}
              {evidence.length > 0 ? (
                <details className="mt-2 text-xs text-slate-500">
                  <summary className="cursor-pointer select-none">Evidence (synced values)</summary>
                  <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 font-mono">
                    {evidence.map(([key, value]) => (
                      <div key={key} className="contents">
                        <dt className="text-slate-500">{key}</dt>
                        <dd className="break-all text-slate-600">{evidenceValue(value)}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
              ) : null}
            </li>
          );
        })}
    </ul>
  );
}
