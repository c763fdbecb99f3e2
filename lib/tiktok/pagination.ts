import type { PageInfo } from './schemas';
import type { RowWarning } from './tolerant';

/** `warnings`: rows of the page that could not be read, or why the walk stopped early. */
export type OffsetPage<T> = { items: T[]; pageInfo: PageInfo; warnings?: RowWarning[] };
export type CursorPage<T> = { items: T[]; cursor: string | null; hasMore: boolean; warnings?: RowWarning[] };

/** More pages than this of one list means the server is not paging as asked; the walk stops there. */
export const MAX_PAGES = 1000;

export type WalkOptions<T> = {
  /** The row's id: a page whose rows were all read before means the server ignored the page asked for. */
  idOf?: (item: T) => string;
  maxPages?: number;
};

const stopped = (message: string): RowWarning => ({ rowId: null, field: 'page', message, raw: null, kept: false });

/**
 * Drops rows already read (offset paging over a list that changes can repeat a row). Returns null
 * when every row was a repeat: the server answered the same page again.
 */
function freshRows<T>(items: T[], seen: Set<string>, idOf: ((item: T) => string) | undefined): T[] | null {
  if (idOf === undefined || items.length === 0) return items;
  const fresh = items.filter((item) => !seen.has(idOf(item)));
  if (fresh.length === 0) return null;
  for (const item of fresh) seen.add(idOf(item));
  return fresh;
}

/**
 * Walks `page`/`page_size` pagination from page 1 until the last page. It cannot hang on a server
 * that ignores `page`: a page of rows already read, or the page cap, ends the walk with a warning.
 */
export async function* eachPage<T>(
  fetchPage: (page: number, pageSize: number) => Promise<OffsetPage<T>>,
  pageSize: number,
  { idOf, maxPages = MAX_PAGES }: WalkOptions<T> = {},
): AsyncGenerator<OffsetPage<T>> {
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    if (page > maxPages) {
      yield { items: [], pageInfo: emptyPageInfo, warnings: [stopped(`stopped after ${maxPages} pages; the rest of the list was not read`)] };
      return;
    }
    const result = await fetchPage(page, pageSize);
    if (result.items.length === 0) {
      if (result.warnings?.length) yield result;
      return;
    }
    const items = freshRows(result.items, seen, idOf);
    if (items === null) {
      yield { items: [], pageInfo: result.pageInfo, warnings: [...(result.warnings ?? []), stopped(`page ${page} repeated rows already read; the server ignores paging, so reading stopped there`)] };
      return;
    }
    yield { ...result, items };
    const totalPages = result.pageInfo.total_page;
    // `/identity/get/` without identity_type (and for BC_AUTH_TT) answers an all-zero page_info; then only a short page ends the list.
    if (totalPages > 0 ? page >= totalPages : result.items.length < pageSize) return;
  }
}

const emptyPageInfo: PageInfo = { page: 0, page_size: 0, total_number: 0, total_page: 0 };

/** Walks `cursor`/`has_more` pagination (`/identity/video/get/`), with the same guards as eachPage. */
export async function* eachCursorPage<T>(fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>, { idOf, maxPages = MAX_PAGES }: WalkOptions<T> = {}): AsyncGenerator<CursorPage<T>> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    if (page > maxPages) {
      yield { items: [], cursor: null, hasMore: false, warnings: [stopped(`stopped after ${maxPages} pages; the rest of the list was not read`)] };
      return;
    }
    const result = await fetchPage(cursor);
    const items = freshRows(result.items, seen, idOf);
    if (items === null) {
      yield { items: [], cursor: null, hasMore: false, warnings: [...(result.warnings ?? []), stopped(`page ${page} repeated rows already read; reading stopped there`)] };
      return;
    }
    if (items.length > 0 || result.warnings?.length) yield { ...result, items };
    // A cursor that does not move would otherwise loop forever.
    if (!result.hasMore || !result.cursor || result.cursor === cursor) return;
    cursor = result.cursor;
  }
}

/** Every item of every page, for lists known to be small (identities, business centers). */
export async function collectItems<T>(pages: AsyncIterable<{ items: T[] }>): Promise<T[]> {
  return (await collectPages(pages)).items;
}

/** Every item of every page, with the warnings of every page. */
export async function collectPages<T>(pages: AsyncIterable<{ items: T[]; warnings?: RowWarning[] }>): Promise<{ items: T[]; warnings: RowWarning[] }> {
  const items: T[] = [];
  const warnings: RowWarning[] = [];
  for await (const page of pages) {
    items.push(...page.items);
    warnings.push(...(page.warnings ?? []));
  }
  return { items, warnings };
}
