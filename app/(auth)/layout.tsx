import type { ReactNode } from 'react';
import { Logo } from '@/components/logo';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-full flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo size="lg" />
      </div>
      <div className="w-full max-w-md">{children}</div>
      <p className="mt-10 max-w-md text-center text-xs text-slate-500">Spark Ads health, team permissions and creator codes — for brands and agencies on TikTok.</p>
    </main>
  );
}
