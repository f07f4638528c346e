import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { BadUserInputError } from '../kernel/errors';
import type { OfficeFile } from '../office/office-http';

/** Reads a file named on the command line, or BAD_USER_INPUT on `field`. */
export async function readInputFile(file: string, field: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    throw BadUserInputError.field(field, `无法读取文件 ${file}（${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）`);
  }
}

/**
 * Writes a generated file to `--out` (a file, or a folder to put it in under its own name), or under its own
 * name in the current folder; an existing file is kept unless `force`. Returns the path written.
 */
export async function writeOfficeFile(file: OfficeFile, out: string | undefined, force: boolean): Promise<string> {
  let target = out ? path.resolve(out) : path.resolve(file.filename);
  if (out && (await fs.stat(target).catch(() => null))?.isDirectory()) target = path.join(target, file.filename);
  try {
    await fs.writeFile(target, file.buffer, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw BadUserInputError.field('out', `文件 ${target} 已存在；加 --force 覆盖`);
    throw BadUserInputError.field('out', `无法写入 ${target}（${code ?? (error as Error).message}）`);
  }
  return target;
}
