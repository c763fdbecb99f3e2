import { formatDate, formatDateTime } from '@/lib/dates';
import { normalizePostStatus } from '@/lib/health/post-rules';
import { adAuthStatusWords, noSparkCodeNeeded, postStatusWords } from '@/lib/tiktok-words';
import type { AdHealthStatus, AdSnapshot } from '@/lib/health/types';
import { httpsUrlOrNull } from '@/lib/safe-url';
import { daysLeftLabel } from './labels';

/**
 * The post the ad runs and its authorization window. Sparkcheck stores IDs, not TikTok's signed
 * media URLs (they expire within about an hour), so there is no thumbnail; the post opens on TikTok.
 */
export function PostDetails({ snapshot, now, timeZone = 'UTC' }: { snapshot: AdSnapshot; now: Date; timeZone?: string }) {
  const { ad, post, authorization } = snapshot;
  const handle = snapshot.postOwner?.handle ?? snapshot.identity?.username ?? snapshot.ttAccount?.handle ?? null;
  const itemId = post?.itemId ?? ad.tiktokItemId;
  if (itemId === null) return <p className="px-5 py-4 text-sm text-slate-500">This ad does not run a TikTok post (an uploaded video or image).</p>;
  return (
    <dl className="grid gap-x-6 gap-y-3 px-5 py-4 text-sm sm:grid-cols-[max-content_1fr]">
      <dt className="text-slate-500">Creator</dt>
      <dd className="min-w-0 break-words text-slate-900">
        {handle ? (
          <a href={`https://www.tiktok.com/@${encodeURIComponent(handle)}/video/${encodeURIComponent(itemId)}`} target="_blank" rel="noreferrer" className="font-medium hover:underline">
            @{handle} — open the post on TikTok ↗
          </a>
        ) : (
          'Unknown'
        )}
      </dd>
      <dt className="text-slate-500">Post ID</dt>
      <dd className="min-w-0 break-all font-mono text-slate-700">{itemId}</dd>
      <dt className="text-slate-500">Caption</dt>
      <dd className="min-w-0 whitespace-pre-line break-words text-slate-700" data-testid="post-caption">
        {post?.caption ?? <span className="text-slate-500">Not returned by TikTok</span>}
      </dd>
      <dt className="text-slate-500">Post status</dt>
      <dd className="min-w-0 break-words text-slate-700">
        {post?.status ? (
          <>
            {postStatusWords(normalizePostStatus(post.status))} <code className="rounded bg-slate-100 px-1 font-mono text-[11px] text-slate-600">{normalizePostStatus(post.status)}</code>
          </>
        ) : (
          <span className="text-slate-500">Unknown</span>
        )}
      </dd>
      <dt className="text-slate-500">Authorization</dt>
      <dd className="min-w-0 break-words text-slate-700" data-testid="authorization-window">
        {authorization ? (
          <>
            {authorization.authStartTime ? formatDate(authorization.authStartTime, timeZone) : '?'} – {authorization.authEndTime ? formatDate(authorization.authEndTime, timeZone) : '?'}
            {authorization.authEndTime ? <span className="ml-2 font-medium text-slate-900">({daysLeftLabel(authorization.authEndTime, now)})</span> : null}
            <div className="text-xs text-slate-500">
              Status: {adAuthStatusWords(authorization.adAuthStatus) ?? 'unknown'} · code {authorization.authCodeMasked ?? 'not stored'}
            </div>
          </>
        ) : ad.identityType === 'AUTH_CODE' ? (
          'No Spark code for this post was applied to this ad account.'
        ) : (
          `Not needed: ${noSparkCodeNeeded(ad.identityType)}`
        )}
      </dd>
    </dl>
  );
}

/** The TikTok preview link when TikTok gave one, otherwise why there is none. */
export function PreviewDetails({ snapshot, status, timeZone = 'UTC' }: { snapshot: AdSnapshot; status: AdHealthStatus; timeZone?: string }) {
  const preview = snapshot.preview;
  const previewUrl = httpsUrlOrNull(preview?.previewUrl);
  if (preview && previewUrl) {
    return (
      <div className="px-5 py-4 text-sm" data-testid="preview">
        <a href={previewUrl} target="_blank" rel="noreferrer" className="font-medium text-slate-900 underline underline-offset-4">
          Open the TikTok preview ↗
        </a>
        <p className="mt-1 text-xs text-slate-500">Created by TikTok {formatDateTime(preview.checkedAt, timeZone)}; TikTok keeps preview links for 30 days.</p>
      </div>
    );
  }
  const why = preview
    ? `TikTok returned no preview when Sparkcheck asked on ${formatDateTime(preview.checkedAt, timeZone)}${preview.reason ? `: “${preview.reason}”` : '.'}`
    : status === 'blocking'
      ? 'Sparkcheck does not ask TikTok for a preview of a blocked ad: TikTok cannot preview it until the root cause above is fixed.'
      : status === 'deleted' || status === 'not_spark'
        ? 'There is no Spark preview for this ad.'
        : 'Not checked yet: Sparkcheck has not asked TikTok for a preview of this ad. Preview checks share the organization’s hourly budget of TikTok calls and go oldest first after each sync, so a large account is covered over several syncs.';
  return (
    <p className="px-5 py-4 text-sm text-slate-600" data-testid="preview">
      {why}
    </p>
  );
}
