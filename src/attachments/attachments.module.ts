import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { AttachmentController, AttachmentErrorFilter } from './attachment.controller';
import { AttachmentService } from './attachment.service';

/**
 * Attachments (evidence of INS-2, TRN-1), used by every domain module that keeps files: upload and download over
 * HTTP, the content-addressed store, links to records. Depends on auth (the guard, the audit trail); the domains
 * depend on it.
 */
@Module({
  imports: [
    AuthModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // one file per request, held in memory up to the limit (then hashed, typed and written once)
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.attachments.maxBytes, files: 1, fields: 0, parts: 1, headerPairs: 20 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [AttachmentController],
  providers: [AttachmentService, AttachmentErrorFilter],
  exports: [AttachmentService],
})
export class AttachmentsModule {}
