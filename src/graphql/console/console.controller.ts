import { Public } from '../../kernel/access.decorators';
import { Controller, Get, Header, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CONSOLE_HTML, ConsoleAsset, loadConsoleAssets } from './console-assets';
import { APP_CONFIG } from '../../config/app-config';
import type { AppConfig } from '../../config/app-config';

/** Only this server and inline styles (GraphiQL's editor sets style attributes); no script from elsewhere. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** GET /graphiql: the GraphiQL console, served entirely from this project's own files. */
@Public()
@Controller('graphiql')
export class ConsoleController {
  private assets?: Map<string, ConsoleAsset>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // read once at start when enabled: a missing package fails the start, not a page later
    if (config.graphql.console) this.assets = loadConsoleAssets();
  }

  /** Off (404, as if absent) unless the configuration enables it: see GRAPHIQL_ENABLED. */
  private ensureEnabled(): void {
    if (!this.config.graphql.console) throw new NotFoundException();
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    this.ensureEnabled();
    return CONSOLE_HTML;
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Req() req: Request, @Res() res: Response): void {
    this.ensureEnabled();
    this.assets ??= loadConsoleAssets();
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException();
    res.setHeader('ETag', asset.etag);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    res.type(asset.type).send(asset.body);
  }
}
