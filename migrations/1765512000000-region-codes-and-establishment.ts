import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Region codes as GB/T 2260 writes them, and ORG-2 for every township:
 * - a province's and a city's code are written with 6 digits (`22` → `220000`, `2206` → `220600`, as the seed
 *   wrote them before); codes of the other levels already had their length (setRegionCode checked it);
 * - a CHECK on the code's shape by level (province `..0000`, city `....00`, county 6, township 9, village 12 digits);
 *   the prefix and province checks stay in region-code.ts (they need the parent);
 * - every county and township that lacks a body of its establishment (src/organization/establishment.ts) gets it,
 *   each on its parent body, a station with 2 staff and a center with 4 (the defaults), with a first quota history
 *   row; a region with all its bodies is left as it is.
 * Reviewed by hand.
 */
export class RegionCodesAndEstablishment1765512000000 implements MigrationInterface {
  name = 'RegionCodesAndEstablishment1765512000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE region SET code = rpad(code, 6, '0') WHERE level IN ('PROVINCE', 'CITY') AND code ~ '^([0-9]{2}|[0-9]{4})$'`);
    await q.query(`
      ALTER TABLE region ADD CONSTRAINT ck_region_code_shape CHECK (code IS NULL OR code ~ CASE level
        WHEN 'PROVINCE' THEN '^[0-9]{2}0000$' WHEN 'CITY' THEN '^[0-9]{4}00$' WHEN 'COUNTY' THEN '^[0-9]{6}$'
        WHEN 'TOWNSHIP' THEN '^[0-9]{9}$' ELSE '^[0-9]{12}$' END)`);

    // ORG-1, ORG-2: the bodies, parents before the bodies set up on them
    const bodies: [level: string, kind: string, suffix: string, parentKind: string | null, quota: number | null][] = [
      ['COUNTY', 'COUNTY_COMMITTEE', '消防救援委员会', null, null],
      ['COUNTY', 'COUNTY_COMMITTEE_OFFICE', '消防救援委员会办公室', 'COUNTY_COMMITTEE', null],
      ['COUNTY', 'GUIDANCE_CENTER', '消防工作服务指导中心', 'COUNTY_COMMITTEE_OFFICE', 4],
      ['COUNTY', 'FIRE_RESCUE_BRIGADE', '消防救援大队', null, null],
      ['TOWNSHIP', 'TOWNSHIP_COMMITTEE', '消防救援委员会', null, null],
      ['TOWNSHIP', 'TOWNSHIP_COMMITTEE_OFFICE', '消防救援委员会办公室', 'TOWNSHIP_COMMITTEE', null],
      ['TOWNSHIP', 'FIRE_WORK_STATION', '消防工作站', 'TOWNSHIP_COMMITTEE', 2],
      ['TOWNSHIP', 'TOWNSHIP_GOVERNMENT', '人民政府', null, null],
    ];
    for (const [level, kind, suffix, parentKind, quota] of bodies) {
      const created: { id: string }[] = await q.query(
        `INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version)
         SELECT gen_random_uuid(), $2, r.name || $3, r.id,
                (SELECT p.id FROM organization p WHERE p.region_id = r.id AND p.kind = $4), $5::integer, 1
         FROM region r
         WHERE r.level = $1 AND NOT EXISTS (SELECT 1 FROM organization o WHERE o.region_id = r.id AND o.kind = $2)
         RETURNING id`,
        [level, kind, suffix, parentKind, quota],
      );
      if (quota !== null && created.length > 0) {
        await q.query(
          `INSERT INTO staff_quota_change (organization_id, previous_quota, new_quota, reason, changed_by)
           SELECT unnest($1::uuid[]), NULL, $2::integer, '新设区划，依实施方案设立（ORG-1、ORG-2、ORG-3）', 'system:migration'`,
          [created.map((c) => c.id), quota],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // the bodies created stay (they may have staff, hazards and accounts by now); the codes keep their 6 digits
    await q.query(`ALTER TABLE region DROP CONSTRAINT IF EXISTS ck_region_code_shape`);
  }
}
