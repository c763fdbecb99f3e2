import type { Ad, CreatorCodeCase, HealthRuleCode, Post, Severity, TikTokAccount } from './types';
import type { AdTreeBuilder, WorldBuilder } from './world-builder';

/**
 * The default world: two BCs (brand; agency with a partner), four ad accounts and a deliberate
 * example of every rule in the product's health catalogue, with a manifest of what each ad and
 * each unused creator code should do. Names are fixed; ids, codes and captions come from the seed.
 */
export function seedWorld(b: WorldBuilder): void {
  const { world } = b;
  const ref = (name: string, id: string) => world.setRef(name, id);

  // ---- Business Centers and ad accounts ------------------------------------------------------
  const brandBc = b.bc({ name: 'Northwind Goods', company: 'Northwind Goods Ltd', currency: 'USD', registeredArea: 'US', timezone: 'America/Los_Angeles', type: 'NORMAL' });
  const agencyBc = b.bc({ name: 'Lumen Media', company: 'Lumen Media GmbH', currency: 'EUR', registeredArea: 'DE', timezone: 'Europe/Berlin', type: 'AGENCY' });
  const partnerBc = b.bc({ name: 'Client Co', company: 'Client Co Inc', currency: 'USD', registeredArea: 'US', timezone: 'America/New_York', type: 'NORMAL' });
  agencyBc.partnerBcIds.push(partnerBc.bcId);
  ref('bc:brand', brandBc.bcId);
  ref('bc:agency', agencyBc.bcId);
  ref('bc:partner', partnerBc.bcId);

  const nwUs = b.advertiser({ name: 'Northwind US', company: 'Northwind Goods Ltd', currency: 'USD', timezone: 'America/Los_Angeles', bcId: brandBc.bcId });
  const nwEu = b.advertiser({ name: 'Northwind EU', company: 'Northwind Goods Ltd', currency: 'EUR', timezone: 'Europe/Dublin', bcId: brandBc.bcId });
  const clientCo = b.advertiser({ name: 'Client Co × Lumen', company: 'Client Co Inc', currency: 'USD', timezone: 'America/New_York', bcId: agencyBc.bcId, ownerPartnerBcId: partnerBc.bcId });
  const lumenPerf = b.advertiser({ name: 'Lumen Performance', company: 'Lumen Media GmbH', currency: 'EUR', timezone: 'Europe/Berlin', bcId: agencyBc.bcId, sharedWithBcIds: [partnerBc.bcId] });
  ref('advertiser:northwindUs', nwUs.advertiserId);
  ref('advertiser:northwindEu', nwEu.advertiserId);
  ref('advertiser:clientCo', clientCo.advertiserId);
  ref('advertiser:lumenPerformance', lumenPerf.advertiserId);
  ref('advertiser:primary', nwUs.advertiserId);

  // ---- TikTok accounts -----------------------------------------------------------------------
  const account = (key: string, handle: string, displayName: string): TikTokAccount => {
    const a = b.ttAccount(handle, displayName);
    ref(`tt:${key}`, a.ttAccountId);
    // The account as a BC asset has its own int64 id, unlike its BC_AUTH_TT identity id (`tt:…`).
    ref(`ttAsset:${key}`, a.assetId);
    return a;
  };
  const northwind = account('northwind', 'northwind', 'Northwind');
  const labs = account('northwindLabs', 'northwind.labs', 'Northwind Labs');
  const kitchen = account('northwindKitchen', 'northwind.kitchen', 'Northwind Kitchen');
  const studio = account('northwindStudio', 'northwind.studio', 'Northwind Studio');
  const outlet = account('northwindOutlet', 'northwind.outlet', 'Northwind Outlet');
  const pets = account('northwindPets', 'northwind.pets', 'Northwind Pets');
  const clientcoTt = account('clientco', 'clientco', 'Client Co');
  const lumenCreators = account('lumenCreators', 'lumen.creators', 'Lumen Creators');
  const mia = account('mia', 'mia.makes', 'Mia Makes');
  const jonas = account('jonas', 'jonas.outdoors', 'Jonas Outdoors');
  const lena = account('lena', 'lena.bakes', 'Lena Bakes');
  const theo = account('theo', 'theo.tech', 'Theo Tech');
  const ava = account('ava', 'ava.dance', 'Ava Dance');
  const zoe = account('zoe', 'zoe.fit', 'Zoe Fit');
  const noah = account('noah', 'noah.cooks', 'Noah Cooks');
  const isla = account('isla', 'isla.style', 'Isla Style');
  const kai = account('kai', 'kai.travel', 'Kai Travel');
  const rio = account('rio', 'rio.private', 'Rio');
  const oldPersonal = account('oldPersonal', 'old.personal', 'Old Personal');
  const sky = account('sky', 'sky.noscope', 'Sky');
  const nora = account('nora', 'nora.nopull', 'Nora');

  b.link(brandBc.bcId, northwind.ttAccountId, { roles: ['POST', 'LIVE', 'DIRECT_MESSAGE'], canPush: true, adsOnlyMode: true, assignedTo: [nwUs.advertiserId, nwEu.advertiserId] });
  b.link(brandBc.bcId, labs.ttAccountId, { roles: ['POST'], canPush: true, adsOnlyMode: true, assignedTo: [nwUs.advertiserId] });
  b.link(brandBc.bcId, kitchen.ttAccountId, { roles: ['LIVE'], canPush: false, adsOnlyMode: true, assignedTo: [nwUs.advertiserId, nwEu.advertiserId] });
  b.link(brandBc.bcId, studio.ttAccountId, { roles: ['POST'], canPush: false, adsOnlyMode: true, assignedTo: [nwUs.advertiserId] });
  b.link(brandBc.bcId, outlet.ttAccountId, { pending: true, roles: [], canPush: false, adsOnlyMode: true, assignedTo: [nwUs.advertiserId] });
  b.link(agencyBc.bcId, clientcoTt.ttAccountId, { roles: ['POST', 'LIVE', 'DIRECT_MESSAGE'], canPush: true, adsOnlyMode: false, assignedTo: [clientCo.advertiserId, lumenPerf.advertiserId] });
  b.link(agencyBc.bcId, lumenCreators.ttAccountId, { roles: ['POST'], canPush: true, adsOnlyMode: true, assignedTo: [lumenPerf.advertiserId] });

  // ---- Members -------------------------------------------------------------------------------
  const owner = b.member(brandBc.bcId, {
    name: 'Sam Rivera',
    email: 'sam@northwind.example',
    role: 'ADMIN',
    financeRole: 'MANAGER',
    advertisers: [
      [nwUs.advertiserId, 'ADMIN'],
      [nwEu.advertiserId, 'ADMIN'],
    ],
    ttAccounts: [
      [northwind.ttAccountId, ['POST', 'LIVE', 'DIRECT_MESSAGE']],
      [labs.ttAccountId, ['POST']],
      [kitchen.ttAccountId, ['LIVE']],
      [studio.ttAccountId, ['POST']],
    ],
  });
  const priya = b.member(brandBc.bcId, {
    name: 'Priya Nair',
    email: 'priya@northwind.example',
    role: 'ADMIN',
    advertisers: [
      [nwUs.advertiserId, 'ADMIN'],
      [nwEu.advertiserId, 'OPERATOR'],
    ],
    ttAccounts: [
      [northwind.ttAccountId, ['POST', 'LIVE']],
      [labs.ttAccountId, ['POST']],
    ],
  });
  const marco = b.member(brandBc.bcId, {
    name: 'Marco Bianchi',
    email: 'marco@northwind.example',
    role: 'STANDARD',
    advertisers: [[nwUs.advertiserId, 'OPERATOR']],
    ttAccounts: [[northwind.ttAccountId, ['POST']]],
  });
  const hannah = b.member(brandBc.bcId, {
    name: 'Hannah Schulz',
    email: 'hannah@northwind.example',
    role: 'STANDARD',
    advertisers: [[nwUs.advertiserId, 'ANALYST']],
    ttAccounts: [[northwind.ttAccountId, ['POST']]],
  });
  const leo = b.member(brandBc.bcId, {
    name: 'Leo Park',
    email: 'leo@northwind.example',
    role: 'STANDARD',
    advertisers: [[nwUs.advertiserId, 'OPERATOR']],
    ttAccounts: [[northwind.ttAccountId, ['LIVE']]],
  });
  // Ineffective grant: the BC itself does not hold POST on @northwind.kitchen.
  const chloe = b.member(brandBc.bcId, {
    name: 'Chloe Martin',
    email: 'chloe@northwind.example',
    role: 'STANDARD',
    advertisers: [[nwEu.advertiserId, 'OPERATOR']],
    ttAccounts: [[kitchen.ttAccountId, ['POST', 'LIVE']]],
  });
  // Ineffective grant: the BC holds only POST on @northwind.studio, not DIRECT_MESSAGE.
  const omar = b.member(brandBc.bcId, {
    name: 'Omar Haddad',
    email: 'omar@northwind.example',
    role: 'STANDARD',
    advertisers: [
      [nwUs.advertiserId, 'OPERATOR'],
      [nwEu.advertiserId, 'OPERATOR'],
    ],
    ttAccounts: [[studio.ttAccountId, ['POST', 'DIRECT_MESSAGE']]],
  });
  b.member(brandBc.bcId, { name: 'new.hire', email: 'new.hire@northwind.example', role: 'STANDARD', pending: true, advertisers: [[nwUs.advertiserId, 'ANALYST']] });
  b.member(agencyBc.bcId, {
    userId: owner.userId ?? undefined,
    name: 'Sam Rivera',
    email: 'sam@northwind.example',
    role: 'ADMIN',
    advertisers: [
      [clientCo.advertiserId, 'ADMIN'],
      [lumenPerf.advertiserId, 'ADMIN'],
    ],
    ttAccounts: [
      [clientcoTt.ttAccountId, ['POST', 'LIVE', 'DIRECT_MESSAGE']],
      [lumenCreators.ttAccountId, ['POST']],
    ],
  });
  const dana = b.member(agencyBc.bcId, {
    name: 'Dana Kim',
    email: 'dana@lumen.example',
    role: 'ADMIN',
    financeRole: 'MANAGER',
    advertisers: [
      [clientCo.advertiserId, 'ADMIN'],
      [lumenPerf.advertiserId, 'ADMIN'],
    ],
    ttAccounts: [
      [clientcoTt.ttAccountId, ['POST', 'LIVE', 'DIRECT_MESSAGE']],
      [lumenCreators.ttAccountId, ['POST']],
    ],
  });
  const felix = b.member(agencyBc.bcId, {
    name: 'Felix Wagner',
    email: 'felix@lumen.example',
    role: 'STANDARD',
    advertisers: [[clientCo.advertiserId, 'OPERATOR']],
    ttAccounts: [[clientcoTt.ttAccountId, ['POST']]],
  });
  const grace = b.member(agencyBc.bcId, {
    name: 'Grace Liu',
    email: 'grace@lumen.example',
    role: 'STANDARD',
    financeRole: 'ANALYST',
    advertisers: [
      [clientCo.advertiserId, 'ANALYST'],
      [lumenPerf.advertiserId, 'OPERATOR'],
    ],
    ttAccounts: [[clientcoTt.ttAccountId, ['LIVE', 'DIRECT_MESSAGE']]],
  });
  const ivan = b.member(agencyBc.bcId, {
    name: 'Ivan Petrov',
    email: 'ivan@lumen.example',
    role: 'STANDARD',
    advertisers: [[lumenPerf.advertiserId, 'ADMIN']],
    ttAccounts: [[lumenCreators.ttAccountId, ['POST']]],
  });
  b.member(agencyBc.bcId, { userId: priya.userId ?? undefined, name: 'Priya Nair', email: 'priya@northwind.example', role: 'STANDARD', advertisers: [[lumenPerf.advertiserId, 'ANALYST']] });
  b.member(agencyBc.bcId, { name: 'freelancer', email: 'freelancer@studio.example', role: 'STANDARD', pending: true, advertisers: [[lumenPerf.advertiserId, 'OPERATOR']] });
  for (const [key, member] of Object.entries({ owner, priya, marco, hannah, leo, chloe, omar, dana, felix, grace, ivan })) {
    if (member.userId !== null) ref(`user:${key}`, member.userId);
  }

  // ---- Identities ----------------------------------------------------------------------------
  const customUs = b.customIdentity(nwUs.advertiserId, 'Northwind');
  const customEu = b.customIdentity(nwEu.advertiserId, 'Northwind Europe');
  const customClient = b.customIdentity(clientCo.advertiserId, 'Client Co');
  const customLumen = b.customIdentity(lumenPerf.advertiserId, 'Lumen');
  const kaiUser = b.ttUserIdentity(kai, [nwUs.advertiserId], 'AVAILABLE');
  const rioUser = b.ttUserIdentity(rio, [nwUs.advertiserId, clientCo.advertiserId], 'IS_PRIVATE_ACCOUNT');
  const oldUser = b.ttUserIdentity(oldPersonal, [nwEu.advertiserId], 'NOT_BUSINESS_ACCOUNT');
  const skyUser = b.ttUserIdentity(sky, [lumenPerf.advertiserId], 'SCOPE_UNAVAILABLE');
  const noraUser = b.ttUserIdentity(nora, [nwEu.advertiserId], 'AVAILABLE', false);
  for (const [key, identity] of Object.entries({ customUs, customEu, customClient, customLumen, kaiUser, rioUser, oldUser, skyUser, noraUser })) {
    ref(`identity:${key}`, identity.identityId);
  }

  // ---- Posts ---------------------------------------------------------------------------------
  const post = (key: string, creator: TikTokAccount, spec: Parameters<WorldBuilder['post']>[1] = {}): Post => {
    const p = b.post(creator, spec);
    ref(`post:${key}`, p.itemId);
    return p;
  };
  const nw1 = post('northwind1', northwind, { text: 'Spring collection walk-through' });
  const nw2 = post('northwind2', northwind);
  const nw3 = post('northwind3', northwind);
  const nw4 = post('northwind4', northwind);
  const nw5 = post('northwindPrivate', northwind, { status: 'ONLY_AUTHOR_SEE', text: 'Teaser: not public yet' });
  post('northwind6', northwind, { status: 'REVIEW_PENDING' });
  const labs1 = post('labs1', labs);
  const kitchen1 = post('kitchen1', kitchen);
  post('kitchen2', kitchen);
  post('studio1', studio);
  const outlet1 = post('outlet1', outlet);
  const pets1 = post('pets1', pets);
  const cc1 = post('clientco1', clientcoTt);
  const cc2 = post('clientco2', clientcoTt);
  const cc3 = post('clientco3', clientcoTt);
  const cc4 = post('clientco4', clientcoTt);
  const lc1 = post('lumenCreators1', lumenCreators);
  const lc2 = post('lumenCreators2', lumenCreators);
  const kai1 = post('kai1', kai);
  const rio1 = post('rio1', rio);
  const old1 = post('oldPersonal1', oldPersonal);
  const sky1 = post('sky1', sky);
  const nora1 = post('nora1', nora);

  const mia1 = post('mia1', mia, { text: 'Thrifted lamp glow-up' });
  const mia2 = post('mia2', mia);
  const mia3 = post('mia3', mia);
  const mia4 = post('mia4', mia);
  const jonas1 = post('jonas1', jonas);
  const jonas2 = post('jonas2', jonas);
  const jonas3 = post('jonas3', jonas);
  const lena1 = post('lena1', lena);
  const lena2 = post('lena2', lena);
  const theoDeleted = post('theoDeleted', theo, { status: 'USER_DELETE' });
  const theoPrivate = post('theoPrivate', theo, { status: 'ONLY_AUTHOR_SEE' });
  const theoModerated = post('theoModerated', theo, { status: 'AUDIT_DELETE' });
  const ava1 = post('ava1', ava);
  const ava2 = post('ava2', ava);
  const avaDuet = post('avaCarouselDuet', ava, { format: 'CAROUSEL_DUET' });
  const zoe1 = post('zoe1', zoe);
  const zoe2 = post('zoe2', zoe);
  const zoe3 = post('zoe3', zoe);
  const zoeFriends = post('zoeFriendsOnly', zoe, { status: 'ONLY_FRIEND_SEE' });
  const noah1 = post('noah1', noah);
  const noah2 = post('noah2', noah);
  const islaMention = post('islaMultiMention', isla, { format: 'MULTI_MENTION' });
  const isla2 = post('isla2', isla);
  // TikTok's published shapes: a photo-mode post (found only with item_type=CAROUSEL) and a post whose authorization times arrive as epoch seconds.
  const nwCarousel = post('northwindCarousel', northwind, { carousel: true, text: 'Photo mode: spring lookbook' });
  const noahEpoch = post('noahEpoch', noah, { epochTimes: true });

  // ---- Authorized posts (tt_video/list) ------------------------------------------------------
  const us = nwUs.advertiserId;
  const eu = nwEu.advertiserId;
  const cc = clientCo.advertiserId;
  const lp = lumenPerf.advertiserId;
  b.authorize(us, mia1, 365, 20);
  b.authorize(us, mia2, 60, 10);
  b.authorize(us, mia3, 30, 5);
  b.authorize(us, ava1, 30, 27);
  b.authorize(us, ava2, 7, 1);
  b.authorize(us, avaDuet, 365, 30);
  b.authorize(us, jonas1, 30, 40);
  b.authorize(us, jonas2, 60, 40);
  b.authorize(us, jonas3, 365, 15);
  b.authorize(us, lena1, 365, 60, true);
  b.authorize(us, theoDeleted, 365, 90);
  b.authorize(us, theoPrivate, 365, 30);
  b.authorize(us, theoModerated, 60, 20);
  b.authorize(eu, mia1, 365, 20);
  b.authorize(cc, zoe1, 365, 100);
  b.authorize(cc, zoe2, 30, 45);
  b.authorize(cc, zoe3, 60, 50);
  b.authorize(cc, zoeFriends, 365, 30);
  b.authorize(lp, mia4, 365, 5);
  b.authorize(lp, noah2, 365, 3);
  b.authorize(lp, lena2, 365, 40, true);
  b.authorize(lp, islaMention, 365, 12);
  b.authorize(lp, noahEpoch, 365, 8);

  // ---- Unused creator codes for the batch-apply flow ------------------------------------------
  seedCreatorCodes(b, { alreadyAppliedTo: eu, alreadyAppliedPost: noah1, creators: [noah, isla, mia, jonas, zoe, ava], theo, lena, ava });

  // ---- Campaigns, ad groups, ads -------------------------------------------------------------
  const expect = (ad: Ad, rootCause: HealthRuleCode | null, severity: Severity | null, note: string, also: HealthRuleCode[] = []) => {
    world.expectations.push({ adId: ad.adId, advertiserId: ad.advertiserId, adName: ad.name, rootCause, severity, also, deleted: ad.operationStatus === 'DELETE', note });
  };
  const healthy = (ad: Ad, note: string) => expect(ad, null, null, note);
  const brand = brandBc.bcId;
  const agency = agencyBc.bcId;
  const finish = (tree: AdTreeBuilder) => world.setAdTree(tree.advertiserId, tree.tree);

  // Northwind US: creators' codes, the brand's BC accounts, TT_USER accounts, uploads.
  {
    const t = b.adTree(us);
    const creators = t.campaign('Spring creators – Spark');
    const alwaysOn = t.adGroup(creators, 'Creators – always on', null);
    const flight = t.adGroup(creators, 'Creators – spring flight', 45);
    const brandCampaign = t.campaign('Brand account – BC posts');
    const brandPosts = t.adGroup(brandCampaign, 'Brand posts', null);
    const pushed = t.adGroup(brandCampaign, 'Pushed videos', 60);
    const uploads = t.adGroup(t.campaign('Prospecting – uploads', { objectiveType: 'TRAFFIC' }), 'Uploads', 30);
    healthy(t.ad(alwaysOn, { name: '@mia.makes lamp – 365d', creative: { kind: 'spark_code', post: mia1 } }), '365-day code, ends in 345 days');
    healthy(t.ad(flight, { name: '@mia.makes – 60d', creative: { kind: 'spark_code', post: mia2 } }), '60-day code ends in 50 days, after the ad group ends (45 days)');
    expect(t.ad(alwaysOn, { name: '@ava.dance – ends in 3 days', creative: { kind: 'spark_code', post: ava1 } }), 'AUTH_EXPIRING_SOON', 'warning', '30-day code ends 3 days after the epoch');
    expect(t.ad(alwaysOn, { name: '@ava.dance – 7-day code', creative: { kind: 'spark_code', post: ava2 } }), 'AUTH_EXPIRING_SOON', 'warning', '7-day code ends in 6 days', ['AUTH_SHORT_WINDOW']);
    expect(t.ad(alwaysOn, { name: '@jonas.outdoors – expired', creative: { kind: 'spark_code', post: jonas1 } }), 'AUTH_EXPIRED', 'blocking', '30-day code ended 10 days ago');
    expect(t.ad(alwaysOn, { name: '@lena.bakes – revoked', creative: { kind: 'spark_code', post: lena1 } }), 'AUTH_REVOKED', 'blocking', 'creator turned Ad authorization off');
    expect(t.ad(alwaysOn, { name: '@theo.tech – deleted post', creative: { kind: 'spark_code', post: theoDeleted } }), 'POST_DELETED', 'blocking', 'post status USER_DELETE');
    expect(t.ad(alwaysOn, { name: '@theo.tech – removed by moderation', creative: { kind: 'spark_code', post: theoModerated } }), 'POST_DELETED', 'blocking', 'post status AUDIT_DELETE');
    expect(
      t.ad(alwaysOn, { name: '@theo.tech – private post', creative: { kind: 'spark_code', post: theoPrivate } }),
      'POST_PRIVATE',
      'blocking',
      'post status ONLY_AUTHOR_SEE on an AUTH_CODE identity',
    );
    expect(t.ad(alwaysOn, { name: '@ava.dance – carousel duet', creative: { kind: 'spark_code', post: avaDuet } }), 'POST_UNSUPPORTED', 'blocking', 'CAROUSEL item with duet_original_item_id');
    expect(
      t.ad(alwaysOn, { name: '@jonas.outdoors post under @mia.makes', creative: { kind: 'spark_code', post: jonas3, identityAccount: mia } }),
      'IDENTITY_WRONG_HANDLE',
      'blocking',
      'AUTH_CODE identity of @mia.makes, post owned by @jonas.outdoors',
    );
    expect(t.ad(alwaysOn, { name: '@mia.makes – 30-day code', creative: { kind: 'spark_code', post: mia3 } }), 'AUTH_SHORT_WINDOW', 'info', '30-day code, 25 days left, ad group runs continuously');
    expect(
      t.ad(flight, { name: '@jonas.outdoors – ends before flight', creative: { kind: 'spark_code', post: jonas2 } }),
      'AUTH_EXPIRING_SOON',
      'warning',
      'code ends in 20 days, ad group ends in 45 days',
    );
    healthy(
      t.ad(brandPosts, { name: '@northwind spring walk-through', creative: { kind: 'bc_pull', bcId: brand, ttAccountId: northwind.ttAccountId, post: nw1 } }),
      'BC_AUTH_TT, linked, assigned, POST',
    );
    healthy(
      t.ad(brandPosts, { name: '@northwind – photo carousel', creative: { kind: 'bc_pull', bcId: brand, ttAccountId: northwind.ttAccountId, post: nwCarousel } }),
      'BC_AUTH_TT carousel ad (CAROUSEL_ADS); the post is only listed with item_type=CAROUSEL',
    );
    expect(
      t.ad(brandPosts, { name: '@northwind.outlet – link pending', creative: { kind: 'bc_pull', bcId: brand, ttAccountId: outlet.ttAccountId, post: outlet1 } }),
      'BC_LINK_PENDING',
      'blocking',
      'TT account link PENDING (QR not scanned)',
    );
    expect(
      t.ad(brandPosts, { name: '@northwind.kitchen – existing posts off', creative: { kind: 'bc_pull', bcId: brand, ttAccountId: kitchen.ttAccountId, post: kitchen1 } }),
      'BC_EXISTING_POSTS_OFF',
      'blocking',
      'BC holds LIVE but not POST on the account',
    );
    expect(
      t.ad(pushed, { name: '@northwind.studio – pushed video', creative: { kind: 'bc_push', bcId: brand, ttAccountId: studio.ttAccountId } }),
      'BC_PUBLISH_NEW_OFF',
      'warning',
      'push ad (video_id) through an account without "Publish and manage new videos"',
    );
    healthy(t.ad(pushed, { name: '@northwind – pushed video', creative: { kind: 'bc_push', bcId: brand, ttAccountId: northwind.ttAccountId } }), 'push ad, publish on, ads-only');
    expect(
      t.ad(brandPosts, { name: 'Northwind post on custom identity', creative: { kind: 'custom', identity: customUs, post: nw2 } }),
      'IDENTITY_CUSTOM',
      'blocking',
      'CUSTOMIZED_USER with a tiktok_item_id',
    );
    expect(t.ad(uploads, { name: 'Upload – hero video', creative: { kind: 'custom', identity: customUs } }), 'IDENTITY_CUSTOM', 'info', 'non-Spark upload on Custom Identity (retiring 2026)');
    healthy(t.ad(brandPosts, { name: '@kai.travel – own account', creative: { kind: 'tt_user', identity: kaiUser, post: kai1 } }), 'TT_USER, AVAILABLE');
    expect(
      t.ad(brandPosts, { name: '@rio.private – private account', creative: { kind: 'tt_user', identity: rioUser, post: rio1 } }),
      'IDENTITY_UNAVAILABLE',
      'blocking',
      'available_status IS_PRIVATE_ACCOUNT',
    );
    expect(t.ad(uploads, { name: 'Upload – old winter cut', creative: { kind: 'custom', identity: customUs }, operationStatus: 'DELETE' }), null, null, 'deleted ad');
    finish(t);
  }

  // Northwind EU: missing authorization, BC assignment and linking, unavailable identities, preview.
  {
    const t = b.adTree(eu);
    const creators = t.adGroup(t.campaign('EU creators'), 'EU creators – always on', null);
    const brandPosts = t.adGroup(t.campaign('EU brand account'), 'EU brand posts', 90);
    const uploads = t.adGroup(t.campaign('EU uploads', { objectiveType: 'TRAFFIC' }), 'EU uploads', null);
    healthy(t.ad(creators, { name: '@mia.makes lamp – EU', creative: { kind: 'spark_code', post: mia1 } }), 'same post and code as in Northwind US, applied here too');
    expect(t.ad(creators, { name: '@ava.dance – code never applied here', creative: { kind: 'spark_code', post: ava1 } }), 'AUTH_MISSING', 'blocking', 'post authorized to Northwind US only');
    healthy(t.ad(creators, { name: '@noah.cooks – EU', creative: { kind: 'spark_code', post: noah1 } }), 'authorized through one of the already-applied creator codes');
    expect(
      t.ad(brandPosts, { name: '@northwind.labs – not assigned', creative: { kind: 'bc_pull', bcId: brand, ttAccountId: labs.ttAccountId, post: labs1 } }),
      'BC_NOT_ASSIGNED_TO_AD_ACCOUNT',
      'blocking',
      'account linked to the BC, assigned to Northwind US only',
    );
    expect(
      t.ad(brandPosts, { name: '@northwind.pets – not linked', creative: { kind: 'bc_pull', bcId: brand, ttAccountId: pets.ttAccountId, post: pets1 } }),
      'BC_ACCOUNT_NOT_LINKED',
      'blocking',
      'account is not an asset of any BC',
    );
    expect(
      t.ad(brandPosts, { name: '@old.personal – not a business account', creative: { kind: 'tt_user', identity: oldUser, post: old1 } }),
      'IDENTITY_UNAVAILABLE',
      'blocking',
      'available_status NOT_BUSINESS_ACCOUNT',
    );
    expect(
      t.ad(brandPosts, { name: '@nora.nopull – cannot pull', creative: { kind: 'tt_user', identity: noraUser, post: nora1 } }),
      'IDENTITY_UNAVAILABLE',
      'blocking',
      'AVAILABLE but can_pull_video false',
    );
    expect(
      t.ad(brandPosts, { name: 'Northwind post without TikTok account', creative: { kind: 'no_identity', post: nw3 } }),
      'IDENTITY_NOT_TIKTOK_ACCOUNT',
      'blocking',
      'tiktok_item_id set, no identity ("Use TikTok account" off)',
    );
    healthy(t.ad(brandPosts, { name: '@northwind – EU evergreen', creative: { kind: 'bc_pull', bcId: brand, ttAccountId: northwind.ttAccountId, post: nw3 } }), 'BC_AUTH_TT, linked, assigned, POST');
    expect(
      t.ad(brandPosts, { name: '@northwind – no preview', creative: { kind: 'bc_pull', bcId: brand, ttAccountId: northwind.ttAccountId, post: nw4 }, previewUnavailable: true }),
      'PREVIEW_UNAVAILABLE',
      'warning',
      'all pillars pass; ads_preview returns no preview_link',
    );
    expect(
      t.ad(brandPosts, { name: '@northwind – private teaser on profile', creative: { kind: 'bc_pull', bcId: brand, ttAccountId: northwind.ttAccountId, post: nw5 }, darkPostStatus: 'OFF' }),
      'PRIVATE_WILL_BECOME_PUBLIC',
      'info',
      'ONLY_AUTHOR_SEE post, dark_post_status OFF ("Show on TikTok profile and in ads")',
    );
    expect(t.ad(uploads, { name: 'EU upload – lookbook', creative: { kind: 'custom', identity: customEu } }), 'IDENTITY_CUSTOM', 'info', 'non-Spark upload on Custom Identity');
    expect(t.ad(uploads, { name: 'EU upload – retired', creative: { kind: 'custom', identity: customEu }, operationStatus: 'DELETE' }), null, null, 'deleted ad');
    expect(t.ad(creators, { name: '@mia.makes – retired', creative: { kind: 'spark_code', post: mia1 }, operationStatus: 'DELETE' }), null, null, 'deleted ad');
    finish(t);
  }

  // Client Co (partner-owned, run by the agency).
  {
    const t = b.adTree(cc);
    const creators = t.adGroup(t.campaign('Client Co creators'), 'Client Co creators – Q2', 120);
    const brandPosts = t.adGroup(t.campaign('Client Co brand'), 'Client Co brand posts', null);
    healthy(t.ad(creators, { name: '@zoe.fit – 365d', creative: { kind: 'spark_code', post: zoe1 } }), '365-day code, ends in 265 days');
    expect(t.ad(creators, { name: '@zoe.fit – expired', creative: { kind: 'spark_code', post: zoe2 } }), 'AUTH_EXPIRED', 'blocking', '30-day code ended 15 days ago');
    expect(t.ad(creators, { name: '@zoe.fit – ends in 10 days', creative: { kind: 'spark_code', post: zoe3 } }), 'AUTH_EXPIRING_SOON', 'warning', '60-day code ends in 10 days');
    expect(t.ad(creators, { name: '@zoe.fit – friends only', creative: { kind: 'spark_code', post: zoeFriends } }), 'POST_PRIVATE', 'blocking', 'post status ONLY_FRIEND_SEE');
    expect(
      t.ad(creators, { name: '@zoe.fit on custom identity', creative: { kind: 'custom', identity: customClient, post: zoe1 } }),
      'IDENTITY_CUSTOM',
      'blocking',
      'CUSTOMIZED_USER with a tiktok_item_id',
    );
    healthy(t.ad(brandPosts, { name: '@clientco – hero', creative: { kind: 'bc_pull', bcId: agency, ttAccountId: clientcoTt.ttAccountId, post: cc1 } }), 'BC_AUTH_TT via the agency BC');
    healthy(t.ad(brandPosts, { name: '@clientco – how-to', creative: { kind: 'bc_pull', bcId: agency, ttAccountId: clientcoTt.ttAccountId, post: cc2 } }), 'BC_AUTH_TT via the agency BC');
    healthy(t.ad(brandPosts, { name: '@clientco – review', creative: { kind: 'bc_pull', bcId: agency, ttAccountId: clientcoTt.ttAccountId, post: cc3 } }), 'BC_AUTH_TT via the agency BC');
    expect(
      t.ad(brandPosts, { name: '@zoe.fit post under @clientco', creative: { kind: 'bc_pull', bcId: agency, ttAccountId: clientcoTt.ttAccountId, post: zoe1 } }),
      'IDENTITY_WRONG_HANDLE',
      'blocking',
      'BC_AUTH_TT identity of @clientco, post owned by @zoe.fit',
    );
    expect(
      t.ad(brandPosts, { name: '@rio.private – Client Co', creative: { kind: 'tt_user', identity: rioUser, post: rio1 } }),
      'IDENTITY_UNAVAILABLE',
      'blocking',
      'available_status IS_PRIVATE_ACCOUNT',
    );
    healthy(
      t.ad(brandPosts, { name: '@clientco – pushed and reviewed', creative: { kind: 'bc_push', bcId: agency, ttAccountId: clientcoTt.ttAccountId, itemId: cc4.itemId } }),
      'push ad whose post passed review (video_id and tiktok_item_id)',
    );
    healthy(
      t.ad(brandPosts, { name: '@clientco – paused', creative: { kind: 'bc_pull', bcId: agency, ttAccountId: clientcoTt.ttAccountId, post: cc2 }, operationStatus: 'DISABLE' }),
      'paused by the media buyer, nothing wrong',
    );
    expect(
      t.ad(brandPosts, { name: '@clientco – retired', creative: { kind: 'bc_pull', bcId: agency, ttAccountId: clientcoTt.ttAccountId, post: cc3 }, operationStatus: 'DELETE' }),
      null,
      null,
      'deleted ad',
    );
    finish(t);
  }

  // Lumen Performance (agency-owned, shared with the partner).
  {
    const t = b.adTree(lp);
    const spark = t.campaign('Performance – Spark');
    const creators = t.adGroup(spark, 'Creators – 30 days', 30);
    const accounts = t.adGroup(spark, 'Accounts – always on', null);
    const archive = t.adGroup(t.campaign('Q4 archive', { operationStatus: 'DISABLE' }), 'Q4 – ended', -10);
    healthy(t.ad(creators, { name: '@mia.makes – performance', creative: { kind: 'spark_code', post: mia4 } }), '365-day code');
    healthy(t.ad(creators, { name: '@noah.cooks – performance', creative: { kind: 'spark_code', post: noah2 } }), '365-day code');
    healthy(t.ad(creators, { name: '@noah.cooks – epoch times', creative: { kind: 'spark_code', post: noahEpoch } }), '365-day code whose auth_info times come as epoch seconds');
    expect(t.ad(creators, { name: '@lena.bakes – revoked', creative: { kind: 'spark_code', post: lena2 } }), 'AUTH_REVOKED', 'blocking', 'creator turned Ad authorization off');
    expect(
      t.ad(creators, { name: '@isla.style – multi mention', creative: { kind: 'spark_code', post: islaMention } }),
      'POST_UNSUPPORTED',
      'blocking',
      'post mentions two videos (mentioned_item_ids)',
    );
    expect(t.ad(creators, { name: '@isla.style – never authorized', creative: { kind: 'spark_code', post: isla2 } }), 'AUTH_MISSING', 'blocking', 'no authorization for the post on any ad account');
    expect(
      t.ad(accounts, { name: '@sky.noscope – scope unavailable', creative: { kind: 'tt_user', identity: skyUser, post: sky1 } }),
      'IDENTITY_UNAVAILABLE',
      'blocking',
      'available_status SCOPE_UNAVAILABLE',
    );
    healthy(t.ad(accounts, { name: '@lumen.creators – roundup', creative: { kind: 'bc_pull', bcId: agency, ttAccountId: lumenCreators.ttAccountId, post: lc1 } }), 'BC_AUTH_TT');
    healthy(t.ad(accounts, { name: '@lumen.creators – tips', creative: { kind: 'bc_pull', bcId: agency, ttAccountId: lumenCreators.ttAccountId, post: lc2 } }), 'BC_AUTH_TT');
    healthy(
      t.ad(accounts, { name: '@clientco – cross-sell', creative: { kind: 'bc_pull', bcId: agency, ttAccountId: clientcoTt.ttAccountId, post: cc1 } }),
      'BC_AUTH_TT of an account assigned to two ad accounts',
    );
    expect(t.ad(accounts, { name: 'Lumen upload – brand film', creative: { kind: 'custom', identity: customLumen } }), 'IDENTITY_CUSTOM', 'info', 'non-Spark upload on Custom Identity');
    expect(t.ad(accounts, { name: 'Lumen upload – cutdown', creative: { kind: 'custom', identity: customLumen } }), 'IDENTITY_CUSTOM', 'info', 'non-Spark upload on Custom Identity');
    expect(t.ad(archive, { name: 'Q4 upload – ended', creative: { kind: 'custom', identity: customLumen } }), 'IDENTITY_CUSTOM', 'info', 'ended ad group in a disabled campaign');
    expect(
      t.ad(accounts, { name: '@lumen.creators – retired', creative: { kind: 'bc_pull', bcId: agency, ttAccountId: lumenCreators.ttAccountId, post: lc1 }, operationStatus: 'DELETE' }),
      null,
      null,
      'deleted ad',
    );
    finish(t);
  }

  // Lumen Performance lists more identities than one `identity/get` page holds (100): a sync must read the second page.
  for (let i = 1; i <= 100; i++) b.customIdentity(lp, `Lumen creative ${String(i).padStart(3, '0')}`);
}

