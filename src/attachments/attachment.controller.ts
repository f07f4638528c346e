import { ArgumentsHost, Catch, Controller, ExceptionFilter, Get, HttpCode, HttpException, Injectable, Logger, Param, Post, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Allow, SignedIn } from '../auth/access.decorators';
import { Permission } from '../auth/permissions';
import { Ctx } from '../graphql/context.decorator';
import { ErrorCode } from '../graphql/errors';
import { formatGraphQLError } from '../graphql/format-error';
import type { HttpRequestWithContext, RequestContext } from '../graphql/request-context';
import { ATTACHMENT_PATH, AttachmentService, tooLarge } from './attachment.service';
import type { UploadedFile as Uploaded } from './attachment.service';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.SECOND_FACTOR_REQUIRED]: 403,
  [ErrorCode.PASSWORD_CHANGE_REQUIRED]: 403,
  [ErrorCode.SECOND_FACTOR_ENROLLMENT_REQUIRED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/**
 * Errors of the attachment routes in the GraphQL error shape (`{ errors: [{ message, extensions: { code } }] }`),
 * with the HTTP status of the code; multer's limits become PAYLOAD_TOO_LARGE or BAD_USER_INPUT. Nothing
 * unexpected leaves unmasked.
 */
@Catch()
@Injectable()
export class AttachmentErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Attachments');

  constructor(private readonly attachments: AttachmentService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<HttpRequestWithContext>();
    let error = exception;
    if (exception instanceof HttpException && exception.getStatus() === 413) error = tooLarge(this.attachments.maxBytes);
    const formatted = formatGraphQLError({ message: '' }, error, {
      stacktraces: false,
      onUnexpected: (e) => this.logger.error({ err: e, requestId: req.id }, 'unexpected error in an attachment request'),
    });
    const code = String(formatted.extensions?.code);
    const extensions = code === ErrorCode.INTERNAL_SERVER_ERROR || code === ErrorCode.SERVICE_UNAVAILABLE ? { ...formatted.extensions, requestId: String(req.id ?? '') } : formatted.extensions;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(STATUS[code] ?? 500).json({ errors: [{ message: formatted.message, extensions }] });
  }
}

/**
 * Upload (multipart/form-data, one file in the field `file`) and download of attachments (issue 6). Records
 * then name an upload by its sha256 in their `attachments` inputs.
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
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-cache',
      ETag: `"${file.sha256}"`,
    });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
