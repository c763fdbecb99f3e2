import { describe, expect, it } from 'vitest';
import {
  adPageSchema,
  bcAssetPageSchema,
  bcMemberPageSchema,
  identityPageSchema,
  identityPostCursorPageSchema,
  identityPostDetailsSchema,
  itemStatus,
  openEnum,
  pageInfoSchema,
  sparkPostPageSchema,
  sparkPostSchema,
  tiktokTime,
  toTikTokTime,
} from './schemas';

// The example payloads of the API reference, section 7 and the identity docs.
const ttVideoList = {
  page_info: { page: 1, page_size: 50, total_number: 1, total_page: 1 },
  list: [
    {
      item_info: {
        item_id: '7300000000000000001',
        auth_code: '#Abc+def/123==',
        text: 'caption',
        status: 'HESITATE_RECOMMEND',
        item_type: 'VIDEO',
        anchor_list: null,
      },
      auth_info: {
        ad_auth_status: 'AUTHORIZED',
        auth_start_time: '2026-05-24T07:09:07Z',
        auth_end_time: '2026-06-23T07:09:07Z',
        invite_start_time: '2026-05-24T07:09:07Z',
      },
      video_info: {
        video_id: 'v10033g50000',
        duration: 13.5,
        width: 720,
        height: 1280,
        size: 13861358,
        bit_rate: 8191081,
        signature: 'md5',
        poster_url: 'https://p16.example/poster.jpg',
        preview_url: 'https://v16.example/preview.mp4',
      },
      user_info: { identity_id: '6605542994630721542', identity_type: 'AUTH_CODE', tiktok_name: 'creator' },
    },
  ],
};

const bcAssetTtAccounts = {
  page_info: { page: 1, page_size: 10, total_number: 1, total_page: 1 },
  list: [
    {
      asset_id: '7012345678901234567',
      asset_name: '@brand',
      asset_type: 'TT_ACCOUNT',
      tt_account_roles: ['POST'],
      owner_bc_name: null,
    },
  ],
};

const bcAuthIdentities = {
  identity_list: [
    {
      identity_id: '1c1d9f2e-5f2b-5d7c-9a1e-3f0b8c7d6e5a',
      identity_type: 'BC_AUTH_TT',
      identity_authorized_bc_id: '7100000000000000000',
      display_name: 'Brand',
      username: 'brand',
      profile_image: 'https://p16.example/avatar.jpg',
      available_status: 'AVAILABLE',
      can_pull_video: true,
      can_push_video: false,
      can_use_live_ads: true,
      can_manage_message: false,
      ads_only_mode: true,
      is_gpppa: false,
    },
  ],
  page_info: { page: 0, page_size: 0, total_number: 0, total_page: 0 },
};

describe('tiktokTime', () => {
  it('reads the documented UTC format and the ISO format to the same instant', () => {
    expect(tiktokTime.parse('2026-05-24 07:09:07')).toEqual(new Date('2026-05-24T07:09:07Z'));
    expect(tiktokTime.parse('2026-05-24T07:09:07Z')).toEqual(new Date('2026-05-24T07:09:07Z'));
    expect(tiktokTime.parse('2026-05-24T09:09:07+02:00')).toEqual(new Date('2026-05-24T07:09:07Z'));
    expect(tiktokTime.parse('2026-05-24 07:09:07.250')).toEqual(new Date('2026-05-24T07:09:07.250Z'));
  });

  it('reads every form TikTok publishes: minutes only, a date alone, offsets without colon, epoch seconds', () => {
    expect(tiktokTime.parse('2026-05-24 07:09')).toEqual(new Date('2026-05-24T07:09:00Z'));
    expect(tiktokTime.parse('2026-05-24')).toEqual(new Date('2026-05-24T00:00:00Z'));
    expect(tiktokTime.parse('2026-05-24T09:09:07.5+0200')).toEqual(new Date('2026-05-24T07:09:07.500Z'));
    expect(tiktokTime.parse(1779606547)).toEqual(new Date('2026-05-24T07:09:07Z'));
    expect(tiktokTime.parse('1779606547')).toEqual(new Date('2026-05-24T07:09:07Z'));
    expect(tiktokTime.parse(0)).toBeNull();
    expect(tiktokTime.safeParse('2026-02-30').success).toBe(false);
    expect(tiktokTime.safeParse(1779606547000).success).toBe(false);
  });

  it('treats an empty string as no time and rejects text that is not a time', () => {
    expect(tiktokTime.parse('')).toBeNull();
    expect(tiktokTime.safeParse('yesterday').success).toBe(false);
    expect(tiktokTime.safeParse('2026-13-45 99:00:00').success).toBe(false);
  });

  it('formats request times the way TikTok filters expect them', () => {
    expect(toTikTokTime(new Date('2026-05-24T07:09:07.999Z'))).toBe('2026-05-24 07:09:07');
  });
});

