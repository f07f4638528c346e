import { FieldCipher } from './key-material';

export const FIELD_CIPHER = Symbol('FIELD_CIPHER');

/** The encryption context of webhook secrets (`webhook.secret_cipher`). */
export const WEBHOOK_SECRET_CONTEXT = 'webhook.secret';

/** The personal data of accounts (and, later, of people): each kind with its own encryption context. */
export class PersonalDataCipher {
  constructor(readonly cipher: FieldCipher) {}

  encryptCitizenId(id: string): string {
    return this.cipher.encrypt(id, 'citizen_id');
  }
  decryptCitizenId(stored: string): string {
    return this.cipher.decrypt(stored, 'citizen_id');
  }
  citizenIdIndex(id: string): string {
    return this.cipher.index(id, 'citizen_id');
  }
  /** Every stored form of the citizen ID's index (both suites, every configured key): what a lookup asks for. */
  citizenIdIndexes(id: string): string[] {
    return this.cipher.indexCandidates(id, 'citizen_id');
  }
  encryptPhone(phone: string): string {
    return this.cipher.encrypt(phone, 'phone');
  }
  decryptPhone(stored: string): string {
    return this.cipher.decrypt(stored, 'phone');
  }
  phoneIndex(phone: string): string {
    return this.cipher.index(phone, 'phone');
  }
  phoneIndexes(phone: string): string[] {
    return this.cipher.indexCandidates(phone, 'phone');
  }
  encryptSecret(secret: string, accountId: string): string {
    return this.cipher.encrypt(secret, `totp:${accountId}`);
  }
  decryptSecret(stored: string, accountId: string): string {
    return this.cipher.decrypt(stored, `totp:${accountId}`);
  }
  /** Recovery codes: a keyed hash, so a stolen table cannot be checked offline without the key. */
  recoveryCodeHash(code: string): string {
    return this.cipher.index(code, 'recovery_code');
  }
  /**
   * Every form a recovery code's hash may be stored in: a hash cannot be re-derived without the code, so codes
   * issued under the other suite or the previous key stay as they are and are checked in their own form until used
   * (each is single-use) or regenerated.
   */
  recoveryCodeHashes(code: string): string[] {
    return this.cipher.indexCandidates(code, 'recovery_code');
  }
  /** A webhook's signing secret (`whsec_…`): shown once, kept to sign every delivery (the worker decrypts it). */
  encryptWebhookSecret(secret: string): string {
    return this.cipher.encrypt(secret, WEBHOOK_SECRET_CONTEXT);
  }
  decryptWebhookSecret(stored: string): string {
    return this.cipher.decrypt(stored, WEBHOOK_SECRET_CONTEXT);
  }
}
