import type { HealthPillar, StoredFinding } from '@/db/schema';
import { formatDate } from '@/lib/dates';
import { describeFinding } from '@/lib/health/catalogue';
import { normalizePostStatus } from '@/lib/health/post-rules';
import type { AdSnapshot } from '@/lib/health/types';
import { adAuthStatusWords, availableStatusWords, bcLinkStatusWords, identityTypeWords, noSparkCodeNeeded, postStatusWords } from '@/lib/tiktok-words';
import { cn } from '@/components/ui/cn';
import { PILLAR_LABELS } from './labels';

/** `codes`: TikTok's raw values behind the words, shown small so they can be matched with Ads Manager. */
type Check = { pillar: HealthPillar; state: 'pass' | 'fail' | 'warn' | 'not_applicable' | 'not_checked'; lines: string[]; codes: string[] };

const yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? 'unknown' : v ? 'yes' : 'no');
const at = (h: string | null | undefined) => (h ? `@${h}` : 'an unknown account');

/** What the synced data says about a pillar, shown when it passes (a failing pillar shows its findings). */
/**
 * Whether the synced data lets this pillar pass on its own. The engine gives no separate finding for
 * a problem an earlier pillar explains (a BC account that cannot be used because its link is pending,
 * a post TikTok hides until then), so such a pillar is "not checked", never a green tick.
 */
function explainedByEarlier(pillar: HealthPillar, s: AdSnapshot): boolean {
  if (pillar === 'identity') return s.identity !== null && ((s.identity.availableStatus !== null && s.identity.availableStatus !== 'AVAILABLE') || s.identity.canPullVideo === false);
  if (pillar === 'post') return s.ad.tiktokItemId !== null && s.post === null;
  return false;
}

function facts(pillar: HealthPillar, s: AdSnapshot, timeZone: string): { applies: boolean; lines: string[]; codes?: (string | null)[] } {
  const { ad, identity, authorization, post } = s;
  switch (pillar) {
    case 'business_center':
      if (ad.identityType !== 'BC_AUTH_TT') return { applies: false, lines: ['Not used: the ad does not post through a Business Center account.'] };
      return {
        applies: true,
        lines: [
          ...s.bcLinks.map(
            (l) => `${at(s.ttAccount?.handle)} in ${l.bcName ?? l.bcId}: link ${bcLinkStatusWords(l.relationStatus) ?? 'unknown'}, BC permissions ${l.ttAccountRoles.join(', ') || 'none'}`,
          ),
          `Assigned to this ad account as an ad-delivery asset: ${yesNo(s.assignedToAdAccount)}`,
        ],
        codes: [ad.identityType, ...s.bcLinks.map((l) => l.relationStatus)],
      };
    case 'identity':
      return {
        applies: true,
        lines: [
          `Posts as: ${identityTypeWords(ad.identityType) ?? 'no TikTok account (Use TikTok account off)'}${identity?.username ? `, ${at(identity.username)}` : ''}`,
          ...(identity ? [`Available: ${availableStatusWords(identity.availableStatus) ?? 'unknown'}, can pull posts: ${yesNo(identity.canPullVideo)}`] : []),
          ...(s.postOwner?.handle ? [`The post belongs to ${at(s.postOwner.handle)}`] : []),
        ],
        codes: [ad.identityType, identity?.availableStatus ?? null],
      };
    case 'authorization':
      if (ad.identityType !== 'AUTH_CODE') return { applies: false, lines: [`No Spark code needed: ${noSparkCodeNeeded(ad.identityType)}`] };
      return {
        applies: true,
        lines: authorization
          ? [
              `Status: ${adAuthStatusWords(authorization.adAuthStatus) ?? 'unknown'}, code ${authorization.authCodeMasked ?? 'not stored'}`,
              `Window ${authorization.authStartTime ? formatDate(authorization.authStartTime, timeZone) : '?'} – ${authorization.authEndTime ? formatDate(authorization.authEndTime, timeZone) : '?'}`,
            ]
          : ['No authorization of this post on this ad account.'],
        codes: [authorization?.adAuthStatus ?? null],
      };
    case 'post':
      if (ad.tiktokItemId === null) return { applies: false, lines: ['The ad does not run a TikTok post.'] };
      return {
        applies: true,
        lines: post
          ? [`Post ${post.itemId}: ${postStatusWords(normalizePostStatus(post.status)) ?? 'status unknown'}${post.itemType ? `, ${post.itemType.toLowerCase()}` : ''}`]
          : [`Post ${ad.tiktokItemId} not returned by TikTok`],
        codes: [normalizePostStatus(post?.status ?? null)],
      };
    case 'preview':
      return { applies: false, lines: [] };
  }
}

