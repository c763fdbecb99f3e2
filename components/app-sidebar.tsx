import Link from 'next/link';
import type { SessionUser } from '@/lib/auth/session';
import type { OrganizationSummary } from '@/lib/tenancy/organizations';
import { hasRole, ROLE_LABELS, type Role } from '@/lib/tenancy/roles';
import { AppShellMenu } from './app-shell-menu';
import { NavLink } from './nav-link';
import { OrgSwitcher } from './org-switcher';

/** The organization switcher, the sections and the signed-in user (a top bar with a menu on a phone). Sections appear here as they are built; nothing links to a page that does not exist yet. */
/** `signOut` is the route's server action, passed in: components never import from app. */
export function AppSidebar({ orgSlug, role, organizations, user, signOut }: { orgSlug: string; role: Role; organizations: OrganizationSummary[]; user: SessionUser; signOut: () => Promise<void> }) {
  const base = `/o/${orgSlug}`;
  return (
    <AppShellMenu>
      <OrgSwitcher current={orgSlug} organizations={organizations} />
      <nav aria-label="Sections" className="mt-5 space-y-0.5">
        <NavLink href={base} exact>
          Overview
        </NavLink>
        <NavLink href={`${base}/ads`}>Ads</NavLink>
        <NavLink href={`${base}/team`}>Team</NavLink>
        {hasRole(role, 'member') ? <NavLink href={`${base}/codes`}>Creator codes</NavLink> : null}
        <NavLink href={`${base}/renewals`}>Renewals</NavLink>
        <NavLink href={`${base}/sync`}>Sync history</NavLink>
        {hasRole(role, 'admin') ? <NavLink href={`${base}/connections`}>Connections</NavLink> : null}
        <NavLink href={`${base}/settings`}>Settings</NavLink>
      </nav>
      <div className="mt-5 border-t border-slate-200 px-2 pt-4 md:mt-auto">
        <p className="truncate text-sm font-medium text-slate-900">{user.name ?? user.email}</p>
        <p className="truncate text-xs text-slate-600">
          {user.email} · {ROLE_LABELS[role]}
        </p>
        <div className="mt-3 flex items-center gap-4">
          <Link href="/account" className="text-xs font-medium text-slate-600 hover:text-slate-900">
            Profile
          </Link>
          <form action={signOut}>
            <button type="submit" className="text-xs font-medium text-slate-600 hover:text-slate-900">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </AppShellMenu>
  );
}