describe('openEnum', () => {
  const color = openEnum(['RED', 'GREEN']);

  it('types a known value and keeps an unknown one as raw text', () => {
    expect(color.parse('RED')).toEqual({ known: true, value: 'RED', raw: 'RED' });
    expect(color.parse('ULTRAVIOLET')).toEqual({ known: false, value: null, raw: 'ULTRAVIOLET' });
    expect(color.parse(7)).toEqual({ known: false, value: null, raw: '7' });
  });

  it('maps both post-status spellings to one canonical value', () => {
    expect(itemStatus.parse('HESITATE_RECOMMEND')).toEqual({
      known: true,
      value: 'HESITATE_RECOMMEND',
      raw: 'HESITATE_RECOMMEND',
    });
    expect(itemStatus.parse('ITEM_STATUS_HESITATE_RECOMMEND')).toEqual({
      known: true,
      value: 'HESITATE_RECOMMEND',
      raw: 'ITEM_STATUS_HESITATE_RECOMMEND',
    });
    expect(itemStatus.parse('STATUS_ONLY_FRIEND_SEE')).toMatchObject({ value: 'ONLY_FRIEND_SEE' });
    expect(itemStatus.parse('ITEM_STATUS_ONLY_AUTHOR_SEE')).toMatchObject({ value: 'ONLY_AUTHOR_SEE' });
    expect(itemStatus.parse('ITEM_STATUS_SHADOW_BANNED')).toEqual({
      known: false,
      value: null,
      raw: 'ITEM_STATUS_SHADOW_BANNED',
    });
  });
});

