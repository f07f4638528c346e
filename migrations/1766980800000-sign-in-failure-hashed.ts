import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GB/T 22239-2019 8.1.4.1 b), 8.1.4.3: the failed sign-in counts are keyed by the keyed hash of the username (the
 * failed sign-in's audit `usernameHash`), no longer by the name as typed, which held any password typed into the
 * username field in clear. SQL cannot compute the keyed hash (the application's key is not available to it), so the
 * existing rows are deleted rather than converted: they are transient counts (forgotten lockMinutes after their
 * last failure anyway); what is lost is at most a running delay or pause, and which addresses are known for which
 * usernames (the next complete sign-in from an address makes it known again).
 */
export class SignInFailureHashed1766980800000 implements MigrationInterface {
  name = 'SignInFailureHashed1766980800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "sign_in_failure"`);
    await q.query(`ALTER TABLE "sign_in_failure" RENAME COLUMN "username" TO "username_hash"`);
  }

  async down(q: QueryRunner): Promise<void> {
    // the hashes cannot be turned back into names: the counts start again
    await q.query(`DELETE FROM "sign_in_failure"`);
    await q.query(`ALTER TABLE "sign_in_failure" RENAME COLUMN "username_hash" TO "username"`);
  }
}
