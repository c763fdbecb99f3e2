import { describe, expect, it } from 'vitest';
import { collectItems, collectPages, eachCursorPage, eachPage, type CursorPage, type OffsetPage } from './pagination';

const info = (page: number, total_page: number) => ({ page, page_size: 2, total_number: total_page * 2, total_page });

function offsetPages(pages: OffsetPage<number>[]) {
  const asked: number[] = [];
  const fetchPage = async (page: number) => {
    asked.push(page);
    return pages[page - 1] ?? { items: [], pageInfo: info(page, 0) };
  };
  return { fetchPage, asked };
}

describe('eachPage', () => {
  it('stops at total_page', async () => {
    const { fetchPage, asked } = offsetPages([
      { items: [1, 2], pageInfo: info(1, 2) },
      { items: [3], pageInfo: info(2, 2) },
      { items: [99], pageInfo: info(3, 2) },
    ]);
    expect(await collectItems(eachPage(fetchPage, 2))).toEqual([1, 2, 3]);
    expect(asked).toEqual([1, 2]);
  });

  it('stops on an empty page even when total_page promised more', async () => {
    const { fetchPage, asked } = offsetPages([{ items: [1, 2], pageInfo: info(1, 5) }]);
    expect(await collectItems(eachPage(fetchPage, 2))).toEqual([1, 2]);
    expect(asked).toEqual([1, 2]);
  });

  it('with an all-zero page_info, continues over full pages and stops on a short one', async () => {
    const zero = { page: 0, page_size: 0, total_number: 0, total_page: 0 };
    const { fetchPage, asked } = offsetPages([
      { items: [1, 2], pageInfo: zero },
      { items: [3, 4], pageInfo: zero },
      { items: [5], pageInfo: zero },
    ]);
    expect(await collectItems(eachPage(fetchPage, 2))).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('with an all-zero page_info, stops on an empty page after full ones', async () => {
    const zero = { page: 0, page_size: 0, total_number: 0, total_page: 0 };
    const { fetchPage, asked } = offsetPages([{ items: [1, 2], pageInfo: zero }]);
    expect(await collectItems(eachPage(fetchPage, 2))).toEqual([1, 2]);
    expect(asked).toEqual([1, 2]);
  });
});

describe('eachCursorPage', () => {
  async function walk(pages: Record<string, CursorPage<number>>) {
    const asked: (string | undefined)[] = [];
    const items = await collectItems(
      eachCursorPage(async (cursor) => {
        asked.push(cursor);
        return pages[cursor ?? 'start'] ?? { items: [], cursor: null, hasMore: false };
      }),
    );
    return { items, asked };
  }

  it('follows the cursor while has_more', async () => {
    const result = await walk({
      start: { items: [1], cursor: 'a', hasMore: true },
      a: { items: [2], cursor: 'b', hasMore: true },
      b: { items: [3], cursor: 'c', hasMore: false },
    });
    expect(result).toEqual({ items: [1, 2, 3], asked: [undefined, 'a', 'b'] });
  });

  it('stops when the cursor does not move or is missing, instead of looping', async () => {
    expect(
      await walk({
        start: { items: [1], cursor: 'a', hasMore: true },
        a: { items: [2], cursor: 'a', hasMore: true },
      }),
    ).toEqual({ items: [1, 2], asked: [undefined, 'a'] });
    expect(await walk({ start: { items: [1], cursor: null, hasMore: true } })).toEqual({ items: [1], asked: [undefined] });
  });
});

describe('paging that cannot hang', () => {
  const zero = { page: 0, page_size: 0, total_number: 0, total_page: 0 };

  it('stops with a warning when the server answers the same page whatever page is asked for', async () => {
    let asked = 0;
    const pages = eachPage(
      async () => {
        asked += 1;
        return { items: [1, 2], pageInfo: zero };
      },
      2,
      { idOf: String },
    );
    const { items, warnings } = await collectPages(pages);
    expect(items).toEqual([1, 2]);
    expect(asked).toBe(2);
    expect(warnings).toEqual([expect.objectContaining({ field: 'page', message: expect.stringContaining('repeated rows') })]);
  });

  it('keeps the new rows of a page that repeats one row (the list moved under offset paging)', async () => {
    const { fetchPage } = offsetPages([
      { items: [1, 2], pageInfo: info(1, 2) },
      { items: [2, 3], pageInfo: info(2, 2) },
    ]);
    expect(await collectPages(eachPage(fetchPage, 2, { idOf: String }))).toEqual({ items: [1, 2, 3], warnings: [] });
  });

  it('stops at the page cap with a warning', async () => {
    let next = 0;
    const pages = eachPage(async () => ({ items: [next++, next++], pageInfo: zero }), 2, { idOf: String, maxPages: 3 });
    const { items, warnings } = await collectPages(pages);
    expect(items).toHaveLength(6);
    expect(warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('after 3 pages') })]);
  });

  it('stops a cursor walk whose cursor moves but whose rows repeat', async () => {
    let n = 0;
    const pages = eachCursorPage(async () => ({ items: [1], cursor: String(++n), hasMore: true }), { idOf: String });
    const { items, warnings } = await collectPages(pages);
    expect(items).toEqual([1]);
    expect(warnings).toHaveLength(1);
  });
});
