import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { fileTypeFromBuffer } from 'file-type';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../auth/audit.service';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction';
import { AppError, BadUserInputError, ErrorCode, NotFoundError } from '../kernel/errors';
import { toGlobalId } from '../graphql/global-id';
import type { IdKind } from '../graphql/global-id';
import { NodeRegistry } from '../graphql/node';
import type { RequestContext } from '../kernel/request-context';
import { Attachment, AttachmentLink, AttachmentUpload, StoredFile } from './attachment.entity';
import { FileStore, sha256Of } from './file-store';
import { cleanFileName, mediaTypeProblem } from './media-types';
import { ClamdRejected, ClamdUnavailable, scanWithClamd } from './clamav';
import { PdfUncheckable, pdfRefusal, pdfUnsafeNames } from './pdf-safety';

export const ATTACHMENT_PATH = '/attachments';
export const attachmentUri = (sha256: string): string => `${ATTACHMENT_PATH}/${sha256}`;

/** What a client names when it attaches a file it uploaded (or can read) to a record. */
export interface AttachmentChoice {
  sha256: string;
  name: string;
}

/** Checked attachments, ready to be linked inside the record's transaction. */
export interface CheckedAttachments {
  readonly items: Attachment[];
}

export interface UploadedFile {
  sha256: string;
  name: string;
  sizeBytes: number;
  mediaType: string;
  uri: string;
}

/**
 * Attachments (evidence of INS-2, TRN-1): files uploaded over HTTP, kept once by SHA-256 under ATTACHMENT_DIR, typed by
 * content; linked to the records that carry them, and readable only by whoever uploaded them or can read such a record.
 *
 * A domain service attaches in two steps: `check` before its transaction (it reads the owners of files through
 * node(id:), which uses its own connection), then `link` inside it, with the record's id.
 */
