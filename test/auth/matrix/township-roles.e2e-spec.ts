import { authorizationMatrix, MATRIX_ROWS } from './authorization-matrix';

// The authorization matrix (GB/T 22239-2019 8.1.4.2), the township roles', member units' and the integration key's
// rows: every operation inside and outside.
authorizationMatrix({ roles: MATRIX_ROWS.township });
