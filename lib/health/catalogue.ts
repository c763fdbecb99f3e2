import { formatDate } from '@/lib/dates';
import { availableStatusWords } from '@/lib/tiktok-words';
import type { Finding, FindingSeverity, HealthPillar, StoredFinding } from './types';

// The words of every health rule: what it means in plain language, where in TikTok to fix it and
// who does it. Findings are stored as facts (code, pillar, severity, subject, evidence) and
// described here when shown, so wording can improve without recomputing stored findings.

export const RULE_CODES = [
  'BC_ACCOUNT_NOT_LINKED',
  'BC_ACCOUNT_AMBIGUOUS',
  'BC_LINK_PENDING',
  'BC_NOT_ASSIGNED_TO_AD_ACCOUNT',
  'BC_EXISTING_POSTS_OFF',
  'BC_PUBLISH_NEW_OFF',
  'IDENTITY_CUSTOM',
  'IDENTITY_WRONG_HANDLE',
  'IDENTITY_UNAVAILABLE',
  'IDENTITY_NOT_TIKTOK_ACCOUNT',
  'AUTH_MISSING',
  'AUTH_EXPIRED',
  'AUTH_REVOKED',
  'AUTH_EXPIRING_SOON',
  'AUTH_SHORT_WINDOW',
  'POST_DELETED',
  'POST_NOT_FOUND',
  'POST_PRIVATE',
  'POST_UNSUPPORTED',
  'PRIVATE_WILL_BECOME_PUBLIC',
  'CAPTION_LOCKED',
  'PREVIEW_UNAVAILABLE',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export const WHO = {
  bcAdmin: 'BC admin',
  creator: 'Creator',
  accountOwner: 'TikTok account owner',
  mediaBuyer: 'Media buyer',
  support: 'TikTok support',
} as const;

type Evidence = StoredFinding['evidence'];

export type Rule = {
  /** The rule in a few words, for filters and groups of many ads. */
  label: string;
  pillar: HealthPillar;
  /** The usual severity; a finding carries its own (IDENTITY_CUSTOM is info on non-Spark ads). */
  severity: FindingSeverity;
  /** A fact worth showing that is never the root cause of an ad (it holds for every healthy authorized post). */
  note?: true;
  whoFixes: string[];
  title: (e: Evidence) => string;
  explanation: (e: Evidence) => string;
  fixSteps: (e: Evidence) => string[];
};

const text = (e: Evidence, key: string): string | null => {
  const value = e[key];
  return value === null || value === undefined || value === '' ? null : String(value);
};
/**
 * `@handle`; without one the name the ad's identity shows, or a neutral phrase — never the account's
 * raw id (a number or UUID nobody recognises; it stays in the evidence).
 */
const handle = (e: Evidence, key = 'handle'): string => {
  const value = text(e, key);
  if (value !== null) return `@${value.replace(/^@/, '')}`;
  const shown = key === 'handle' ? text(e, 'displayName') : null;
  return shown === null ? 'the TikTok account' : `the TikTok account “${shown}”`;
};
const possessive = (e: Evidence, key = 'handle'): string => {
  const value = text(e, key);
  if (value !== null) return `@${value.replace(/^@/, '')}'s`;
  const shown = key === 'handle' ? text(e, 'displayName') : null;
  return shown === null ? "The TikTok account's" : `“${shown}”'s`;
};
const bc = (e: Evidence): string => {
  const name = text(e, 'bcName');
  return name === null ? 'the Business Center' : `the Business Center “${name}”`;
};
const adAccount = (e: Evidence): string => {
  const name = text(e, 'advertiserName');
  return name === null ? `ad account ${text(e, 'advertiserId') ?? ''}`.trim() : `the ad account “${name}”`;
};
const date = (e: Evidence, key: string): string => {
  const value = text(e, key);
  if (value === null) return 'an unknown date';
  // One date format everywhere (lib/dates): "26 Nov 2026", in UTC (a finding does not know the organization's zone).
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value.slice(0, 10) : formatDate(parsed);
};
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const daysLeft = (e: Evidence): string => {
  const value = e.daysLeft;
  if (typeof value !== 'number') return '';
  return value <= 0 ? ' (today)' : ` (in ${days(value)})`;
};

const RENEW_CODE_STEPS = [
  'Creator: TikTok app → the post → … (More) → Ad settings → turn on Ad authorization',
  'Creator: Generate code → choose 365 days → send the code to the brand',
  'Media buyer: Ads Manager → Tools → Creative Assets → Spark Ads posts → Apply for Authorization → paste the code (or paste it into Sparkcheck’s Creator codes page)',
];

export const CATALOGUE: Record<RuleCode, Rule> = {
  BC_ACCOUNT_NOT_LINKED: {
    label: 'TikTok account not linked to a Business Center',
    pillar: 'business_center',
    severity: 'blocking',
    whoFixes: [WHO.bcAdmin, WHO.accountOwner],
    title: (e) => `${handle(e)} is not linked to any connected Business Center`,
    explanation: (e) =>
      `The ad posts as ${handle(e)} through a Business Center, but that TikTok account is not an asset of any Business Center Sparkcheck syncs. Without the link the ad account cannot use the account or its posts.`,
    fixSteps: (e) => [
      'BC admin: Business Center → Accounts → TikTok accounts → Add TikTok account → Link existing account',
      `Account owner of ${handle(e)}: scan the QR code in the TikTok app and accept the requested permissions (turn on Existing posts)`,
      'BC admin: assign the account to the ad account (see the next step Sparkcheck shows after the next sync)',
    ],
  },
  BC_ACCOUNT_AMBIGUOUS: {
    label: 'Two TikTok accounts in the Business Center share the name',
    pillar: 'business_center',
    severity: 'warning',
    whoFixes: [WHO.bcAdmin],
    title: (e) => `Sparkcheck cannot tell which TikTok account named ${handle(e)} the ad uses`,
    explanation: (e) =>
      `TikTok gives a Business Center identity and the Business Center's TikTok accounts no shared id, so Sparkcheck matches them by the account's name. ${bc(e)} holds ${text(e, 'candidates') ?? 'several accounts'} named ${handle(e)}, so its link state and permissions for this ad are not checked rather than guessed.`,
    fixSteps: (e) => [
      `BC admin: Business Center → Accounts → TikTok accounts → check the accounts named ${handle(e)}; remove the one that is no longer used`,
      'Sync again: with one account of that name Sparkcheck checks the link, the permissions and the assignment',
    ],
  },
  BC_LINK_PENDING: {
    label: 'Business Center link pending (QR not scanned)',
    pillar: 'business_center',
    severity: 'blocking',
    whoFixes: [WHO.accountOwner],
    title: (e) => `${possessive(e)} link to Business Center is pending`,
    explanation: (e) => `${bc(e)} asked to link ${handle(e)}, but the account owner has not scanned the QR code yet, so the link is not active and no ad can post as this account.`,
    fixSteps: (e) => [
      'BC admin: Business Center → Accounts → TikTok accounts → the pending account → resend or show the QR code',
      `Account owner of ${handle(e)}: TikTok app → scan the QR code → Authorize (keep Existing posts on)`,
    ],
  },
  BC_NOT_ASSIGNED_TO_AD_ACCOUNT: {
    label: 'TikTok account not assigned to the ad account',
    pillar: 'business_center',
    severity: 'blocking',
    whoFixes: [WHO.bcAdmin],
    title: (e) => `${handle(e)} is not assigned to ${adAccount(e)}`,
    explanation: (e) => `${handle(e)} is linked to ${bc(e)} but is not an ad-delivery asset of ${adAccount(e)}, so this ad account cannot post as it.`,
    fixSteps: (e) => [
      `BC admin: Business Center → Accounts → TikTok accounts → ${handle(e)} → Assign assets (or Advertiser accounts) → add ${adAccount(e)}`,
      'Sync again in Sparkcheck to confirm the identity appears on the ad account',
    ],
  },
  BC_EXISTING_POSTS_OFF: {
    label: '“Existing posts” permission off',
    pillar: 'business_center',
    severity: 'blocking',
    whoFixes: [WHO.bcAdmin, WHO.accountOwner],
    title: (e) => `“Existing posts” is off for ${handle(e)} in ${bc(e)}`,
    explanation: (e) => `${bc(e)} does not hold the Existing posts permission on ${handle(e)}, so ads cannot pull the account's organic posts (the post picker in Ads Manager stays empty).`,
    fixSteps: (e) => [
      `BC admin: Business Center → Accounts → TikTok accounts → ${handle(e)} → Edit permissions → request Existing posts`,
      `Account owner of ${handle(e)}: approve the permission request in the TikTok app`,
    ],
  },
  BC_PUBLISH_NEW_OFF: {
    label: '“Publish and manage new videos” off',
    pillar: 'business_center',
    severity: 'warning',
    whoFixes: [WHO.bcAdmin, WHO.accountOwner],
    title: (e) => `“Publish and manage new videos” is off for ${handle(e)}`,
    explanation: (e) => `The ad pushes a new video through ${handle(e)}, but ${bc(e)} may not publish new videos as this account, so the video cannot be posted for it.`,
    fixSteps: (e) => [
      `BC admin: Business Center → Accounts → TikTok accounts → ${handle(e)} → Edit permissions → request Publish and manage new videos`,
      `Account owner of ${handle(e)}: approve the request in the TikTok app; choose Show through ads only unless the video should also appear on the profile`,
    ],
  },
  IDENTITY_CUSTOM: {
    label: 'Custom Identity',
    pillar: 'identity',
    severity: 'blocking',
    whoFixes: [WHO.mediaBuyer],
    title: (e) => (e.spark === true ? 'The ad runs a TikTok post on a Custom Identity' : 'Custom Identity is being retired in 2026'),
    explanation: (e) =>
      e.spark === true
        ? 'A Custom Identity (a display name and picture) cannot run a TikTok post: Spark Ads must post as the TikTok account that owns the post.'
        : 'This ad uses a Custom Identity. It works today, but TikTok is retiring Custom Identity in 2026; plan to move the ad to a TikTok account identity.',
    fixSteps: (e) =>
      e.spark === true
        ? [
            'Media buyer: Ads Manager → Campaign → Ad group → the ad → Edit → Identity → turn on Use TikTok account',
            'Choose Use account owned by you or Use other authorized account or post, and select the account that owns the post',
          ]
        : ['Media buyer: Ads Manager → the ad → Edit → Identity → turn on Use TikTok account and choose the brand’s TikTok account (duplicate the ad if the identity cannot be changed)'],
  },
  IDENTITY_WRONG_HANDLE: {
    label: 'Identity is not the post’s owner',
    pillar: 'identity',
    severity: 'blocking',
    whoFixes: [WHO.mediaBuyer],
    title: (e) => `The ad posts as ${handle(e, 'identityHandle')}, but the post belongs to ${handle(e, 'postHandle')}`,
    explanation: (e) =>
      `A Spark ad must post as the account that owns the post. The identity selected on the ad (${handle(e, 'identityHandle')}) is not the post's owner (${handle(e, 'postHandle')}), so TikTok cannot deliver or preview it.`,
    fixSteps: (e) => [`Media buyer: Ads Manager → the ad → Edit → Identity → select ${handle(e, 'postHandle')} (for a creator's post: Use other authorized account or post → pick the post)`],
  },
  IDENTITY_UNAVAILABLE: {
    label: 'Identity unavailable',
    pillar: 'identity',
    severity: 'blocking',
    whoFixes: [WHO.bcAdmin, WHO.creator],
    title: (e) => {
      const status = text(e, 'availableStatus');
      const why = e.listed === false ? 'not listed on the ad account' : status === null || status === 'AVAILABLE' ? 'cannot pull posts' : availableStatusWords(status);
      return `${handle(e)} cannot be used as the ad's identity (${why})`;
    },
    explanation: (e) => {
      const status = text(e, 'availableStatus');
      if (e.listed === false) return `The ad account no longer lists ${handle(e)} as an identity it can use, so the ad cannot post as it.`;
      if (status === 'IS_PRIVATE_ACCOUNT') return `${handle(e)} is a private account; ads can only run posts of public accounts.`;
      if (status === 'NOT_BUSINESS_ACCOUNT') return `${handle(e)} is a personal account; it must be a TikTok Business Account to be used this way.`;
      if (status === 'SCOPE_UNAVAILABLE') return `The permissions ${handle(e)} granted do not cover this use (the authorization scope is missing or was withdrawn).`;
      if (status === 'NO_VALID_BIND_ACCOUNT') return `${handle(e)} has no valid link to the ad account.`;
      return `TikTok reports that ads cannot pull posts of ${handle(e)} (can_pull_video is off).`;
    },
    fixSteps: (e) => {
      const status = text(e, 'availableStatus');
      if (status === 'IS_PRIVATE_ACCOUNT') return [`Account owner of ${handle(e)}: TikTok app → Profile → ☰ → Settings and privacy → Privacy → turn off Private account`];
      if (status === 'NOT_BUSINESS_ACCOUNT') return [`Account owner of ${handle(e)}: TikTok app → Profile → ☰ → Settings and privacy → Account → Switch to Business Account`];
      return text(e, 'identityType') === 'BC_AUTH_TT'
        ? [
            `BC admin: Business Center → Accounts → TikTok accounts → ${handle(e)} → Edit permissions → request Existing posts again`,
            `Account owner of ${handle(e)}: approve the request in the TikTok app`,
          ]
        : [
            `Media buyer: Ads Manager → Tools → Creative Assets → TikTok accounts → ${handle(e)} → authorize again`,
            `Account owner of ${handle(e)}: approve every requested permission (including posts) in the TikTok app`,
          ];
    },
  },
  IDENTITY_NOT_TIKTOK_ACCOUNT: {
    label: '“Use TikTok account” off',
    pillar: 'identity',
    severity: 'blocking',
    whoFixes: [WHO.mediaBuyer],
    title: () => '“Use TikTok account” is off on an ad that runs a TikTok post',
    explanation: () => 'The ad names a TikTok post but no TikTok account identity, so TikTok has no account to deliver it as.',
    fixSteps: () => ['Media buyer: Ads Manager → the ad → Edit → Identity → turn on Use TikTok account → choose the account that owns the post'],
  },
  AUTH_MISSING: {
    label: 'No Spark authorization on the ad account',
    pillar: 'authorization',
    severity: 'blocking',
    whoFixes: [WHO.mediaBuyer, WHO.creator],
    title: (e) => `No Spark authorization for ${possessive(e)} post on ${adAccount(e)}`,
    explanation: (e) =>
      `The ad uses ${possessive(e).replace(/^The/, 'the')} post with a Spark code, but no code for this post was applied to ${adAccount(e)} (a code applied to another ad account does not count).`,
    fixSteps: () => [
      'Creator: send the Spark code for the post (or generate a new one: TikTok app → the post → … → Ad settings → Generate code)',
      'Media buyer: Ads Manager → Tools → Creative Assets → Spark Ads posts → Apply for Authorization → paste the code (or use Sparkcheck’s Creator codes page)',
    ],
  },
  AUTH_EXPIRED: {
    label: 'Spark authorization expired',
    pillar: 'authorization',
    severity: 'blocking',
    whoFixes: [WHO.creator, WHO.mediaBuyer],
    title: (e) => `${possessive(e)} Spark authorization expired on ${date(e, 'authEndTime')}`,
    explanation: () => 'The creator’s authorization window has ended, so the ad can no longer run the post (Ads Manager may show “creator authorization revoked”).',
    fixSteps: () => RENEW_CODE_STEPS,
  },
  AUTH_REVOKED: {
    label: 'Spark authorization revoked',
    pillar: 'authorization',
    severity: 'blocking',
    whoFixes: [WHO.creator],
    title: (e) => `${handle(e)} turned Ad authorization off for the post`,
    explanation: () => 'The creator withdrew the Spark authorization, so the ad cannot run the post until they authorize it again.',
    fixSteps: () => RENEW_CODE_STEPS,
  },
  AUTH_EXPIRING_SOON: {
    label: 'Spark authorization expiring soon',
    pillar: 'authorization',
    severity: 'warning',
    whoFixes: [WHO.creator, WHO.mediaBuyer],
    title: (e) =>
      e.beforeAdGroupEnd === true
        ? `${possessive(e)} authorization ends ${date(e, 'authEndTime')}, before the ad group ends ${date(e, 'adgroupEndTime')}`
        : `${possessive(e)} authorization ends ${date(e, 'authEndTime')}${daysLeft(e)}`,
    explanation: (e) =>
      e.beforeAdGroupEnd === true
        ? 'The Spark authorization ends while the ad group is still scheduled to run; the ad stops on that day unless the creator renews it.'
        : `The Spark authorization ends within the organization’s ${Number(e.windowDays ?? 14)}-day warning window; the ad stops on that day unless the creator renews it.`,
    fixSteps: () => RENEW_CODE_STEPS,
  },
  AUTH_SHORT_WINDOW: {
    label: 'Short authorization window',
    pillar: 'authorization',
    severity: 'info',
    whoFixes: [WHO.creator],
    title: (e) => `${possessive(e)} code only authorizes ${days(Number(e.windowDays ?? 0))}`,
    explanation: () => 'The running ad depends on a short authorization window (under 60 days), so it will need a renewal soon.',
    fixSteps: () => ['Creator: next time, choose 60 or 365 days when generating the code (TikTok app → the post → … → Ad settings → Generate code)'],
  },
  POST_DELETED: {
    label: 'Post deleted',
    pillar: 'post',
    severity: 'blocking',
    whoFixes: [WHO.mediaBuyer],
    title: (e) => (text(e, 'postStatus') === 'AUDIT_DELETE' ? `${possessive(e)} post was removed by moderation` : `${possessive(e)} post was deleted`),
    explanation: () => 'The post no longer exists on TikTok, so no ad can run it. It cannot be restored from the ad side.',
    fixSteps: () => ['Media buyer: Ads Manager → the ad → Edit → replace the creative with another authorized post (or pause the ad)'],
  },
  POST_NOT_FOUND: {
    label: 'Post not found for the identity',
    pillar: 'post',
    severity: 'blocking',
    whoFixes: [WHO.mediaBuyer],
    title: (e) => `The post is not among ${possessive(e).replace(/^The/, 'the')} posts`,
    explanation: (e) => `TikTok did not return post ${text(e, 'itemId') ?? ''} for ${handle(e)}: it was deleted, or it belongs to another account. Ads Manager shows such ads without a preview.`,
    fixSteps: (e) => [`Media buyer: Ads Manager → the ad → Edit → Identity → ${handle(e)} → pick one of its current posts, or choose the account that owns this post`],
  },
  POST_PRIVATE: {
    label: 'Post private',
    pillar: 'post',
    severity: 'blocking',
    whoFixes: [WHO.creator],
    title: (e) => `${possessive(e)} post is ${text(e, 'postStatus') === 'ONLY_FRIEND_SEE' ? 'friends-only' : 'private'}`,
    explanation: () => 'Spark Ads can only run a public post (or a private one pushed through an account in ads-only mode). This post is not visible to everyone.',
    fixSteps: () => ['Creator: TikTok app → the post → … → Privacy settings → Who can watch this video → Everyone'],
  },
  POST_UNSUPPORTED: {
    label: 'Post format not supported',
    pillar: 'post',
    severity: 'blocking',
    whoFixes: [WHO.mediaBuyer],
    title: (e) => `${possessive(e)} post is a format Spark Ads does not support (${text(e, 'reason') ?? 'unsupported'})`,
    explanation: () => 'Stories, duet carousels, multi-video mentions and similar formats cannot run as Spark Ads.',
    fixSteps: () => ['Media buyer: Ads Manager → the ad → Edit → replace the creative with a single-video or photo post'],
  },
  PRIVATE_WILL_BECOME_PUBLIC: {
    label: 'Private post will become public',
    pillar: 'post',
    severity: 'info',
    whoFixes: [WHO.creator, WHO.mediaBuyer],
    title: (e) => `${possessive(e)} private post will become public`,
    explanation: () => 'The post is private and the ad is set to Show on TikTok profile and in ads, so running the ad makes the post visible on the profile.',
    fixSteps: () => ['Media buyer: Ads Manager → the ad → Edit → Identity → choose Show through ads only, unless the post should go public'],
  },
  CAPTION_LOCKED: {
    label: 'Caption locked',
    pillar: 'post',
    severity: 'info',
    note: true,
    whoFixes: [],
    title: () => 'The caption can no longer be edited',
    explanation: () => 'While a Spark authorization is active the creator cannot edit the post’s caption. Nothing to fix.',
    fixSteps: () => [],
  },
  PREVIEW_UNAVAILABLE: {
    label: 'No TikTok preview',
    pillar: 'preview',
    severity: 'warning',
    whoFixes: [WHO.support],
    title: () => 'TikTok gives no preview for this ad',
    explanation: (e) => `Every pillar passes, but TikTok returned no preview${text(e, 'reason') === null ? '' : ` (“${text(e, 'reason') ?? ''}”)`}. This is usually on TikTok’s side.`,
    fixSteps: () => [
      'Media buyer: check again in Ads Manager → the ad → Preview after a few hours',
      'If it still fails: download the support packet from this page and send it to TikTok support (Ads Manager → ? → Contact us)',
    ],
  },
};

export function isRuleCode(code: string): code is RuleCode {
  return Object.hasOwn(CATALOGUE, code);
}

/** Rules build phrases from evidence ("the Business Center …"); shown words start upper-case. */
const capitalized = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/** A stored finding with its words. An unknown code (a rule since removed) is shown by its code. */
export function describeFinding(stored: StoredFinding): Finding {
  if (!isRuleCode(stored.code)) return { ...stored, title: stored.code, explanation: '', fixSteps: [], whoFixes: [] };
  const rule = CATALOGUE[stored.code];
  const e = stored.evidence;
  return { ...stored, title: capitalized(rule.title(e)), explanation: capitalized(rule.explanation(e)), fixSteps: rule.fixSteps(e), whoFixes: rule.whoFixes };
}

export type RootCauseGroup = {
  /** “14 ads blocked — @brand's link to Business Center is pending”. */
  headline: string;
  title: string;
  fixSteps: string[];
  whoFixes: string[];
};

const VERB: Record<FindingSeverity, string> = { blocking: 'blocked', warning: 'at risk', info: 'with a notice' };

/**
 * One sentence and one fix for the ads whose root cause shares a code and subject. `sample` is the
 * root cause of any one of them: within a subject the evidence the words use is the same. Without
 * a subject (a fix on each ad) the group is named by the rule alone.
 */
export function describeRootCauseGroup(sample: StoredFinding, adCount: number): RootCauseGroup {
  const perAd = sample.subject === null;
  // Without a subject the ads share only the rule: keep the flags that choose its wording, not the names.
  const finding = describeFinding(perAd ? { ...sample, evidence: Object.fromEntries(Object.entries(sample.evidence).filter(([, v]) => typeof v === 'boolean')) } : sample);
  const title = perAd && isRuleCode(sample.code) ? CATALOGUE[sample.code].label : finding.title;
  return {
    headline: `${adCount} ad${adCount === 1 ? '' : 's'} ${VERB[sample.severity]} — ${title}`,
    title,
    fixSteps: finding.fixSteps,
    whoFixes: finding.whoFixes,
  };
}
