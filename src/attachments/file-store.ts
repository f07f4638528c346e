import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

export const sha256Of = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * Files named by their SHA-256 under one folder (`ab/cd/abcd…`): the same content is kept once, and a file never
 * changes once written. A write goes to a temporary name and is renamed into place, so a reader never sees half
 * a file and two writers of the same content both succeed.
 */
export class FileStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return path.join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(sha256: string, data: Buffer): Promise<void> {
    const target = this.pathOf(sha256);
    const existing = await stat(target).catch(() => null);
    if (existing?.size === data.length) return;
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}.part`;
    try {
      await writeFile(temporary, data, { flag: 'wx', flush: true });
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async size(sha256: string): Promise<number | null> {
    return (await stat(this.pathOf(sha256)).catch(() => null))?.size ?? null;
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }
}
