import { formatDateTime } from '@/lib/dates';
import type { DatabaseHandle } from '@/db/client';
import { ValidationError } from '@/lib/errors';
import { describeFinding, describeRootCauseGroup } from '@/lib/health/catalogue';
import { adsListSearch, getHealthOverview, listAds, parseAdsListQuery, type AdListRow, type HealthOverview } from '@/lib/health/queries';
import { findOrganizationBySlug, type OrganizationRef } from '@/lib/tenancy/operator';
import { UsageError } from './args';

/** Ads with findings the command lists (worst first); the rest are counted and left to the ads page. */
export const HEALTH_ADS_SHOWN = 100;

export type HealthReport = {
  org: OrganizationRef;
  advertiserId: string | null;
  overview: HealthOverview;
  /** Blocking and warning ads, worst first, at most HEALTH_ADS_SHOWN. */
  ads: AdListRow[];
  /** All blocking and warning ads. */
  adsWithFindings: number;
};

/** `health --org S [--advertiser ID]`: the overview's counts and root-cause groups, then the ads with findings. */
export async function healthReport(databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>, { orgSlug, advertiserId }: { orgSlug: string; advertiserId?: string }): Promise<HealthReport> {
  let advertiser: string | undefined;
  try {
    advertiser = parseAdsListQuery({ advertiser: advertiserId }).advertiser;
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(`health: --advertiser ${error.message.replace(/^Invalid filter — ad account: /, '')}`);
    throw error;
  }
  const org = await findOrganizationBySlug(databases.db, orgSlug);
  const db = databases.forOrganization(org.id);
  // Worst first, so the blocking and warning ads are the first rows.
  const [overview, page] = await Promise.all([
    getHealthOverview(db, { orgId: org.id, advertiserId: advertiser }),
    listAds(db, { orgId: org.id, query: { advertiser, sort: 'severity' }, pageSize: HEALTH_ADS_SHOWN }),
  ]);
  const adsWithFindings = overview.statusCounts.blocking + overview.statusCounts.warning;
  return { org, advertiserId: advertiser ?? null, overview, ads: page.rows.filter((r) => r.status === 'blocking' || r.status === 'warning'), adsWithFindings };
}

function rootCauseOf(row: AdListRow) {
  const finding = row.findings.find((f) => f.code === row.rootCauseCode && f.subject === row.rootCauseSubject);
  return finding ? { code: finding.code, title: describeFinding(finding).title } : null;
}

function groups(report: HealthReport) {
  return report.overview.rootCauses.map((g) => {
    const words = g.sample ? describeRootCauseGroup(g.sample, g.ads) : null;
    return {
      code: g.code,
      subject: g.subject,
      ads: g.ads,
      headline: words?.headline ?? `${g.ads} ads blocked — ${g.code}`,
      whoFixes: words?.whoFixes ?? [],
      fixSteps: words?.fixSteps ?? [],
      adsPath: `/o/${report.org.slug}/ads${adsListSearch({ status: 'blocking', advertiser: report.advertiserId ?? undefined, cause: g.code, subject: g.subject ?? undefined })}`,
    };
  });
}

export function healthJson(report: HealthReport) {
  return {
    ok: true,
    org: report.org.slug,
    advertiser: report.advertiserId,
    statusCounts: report.overview.statusCounts,
    lastSyncedAt: report.overview.lastSyncedAt?.toISOString() ?? null,
    rootCauses: groups(report),
    adsWithFindings: report.adsWithFindings,
    ads: report.ads.map((row) => ({
      adId: row.adId,
      adName: row.adName,
      advertiserId: row.advertiserId,
      advertiserName: row.advertiserName,
      status: row.status,
      rootCause: rootCauseOf(row),
      findings: row.findingCodes,
      authEndTime: row.authEndTime?.toISOString() ?? null,
    })),
  };
}

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));

export function describeHealth(report: HealthReport): string {
  const { overview, org } = report;
  const c = overview.statusCounts;
  const scope = report.advertiserId ? `${org.name} (${org.slug}), ad account ${report.advertiserId}` : `${org.name} (${org.slug})`;
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  if (total === 0) {
    return overview.connections === 0
      ? `${scope}: no TikTok connection yet. Connect one with \`npm run cli -- connect --org ${org.slug} --access-token …\`.`
      : `${scope}: no ads with health yet${overview.lastSyncedAt ? ' (the last sync found none)' : '; run `npm run cli -- sync --org ' + org.slug + '`'}.`;
  }
  const lines = [
    `${scope} — Spark ad health${overview.lastSyncedAt ? `, last sync ${formatDateTime(overview.lastSyncedAt, org.timeZone)}` : ''}`,
    `  ${c.blocking} blocking · ${c.warning} warning · ${c.healthy} healthy · ${c.not_spark} not Spark · ${c.deleted} deleted`,
    '',
  ];
  const causes = groups(report);
  if (causes.length === 0) lines.push('No Spark ad is blocked.');
  else {
    lines.push('Blocking root causes (one fix each):');
    for (const g of causes) {
      lines.push(`  ${g.headline}`);
      if (g.whoFixes.length > 0) lines.push(`    who fixes it: ${g.whoFixes.join(', ')}`);
      g.fixSteps.forEach((step, i) => lines.push(`    ${i + 1}. ${step}`));
      lines.push(`    ads: ${g.adsPath}`);
    }
  }
  lines.push('');
  if (report.ads.length === 0) lines.push('No ad has a blocking or warning finding.');
  else {
    lines.push(`Ads with findings (${c.blocking} blocking, ${c.warning} warning), worst first:`);
    for (const row of report.ads) {
      const cause = rootCauseOf(row);
      lines.push(`  ${pad(row.status.toUpperCase(), 9)}${pad(row.adId, 21)}${pad(row.adName ?? '(unnamed)', 32)} ${cause ? `— ${cause.title}` : ''}`.trimEnd());
    }
    if (report.adsWithFindings > report.ads.length)
      lines.push(`  … and ${report.adsWithFindings - report.ads.length} more: /o/${org.slug}/ads${adsListSearch({ advertiser: report.advertiserId ?? undefined })}`);
  }
  return lines.join('\n');
}
