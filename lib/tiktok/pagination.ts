import type { PageInfo } from './schemas';

export type OffsetPage<T> = { items: T[]; pageInfo: PageInfo };
export type CursorPage<T> = { items: T[]; cursor: string | null; hasMore: boolean };

/** Walks `page`/`page_size` pagination from page 1 until the last page. */
export async function* eachPage<T>(
  fetchPage: (page: number, pageSize: number) => Promise<OffsetPage<T>>,
  pageSize: number,
): AsyncGenerator<OffsetPage<T>> {
  for (let page = 1; ; page++) {
    const result = await fetchPage(page, pageSize);
    if (result.items.length === 0) return;
    yield result;
    const totalPages = result.pageInfo.total_page;
    // `/identity/get/` without identity_type answers an all-zero page_info; then only a short page ends the list.
    if (totalPages > 0 ? page >= totalPages : result.items.length < pageSize) return;
  }
}

/** Walks `cursor`/`has_more` pagination (`/identity/video/get/`). */
export async function* eachCursorPage<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
): AsyncGenerator<CursorPage<T>> {
  let cursor: string | undefined;
  for (;;) {
    const result = await fetchPage(cursor);
    if (result.items.length > 0) yield result;
    // A cursor that does not move would otherwise loop forever.
    if (!result.hasMore || !result.cursor || result.cursor === cursor) return;
    cursor = result.cursor;
  }
}

/** Every item of every page, for lists known to be small (identities, business centers). */
export async function collectItems<T>(pages: AsyncIterable<{ items: T[] }>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page.items);
  return all;
}
