import Link from 'next/link';
import { Logo } from '@/components/logo';
import { buttonClass } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-6 px-4 text-center">
      <Logo size="lg" />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
        <p className="mt-2 text-sm text-slate-500">This page does not exist, or you do not have access to it.</p>
      </div>
      <Link href="/" className={buttonClass('secondary')}>
        Go to your dashboard
      </Link>
    </main>
  );
}
