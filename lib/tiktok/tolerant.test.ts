import { describe, expect, it } from 'vitest';
import { adPageSchema, identityInfoSchema, sparkPostPageSchema, sparkPostSchema } from './schemas';
import { parseTikTokTime, rowIdOf } from './tolerant';

const ad = (ad_id: string, extra: Record<string, unknown> = {}) => ({ ad_id, ad_name: `ad ${ad_id}`, ...extra });

describe('one odd row never costs the page', () => {
  it('stores a row with an unreadable time, the field empty, and names the row, the field and what TikTok sent', () => {
    const page = adPageSchema.parse({ list: [ad('1', { modify_time: 'last Tuesday' }), ad('2', { modify_time: '2026-05-24 07:09' })] });
    expect(page.list.map((a) => [a.ad_id, a.modify_time])).toEqual([
      ['1', null],
      ['2', new Date('2026-05-24T07:09:00Z')],
    ]);
    expect(page.warnings).toEqual([{ rowId: '1', field: 'modify_time', message: expect.stringContaining('not a time'), raw: 'last Tuesday', kept: true }]);
  });

  it('leaves out a row that still cannot be read and keeps the others', () => {
    const page = adPageSchema.parse({ list: [ad('1'), { ad_id: { nested: true } }, ad('3', { image_ids: 'not a list' })] });
    expect(page.list.map((a) => a.ad_id)).toEqual(['1']);
    expect(page.warnings).toEqual([expect.objectContaining({ rowId: null, field: 'ad_id', kept: false }), expect.objectContaining({ rowId: '3', field: 'image_ids', raw: 'not a list', kept: false })]);
  });

  it('reads a post whose authorization window is epoch seconds', () => {
    const page = sparkPostPageSchema.parse({ list: [{ item_info: { item_id: '7300000000000000001' }, auth_info: { auth_start_time: 1779606547, auth_end_time: '1811142547' } }] });
    expect(page.list[0]?.auth_info).toMatchObject({ auth_start_time: new Date('2026-05-24T07:09:07Z'), auth_end_time: new Date('2027-05-24T07:09:07Z') });
    expect(page.warnings).toEqual([]);
  });
});

describe('published shape variants', () => {
  it('accepts music_info as an object or an array, and carousel_info beside or inside item_info', () => {
    const music = { music_id: 'm1', music_url: 'https://m', music_duration: 12 };
    const top = sparkPostSchema.parse({ item_info: { item_id: '1', item_type: 'CAROUSEL' }, carousel_info: { image_info: [{ image_id: 'i1' }], music_info: music } });
    const nested = sparkPostSchema.parse({ item_info: { item_id: '1', item_type: 'CAROUSEL', carousel_info: { image_info: [{ image_id: 'i1' }], music_info: [music] } } });
    expect(top.carousel_info).toEqual(nested.carousel_info);
    expect(nested.carousel_info?.music_info).toEqual({ music_id: 'm1', music_url: 'https://m', music_duration: 12 });
  });

  it('reads the v1.3 avatar field and falls back to the old one', () => {
    const base = { identity_id: 'x', identity_type: 'TT_USER' };
    expect(identityInfoSchema.parse({ identity_info: { ...base, profile_image_url: 'https://new' } }).identity_info.profile_image_url).toBe('https://new');
    expect(identityInfoSchema.parse({ identity_info: { ...base, profile_image: 'https://old' } }).identity_info.profile_image_url).toBe('https://old');
  });

  it('takes the invite time from invite_start_time_stamp when only that is sent', () => {
    const post = sparkPostSchema.parse({ item_info: { item_id: '1' }, auth_info: { invite_start_time_stamp: '2026-05-24 07:09:07' } });
    expect(post.auth_info?.invite_start_time).toEqual(new Date('2026-05-24T07:09:07Z'));
  });
});

describe('parseTikTokTime', () => {
  it('reads RFC 3339 without seconds offset colon and with fractions, and refuses impossible dates', () => {
    expect(parseTikTokTime('2026-05-24T07:09:07.123456Z')).toEqual(new Date('2026-05-24T07:09:07.123Z'));
    expect(parseTikTokTime('2026-05-24 07:09:07 +00:00')).toEqual(new Date('2026-05-24T07:09:07Z'));
    expect(parseTikTokTime('2026-05-24T01:00:00-0600')).toEqual(new Date('2026-05-24T07:00:00Z'));
    expect(parseTikTokTime('2026-04-31 00:00:00')).toBeUndefined();
    expect(parseTikTokTime('  ')).toBeNull();
  });

  it('names rows by their own id, nested for posts and BCs', () => {
    expect(rowIdOf({ item_info: { item_id: 7 } })).toBe('7');
    expect(rowIdOf({ bc_info: { bc_id: '9' } })).toBe('9');
    expect(rowIdOf('x')).toBeNull();
  });
});
