import { createHash, randomBytes } from 'node:crypto';

/**
 * Small files of each kind, typed by their content (magic numbers), each with random bytes after the header so
 * every call gives a new digest unless a seed is given.
 */
const tail = (seed?: string) => (seed ? createHash('sha256').update(seed).digest() : randomBytes(32));

const chunk = (type: string, body: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), body, Buffer.alloc(4)]);
};
/** A 1x1 PNG whose text chunk carries the random (or seeded) bytes. */
export const png = (seed?: string) => Buffer.concat([
  Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', Buffer.from('00000001000000010806000000', 'hex')), chunk('tEXt', tail(seed)),
  chunk('IDAT', Buffer.from('789c630000000100', 'hex')), chunk('IEND', Buffer.alloc(0)),
]);
export const jpeg = (seed?: string) => Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), tail(seed), Buffer.from('ffd9', 'hex')]);
export const pdf = (seed?: string) => Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), tail(seed), Buffer.from('\n%%EOF\n')]);
/** A Windows executable: refused whatever its name says. */
export const exe = () => Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b800000000000000400000000000000000000000', 'hex'), Buffer.alloc(64 - 36), Buffer.from('50450000', 'hex'), randomBytes(64)]);
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Uploads a photo as `who` (through the API) and returns what an AttachmentInput needs. */
export async function uploaded(t: { upload(who: any, content: Buffer, filename: string): Promise<{ status: number; body: any }> }, who: unknown, name = '现场照片.png', content = png()): Promise<{ sha256: string; name: string }> {
  const res = await t.upload(who, content, name);
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { sha256: res.body.sha256, name };
}
