/** Fills a GraphQL model from its row and keeps the row, hidden from serialization, for the field resolvers. */
export function modelOf<M extends { row: unknown }>(model: M, row: M['row'], fields: Omit<M, 'row'>): M {
  Object.assign(model, fields);
  Object.defineProperty(model, 'row', { value: row, enumerable: false });
  return model;
}
