import { authorizationMatrix } from './authorization-matrix';

// The authorization matrix (GB/T 22239-2019 8.1.4.2 e): each permission an API key can be granted, withheld from an
// otherwise complete key, refuses exactly the operations declaring it.
authorizationMatrix({ keyGrants: true });
