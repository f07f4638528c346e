import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { IsDate, IsOptional } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { assertTimeRules, updatedSinceTime } from '../common/time-rules';
import { DateTimeScalar } from './scalars';

/**
 * `updatedSince` of the main lists (hazards, inspections, premises, fires, people, activities): the rows whose
 * `updated_at` (set to the writing transaction's start by every update path) is at or after the value. Inclusive,
 * so a poller passing its last mark sees the rows of that instant again and deduplicates by id. `updated_at` is the
 * transaction's start, not its commit: a poller keeps an overlap (docs/api.md), or reads `events`, which misses nothing.
 */
export const UpdatedSinceField = () =>
  applyDecorators(
    Field(() => DateTimeScalar, {
      nullable: true,
      description:
        '只看此时刻（含）以后新增或修改过的记录（须带时区，不能晚于现在：时间规则 T-INT-1）。' +
        '轮询时传上次查询开始的时刻再提前几分钟，并按 id 去重（修改时刻为事务开始时刻，提交可能稍后）；要按提交顺序不漏不重地跟上变更，请用 events',
    }),
    IsOptional(),
    IsDate(),
  );

/** Adds `column >= since` to a list's query after checking T-INT-1 (nothing when `since` is not given). */
export function whereUpdatedSince<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, column: string, since: Date | undefined, now: Date): SelectQueryBuilder<E> {
  if (!since) return qb;
  assertTimeRules([updatedSinceTime(since, now)]);
  return qb.andWhere(`${column} >= :updatedSince`, { updatedSince: since });
}