function seedCreatorCodes(
  b: WorldBuilder,
  spec: { alreadyAppliedTo: string; alreadyAppliedPost: Post; creators: TikTokAccount[]; theo: TikTokAccount; lena: TikTokAccount; ava: TikTokAccount },
): void {
  const { world } = b;
  const handleOf = (post: Post) => world.ttAccounts.get(post.ttAccountId)?.handle ?? null;
  const add = (kind: CreatorCodeCase['kind'], code: string, post: Post | null, days: number | null, error: CreatorCodeCase['error'], appliedTo: string[] = []) => {
    world.creatorCodes.push({ code, kind, itemId: post?.itemId ?? null, handle: post === null ? null : handleOf(post), days, appliedTo, error });
  };
  let creatorIndex = 0;
  const freshPost = () => {
    const owner = spec.creators[creatorIndex++ % spec.creators.length];
    if (owner === undefined) throw new Error('no creators');
    return b.post(owner, { createdDaysAgo: 3 });
  };

  for (const [days, count] of [
    [7, 5],
    [30, 6],
    [60, 5],
    [365, 6],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const post = freshPost();
      add('valid', b.code(post, days, i % 3).code, post, days, null);
    }
  }
  for (const [days, overdue] of [
    [7, 1],
    [30, 4],
    [60, 12],
    [30, 30],
  ] as const) {
    const post = freshPost();
    add('expired', b.code(post, days, days + overdue).code, post, days, 'expired');
  }
  for (const malformed of ['#tooShort+1/2=', 'spark-code-without-hash+abc/def==', '#AAAAAAAAAAAAAAAAAAAA BBBBBBBBBBBBBBBBBBBBBBBB+/=', '#ZmFrZV9jb2RlX3dpdGg_aWxsZWdhbCFjaGFyc18jIyMjIyMjIyM=']) {
    add('malformed', malformed, null, null, 'malformed');
  }
  for (let i = 0; i < 3; i++) {
    const post = i === 0 ? spec.alreadyAppliedPost : freshPost();
    const code = b.code(post, 365, 2 + i);
    world.applyCreatorCode(spec.alreadyAppliedTo, code);
    add('already_applied', code.code, post, 365, null, [spec.alreadyAppliedTo]);
  }
  for (const status of ['USER_DELETE', 'AUDIT_DELETE'] as const) {
    const post = b.post(spec.theo, { status });
    add('deleted_post', b.code(post, 30, 1).code, post, 30, 'deleted_post');
  }
  // Unknown in the real API: whether a private post can be authorized; we accept it (it becomes public when used).
  for (const status of ['ONLY_AUTHOR_SEE', 'ONLY_FRIEND_SEE'] as const) {
    const post = b.post(spec.theo, { status });
    add('private_post', b.code(post, 60, 1).code, post, 60, null);
  }
  const story = b.post(spec.ava, { format: 'STORY', createdDaysAgo: 0 });
  add('unsupported_format', b.code(story, 30, 0).code, story, 30, 'story_not_supported');
  const duet = b.post(spec.ava, { format: 'CAROUSEL_DUET' });
  add('unsupported_format', b.code(duet, 30, 1).code, duet, 30, 'carousel_duet_not_supported');
  for (let i = 0; i < 2; i++) {
    const post = b.post(spec.lena);
    add('revoked', b.code(post, 60, 2, true).code, post, 60, 'not_found');
  }
  add('unknown', '#UnknownCodeNeverIssued+ByAnyCreator/0000000000000=', null, null, 'not_found');
  add('unknown', '#AnotherWellFormedCode+ThatNoCreatorMade/111111111=', null, null, 'not_found');
}
