import * as net from 'node:net';
import { deflateSync } from 'node:zlib';
import { Role } from '../src/kernel/permissions';
import { png, sha256 } from './support/files';
import { createTestApp, TestAccount, TestApp } from './support/test-app';

/**
 * GB/T 22239-2019 8.1.4.5 恶意代码防范: uploads are refused when a PDF carries JavaScript, launch actions,
 * multimedia or embedded files (in its bytes or in FlateDecode streams, object streams included), and, when
 * CLAMAV_SOCKET is set, when clamd finds something (INSTREAM); clamd unreachable refuses only with CLAMAV_REQUIRED.
 */

/** A small PDF of these objects (bodies after `N 0 obj`), as a hand would write one. */
function pdfOf(objects: (string | Buffer)[], trailer = '<< /Root 1 0 R >>'): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  objects.forEach((body, i) => {
    parts.push(Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1'));
  });
  parts.push(Buffer.from(`trailer\n${trailer}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>';
/** A stream object compressed with zlib (FlateDecode). */
const flate = (dict: string, content: string) => {
  const packed = deflateSync(Buffer.from(content, 'latin1'));
  return Buffer.concat([Buffer.from(`<< ${dict} /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, 'latin1'), packed, Buffer.from('\nendstream', 'latin1')]);
};

