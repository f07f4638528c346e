import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';

const SHA256 = `~ '^[0-9a-f]{64}$'`;

/**
 * A file's content, once: named by its SHA-256, kept under ATTACHMENT_DIR (file-store.ts). Its type was read
 * from its content at upload, never from the name it came with.
 */
@Entity('stored_file')
@Check('ck_stored_file_sha256', `sha256 ${SHA256}`)
@Check('ck_stored_file_size', `size_bytes > 0`)
export class StoredFile {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_stored_file' }) sha256: string;
  @Column({ type: 'integer' }) sizeBytes: number;
  @Column({ type: 'text' }) mediaType: string;
  @Column({ type: 'text' }) extension: string;
  @CreateDateColumn({ type: 'timestamptz' }) storedAt: Date;
}

/** One upload: who sent which content under which name. The uploader may read and attach its own uploads. */
@Entity('attachment_upload')
@Index('ix_attachment_upload_file_uploader', ['sha256', 'uploaderId'])
export class AttachmentUpload {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_attachment_upload' }) id: string;
  @Column({ type: 'text' }) sha256: string;
  @ManyToOne(() => StoredFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sha256', foreignKeyConstraintName: 'fk_attachment_upload_file' })
  file?: Relation<StoredFile>;
  @Column({ type: 'text' }) name: string;
  /** Account or API key id; the system has none. */
  @Column({ type: 'text', nullable: true }) uploaderId: string | null;
  @Column({ type: 'text' }) uploadedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) uploadedAt: Date;
}

/**
 * A file attached to a record: the record's node kind and id. Whoever can read the record (through node(id:),
 * which applies the permission and the jurisdiction) can read the file.
 */
@Entity('attachment_link')
@Index('uq_attachment_link', ['sha256', 'ownerKind', 'ownerId'], { unique: true })
@Index('ix_attachment_link_owner', ['ownerKind', 'ownerId'])
export class AttachmentLink {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_attachment_link' }) id: string;
  @Column({ type: 'text' }) sha256: string;
  @ManyToOne(() => StoredFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sha256', foreignKeyConstraintName: 'fk_attachment_link_file' })
  file?: Relation<StoredFile>;
  @Column({ type: 'text' }) ownerKind: string;
  @Column({ type: 'uuid' }) ownerId: string;
  @Column({ type: 'text' }) linkedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) linkedAt: Date;
}

/** How a record keeps an attachment (a jsonb array element): its name there, the digest, where to download it. */
export interface Attachment {
  name: string;
  /** `/attachments/<sha256>` for files uploaded here; records older than this store may name an outside one. */
  uri: string;
  sha256: string;
  mediaType?: string;
  sizeBytes?: number;
}
