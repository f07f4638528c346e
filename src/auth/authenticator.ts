import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { API_KEY_PREFIX, ApiKeyService } from './api-key.service';
import { AuthService } from './auth.service';

/** Reads `Authorization: Bearer <token or key>` once per request and sets the request context's actor. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly auth: AuthService,
    private readonly keys: ApiKeyService,
  ) {}

  authenticate(ctx: RequestContext, header: string | undefined): Promise<void> {
    ctx.authentication ??= this.resolve(ctx, header);
    return ctx.authentication;
  }

  private async resolve(ctx: RequestContext, header: string | undefined): Promise<void> {
    if (!header) return;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new UnauthenticatedError('MALFORMED', '认证请求头格式应为 Authorization: Bearer <令牌>');
    const credential = m[1];
    ctx.setActor(credential.startsWith(API_KEY_PREFIX) ? await this.keys.authenticate(credential) : await this.auth.authenticateToken(credential));
  }
}
