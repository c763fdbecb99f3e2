import Link from 'next/link';
import { Logo } from '@/components/logo';
import { buttonClass } from '@/components/ui/button';

/** A page of your own organization that your role does not reach (403); the sidebar shows only what it does. */
export default function Forbidden() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-6 px-4 text-center">
      <Logo size="lg" />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Your role does not include this page</h1>
        <p className="mt-2 max-w-md text-sm text-slate-500">
          Viewers can read health and team pages; applying creator codes needs the Member role, and connections and alert settings need Admin. Ask an owner or admin of the organization to change your
          role.
        </p>
      </div>
      <Link href="/" className={buttonClass('secondary')}>
        Go to your dashboard
      </Link>
    </main>
  );
}
