import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { appRoot } from '../../common/app-root';
import * as path from 'node:path';

export interface ConsoleAsset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The console's files, all from this project's node_modules: nothing is fetched from a CDN (offline networks). */
const PACKAGE_FILES: Record<string, [string, string]> = {
  'react.js': ['react/umd/react.production.min.js', 'text/javascript; charset=utf-8'],
  'react-dom.js': ['react-dom/umd/react-dom.production.min.js', 'text/javascript; charset=utf-8'],
  'graphiql.js': ['graphiql/dist/index.umd.js', 'text/javascript; charset=utf-8'],
  'graphiql.css': ['graphiql/dist/style.css', 'text/css; charset=utf-8'],
};

const DEFAULT_QUERY = `# 先登录：执行 mutation { login(input: { username: "admin", password: "…" }) { accessToken } }，
# 再把返回的 accessToken 填入下方 Headers：{ "Authorization": "Bearer <accessToken>" }
# （首次启动的管理员密码见服务启动时的控制台输出；首次登录须改密码，县消委办账号须绑定 TOTP 验证器）
#
# 靖宇县消防组织机构（实施方案附件1）
query Organization {
  guidanceCenter { id name staffQuota }
  townships(first: 20) {
    totalCount
    edges { node { id name code station { id name staffQuota } } }
  }
}
`;

/** Starts GraphiQL against this server's /graphql; kept as a file so the page needs no inline script. */
const INIT_SCRIPT = `(function () {
  var fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).toString() });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
    defaultEditorToolsVisibility: true
  }));
})();
`;

export const CONSOLE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>消防救援委员会实体化运行平台 · GraphQL 控制台</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">正在加载 GraphQL 控制台…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script src="/graphiql/assets/init.js"></script>
</body>
</html>
`;

/** Loads the console's files once; a missing package is an error at start, not a blank page later. */
export function loadConsoleAssets(): Map<string, ConsoleAsset> {
  // resolved from the project folder, wherever the process was started
  const req = createRequire(path.join(appRoot(), 'package.json'));
  const assets = new Map<string, ConsoleAsset>();
  const add = (name: string, body: Buffer, type: string) =>
    assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  for (const [name, [file, type]] of Object.entries(PACKAGE_FILES)) {
    // packages' `exports` hide their UMD files from resolution; locate the package, then the file in it
    const [pkg, ...rest] = file.split('/');
    add(name, fs.readFileSync(path.join(path.dirname(req.resolve(`${pkg}/package.json`)), ...rest)), type);
  }
  add('init.js', Buffer.from(INIT_SCRIPT, 'utf8'), 'text/javascript; charset=utf-8');
  return assets;
}