@Injectable()
export class AttachmentService {
  private readonly logger = new Logger('Attachments');
  readonly store: FileStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly nodes: NodeRegistry,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.store = new FileStore(config.attachments.dir);
  }

  get maxBytes(): number {
    return this.config.attachments.maxBytes;
  }

  /** Stores an upload: its type from its content, its content once; records who sent it under which name. */
  async upload(ctx: RequestContext, data: Buffer | undefined, originalName: string | undefined): Promise<UploadedFile> {
    if (!data) throw BadUserInputError.field('file', '请以 multipart/form-data 上传，文件字段名为 file');
    if (data.length === 0) throw BadUserInputError.field('file', '文件为空');
    if (data.length > this.maxBytes) throw tooLarge(this.maxBytes);
    // a detector that fails on a malformed file means the type is not known: refused like any unknown type
    const detected = await fileTypeFromBuffer(data).catch(() => undefined);
    const problem = mediaTypeProblem(detected);
    if (problem) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, problem, { detected: detected?.mime ?? null });
    if (detected!.mime === 'application/pdf') this.checkPdf(data);
    await this.scan(data);
    const sha256 = sha256Of(data);
    const name = cleanFileName(originalName, `${sha256.slice(0, 12)}.${detected!.ext}`);
    // the bytes first: a row never names a file that is not on disk (an orphan file is harmless, and reused)
    await this.store.put(sha256, data);
    await this.tx.run(async (m) => {
      await m.createQueryBuilder().insert().into(StoredFile)
        .values({ sha256, sizeBytes: data.length, mediaType: detected!.mime, extension: detected!.ext })
        .orIgnore().execute();
      await m.getRepository(AttachmentUpload).insert({ id: randomUUID(), sha256, name, uploaderId: ctx.actor.id, uploadedBy: ctx.actor.label });
      await this.audit.record(ctx, [{ operation: 'uploadAttachment', outcome: 'SUCCESS', targetType: 'StoredFile', targetId: sha256, after: { name, sizeBytes: data.length, mediaType: detected!.mime } }], m);
    });
    return { sha256, name, sizeBytes: data.length, mediaType: detected!.mime, uri: attachmentUri(sha256) };
  }

  /** A PDF with JavaScript, launch actions, multimedia or embedded files is refused (GB/T 22239-2019 8.1.4.5; pdf-safety.ts). */
  private checkPdf(data: Buffer): void {
    let names;
    try {
      names = pdfUnsafeNames(data);
    } catch (e) {
      // encrypted, too complex, too big once decoded, or in a filter not decoded: not looked into, so not accepted
      if (!(e instanceof PdfUncheckable)) throw e;
      throw new AppError(ErrorCode.UNSAFE_FILE, e.message, { reason: e.reason, markers: [] });
    }
    if (names.length === 0) return;
    const embedded = names.every((n) => n === 'EmbeddedFile' || n === 'EmbeddedFiles');
    throw new AppError(ErrorCode.UNSAFE_FILE, pdfRefusal(names), { reason: embedded ? 'PDF_EMBEDDED_FILE' : 'PDF_ACTIVE_CONTENT', markers: names.map((n) => `/${n}`) });
  }

  /**
   * The virus scan by clamd when CLAMAV_SOCKET is set (GB/T 22239-2019 8.1.4.5): a finding is UNSAFE_FILE; a file
   * clamd answers ERROR on (or cuts off while it is sent) is refused; clamd unreachable is SERVICE_UNAVAILABLE when CLAMAV_REQUIRED, else logged and the file accepted unscanned.
   */
  private async scan(data: Buffer): Promise<void> {
    const clamav = this.config.attachments.clamav;
    if (!clamav) return;
    let verdict;
    try {
      verdict = await scanWithClamd(clamav, data);
    } catch (e) {
      if (e instanceof ClamdRejected) {
        // the file itself could not be scanned (over StreamMaxLength, or clamd's ERROR on it): refused whatever
        // CLAMAV_REQUIRED says, or an uploader could get any file past the scan by making it large
        this.logger.warn({ err: e }, 'upload refused: clamd could not scan the file');
        if (e.sizeLimit) {
          throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, '文件超过病毒查杀服务能检查的大小，未能检查，已拒绝上传；请压缩或拆分文件后再上传', { reason: 'VIRUS_SCAN_SIZE_LIMIT' });
        }
        throw new AppError(ErrorCode.UNSAFE_FILE, '病毒查杀服务未能检查该文件，已拒绝上传；请检查文件是否完好后重试，多次失败请联系系统管理员', { reason: 'VIRUS_SCAN_FAILED' });
      }
      if (!(e instanceof ClamdUnavailable)) throw e;
      if (clamav.required) {
        this.logger.error({ err: e }, 'clamd unavailable: upload refused (CLAMAV_REQUIRED)');
        throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, '病毒查杀服务暂不可用，文件未能检查，未上传；请稍后重试，多次失败请联系系统管理员', { reason: 'VIRUS_SCAN_UNAVAILABLE' });
      }
      this.logger.warn({ err: e }, 'clamd unavailable: upload accepted unscanned (CLAMAV_REQUIRED is off)');
      return;
    }
    if (!verdict.clean) {
      this.logger.warn({ signature: verdict.signature }, 'upload refused: clamd found malware');
      throw new AppError(ErrorCode.UNSAFE_FILE, `文件未通过病毒查杀（发现 ${verdict.signature.slice(0, 100)}），已拒绝上传；请用杀毒软件检查该文件`, { reason: 'VIRUS', signature: verdict.signature.slice(0, 100) });
    }
  }

  /**
   * Whether the actor may read a file: it uploaded it, or it can read (node(id:): permission and jurisdiction)
   * one of the records the file is attached to. The system reads everything.
   */
  async canRead(ctx: RequestContext, sha256: string): Promise<boolean> {
    return (await this.readable(ctx, [sha256])).has(sha256);
  }

  private async readable(ctx: RequestContext, digests: readonly string[]): Promise<Set<string>> {
    const wanted = [...new Set(digests)];
    if (wanted.length === 0) return new Set();
    if (ctx.actor.kind === 'SYSTEM') return new Set(wanted);
    const out = new Set<string>();
    if (ctx.actor.id) {
      const own = await this.dataSource.getRepository(AttachmentUpload).find({ select: { sha256: true }, where: { sha256: In(wanted), uploaderId: ctx.actor.id } });
      own.forEach((u) => out.add(u.sha256));
    }
    const rest = wanted.filter((d) => !out.has(d));
    if (rest.length === 0) return out;
    const links = await this.dataSource.getRepository(AttachmentLink).find({ where: { sha256: In(rest) } });
    const owners = [...new Set(links.map((l) => toGlobalId(l.ownerKind as IdKind, l.ownerId)))];
    const seen = await this.nodes.fetch(ctx, owners);
    const visible = new Set(owners.filter((_o, i) => seen[i] !== null));
    for (const l of links) if (visible.has(toGlobalId(l.ownerKind as IdKind, l.ownerId))) out.add(l.sha256);
    return out;
  }

  /** A file to download, or NOT_FOUND (the same answer whether it does not exist or may not be read). */
  async open(ctx: RequestContext, sha256: string): Promise<{ file: StoredFile; stream: ReadStream }> {
    const digest = sha256.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new NotFoundError('附件');
    const file = await this.dataSource.getRepository(StoredFile).findOneBy({ sha256: digest });
    if (!file || !(await this.canRead(ctx, digest))) throw new NotFoundError('附件');
    const size = await this.store.size(digest);
    if (size !== file.sizeBytes) {
      this.logger.error({ sha256: digest, expected: file.sizeBytes, found: size }, 'attachment content missing or damaged on disk');
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, '附件文件暂不可用，请联系管理员');
    }
    return { file, stream: this.store.open(digest) };
  }

  /**
   * The bytes of an uploaded file the actor may read (an import reads its workbook), or BAD_USER_INPUT on `field`:
   * the same answer whether the file does not exist or may not be read.
   */
  async contents(ctx: RequestContext, sha256: string, field: string): Promise<{ file: StoredFile; data: Buffer }> {
    const digest = sha256.toLowerCase();
    const missing = () => BadUserInputError.field(field, '没有这个已上传的文件（请先上传到 /attachments）');
    if (!/^[0-9a-f]{64}$/.test(digest)) throw missing();
    let opened: { file: StoredFile; stream: ReadStream };
    try {
      opened = await this.open(ctx, digest);
    } catch (error) {
      if (error instanceof NotFoundError) throw missing();
      throw error;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    return { file: opened.file, data: Buffer.concat(chunks) };
  }

  /**
   * Before a record's transaction: every named file exists and the actor may read it (else BAD_USER_INPUT on
   * that item, the same answer for both, so a digest tells nothing about files one may not read).
   */
  async check(ctx: RequestContext, choices: readonly AttachmentChoice[] | null | undefined, field: string): Promise<CheckedAttachments> {
    const list = choices ?? [];
    if (list.length === 0) return { items: [] };
    const digests = list.map((c) => c.sha256.toLowerCase());
    const files = new Map((await this.dataSource.getRepository(StoredFile).findBy({ sha256: In([...new Set(digests)]) })).map((f) => [f.sha256, f]));
    const readable = await this.readable(ctx, [...files.keys()]);
    const problems = digests.flatMap((d, i) => (files.has(d) && readable.has(d) ? [] : [{ field: `${field}[${i}].sha256`, reason: '没有这个已上传的文件（请先上传到 /attachments）' }]));
    if (problems.length > 0) throw new BadUserInputError(problems);
    const items = digests.map((d, i) => {
      const f = files.get(d)!;
      return { name: cleanFileName(list[i].name, `${d.slice(0, 12)}.${f.extension}`), uri: attachmentUri(d), sha256: d, mediaType: f.mediaType, sizeBytes: f.sizeBytes };
    });
    return { items };
  }

  /**
   * Inside the record's transaction: links the checked files to the record (kind and id as node(id:) knows it).
   * `replace`: the record's attachments are now exactly these, so files taken off it stop being readable through it
   * (a record whose history keeps every file, a hazard's steps, only ever adds).
   */
  async link(m: EntityManager, ctx: RequestContext, owner: { kind: IdKind; id: string }, checked: CheckedAttachments, options: { replace?: boolean } = {}): Promise<Attachment[]> {
    if (options.replace) {
      const keep = [...new Set(checked.items.map((a) => a.sha256))];
      await m.createQueryBuilder().delete().from(AttachmentLink)
        .where('owner_kind = :kind AND owner_id = :id', { kind: owner.kind, id: owner.id })
        .andWhere(keep.length > 0 ? 'sha256 NOT IN (:...keep)' : 'true', { keep })
        .execute();
    }
    if (checked.items.length === 0) return [];
    await m.createQueryBuilder().insert().into(AttachmentLink)
      .values([...new Set(checked.items.map((a) => a.sha256))].map((sha256) => ({ id: randomUUID(), sha256, ownerKind: owner.kind, ownerId: owner.id, linkedBy: ctx.actor.label })))
      .orIgnore().execute();
    return checked.items;
  }
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `文件过大：最大 ${Math.round(maxBytes / 1024 / 1024)} MB`, { maxBytes });
}
