import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Logo } from '@/components/logo';
import { Card } from '@/components/ui/card';
import { currentUser } from '@/lib/auth/session';
import { NewOrganizationForm } from './new-organization-form';

export const metadata: Metadata = { title: 'New organization' };

export default async function NewOrganizationPage() {
  if (!(await currentUser())) redirect('/sign-in?callbackUrl=/orgs/new');
  return (
    <main className="flex min-h-full flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo size="lg" />
      </div>
      <Card className="w-full max-w-md p-8">
        <h1 className="text-xl font-semibold tracking-tight">New organization</h1>
        <p className="mt-1 text-sm text-slate-500">A workspace for one brand or agency. Its TikTok connections and data are visible only to its members.</p>
        <div className="mt-6">
          <NewOrganizationForm />
        </div>
      </Card>
    </main>
  );
}
