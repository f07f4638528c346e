import { Organization1764388800000 } from './1764388800000-organization';
import { IdentityAndAudit1764475200000 } from './1764475200000-identity-and-audit';
import { Personnel1764561600000 } from './1764561600000-personnel';
import { Inspections1764648000000 } from './1764648000000-inspections';
import { AttachmentsAndTraining1764734400000 } from './1764734400000-attachments-and-training';
import { Evaluation1764820800000 } from './1764820800000-evaluation';
import { KeysetIndexes1764907200000 } from './1764907200000-keyset-indexes';
import { IdempotencyKeys1764993600000 } from './1764993600000-idempotency-keys';
import { ScoreVersions1765080000000 } from './1765080000000-score-versions';
import { ImportJobs1765166400000 } from './1765166400000-import-jobs';
import { PersonnelEvaluationKeysets1765252800000 } from './1765252800000-personnel-evaluation-keysets';
import { TimeRules1765339200000 } from './1765339200000-time-rules';
import { RecordCorrections1765425600000 } from './1765425600000-record-corrections';
import { RegionCodesAndEstablishment1765512000000 } from './1765512000000-region-codes-and-establishment';
import { AppraisalAnonymityAndIdOracle1765598400000 } from './1765598400000-appraisal-anonymity-and-id-oracle';
import { PriorServiceAndViews1765684800000 } from './1765684800000-prior-service-and-views';
import { CommitteesAtWork1765771200000 } from './1765771200000-committees-at-work';
import { MemberUnitAccountability1765857600000 } from './1765857600000-member-unit-accountability';
import { IntegrationOutbox1765944000000 } from './1765944000000-integration-outbox';
import { OverdueAnnouncements1766116800000 } from './1766116800000-overdue-announcements';
import { WebhookDelivery1766289600000 } from './1766289600000-webhook-delivery';
import { UpdatedSince1766376000000 } from './1766376000000-updated-since';
import { HandOverCases1766462400000 } from './1766462400000-hand-over-cases';
import { PremisesLogOrder1766548800000 } from './1766548800000-premises-log-order';
import { HazardComplaintIndex1766635200000 } from './1766635200000-hazard-complaint-index';
import { SeparationOfAdministrators1766721600000 } from './1766721600000-separation-of-administrators';
import { SecurityPolicy1766808000000 } from './1766808000000-security-policy';
import { AuditTrailIntegrity1766894400000 } from './1766894400000-audit-trail-integrity';
import { SignInFailureHashed1766980800000 } from './1766980800000-sign-in-failure-hashed';

/** Every migration, oldest first. Files are named `<timestamp>-<intent>.ts` and reviewed by hand. */
export const MIGRATIONS = [
  Organization1764388800000,
  IdentityAndAudit1764475200000,
  Personnel1764561600000,
  Inspections1764648000000,
  AttachmentsAndTraining1764734400000,
  Evaluation1764820800000,
  KeysetIndexes1764907200000,
  IdempotencyKeys1764993600000,
  ScoreVersions1765080000000,
  ImportJobs1765166400000,
  PersonnelEvaluationKeysets1765252800000,
  TimeRules1765339200000,
  RecordCorrections1765425600000,
  RegionCodesAndEstablishment1765512000000,
  AppraisalAnonymityAndIdOracle1765598400000,
  PriorServiceAndViews1765684800000,
  CommitteesAtWork1765771200000,
  MemberUnitAccountability1765857600000,
  IntegrationOutbox1765944000000,
  OverdueAnnouncements1766116800000,
  WebhookDelivery1766289600000,
  UpdatedSince1766376000000,
  HandOverCases1766462400000,
  PremisesLogOrder1766548800000,
  HazardComplaintIndex1766635200000,
  SeparationOfAdministrators1766721600000,
  SecurityPolicy1766808000000,
  AuditTrailIntegrity1766894400000,
  SignInFailureHashed1766980800000,
];
