import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { currentUser } from '@/lib/auth/session';
import { listUserOrganizations } from '@/lib/tenancy/organizations';

export default async function Home() {
  const user = await currentUser();
  if (!user) redirect('/sign-in');
  const [first] = await listUserOrganizations(await getDb(), user.id);
  redirect(first ? `/o/${first.slug}` : '/orgs/new');
}
