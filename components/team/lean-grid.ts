import { cn } from '@/components/ui/cn';

// The matrix (50 members × 12 assets a page) and the comparison are grids where the markup of
// each cell is most of the page's weight, sent twice (as HTML and as React's payload). So their
// cells carry no classes: the table styles them by element and `data-k`. <b> is a role, a permission
// or a yes (toned by `data-k`), <s> a permission the BC does not hold, <strong> and <small> a cell's
// title and lines, an empty cell shows a dash, and a row with `data-differs` is highlighted.
export const LEAN_GRID = cn(
  'min-w-full text-sm',
  '[&_td]:border-t [&_td]:border-slate-100 [&_td]:px-3 [&_td]:py-2.5 [&_td]:align-top [&_td]:text-slate-700',
  "[&_td:empty]:after:text-slate-300 [&_td:empty]:after:content-['—']",
  '[&_b]:m-0.5 [&_b]:inline-block [&_b]:whitespace-nowrap [&_b]:rounded-full [&_b]:bg-slate-100 [&_b]:px-2 [&_b]:py-0.5 [&_b]:text-xs [&_b]:font-medium [&_b]:text-slate-700 [&_b]:ring-1 [&_b]:ring-inset [&_b]:ring-slate-200',
  '[&_b[data-k=ADMIN]]:bg-sky-50 [&_b[data-k=ADMIN]]:text-sky-700 [&_b[data-k=ADMIN]]:ring-sky-200',
  '[&_b[data-k=OPERATOR]]:bg-emerald-50 [&_b[data-k=OPERATOR]]:text-emerald-700 [&_b[data-k=OPERATOR]]:ring-emerald-200',
  '[&_b[data-k=POST]]:bg-emerald-50 [&_b[data-k=POST]]:text-emerald-700 [&_b[data-k=POST]]:ring-emerald-200',
  '[&_b[data-k=yes]]:bg-emerald-50 [&_b[data-k=yes]]:text-emerald-700 [&_b[data-k=yes]]:ring-emerald-200',
  '[&_small]:block [&_small]:text-xs [&_small]:text-slate-500 [&_strong]:block [&_strong]:font-medium [&_strong]:text-slate-900 [&_a]:font-medium [&_a]:text-slate-600 [&_a:hover]:text-slate-900',
  '[&_b[data-k=invited]]:bg-amber-50 [&_b[data-k=invited]]:text-amber-800 [&_b[data-k=invited]]:ring-amber-200',
  '[&_tr[data-differs]]:bg-amber-50',
  '[&_s]:m-0.5 [&_s]:inline-block [&_s]:whitespace-nowrap [&_s]:rounded-full [&_s]:bg-red-50 [&_s]:px-2 [&_s]:py-0.5 [&_s]:text-xs [&_s]:font-medium [&_s]:text-red-700 [&_s]:ring-1 [&_s]:ring-inset [&_s]:ring-red-200',
);