function checks(findings: StoredFinding[], snapshot: AdSnapshot | null, timeZone: string): Check[] {
  const blockingPillars = new Set(findings.filter((f) => f.severity === 'blocking').map((f) => f.pillar));
  const order = ['business_center', 'identity', 'authorization', 'post'] as const;
  return order.map((pillar, index) => {
    const mine = findings.filter((f) => f.pillar === pillar && f.severity !== 'info');
    const found = snapshot ? facts(pillar, snapshot, timeZone) : { applies: true, lines: [] };
    const known = { ...found, codes: [...new Set((found.codes ?? []).filter((c): c is string => c !== null))] };
    const titles = mine.map((f) => describeFinding(f).title);
    if (mine.some((f) => f.severity === 'blocking')) return { pillar, state: 'fail', lines: titles, codes: [...mine.map((f) => f.code), ...known.codes] };
    if (mine.length > 0) return { pillar, state: 'warn', lines: titles, codes: [...mine.map((f) => f.code), ...known.codes] };
    const earlierFails = order.slice(0, index).some((p) => blockingPillars.has(p));
    if (snapshot && earlierFails && explainedByEarlier(pillar, snapshot)) {
      return { pillar, state: 'not_checked', lines: [...known.lines, 'Not checked on its own: it follows from the problem above; fix that first.'], codes: known.codes };
    }
    return { pillar, state: known.applies ? 'pass' : 'not_applicable', lines: known.lines, codes: known.applies ? known.codes : [] };
  });
}

const MARKS = {
  pass: { mark: '✓', label: 'passes', className: 'bg-emerald-100 text-emerald-700' },
  fail: { mark: '✗', label: 'fails', className: 'bg-red-100 text-red-700' },
  warn: { mark: '!', label: 'passes with a warning', className: 'bg-amber-100 text-amber-800' },
  not_applicable: { mark: '–', label: 'does not apply', className: 'bg-slate-100 text-slate-500' },
  not_checked: { mark: '?', label: 'not checked', className: 'bg-slate-100 text-slate-600' },
} as const;

/** The three pillars and the post, in the order TikTok needs them, each ✓ / ✗ with what the synced data shows. */
export function PillarChecklist({ findings, snapshot, timeZone = 'UTC' }: { findings: StoredFinding[]; snapshot: AdSnapshot | null; timeZone?: string }) {
  return (
    <ol className="divide-y divide-slate-100">
      {checks(findings, snapshot, timeZone).map((check) => {
        const mark = MARKS[check.state];
        return (
          <li key={check.pillar} className="flex gap-3 px-5 py-3" data-testid={`pillar-${check.pillar}`} data-state={check.state}>
            <span aria-hidden className={cn('mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-sm font-semibold', mark.className)}>
              {mark.mark}
            </span>
            <div className="min-w-0 text-sm">
              <p className="font-medium text-slate-900">
                {PILLAR_LABELS[check.pillar]} <span className="sr-only">{mark.label}</span>
              </p>
              <ul className="mt-0.5 space-y-0.5 text-slate-600">
                {check.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              {check.codes.length > 0 ? (
                <p className="mt-1 flex flex-wrap gap-1" aria-label="TikTok values">
                  {check.codes.map((code) => (
                    <code key={code} className="rounded bg-slate-100 px-1 py-px font-mono text-[11px] text-slate-600">
                      {code}
                    </code>
                  ))}
                </p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
