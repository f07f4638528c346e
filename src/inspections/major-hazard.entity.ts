import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { sqlList } from '../organization/organization.enums';
import { CatalogueItemKind, PremisesKind } from './inspections.enums';

/**
 * The major fire hazard determination catalogue (重大火灾隐患判定, GB 35181), versioned by edition: each edition
 * applies to hazards found in its validity; composite elements count toward a threshold per premises kind.
 */
@Entity('major_hazard_catalogue_item')
@Unique('uq_major_hazard_catalogue_item', ['edition', 'code'])
@Check('ck_major_hazard_catalogue_item_kind', `kind IN (${sqlList(Object.values(CatalogueItemKind))})`)
export class MajorHazardCatalogueItem {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_major_hazard_catalogue_item' }) id: string;
  @Column({ type: 'text' }) edition: string;
  @Column({ type: 'date' }) validFrom: string;
  @Column({ type: 'date', nullable: true }) validTo: string | null;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'text' }) kind: CatalogueItemKind;
  @Column({ type: 'text' }) text: string;
}

/** How many composite elements make a suspected major hazard, per edition and premises kind. */
@Entity('major_hazard_threshold')
@Check('ck_major_hazard_threshold_kind', `premises_kind IN (${sqlList(Object.values(PremisesKind))})`)
@Check('ck_major_hazard_threshold_count', `composite_count >= 1`)
export class MajorHazardThreshold {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_major_hazard_threshold' }) edition: string;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_major_hazard_threshold' }) premisesKind: PremisesKind;
  @Column({ type: 'integer' }) compositeCount: number;
}
