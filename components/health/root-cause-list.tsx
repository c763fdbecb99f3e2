import Link from 'next/link';
import { describeRootCauseGroup } from '@/lib/health/catalogue';
import { adsListSearch, type RootCauseCount } from '@/lib/health/queries';

/** Where the group's ads are: the post it is about (when it is about one) and the ad accounts. */
function whereAbout(group: RootCauseCount): string {
  const itemId = group.subject?.startsWith('post:') || group.subject?.startsWith('item:') ? group.sample?.evidence.itemId : null;
  const accounts = group.advertisers === 1 ? `in ${group.advertiserName ?? 'one ad account'}` : `across ${group.advertisers} ad accounts`;
  return itemId ? `Post ${String(itemId)} · ${accounts}` : accounts;
}

/** Blocking ads grouped by root cause: one headline, who fixes it and the one fix, linking to the ads it blocks. */
export function RootCauseList({ groups, adsBase }: { groups: RootCauseCount[]; adsBase: string }) {
  return (
    <ul className="divide-y divide-slate-100">
      {groups.map((group) => {
        const href = `${adsBase}${adsListSearch({ status: 'blocking', cause: group.code, subject: group.subject ?? undefined })}`;
        const words = group.sample ? describeRootCauseGroup(group.sample, group.ads) : null;
        return (
          <li key={`${group.code}:${group.subject ?? ''}`} className="px-5 py-4" data-testid="root-cause-group">
            <Link href={href} className="text-sm font-semibold text-slate-900 hover:underline">
              {words?.headline ?? `${group.ads} ads blocked — ${group.code}`}
            </Link>
            <p className="mt-0.5 text-xs text-slate-500">
              {whereAbout(group)}
              {words && words.whoFixes.length > 0 ? ` · Who fixes it: ${words.whoFixes.join(', ')}` : ''}
            </p>
            {words && words.fixSteps.length > 0 ? (
              <ol className="mt-2 list-decimal space-y-0.5 pl-5 text-sm text-slate-600">
                {words.fixSteps.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
