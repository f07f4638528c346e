import { ArgumentsHost, Catch, Controller, ExceptionFilter, Get, HttpCode, HttpException, Injectable, Logger, Param, Post, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Allow, SignedIn } from '../kernel/access.decorators';
import { AuditService } from '../auth/audit.service';
import { Permission } from '../kernel/permissions';
import { Ctx } from '../graphql/context.decorator';
import { AppError, BadUserInputError, ErrorCode } from '../kernel/errors';
import { sendHttpError } from '../graphql/http-errors';
import { httpContextOf } from '../kernel/request-context';
import type { HttpRequestWithContext, RequestContext } from '../kernel/request-context';
import { ATTACHMENT_PATH, AttachmentService, tooLarge } from './attachment.service';
import type { UploadedFile as Uploaded } from './attachment.service';

/**
 * Errors of the attachment routes in the GraphQL error shape (`{ errors: [{ message, extensions: { code } }] }`),
 * with the HTTP status of the code; multer's limits become PAYLOAD_TOO_LARGE or BAD_USER_INPUT. Nothing
 * unexpected leaves unmasked.
 */
@Catch()
@Injectable()
export class AttachmentErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Attachments');

  constructor(
    private readonly attachments: AttachmentService,
    private readonly audit: AuditService,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<HttpRequestWithContext>();
    const code = sendHttpError(res, req, this.domainError(exception), (e) => this.logger.error({ err: e, requestId: req.id }, 'unexpected error in an attachment request'));
    if (code === null) return;
    // the upload route's failures and denials are audited as GraphQL mutations are (its successes by the service)
    if (req.method === 'POST') {
      const ctx = httpContextOf(req);
      const denied = code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN;
      this.audit.record(ctx, [{ operation: 'uploadAttachment', outcome: denied ? 'DENIED' : 'FAILURE', errorCode: code }])
        .catch((e: unknown) => this.logger.error({ err: e, requestId: req.id }, 'audit entry of a failed upload not written'));
    }
  }

  /** multer's and Nest's HTTP exceptions as the domain errors clients branch on (a zh-CN reason for each). */
  private domainError(exception: unknown): unknown {
    if (!(exception instanceof HttpException)) return exception;
    const status = exception.getStatus();
    if (status === 413) return tooLarge(this.attachments.maxBytes);
    if (status === 415) return new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, '请以 multipart/form-data 上传文件', { detected: null });
    if (status === 400) return BadUserInputError.field('file', '上传格式不正确：请以 multipart/form-data 上传一个文件，字段名为 file，不带其他字段');
    return exception;
  }
}

/**
 * Upload (multipart/form-data, one file in the field `file`) and download of attachments (evidence of INS-2, TRN-1).
 * Records then name an upload by its sha256 in their `attachments` inputs.
 */
@Controller(ATTACHMENT_PATH.slice(1))
@UseFilters(AttachmentErrorFilter)
export class AttachmentController {
  constructor(private readonly attachments: AttachmentService) {}

  @Post()
  @HttpCode(201)
  @Allow(Permission.ATTACHMENT_UPLOAD)
  @UseInterceptors(FileInterceptor('file'))
  upload(@Ctx() ctx: RequestContext, @UploadedFile() file: Express.Multer.File | undefined): Promise<Uploaded> {
    return this.attachments.upload(ctx, file?.buffer, file?.originalname);
  }

  /** The file, to whoever uploaded it or can read a record it is attached to; NOT_FOUND to anyone else. */
  @Get(':sha256')
  @SignedIn()
  async download(@Ctx() ctx: RequestContext, @Param('sha256') sha256: string, @Res() res: Response): Promise<void> {
    const { file, stream } = await this.attachments.open(ctx, sha256);
    res.status(200).set({
      'Content-Type': file.mediaType,
      'Content-Length': String(file.sizeBytes),
      'Content-Disposition': `attachment; filename="${file.sha256}.${file.extension}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
      // read with a credential: kept by no cache, the browser's included (GB/T 22239-2019 8.1.4.8); the ETag stays
      // (the content's sha256: a client that kept the file itself can tell it has it)
      'Cache-Control': 'private, no-store',
      ETag: `"${file.sha256}"`,
    });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
