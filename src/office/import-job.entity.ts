import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RowProblem } from './import-kinds';

export enum ImportStatus {
  RUNNING = 'RUNNING',
  /** A dry run found no problem: the real run would write every row. */
  VALIDATED = 'VALIDATED',
  /** Rows have problems: nothing was written (dry run or not). */
  REJECTED = 'REJECTED',
  /** A real run wrote every row. */
  COMPLETED = 'COMPLETED',
  /** Something unexpected stopped it (the database went away, the process stopped): nothing was written. */
  FAILED = 'FAILED',
}

/**
 * One spreadsheet import: who ran it, on which file and region, how far it got, and its outcome with
 * every bad row. Written when it starts, updated with progress and once at the end (the end of a real run in the
 * same transaction as its rows: COMPLETED exactly when they are there).
 */
@Entity('import_job')
@Index('ix_import_job_scope_started', ['scopePath', 'startedAt'])
@Check('ck_import_job_kind', `kind IN ('VILLAGES', 'PREMISES', 'CANDIDATES')`)
@Check('ck_import_job_status', `status IN ('RUNNING', 'VALIDATED', 'REJECTED', 'COMPLETED', 'FAILED')`)
export class ImportJob {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_import_job' })
  id: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'boolean' })
  dryRun: boolean;

  @Column({ type: 'text' })
  status: ImportStatus;

  /** The uploaded workbook: an attachment's sha256. */
  @Column({ type: 'text' })
  fileSha256: string;

  /** The region the rows were read in (a county or a township) and its path, for who may read the job. */
  @Column({ type: 'uuid' })
  scopeRegionId: string;

  @Column({ type: 'text' })
  scopePath: string;

  /** Who ran it: account or API key id (null: the command line) and label. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  actorLabel: string;

  @Column({ type: 'integer' })
  totalRows: number;

  @Column({ type: 'integer', default: 0 })
  processedRows: number;

  /** Records created (villages, premises, people) and updated (an existing village's manager). */
  @Column({ type: 'integer', default: 0 })
  createdRecords: number;

  @Column({ type: 'integer', default: 0 })
  updatedRecords: number;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  problems: RowProblem[];

  /** FAILED: the error code and request id to quote to the administrator. */
  @Column({ type: 'text', nullable: true })
  failure: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
