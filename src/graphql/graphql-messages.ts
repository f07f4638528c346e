/**
 * graphql-js's messages (validation of the document, coercion of variables and literals) in zh-CN, for a person
 * reading the error: names and values are quoted as they were (they are the client's own words), the sentence
 * around them is translated. The original stays in `extensions.original` (format-error.ts) for a developer. A
 * message not listed here keeps its text after the zh-CN summary; add its pattern here.
 */
type Rule = [RegExp, (m: RegExpExecArray) => string];

const q = (s: string | undefined) => `“${s ?? ''}”`;

const RULES: Rule[] = [
  // ---- variables ----
  [/^Variable "\$(\w+)" got invalid value ([\s\S]*?) at "([^"]+)"; ([\s\S]*)$/, (m) => `变量 ${q(`$${m[1]}`)} 中 ${q(m[3])} 的值 ${q(m[2])} 有误：${translate(m[4])}`],
  [/^Variable "\$(\w+)" got invalid value ([\s\S]*?); ([\s\S]*)$/, (m) => `变量 ${q(`$${m[1]}`)} 的值 ${q(m[2])} 有误：${translate(m[3])}`],
  [/^Variable "\$(\w+)" of required type "([^"]+)" was not provided\.$/, (m) => `缺少必填变量 ${q(`$${m[1]}`)}（类型 ${q(m[2])}）`],
  [/^Variable "\$(\w+)" of non-null type "([^"]+)" must not be null\.$/, (m) => `变量 ${q(`$${m[1]}`)}（类型 ${q(m[2])}）不能为 null`],
  [/^Variable "\$(\w+)" of type "([^"]+)" used in position expecting type "([^"]+)"\.$/, (m) => `变量 ${q(`$${m[1]}`)} 的类型 ${q(m[2])} 与此处要求的类型 ${q(m[3])} 不符`],
  [/^Variable "\$(\w+)" is not defined(?: by operation "(\w+)")?\.$/, (m) => `变量 ${q(`$${m[1]}`)} 未在操作${m[2] ? ` ${q(m[2])} ` : ''}中声明`],
  [/^Variable "\$(\w+)" is never used(?: in operation "(\w+)")?\.$/, (m) => `声明了变量 ${q(`$${m[1]}`)} 但没有使用`],
  [/^Variable "\$(\w+)" cannot be non-input type "([^"]+)"\.$/, (m) => `变量 ${q(`$${m[1]}`)} 的类型 ${q(m[2])} 不是输入类型`],
  [/^Variable "\$(\w+)" expected value of type "([^"]+)" which cannot be used as an input type\.$/, (m) => `变量 ${q(`$${m[1]}`)} 的类型 ${q(m[2])} 不是输入类型`],
  [/^There can be only one variable named "\$(\w+)"\.$/, (m) => `变量 ${q(`$${m[1]}`)} 重复声明`],
  // ---- values ----
  [/^Expected value of type "([^"]+)", found ([\s\S]*?); ([\s\S]*)$/, (m) => `应为 ${q(m[1])} 类型的值，收到 ${q(m[2])}：${translate(m[3])}`],
  [/^Expected value of type "([^"]+)", found ([\s\S]*?)\.$/, (m) => `应为 ${q(m[1])} 类型的值，收到 ${q(m[2])}`],
  [/^Expected type "([^"]+)" to be an object\.$/, (m) => `应为对象（${q(m[1])}）`],
  [/^Expected type "([^"]+)"\. ([\s\S]*)$/, (m) => `应为 ${q(m[1])} 类型：${translate(m[2])}`],
  [/^Expected non-nullable type "([^"]+)" not to be null\.$/, (m) => `不能为 null（类型 ${q(m[1])}）`],
  [/^Int cannot represent non-integer value: ([\s\S]*)$/, (m) => `应为整数，收到 ${q(m[1])}`],
  [/^Int cannot represent non 32-bit signed integer value: ([\s\S]*)$/, (m) => `整数超出范围（-2147483648 至 2147483647），收到 ${q(m[1])}`],
  [/^Float cannot represent non numeric value: ([\s\S]*)$/, (m) => `应为数字，收到 ${q(m[1])}`],
  [/^String cannot represent a non string value: ([\s\S]*)$/, (m) => `应为字符串，收到 ${q(m[1])}`],
  [/^Boolean cannot represent a non boolean value: ([\s\S]*)$/, (m) => `应为 true 或 false，收到 ${q(m[1])}`],
  [/^ID cannot represent a non-string and non-integer value: ([\s\S]*)$/, (m) => `应为编号（字符串），收到 ${q(m[1])}`],
  [/^ID cannot represent value: ([\s\S]*)$/, (m) => `不是有效的编号：${q(m[1])}`],
  [/^Value "([^"]*)" does not exist in "(\w+)" enum\.(?:\s*Did you mean[\s\S]*)?$/, (m) => `${q(m[1])} 不是 ${q(m[2])} 的可选值`],
  [/^Enum "(\w+)" cannot represent non-enum value: ([\s\S]*?)\.(?:\s*Did you mean[\s\S]*)?$/, (m) => `${q(m[2])} 不是 ${q(m[1])} 的可选值（枚举值不加引号）`],
  [/^Enum "(\w+)" cannot represent non-string value: ([\s\S]*?)\.(?:\s*Did you mean[\s\S]*)?$/, (m) => `${q(m[2])} 不是 ${q(m[1])} 的可选值`],
  [/^Field "(\w+)" of required type "([^"]+)" was not provided\.$/, (m) => `缺少必填字段 ${q(m[1])}（类型 ${q(m[2])}）`],
  [/^Field "(\w+)\.(\w+)" of required type "([^"]+)" was not provided\.$/, (m) => `${q(m[1])} 缺少必填字段 ${q(m[2])}（类型 ${q(m[3])}）`],
  [/^Field "(\w+)" is not defined by type "(\w+)"\.(?:\s*Did you mean[\s\S]*)?$/, (m) => `${q(m[2])} 没有字段 ${q(m[1])}`],
  [/^There can be only one input field named "(\w+)"\.$/, (m) => `输入字段 ${q(m[1])} 重复`],
  [/^Exactly one key must be specified for OneOf type "(\w+)"\.$/, (m) => `${q(m[1])} 须恰好填写一项`],
  // ---- the document ----
  [/^Cannot query field "(\w+)" on type "(\w+)"\.(?:\s*Did you mean[\s\S]*)?$/, (m) => `${q(m[2])} 没有字段 ${q(m[1])}`],
  [/^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"\.(?:\s*Did you mean[\s\S]*)?$/, (m) => `${q(`${m[2]}.${m[3]}`)} 没有参数 ${q(m[1])}`],
  [/^Unknown argument "(\w+)" on directive "@(\w+)"\.(?:\s*Did you mean[\s\S]*)?$/, (m) => `指令 ${q(`@${m[2]}`)} 没有参数 ${q(m[1])}`],
  [/^Field "([\w.]+)" argument "(\w+)" of type "([^"]+)" is required, but it was not provided\.$/, (m) => `${q(m[1])} 缺少必填参数 ${q(m[2])}（类型 ${q(m[3])}）`],
  [/^Directive "@(\w+)" argument "(\w+)" of type "([^"]+)" is required, but it was not provided\.$/, (m) => `指令 ${q(`@${m[1]}`)} 缺少必填参数 ${q(m[2])}`],
  [/^Argument "(\w+)" has invalid value ([\s\S]*?)\.$/, (m) => `参数 ${q(m[1])} 的值 ${q(m[2])} 有误`],
  [/^Argument "([^"]+)" of (?:required|non-null) type "([^"]+)" (?:was not provided|must not be null)\.$/, (m) => `参数 ${q(m[1])}（类型 ${q(m[2])}）必填，不能为 null`],
  [/^There can be only one argument named "(\w+)"\.$/, (m) => `参数 ${q(m[1])} 重复`],
  [/^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields\.$/, (m) => `字段 ${q(m[1])}（类型 ${q(m[2])}）没有下级字段，不能再选择`],
  [/^Field "(\w+)" of type "([^"]+)" must have a selection of subfields\.$/, (m) => `字段 ${q(m[1])}（类型 ${q(m[2])}）须选择下级字段`],
  [/^Fields "(\w+)" conflict because [\s\S]*$/, (m) => `同名字段 ${q(m[1])} 的参数或类型不同，不能合并：请用不同的别名分别查询`],
  [/^Unknown type "(\w+)"\.(?:\s*Did you mean[\s\S]*)?$/, (m) => `没有类型 ${q(m[1])}`],
  [/^Unknown fragment "(\w+)"\.$/, (m) => `没有名为 ${q(m[1])} 的片段（fragment）`],
  [/^Fragment "(\w+)" is never used\.$/, (m) => `片段 ${q(m[1])} 没有被使用`],
  [/^Fragment (?:"(\w+)" )?cannot be spread here as objects of type "(\w+)" can never be of type "(\w+)"\.$/, (m) => `片段${m[1] ? ` ${q(m[1])} ` : ''}不能用在这里：${q(m[2])} 不会是 ${q(m[3])}`],
  [/^Cannot spread fragment "(\w+)" within itself[\s\S]*$/, (m) => `片段 ${q(m[1])} 不能引用自身`],
  [/^There can be only one fragment named "(\w+)"\.$/, (m) => `片段 ${q(m[1])} 重复定义`],
  [/^There can be only one operation named "(\w+)"\.$/, (m) => `操作 ${q(m[1])} 重复定义`],
  [/^This anonymous operation must be the only defined operation\.$/, () => '未命名的操作只能单独出现在文档中；有多个操作时请逐一命名'],
  [/^Unknown directive "@(\w+)"\.$/, (m) => `没有指令 ${q(`@${m[1]}`)}`],
  [/^Directive "@(\w+)" may not be used on (\w+)\.$/, (m) => `指令 ${q(`@${m[1]}`)} 不能用在这里`],
  [/^The directive "@(\w+)" can only be used once at this location\.$/, (m) => `指令 ${q(`@${m[1]}`)} 在此处只能用一次`],
  [/^The (\w+) definition is not executable\.$/, (m) => `${q(m[1])} 定义不能在请求中出现`],
  [/^Syntax Error: Unexpected <EOF>\.$/, () => '语法错误：语句不完整（意外结束）'],
  [/^Syntax Error: Expected ([\s\S]*?), found ([\s\S]*?)\.$/, (m) => `语法错误：此处应为 ${q(m[1])}，却是 ${q(m[2])}`],
  [/^Syntax Error: Unexpected ([\s\S]*?)\.$/, (m) => `语法错误：意外的 ${q(m[1])}`],
  [/^Syntax Error: Unterminated string\.$/, () => '语法错误：字符串没有结束的引号'],
  [/^Syntax Error: ([\s\S]*)$/, (m) => `语法错误：${q(m[1])}`],
  [/^Too many errors processing variables, error limit reached\. Execution aborted\.$/, () => '变量错误过多，已停止检查'],
];

/** The zh-CN form of a graphql-js message, or null when it is not one listed. */
export function translateGraphQLMessage(message: string): string | null {
  // graphql-js's suggestion ends the message: `… Did you mean "a", "b", or "c"?` (absent while introspection is off)
  const hint = /\s*Did you mean ([^?]*)\?\s*$/.exec(message);
  const text = (hint ? message.slice(0, hint.index) : message).trim();
  const names = hint ? hint[1].split(/,\s*(?:or\s+)?|\s+or\s+/).map((n) => n.trim().replace(/^"|"$/g, '')).filter(Boolean) : [];
  for (const [pattern, render] of RULES) {
    const m = pattern.exec(text);
    if (m) return names.length ? `${render(m)}；是否要用 ${names.map(q).join('、')}？` : render(m);
  }
  return null;
}

function translate(inner: string): string {
  return translateGraphQLMessage(inner) ?? inner;
}
