import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Sha256Field, TextField } from '../graphql/input-fields';

@ObjectType('Attachment', { description: '附件：上传到 /attachments 的文件（按 SHA-256 存放），可读此记录者方可下载' })
export class AttachmentModel {
  @Field({ description: '文件名' }) name: string;
  @Field({ description: '下载地址（/attachments/<sha256>，须带认证头）；本系统上线前的记录可能指向县文档库' }) uri: string;
  @Field({ description: 'SHA-256 摘要（十六进制）' }) sha256: string;
  @Field(() => String, { nullable: true, description: '按内容识别的文件类型（MIME）' }) mediaType?: string | null;
  @Field(() => Int, { nullable: true, description: '字节数' }) sizeBytes?: number | null;
}

@InputType('AttachmentInput', { description: '附上一个已上传的文件（POST /attachments 返回其 sha256）' })
export class AttachmentInput {
  @Sha256Field({ description: '上传时返回的 SHA-256 摘要' }) sha256: string;
  @TextField(200, { description: '在此记录中显示的文件名' }) name: string;
}
