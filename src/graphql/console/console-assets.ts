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

/**
 * The tabs a newcomer finds on the first visit: the first sign-in step by step (each tab one operation, named so
 * that GraphiQL's tab shows the step), then the default query. GraphiQL keeps a visitor's own tabs afterwards.
 */
const FIRST_SIGN_IN_TABS: { query: string; variables?: string }[] = [
  {
    query: `# ① 登录。系统管理员 sysadmin（安全管理员 secadmin、审计管理员 auditadmin 同样登录），初始密码见服务首次启动时的
# 控制台输出（忘记了：npm run cli -- reset-password --username sysadmin）。
# 点 ▶ 执行。成功后令牌自动用于本控制台的所有标签页，无需填写 Headers（保存在本浏览器标签页，关闭即清除；
# 若在 Headers 里自己写了 Authorization，则以它为准）。
# 返回的标志：passwordChangeRequired → 下一步 ②；secondFactorEnrollmentRequired → ③ ④；secondFactorRequired → ⑤。
mutation Login {
  login(input: { username: "sysadmin", password: "在此填写初始密码" }) {
    accessToken
    expiresAt
    passwordChangeRequired
    secondFactorRequired
    secondFactorEnrollmentRequired
  }
}
`,
  },
  {
    query: `# ② 修改初始密码（别人设置的密码必须先改）：至少 8 位，含大写字母、小写字母、数字、符号中的三类，不含用户名。
mutation ChangePassword {
  changePassword(input: { currentPassword: "在此填写初始密码", newPassword: "在此填写新密码" }) {
    username
  }
}
`,
  },
  {
    query: `# ③ 绑定验证器（管理员和县消委办账号必须使用双因素认证）：用手机上的验证器应用扫描 otpauthUri 或输入 secret。
mutation EnrollTotp {
  enrollTotp {
    secret
    otpauthUri
  }
}
`,
  },
  {
    query: `# ④ 输入验证器显示的 6 位动态码完成绑定；返回 10 个恢复码，只显示这一次，请抄下妥善保存。
mutation ConfirmTotp {
  confirmTotp(input: { code: "在此填写6位动态码" }) {
    recoveryCodes
  }
}
`,
  },
  {
    query: `# ⑤ 以后每次登录（① 返回 secondFactorRequired: true）：输入动态码，或 { recoveryCode: "…" } 用一个恢复码。
# 返回的新令牌同样自动生效。
mutation VerifySecondFactor {
  verifySecondFactor(input: { code: "在此填写6位动态码" }) {
    accessToken
    expiresAt
  }
}
`,
  },
  {
    query: `# 靖宇县消防组织机构（实施方案附件1）。登录完成后点 ▶ 执行；左侧“文档”（Docs）按钮可查看全部接口说明。
query Organization {
  guidanceCenter { id name staffQuota }
  townships(first: 20) {
    totalCount
    edges { node { id name code station { id name staffQuota } } }
  }
}
`,
  },
];

/**
 * Starts GraphiQL against this server's /graphql; kept as a file so the page needs no inline script.
 *
 * Sign-in is shared by every tab: an access token answered by login, verifySecondFactor or refreshSession is kept in
 * this browser tab's sessionStorage and sent as `Authorization: Bearer …` with every request that does not set its
 * own Authorization header in the Headers editor; a successful logout forgets it. (GraphiQL's headers belong to one
 * tab, so a newcomer who signed in in one tab was anonymous in the next.)
 */
const INIT_SCRIPT = `(function () {
  var url = new URL('/graphql', window.location.href).toString();
  var TOKEN = 'fcp-console-access-token';
  var TOKEN_FIELDS = ['login', 'verifySecondFactor', 'refreshSession'];
  // Only what this console's own sign-in answered: a request that carried its own Authorization header (a tab
  // trying another account's credentials) neither sets nor clears the token every other tab uses. By response key:
  // only login, verifySecondFactor and refreshSession answer an accessToken (an alias can only rename one of them),
  // and GraphiQL's parsed document can be the tab's earlier text, as its operationName can.
  function remember(result) {
    var data = result && result.data;
    if (!data) return;
    Object.keys(data).forEach(function (key) {
      var answer = data[key];
      if (TOKEN_FIELDS.indexOf(key) >= 0 && answer && typeof answer.accessToken === 'string') sessionStorage.setItem(TOKEN, answer.accessToken);
      if (key === 'logout' && answer === true) sessionStorage.removeItem(TOKEN);
    });
  }
  // GraphiQL 4 can send the operation name of the tab's earlier text (a query pasted over the default one, a tab
  // switched while editing): the names of the operations the text holds decide, so a single operation always runs.
  function operationNames(query) {
    var text = String(query || '').replace(/"""[\\s\\S]*?"""|"(?:[^"\\\\\\n]|\\\\.)*"|#[^\\n\\r]*/g, ' ');
    var names = [];
    var depth = 0;
    var re = /[{}]|\\b(query|mutation|subscription)\\b\\s*([_A-Za-z][_0-9A-Za-z]*)?/g;
    var m;
    while ((m = re.exec(text))) {
      if (m[0] === '{') { if (depth === 0 && !/(query|mutation|subscription|\\))\\s*$|[_0-9A-Za-z]\\s*$/.test(text.slice(0, m.index))) names.push(null); depth++; }
      else if (m[0] === '}') depth = Math.max(0, depth - 1);
      else if (depth === 0) names.push(m[2] || null);
    }
    return names;
  }
  function fetcher(params, options) {
    var names = operationNames(params.query);
    if (params.operationName && names.indexOf(params.operationName) < 0 && names.length === 1) {
      params = Object.assign({}, params, { operationName: names[0] || undefined });
    }
    var headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    var own = (options && options.headers) || {};
    Object.keys(own).forEach(function (k) { headers[k] = own[k]; });
    var token = sessionStorage.getItem(TOKEN);
    var hasAuth = Object.keys(headers).some(function (k) { return k.toLowerCase() === 'authorization'; });
    if (token && !hasAuth) headers.authorization = 'Bearer ' + token;
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(params), credentials: 'omit' })
      .then(function (res) { return res.json(); })
      .then(function (result) { if (!hasAuth) remember(result); return result; });
  }
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultTabs: ${JSON.stringify(FIRST_SIGN_IN_TABS)},
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
  <link rel="icon" href="data:,">
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
