import { JoinColumn, ManyToOne } from 'typeorm';

/**
 * A foreign key on a relation property (ON DELETE RESTRICT: records of the work are never deleted from under
 * their history). `column` is the uuid column the entity also declares as a plain property.
 */
export function Ref(target: () => new () => unknown, constraint: string, column: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  return (proto, key) => {
    ManyToOne(target, { onDelete: 'RESTRICT', nullable: options.nullable ?? false })(proto, key);
    JoinColumn({ name: column, foreignKeyConstraintName: constraint })(proto, key);
  };
}

/** numeric columns come back from node-postgres as strings: read them as numbers (money in yuan, areas). */
export const NUMERIC = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
