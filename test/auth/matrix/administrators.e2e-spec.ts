import { authorizationMatrix, MATRIX_ROWS } from './authorization-matrix';

// The authorization matrix (GB/T 22239-2019 8.1.4.2, 8.1.5): the three administrators' rows, with the schema's
// coverage (every operation declares its rule), the office chart routes and the anonymous caller.
authorizationMatrix({ roles: MATRIX_ROWS.administrators, coverage: true });
