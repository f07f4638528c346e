// Imported before test/auth/authorization-matrix.e2e-spec.ts by a spec that reuses its fixtures: the matrix then
// registers that spec's tests instead of its own (ES modules run their imports in order).
(globalThis as Record<symbol, unknown>)[Symbol.for('fcp.matrixAsLibrary')] = true;
export {};
