import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { exe, jpeg, pdf, png, sha256, uploaded } from '../support/files';
import { createTestApp, data, error, TestAccount, TestApp } from '../support/test-app';

/** Attachments (evidence of INS-2, TRN-1): upload over HTTP, type by content, size limit, content-addressed store, access by record. */
describe('attachments: upload, limits, content-addressed store, access through the record', () => {
  let t: TestApp;
  let station: TestAccount;
  let otherStation: TestAccount;
  let township: TestAccount;
  let discipline: TestAccount;
  let jingshan: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { ATTACHMENT_MAX_MB: '1' } });
    station = await t.account({ role: Role.STATION, region: '景山镇' });
    otherStation = await t.account({ role: Role.STATION, region: '龙泉镇' });
    township = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    discipline = await t.account({ role: Role.DISCIPLINE });
    jingshan = toGlobalId('Region', await t.regionId('景山镇'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) => Number(((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`)) as { n: string }[])[0].n);
  const recordActivity = (who: TestAccount, attachments: { sha256: string; name: string }[]) =>
    t.gqlAs(who, `mutation($i: RecordActivityInput!) { recordActivity(input: $i) { id attachments { name sha256 uri mediaType sizeBytes } } }`, {
      i: { kind: 'PUBLICITY', title: '入户宣传', heldOn: t.clock.today(), regionId: jingshan, organizer: '景山镇消防工作站', audiences: ['VILLAGERS'], participantCount: 40, content: '发放宣传单', attachments },
    });

  it('stores an upload once under its SHA-256, typed by its content, and tells the client what to attach', async () => {
    const content = png();
    const res = await t.upload(station, content, '现场照片.png');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ sha256: sha256(content), name: '现场照片.png', sizeBytes: content.length, mediaType: 'image/png', uri: `/attachments/${sha256(content)}` });
    const file = path.join(t.config.attachments.dir, res.body.sha256.slice(0, 2), res.body.sha256.slice(2, 4), res.body.sha256);
    expect(readFileSync(file).equals(content)).toBe(true);
    // the same content again: one stored file, two uploads
    const files = await count('stored_file');
    expect((await t.upload(township, content, '另一个名字.png')).status).toBe(201);
    expect(await count('stored_file')).toBe(files);
    expect(await count(`attachment_upload WHERE sha256 = '${res.body.sha256}'`)).toBe(2);
  });

  it('checks the type by content, not by name: an executable named .jpg is refused, a PNG named .pdf is a PNG', async () => {
    const before = await count('stored_file');
    const refused = await t.upload(station, exe(), '整改照片.jpg');
    expect(refused.status).toBe(415);
    expect(refused.body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(refused.body.errors[0].message).toMatch(/不支持的文件类型/);
    const text = await t.upload(station, Buffer.from('就是一段文字，不是文档'), '说明.docx');
    expect(text.status).toBe(415);
    expect(await count('stored_file')).toBe(before);
    const renamed = await t.upload(station, png(), '报告.pdf');
    expect(renamed.body.mediaType).toBe('image/png');
    expect((await t.upload(station, pdf(), 'report.pdf')).body.mediaType).toBe('application/pdf');
    expect((await t.upload(station, jpeg(), 'photo')).body.mediaType).toBe('image/jpeg');
  });

  it('refuses a file over ATTACHMENT_MAX_MB with PAYLOAD_TOO_LARGE and keeps nothing of it', async () => {
    const before = await count('stored_file');
    const big = Buffer.concat([png(), Buffer.alloc(1024 * 1024)]);
    const res = await t.upload(station, big, '大照片.png');
    expect(res.status).toBe(413);
    expect(res.body.errors[0]).toMatchObject({ message: '文件过大：最大 1 MB', extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes: 1024 * 1024 } });
    expect(await count('stored_file')).toBe(before);
    const file = path.join(t.config.attachments.dir, sha256(big).slice(0, 2), sha256(big).slice(2, 4), sha256(big));
    expect(existsSync(file)).toBe(false);
    // exactly at the limit is fine
    const atLimit = Buffer.concat([png(), Buffer.alloc(1024 * 1024 - png().length)]);
    expect((await t.upload(station, atLimit, '刚好.png')).status).toBe(201);
  });

  it('answers an empty or missing file with BAD_USER_INPUT, nobody with UNAUTHENTICATED, a role without the permission with FORBIDDEN', async () => {
    const empty = await t.upload(station, Buffer.alloc(0), '空.png');
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const anonymous = await t.upload(null, png(), 'a.png');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const denied = await t.upload(discipline, png(), 'a.png');
    expect(denied.status).toBe(403);
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(denied.body)).not.toMatch(/at .*\.js/);
    // the wrong field name, or a form that is not multipart: BAD_USER_INPUT naming the file field
    const http = t.app.getHttpServer();
    const wrongField = await request(http).post('/attachments').set(station.headers).attach('photo', png(), 'a.png');
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'file' }] });
    const json = await request(http).post('/attachments').set(station.headers).send({ file: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // denials and failures of the upload route are in the audit trail, as GraphQL mutations' are
    const audit = (await t.dataSource.query(`SELECT outcome, error_code FROM audit_entry WHERE operation = 'uploadAttachment' AND outcome <> 'SUCCESS'`)) as { outcome: string; error_code: string }[];
    expect(audit).toEqual(expect.arrayContaining([{ outcome: 'DENIED', error_code: 'FORBIDDEN' }, { outcome: 'DENIED', error_code: 'UNAUTHENTICATED' }, { outcome: 'FAILURE', error_code: 'BAD_USER_INPUT' }]));
  });

  it('a file is readable by its uploader, and by whoever can read a record it is attached to; nobody else learns it exists', async () => {
    const content = jpeg();
    const photo = await uploaded(t, station, '宣传现场.jpg', content);
    const own = await t.download(station, photo.sha256);
    expect(own.status).toBe(200);
    expect(own.bytes.equals(content)).toBe(true);
    expect(own.headers['content-type']).toBe('image/jpeg');
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.headers['content-disposition']).toMatch(/^attachment;/);
    // before it is attached: the township government of the same township may not read it
    expect((await t.download(township, photo.sha256)).status).toBe(404);
    const activity = data(await recordActivity(station, [photo])).recordActivity;
    expect(activity.attachments).toEqual([{ name: '宣传现场.jpg', sha256: photo.sha256, uri: `/attachments/${photo.sha256}`, mediaType: 'image/jpeg', sizeBytes: content.length }]);
    // attached to an activity of 景山镇: its government reads it; another township's station and the discipline commission do not
    expect((await t.download(township, photo.sha256)).status).toBe(200);
    expect((await t.download(t.office, photo.sha256)).status).toBe(200);
    const outside = await t.download(otherStation, photo.sha256);
    expect(outside.status).toBe(404);
    expect(outside.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await t.download(discipline, photo.sha256)).status).toBe(404);
    expect((await t.download(null, photo.sha256)).status).toBe(401);
    // a digest nobody uploaded answers the same as one that may not be read
    expect((await t.download(otherStation, 'f'.repeat(64))).status).toBe(404);
  });

  it('a record may carry only files its author may read; otherwise BAD_USER_INPUT on the item and nothing is saved', async () => {
    const secret = await uploaded(t, station, '内部.png');
    const activities = await count('training_activity');
    const res = await recordActivity(otherStation, [{ sha256: secret.sha256, name: '拿来用.png' }]);
    // 龙泉镇's station cannot record in 景山镇 either: use its own township, so only the attachment is wrong
    const own = await t.gqlAs(otherStation, `mutation($i: RecordActivityInput!) { recordActivity(input: $i) { id } }`, {
      i: { kind: 'PUBLICITY', title: '宣传', heldOn: t.clock.today(), regionId: toGlobalId('Region', await t.regionId('龙泉镇')), organizer: '龙泉镇消防工作站', audiences: ['VILLAGERS'], participantCount: 5, content: '宣传', attachments: [{ sha256: secret.sha256, name: 'x.png' }, { sha256: 'e'.repeat(64), name: 'y.png' }] },
    });
    expect(error(res).extensions.code).toBe('FORBIDDEN');
    const problem = error(own);
    expect(problem.extensions.code).toBe('BAD_USER_INPUT');
    expect(problem.extensions.fields.map((f: { field: string }) => f.field)).toEqual(['input.attachments[0].sha256', 'input.attachments[1].sha256']);
    expect(await count('training_activity')).toBe(activities);
    expect(await count(`attachment_link WHERE sha256 = '${secret.sha256}'`)).toBe(0);
  });

  it('INS-2: rectification evidence is an uploaded file, readable afterwards by whoever reads the hazard', async () => {
    const premises = data(await t.gqlAs(station, `mutation($i: CreatePremisesInput!) { createPremises(input: $i) { id } }`, {
      i: { regionId: jingshan, kind: 'SMALL_VENUE', name: '景山超市', address: '中心街 1 号', responsibleName: '王店主', riskLevel: 'GENERAL' },
    })).createPremises.id;
    const hazard = data(await t.gqlAs(station, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id } }`, { i: { premisesId: premises, description: '通道堆物', foundOn: t.clock.today() } })).reportHazard.id;
    data(await t.gqlAs(station, `mutation($i: OrderRectificationInput!) { orderRectification(input: $i) { id } }`, { i: { hazardId: hazard, responsibleParty: '王店主', measures: '清理' } }));
    const forged = await t.gqlAs(station, `mutation($i: ReportRectificationInput!) { reportRectification(input: $i) { status } }`, { i: { hazardId: hazard, note: '已清理', evidence: [{ sha256: 'a'.repeat(64), name: 'a.jpg' }] } });
    expect(error(forged).extensions.fields[0].field).toBe('input.evidence[0].sha256');
    const evidence = await uploaded(t, station, '整改后.jpg', jpeg());
    const done = data(await t.gqlAs(station, `mutation($i: ReportRectificationInput!) { reportRectification(input: $i) { status history(first: 100) { edges { node { action attachments { name sha256 } } } } } }`, { i: { hazardId: hazard, note: '已清理', evidence: [evidence] } })).reportRectification;
    expect(done.status).toBe('PENDING_RECHECK');
    expect(done.history.edges.at(-1).node.attachments).toEqual([{ name: '整改后.jpg', sha256: evidence.sha256 }]);
    expect((await t.download(township, evidence.sha256)).status).toBe(200);
    expect((await t.download(otherStation, evidence.sha256)).status).toBe(404);
  });
});