const SAFE = pdfOf(['<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>', PAGES, PAGE]);
const UNSAFE: [string, Buffer, string, string[]][] = [
  ['an OpenAction running JavaScript', pdfOf(['<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>', PAGES, PAGE, "<< /S /JavaScript /JS (app.alert\\('x'\\)) >>"]), 'PDF_ACTIVE_CONTENT', ['/JS', '/JavaScript']],
  ['a page\'s additional action (/AA) with the name escaped as /J#61vaScript', pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', PAGES, '<< /Type /Page /Parent 2 0 R /AA << /O << /S /J#61vaScript /J#53 (x) >> >> >>']), 'PDF_ACTIVE_CONTENT', ['/JS', '/JavaScript']],
  ['JavaScript hidden in a compressed object stream', pdfOf(['<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>', PAGES, PAGE, flate('/Type /ObjStm /N 1 /First 4', '5 0 << /S /JavaScript /JS (this.exportDataObject\\(\\)) >>')]), 'PDF_ACTIVE_CONTENT', ['/JS', '/JavaScript']],
  ['a Launch action', pdfOf(['<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>', PAGES, PAGE]), 'PDF_ACTIVE_CONTENT', ['/Launch']],
  ['an embedded file', pdfOf(['<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >> >>', PAGES, PAGE, '<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>', flate('/Type /EmbeddedFile', 'MZ')]), 'PDF_EMBEDDED_FILE', ['/EmbeddedFile', '/EmbeddedFiles']],
  ['RichMedia', pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', PAGES, '<< /Type /Page /Parent 2 0 R /Annots [<< /Subtype /RichMedia >>] >>']), 'PDF_ACTIVE_CONTENT', ['/RichMedia']],
];

/**
 * A fake clamd on loopback: INSTREAM, answering FOUND when the stream holds the marker; `silent` never answers;
 * past `maxStream` bytes it answers as clamd does past StreamMaxLength (`INSTREAM size limit exceeded. ERROR`), or,
 * with `cut`, resets the connection instead.
 */
const MARKER = 'FCP-TEST-MALWARE-MARKER';
interface FakeClamd {
  port: number;
  received: Buffer[];
  silent: boolean;
  maxStream: number | null;
  cut: boolean;
  close(): Promise<void>;
}
async function fakeClamd(): Promise<FakeClamd> {
  const fake: FakeClamd = { port: 0, received: [], silent: false, maxStream: null, cut: false, close: async () => undefined };
  const server = net.createServer((socket) => {
    let buffered = Buffer.alloc(0);
    let command = false;
    const chunks: Buffer[] = [];
    let total = 0;
    let over = false;
    socket.on('data', (c: Buffer) => {
      if (over) return;
      buffered = Buffer.concat([buffered, c]);
      if (!command) {
        const end = buffered.indexOf(0);
        if (end < 0) return;
        if (buffered.subarray(0, end).toString() !== 'zINSTREAM') return void socket.end('UNKNOWN COMMAND\0');
        command = true;
        buffered = buffered.subarray(end + 1);
      }
      while (buffered.length >= 4) {
        const size = buffered.readUInt32BE(0);
        if (size === 0) {
          const stream = Buffer.concat(chunks);
          fake.received.push(stream);
          if (fake.silent) return;
          return void socket.end(stream.includes(MARKER) ? 'stream: Eicar-Signature FOUND\0' : 'stream: OK\0');
        }
        total += size;
        if (fake.maxStream !== null && total > fake.maxStream) {
          over = true;
          if (fake.cut) return void socket.resetAndDestroy();
          return void socket.end('INSTREAM size limit exceeded. ERROR\0');
        }
        if (buffered.length < 4 + size) {
          total -= size;
          return;
        }
        chunks.push(buffered.subarray(4, 4 + size));
        buffered = buffered.subarray(4 + size);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as net.AddressInfo).port;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}

describe('uploads: unsafe PDFs and the ClamAV hook (GB/T 22239-2019 8.1.4.5)', () => {
  let t: TestApp;
  let clamd: FakeClamd;
  let station: TestAccount;
  const codeOf = (res: { body: any }) => res.body.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    clamd = await fakeClamd();
    t = await createTestApp({ env: { CLAMAV_SOCKET: `127.0.0.1:${clamd.port}`, CLAMAV_TIMEOUT_MS: '500' } });
    station = await t.account({ role: Role.STATION });
  });
  afterAll(async () => {
    await t?.close();
    await clamd?.close();
  });

  it('a plain PDF (an opening action that only shows a page) is accepted, and was scanned whole by clamd', async () => {
    const res = await t.upload(station, SAFE, '检查记录.pdf');
    expect(res.status).toBe(201);
    expect(res.body.mediaType).toBe('application/pdf');
    expect(clamd.received.some((b) => b.equals(SAFE))).toBe(true);
  });

  it.each(UNSAFE)('a PDF with %s is refused: 422 UNSAFE_FILE, a zh-CN reason, nothing stored', async (_what, file, reason, markers) => {
    const res = await t.upload(station, file, '通知.pdf');
    expect(res.status).toBe(422);
    expect(codeOf(res)).toBe('UNSAFE_FILE');
    expect(res.body.errors[0].extensions).toMatchObject({ reason, markers });
    expect(res.body.errors[0].message).toMatch(/^PDF 文件含有.*已拒绝上传/);
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM attachment_upload WHERE uploader_id = $1 AND name = '通知.pdf'`, [station.id]);
    expect(rows[0].n).toBe(0);
  });

  it('clamd finds something: 422 UNSAFE_FILE naming it; a clean file of the same kind is accepted', async () => {
    const infected = Buffer.concat([png(), Buffer.from(MARKER)]);
    const refused = await t.upload(station, infected, '照片.png');
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'UNSAFE_FILE', reason: 'VIRUS', signature: 'Eicar-Signature' });
    expect(refused.body.errors[0].message).toContain('病毒查杀');
    expect(clamd.received.some((b) => b.equals(infected))).toBe(true);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM stored_file WHERE sha256 = $1`, [sha256(infected)]))[0].n).toBe(0);
    expect((await t.upload(station, png(), '照片.png')).status).toBe(201);
  });

  it('clamd silent past CLAMAV_TIMEOUT_MS or unreachable: refused 503 when CLAMAV_REQUIRED, else accepted unscanned', async () => {
    const clamav = t.config.attachments.clamav!;
    expect(clamav).toMatchObject({ target: { host: '127.0.0.1', port: clamd.port }, required: false, timeoutMs: 500 });
    clamd.silent = true;
    try {
      expect((await t.upload(station, png(), '照片.png')).status).toBe(201);
      clamav.required = true;
      const refused = await t.upload(station, png(), '照片.png');
      expect(refused.status).toBe(503);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'VIRUS_SCAN_UNAVAILABLE' });
      expect(refused.body.errors[0].message).toContain('病毒查杀服务暂不可用');
      // nothing listens there any more
      const closed = await fakeClamd();
      await closed.close();
      clamav.target = { host: '127.0.0.1', port: closed.port };
      expect((await t.upload(station, png(), '照片.png')).status).toBe(503);
      clamav.required = false;
      expect((await t.upload(station, png(), '照片.png')).status).toBe(201);
    } finally {
      clamd.silent = false;
      clamav.required = false;
      clamav.target = { host: '127.0.0.1', port: clamd.port };
    }
  });

  it('a file over clamd\'s StreamMaxLength (ERROR answer, or the connection cut) is refused even without CLAMAV_REQUIRED', async () => {
    const clamav = t.config.attachments.clamav!;
    expect(clamav.required).toBe(false);
    clamd.maxStream = 256 * 1024;
    const big = Buffer.concat([png(), Buffer.alloc(1024 * 1024, 7)]);
    try {
      const refused = await t.upload(station, big, '大照片.png');
      expect(refused.status).toBe(413);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', reason: 'VIRUS_SCAN_SIZE_LIMIT' });
      expect(refused.body.errors[0].message).toMatch(/病毒查杀服务能检查的大小.*未能检查/);
      clamd.cut = true;
      expect((await t.upload(station, big, '大照片.png')).status).toBe(413);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM stored_file WHERE sha256 = $1`, [sha256(big)]))[0].n).toBe(0);
    } finally {
      clamd.maxStream = null;
      clamd.cut = false;
    }
    expect((await t.upload(station, png(), '照片.png')).status).toBe(201);
  });

  it('an encrypted PDF is refused (加密的 PDF 无法检查); a link to a JavaScript guide is accepted', async () => {
    const encrypted = pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', PAGES, PAGE, '<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>'], '<< /Root 1 0 R /Encrypt 4 0 R >>');
    const refused = await t.upload(station, encrypted, '加密.pdf');
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'UNSAFE_FILE', reason: 'PDF_ENCRYPTED' });
    expect(refused.body.errors[0].message).toBe('加密的 PDF 无法检查，请去除密码后上传');
    const link = pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', PAGES, '<< /Type /Page /Parent 2 0 R /Annots [<< /Subtype /Link /A << /S /URI /URI (https://developer.mozilla.org/docs/Web/JavaScript/Guide) >> >>] >>']);
    expect((await t.upload(station, link, '链接.pdf')).status).toBe(201);
  });
});
