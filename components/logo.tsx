import { cn } from './ui/cn';

export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  return (
    <span className="inline-flex items-center gap-2">
      <span
        aria-hidden
        className={cn('grid place-items-center rounded-lg bg-gradient-to-br from-brand-500 to-[#25f4ee] font-bold text-white shadow-sm', size === 'lg' ? 'size-10 text-lg' : 'size-7 text-sm')}
      >
        ✓
      </span>
      <span className={cn('font-semibold tracking-tight text-slate-900', size === 'lg' ? 'text-2xl' : 'text-base')}>Sparkcheck</span>
    </span>
  );
}
