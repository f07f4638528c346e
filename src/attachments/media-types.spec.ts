import { cleanFileName, mediaTypeProblem } from './media-types';

describe('attachment types and names (GB/T 22239-2019 8.1.4.5)', () => {
  it('accepts photos, PDF and office documents by their detected type, and nothing else', () => {
    for (const mime of ['image/jpeg', 'image/png', 'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/x-cfb']) {
      expect(mediaTypeProblem({ mime, ext: 'x' })).toBeNull();
    }
    expect(mediaTypeProblem({ mime: 'application/x-msdownload', ext: 'exe' })).toMatch(/^不支持的文件类型（按内容识别为 application\/x-msdownload）/);
    expect(mediaTypeProblem({ mime: 'application/zip', ext: 'zip' })).not.toBeNull();
    expect(mediaTypeProblem(undefined)).toMatch(/无法按内容识别/);
  });

  it('keeps the last path segment of a name, without control characters, at most 200 characters', () => {
    expect(cleanFileName('C:\\照片\\现场.jpg', 'f')).toBe('现场.jpg');
    expect(cleanFileName('../../etc/passwd', 'f')).toBe('passwd');
    expect(cleanFileName('a\u0000b\nc.png', 'f')).toBe('abc.png');
    expect(cleanFileName('   ', 'fallback.png')).toBe('fallback.png');
    expect(cleanFileName(undefined, 'fallback.png')).toBe('fallback.png');
    expect(cleanFileName('长'.repeat(300), 'f')).toHaveLength(200);
  });
});
