import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';

/** argon2id with the configured cost (OWASP's minimum by default: 19 MiB, 2 passes, 1 lane). */
@Injectable()
export class PasswordHasher {
  private readonly options: argon2.HashOptions & { raw?: false };
  private dummy: Promise<string> | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.options = { type: argon2.argon2id, memoryCost: config.auth.argon2.memoryCost, timeCost: config.auth.argon2.timeCost, parallelism: 1 };
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends what a verification costs, so an unknown username answers as slowly as a wrong password. */
  async burn(password: string): Promise<void> {
    this.dummy ??= this.hash('dummy-password-for-timing');
    await this.verify(await this.dummy, password);
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.options);
  }
}
