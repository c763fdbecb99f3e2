import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

/** Previous / next links for a server-paginated list; `href` builds the URL of a page with the other filters kept. */
export function Pager({
  page,
  pages,
  href,
  label,
  previous = 'Previous',
  next = 'Next',
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
  label: string;
  previous?: string;
  next?: string;
}) {
  if (pages <= 1) return null;
  return (
    <div className="flex items-center justify-between border-t border-slate-100 px-5 py-3 text-sm text-slate-500">
      <span>{label}</span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={buttonClass('secondary', 'sm')} href={href(page - 1)} rel="prev">
            {previous}
          </Link>
        ) : null}
        {page < pages ? (
          <Link className={buttonClass('secondary', 'sm')} href={href(page + 1)} rel="next">
            {next}
          </Link>
        ) : null}
      </span>
    </div>
  );
}

/** A URL with the given query parameters, leaving out empty ones. */
export function withQuery(base: string, query: Record<string, string | number | undefined | null | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined && v !== null && v !== '') params.append(key, String(v));
  }
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}