describe('response schemas', () => {
  it('parse the /tt_video/list/ example', () => {
    const page = sparkPostPageSchema.parse(ttVideoList);
    expect(page.page_info).toEqual({ page: 1, page_size: 50, total_number: 1, total_page: 1 });
    const [post] = page.list;
    expect(post?.item_info).toMatchObject({
      item_id: '7300000000000000001',
      auth_code: '#Abc+def/123==',
      status: { known: true, value: 'HESITATE_RECOMMEND' },
      item_type: { value: 'VIDEO' },
      anchor_list: null,
      duet_original_item_id: null,
    });
    expect(post?.auth_info).toEqual({
      ad_auth_status: { known: true, value: 'AUTHORIZED', raw: 'AUTHORIZED' },
      auth_start_time: new Date('2026-05-24T07:09:07Z'),
      auth_end_time: new Date('2026-06-23T07:09:07Z'),
      invite_start_time: new Date('2026-05-24T07:09:07Z'),
    });
    expect(post?.video_info).toMatchObject({ duration: 13.5, size: 13861358, format: null, url: null });
    expect(post?.user_info).toMatchObject({ identity_id: '6605542994630721542', identity_type: { value: 'AUTH_CODE' } });
    expect(post?.carousel_info).toBeNull();
  });

  it('parse a /tt_video/info/ payload with the documented time format, an unknown auth status and a carousel', () => {
    const post = sparkPostSchema.parse({
      item_info: { item_id: 7300000000000000, status: 'ONLY_FRIEND_SEE', item_type: 'CAROUSEL' },
      auth_info: {
        ad_auth_status: 'SUSPENDED_BY_CREATOR',
        auth_start_time: '2026-05-24 07:09:07',
        auth_end_time: '2026-06-23 07:09:07',
      },
      video_info: null,
      carousel_info: {
        image_info: [{ image_id: 'img1', image_url: 'https://x', image_width: 1080, image_height: 1920 }],
        music_info: { music_id: 'm1', music_url: 'https://m', music_duration: '30.5' },
      },
    });
    expect(post.item_info.item_id).toBe('7300000000000000');
    expect(post.auth_info?.ad_auth_status).toEqual({ known: false, value: null, raw: 'SUSPENDED_BY_CREATOR' });
    expect(post.auth_info?.auth_end_time).toEqual(new Date('2026-06-23T07:09:07Z'));
    expect(post.auth_info?.invite_start_time).toBeNull();
    expect(post.carousel_info?.music_info?.music_duration).toBe(30.5);
    expect(post.user_info).toBeNull();
  });

  it('parse /bc/asset/get/ for TT_ACCOUNT with a null owner_bc_name', () => {
    const page = bcAssetPageSchema.parse(bcAssetTtAccounts);
    expect(page.list[0]).toMatchObject({
      asset_type: { known: true, value: 'TT_ACCOUNT' },
      tt_account_roles: [{ known: true, value: 'POST', raw: 'POST' }],
      owner_bc_name: null,
      advertiser_role: null,
    });
  });

  it('parse a pending BC invitee, who has an email but no user_id yet', () => {
    const page = bcMemberPageSchema.parse({
      list: [{ user_id: null, user_email: 'new@brand.example', user_role: 'STANDARD', relation_status: 'PENDING' }],
    });
    expect(page.list[0]).toMatchObject({ user_id: null, relation_status: { value: 'PENDING' }, ext_user_role: null });
  });

  it('parse identity_list with an all-zero page_info', () => {
    const page = identityPageSchema.parse(bcAuthIdentities);
    expect(page.page_info).toEqual({ page: 0, page_size: 0, total_number: 0, total_page: 0 });
    expect(page.list[0]).toMatchObject({
      identity_type: { value: 'BC_AUTH_TT' },
      available_status: { value: 'AVAILABLE' },
      can_pull_video: true,
      ads_only_mode: true,
    });
  });

  it('read the prefixed status spelling and loosely typed anchors from /identity/video/get/', () => {
    const page = identityPostCursorPageSchema.parse({
      video_list: [
        {
          item_id: '7300000000000000002',
          item_type: 'VIDEO',
          status: 'ITEM_STATUS_HESITATE_RECOMMEND',
          text: 'hello',
          anchor_list: [
            { Id: 42, status: 'CheckSuccess' },
            { anchor_id: 'a2', status: 'CHECK_ING', title: 't' },
          ],
          video_info: { video_id: 'v1', duration: 9 },
        },
      ],
      cursor: 20,
      has_more: true,
    });
    expect(page.cursor).toBe('20');
    expect(page.has_more).toBe(true);
    const [post] = page.list;
    expect(post?.status).toEqual({ known: true, value: 'HESITATE_RECOMMEND', raw: 'ITEM_STATUS_HESITATE_RECOMMEND' });
    expect(post?.anchor_list).toEqual([
      { anchor_id: '42', title: null, status: { known: true, value: 'CHECK_SUCCESS', raw: 'CheckSuccess' }, url: null },
      { anchor_id: 'a2', title: 't', status: { known: true, value: 'CHECKING', raw: 'CHECK_ING' }, url: null },
    ]);
    expect(post?.auth_info).toBeNull();
  });

  it('turn video_detail and video_details into one list', () => {
    const one = { item_id: '1', status: 'STATUS_ONLY_FRIEND_SEE' };
    expect(identityPostDetailsSchema.parse({ video_detail: one }).list).toHaveLength(1);
    expect(identityPostDetailsSchema.parse({ video_details: [one, { ...one, item_id: '2' }] }).list).toHaveLength(2);
    expect(identityPostDetailsSchema.parse({})).toEqual({ list: [], warnings: [] });
  });

  it('strip extra fields, keep nulls, and keep unknown enum values of ads', () => {
    const page = adPageSchema.parse({
      list: [
        {
          ad_id: '1800000000000000001',
          ad_name: 'Spark 1',
          create_time: '2026-01-02 03:04:05',
          modify_time: null,
          identity_type: 'AUTH_CODE',
          tiktok_item_id: '7300000000000000001',
          video_id: null,
          creative_type: null,
          operation_status: 'ENABLE',
          secondary_status: 'AD_STATUS_SOMETHING_NEW',
          ad_format: 'SINGLE_VIDEO',
          dark_post_status: 'ON',
          brand_new_field: { nested: true },
        },
      ],
      page_info: { page: 1, page_size: 1000, total_number: 1, total_page: 1 },
    });
    const [ad] = page.list;
    expect(ad).not.toHaveProperty('brand_new_field');
    expect(ad).toMatchObject({
      create_time: new Date('2026-01-02T03:04:05Z'),
      modify_time: null,
      video_id: null,
      creative_type: null,
      landing_page_url: null,
      operation_status: { known: true, value: 'ENABLE' },
      secondary_status: { known: false, value: null, raw: 'AD_STATUS_SOMETHING_NEW' },
    });
  });

  it('accept a missing or null list and page_info as an empty page', () => {
    expect(adPageSchema.parse({})).toEqual({
      list: [],
      warnings: [],
      page_info: { page: 0, page_size: 0, total_number: 0, total_page: 0 },
    });
    expect(adPageSchema.parse({ list: null, page_info: null }).list).toEqual([]);
    expect(pageInfoSchema.parse({ page: '2', page_size: 50 })).toEqual({
      page: 2,
      page_size: 50,
      total_number: 0,
      total_page: 0,
    });
  });
});
