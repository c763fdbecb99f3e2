import { Badge } from '@/components/ui/badge';
import { AD_ROLE_LABELS, PERMISSION_LABELS } from '@/lib/permissions/access';

/** TikTok-account permissions; those the BC does not hold are struck through and explained on hover. */
export function TtPermissions({ effective, ineffective }: { effective: string[]; ineffective: string[] }) {
  return (
    <span className="flex flex-wrap gap-1 whitespace-nowrap">
      {effective.map((p) => (
        <Badge key={p} tone={p === 'POST' ? 'green' : 'neutral'}>
          {PERMISSION_LABELS[p] ?? p}
        </Badge>
      ))}
      {ineffective.map((p) => (
        <span
          key={p}
          title="Ineffective: the Business Center does not hold this permission on the account"
          data-ineffective="true"
          className="inline-flex items-center rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 line-through ring-1 ring-inset ring-red-200"
        >
          {PERMISSION_LABELS[p] ?? p}
        </span>
      ))}
    </span>
  );
}

/** What a grant list from the history says, in Business Center's words. */
export function grantWords(assetType: string, grants: string[]): string {
  if (grants.length === 0) return 'nothing';
  const labels = assetType === 'ADVERTISER' ? AD_ROLE_LABELS : PERMISSION_LABELS;
  return grants.map((g) => labels[g] ?? g).join(', ');
}
