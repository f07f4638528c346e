import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PdfUncheckable, pdfUnsafeNames, scanPdf } from './pdf-safety';

/**
 * GB/T 22239-2019 8.1.4.5 恶意代码防范: the PDF check reads PDF object syntax only (not strings, not stream data),
 * decodes object streams in every filter it knows (and refuses the others), refuses encrypted files, and its work
 * is bounded (a crafted file cannot hold the event loop).
 */

const latin1 = (s: string) => Buffer.from(s, 'latin1');
function pdfOf(objects: (string | Buffer)[], trailer = '<< /Root 1 0 R >>'): Buffer {
  const parts: Buffer[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  objects.forEach((body, i) => parts.push(latin1(`${i + 1} 0 obj\n`), typeof body === 'string' ? latin1(body) : body, latin1('\nendobj\n')));
  parts.push(latin1(`trailer\n${trailer}\n%%EOF\n`));
  return Buffer.concat(parts);
}
const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>';
const streamObj = (dict: string, data: Buffer) => Buffer.concat([latin1(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, latin1('\nendstream')]);
const OBJSTM_JS = latin1('5 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>');

describe('pdf-safety: the work is bounded', () => {
  it('a file of many `stream` keywords and one endstream is read once (linear), well under the budget', () => {
    const body = 'stream\n'.repeat(500_000); // 3.5 MB
    const file = latin1(`%PDF-1.4\n${body}endstream\n`);
    const started = Date.now();
    const { names, steps } = scanPdf(file);
    expect(names).toEqual([]);
    expect(steps).toBeLessThan(2 * file.length);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('dictionaries each followed by `stream` and a single endstream at the end: still linear', () => {
    const file = latin1(`%PDF-1.4\n${'<<>>stream\n'.repeat(300_000)}endstream\n`);
    expect(scanPdf(file).steps).toBeLessThan(2 * file.length);
  });

  it('object headers hidden in skipped bytes are read at most about the file\'s size in all, then refused', () => {
    const file = latin1(`%PDF-1.7\n(${'1 0 obj '.repeat(100_000)})${' a'.repeat(2_000_000)}`);
    const started = Date.now();
    expect(() => scanPdf(file)).toThrow(expect.objectContaining({ reason: 'PDF_TOO_COMPLEX' }));
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('past the step budget the file is refused as too complex (zh-CN)', () => {
    const file = pdfOf([CATALOG, PAGES, PAGE]);
    let error: unknown;
    try {
      scanPdf(file, { maxSteps: 50, maxInflatedBytes: 1 << 20 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PdfUncheckable);
    expect((error as PdfUncheckable).reason).toBe('PDF_TOO_COMPLEX');
    expect((error as PdfUncheckable).message).toMatch(/结构过于复杂.*已拒绝上传/);
  });
});

describe('pdf-safety: ordinary PDFs are accepted', () => {
  it('an image stream of random bytes holding `/JS ` and `/Launch` is not read', () => {
    const pixels = Buffer.concat([randomBytes(5000), latin1(' /JS /Launch /JavaScript '), randomBytes(5000)]);
    const file = pdfOf([CATALOG, PAGES, PAGE, streamObj('/Type /XObject /Subtype /Image /Width 10 /Height 10 /BitsPerComponent 8 /ColorSpace /DeviceRGB', pixels)]);
    expect(pdfUnsafeNames(file)).toEqual([]);
  });

  it('a link to a page about JavaScript (the URL is a string) is accepted', () => {
    const link = '<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://developer.mozilla.org/docs/Web/JavaScript/Guide) >> >>';
    expect(pdfUnsafeNames(pdfOf([CATALOG, PAGES, PAGE, link]))).toEqual([]);
    expect(pdfUnsafeNames(pdfOf([CATALOG, PAGES, PAGE, '<< /URI <2F4A53> >>']))).toEqual([]);
  });

  it('a big Flate image (inflating past the 64 MiB budget) is not inflated, so accepted', () => {
    const packed = deflateSync(Buffer.alloc(80 * 1024 * 1024, 0x41));
    const file = pdfOf([CATALOG, PAGES, PAGE, streamObj('/Type /XObject /Subtype /Image /Filter /FlateDecode', packed)]);
    expect(pdfUnsafeNames(file)).toEqual([]);
  });
});

describe('pdf-safety: object streams are decoded, whatever hides them', () => {
  it('a JavaScript action in a /ObjStm deflated with windowBits 14 (header byte 0x68) is found', () => {
    const packed = deflateSync(OBJSTM_JS, { windowBits: 14 });
    expect(packed[0]).toBe(0x68);
    const file = pdfOf([CATALOG, PAGES, PAGE, streamObj('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', packed)]);
    expect(pdfUnsafeNames(file)).toEqual(['JS', 'JavaScript']);
  });

  it('… in ASCIIHexDecode, and in ASCII85Decode then FlateDecode', () => {
    const hex = latin1(`${OBJSTM_JS.toString('hex')}>`);
    expect(pdfUnsafeNames(pdfOf([CATALOG, PAGES, PAGE, streamObj('/Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode', hex)]))).toEqual(['JS', 'JavaScript']);
    const a85 = latin1(`${ascii85(deflateSync(OBJSTM_JS))}~>`);
    const file = pdfOf([CATALOG, PAGES, PAGE, streamObj('/Type /ObjStm /N 1 /First 4 /Filter [/ASCII85Decode /FlateDecode]', a85)]);
    expect(pdfUnsafeNames(file)).toEqual(['JS', 'JavaScript']);
  });

  it('an object stream in a filter not decoded (LZW) or with a predictor is refused as undecodable', () => {
    const lzw = pdfOf([CATALOG, PAGES, PAGE, streamObj('/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode', latin1('\x80\x0b\x60\x50'))]);
    expect(() => pdfUnsafeNames(lzw)).toThrow(expect.objectContaining({ reason: 'PDF_UNDECODABLE' }));
    const predicted = pdfOf([CATALOG, PAGES, PAGE, streamObj('/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >>', deflateSync(OBJSTM_JS))]);
    expect(() => pdfUnsafeNames(predicted)).toThrow(expect.objectContaining({ reason: 'PDF_UNDECODABLE' }));
  });

  it('an encrypted PDF is refused: 加密的 PDF 无法检查', () => {
    const file = pdfOf([CATALOG, PAGES, PAGE, '<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>'], '<< /Root 1 0 R /Encrypt 4 0 R >>');
    expect(() => pdfUnsafeNames(file)).toThrow('加密的 PDF 无法检查，请去除密码后上传');
  });

  it('an object hidden inside stream data or a string (where an xref offset could point) is read', () => {
    const hidden = latin1('xx\n9 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n');
    expect(pdfUnsafeNames(pdfOf([CATALOG, PAGES, PAGE, streamObj('/Subtype /Image', hidden)]))).toEqual(['Launch']);
    expect(pdfUnsafeNames(pdfOf([CATALOG, PAGES, PAGE, '<< /Title (x 9 0 obj << /JS (1) >> endobj) >>']))).toEqual(['JS']);
  });
});

/** ASCII85 (ISO 32000-1 7.4.3), written independently of the decoder under test. */
function ascii85(data: Buffer): string {
  let out = '';
  for (let i = 0; i < data.length; i += 4) {
    const chunk = Buffer.alloc(4);
    data.copy(chunk, 0, i, i + 4);
    const n = Math.min(4, data.length - i);
    let v = chunk.readUInt32BE(0);
    const digits: string[] = [];
    for (let k = 0; k < 5; k++) {
      digits.unshift(String.fromCharCode(0x21 + (v % 85)));
      v = Math.floor(v / 85);
    }
    out += digits.slice(0, n + 1).join('');
  }
  return out;
}
