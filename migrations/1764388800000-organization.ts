import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organization model (ORG-1 .. ORG-5): the region tree, organizations with staffing quotas,
 * the quota history and the station office facility checks. Reviewed by hand; enum-like columns are text
 * with named CHECK constraints so the drift gate compares names, not rewritten expressions.
 */
export class Organization1764388800000 implements MigrationInterface {
  name = 'Organization1764388800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region (
        id uuid NOT NULL,
        parent_id uuid NULL,
        level text NOT NULL,
        kind text NULL,
        name text NOT NULL,
        code text NULL,
        path text NOT NULL,
        sort_order integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL,
        CONSTRAINT pk_region PRIMARY KEY (id),
        CONSTRAINT fk_region_parent FOREIGN KEY (parent_id) REFERENCES region (id) ON DELETE RESTRICT,
        CONSTRAINT uq_region_code UNIQUE (code),
        CONSTRAINT uq_region_path UNIQUE (path),
        CONSTRAINT uq_region_parent_name UNIQUE (parent_id, name),
        CONSTRAINT ck_region_level CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE')),
        CONSTRAINT ck_region_kind CHECK (kind IS NULL OR kind IN ('SUBDISTRICT', 'TOWN', 'TOWNSHIP', 'VILLAGE', 'COMMUNITY')),
        CONSTRAINT ck_region_root CHECK ((level = 'PROVINCE') = (parent_id IS NULL))
      )`);
    // "inside this region's subtree" is a prefix match on path
    await q.query(`CREATE INDEX ix_region_path_prefix ON region (path text_pattern_ops)`);
    await q.query(`CREATE INDEX ix_region_parent ON region (parent_id, sort_order)`);

    await q.query(`
      CREATE TABLE organization (
        id uuid NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        region_id uuid NOT NULL,
        parent_id uuid NULL,
        staff_quota integer NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL,
        CONSTRAINT pk_organization PRIMARY KEY (id),
        CONSTRAINT fk_organization_region FOREIGN KEY (region_id) REFERENCES region (id) ON DELETE RESTRICT,
        CONSTRAINT fk_organization_parent FOREIGN KEY (parent_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT uq_organization_region_kind_name UNIQUE (region_id, kind, name),
        CONSTRAINT ck_organization_kind CHECK (kind IN ('COUNTY_COMMITTEE', 'COUNTY_COMMITTEE_OFFICE', 'GUIDANCE_CENTER',
          'TOWNSHIP_COMMITTEE', 'TOWNSHIP_COMMITTEE_OFFICE', 'FIRE_WORK_STATION', 'TOWNSHIP_GOVERNMENT',
          'FIRE_RESCUE_BRIGADE', 'GOVERNMENT_FIRE_STATION', 'MEMBER_UNIT')),
        CONSTRAINT ck_organization_quota CHECK ((kind IN ('GUIDANCE_CENTER', 'FIRE_WORK_STATION')) = (staff_quota IS NOT NULL)),
        -- ORG-3: a station has 2 to 3 staff
        CONSTRAINT ck_organization_station_quota CHECK (kind <> 'FIRE_WORK_STATION' OR staff_quota BETWEEN 2 AND 3),
        CONSTRAINT ck_organization_center_quota CHECK (kind <> 'GUIDANCE_CENTER' OR staff_quota >= 1)
      )`);
    await q.query(`CREATE INDEX ix_organization_region_kind ON organization (region_id, kind)`);
    // ORG-2: one committee, one office, one station (and one center, one brigade) per region
    await q.query(`
      CREATE UNIQUE INDEX uq_organization_single_per_region ON organization (region_id, kind)
      WHERE kind <> 'MEMBER_UNIT' AND kind <> 'GOVERNMENT_FIRE_STATION'`);

    await q.query(`
      CREATE TABLE staff_quota_change (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        previous_quota integer NULL,
        new_quota integer NOT NULL,
        reason text NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_staff_quota_change PRIMARY KEY (id),
        CONSTRAINT fk_staff_quota_change_org FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT ck_staff_quota_change_positive CHECK (new_quota >= 1)
      )`);
    await q.query(`CREATE INDEX ix_staff_quota_change_org ON staff_quota_change (organization_id, changed_at)`);

    await q.query(`
      CREATE TABLE facility_check (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        station_id uuid NOT NULL,
        facility text NOT NULL,
        compliant boolean NOT NULL,
        checked_on date NOT NULL,
        checked_by text NOT NULL,
        note text NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_facility_check PRIMARY KEY (id),
        CONSTRAINT fk_facility_check_station FOREIGN KEY (station_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT ck_facility_check_facility CHECK (facility IN ('FIXED_OFFICE', 'INDEPENDENT_OFFICE', 'PRINTING',
          'SCANNING', 'ARCHIVING', 'FILE_STORAGE', 'STANDARD_SIGN'))
      )`);
    await q.query(`
      CREATE INDEX ix_facility_check_latest ON facility_check (station_id, facility, checked_on, recorded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE facility_check`);
    await q.query(`DROP TABLE staff_quota_change`);
    await q.query(`DROP TABLE organization`);
    await q.query(`DROP TABLE region`);
  }
}
