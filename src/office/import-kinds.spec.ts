import { columnOf, headerProblems, IMPORT_KINDS, ImportKind, parseRow, quoted } from './import-kinds';
import ExcelJS from 'exceljs';
import PizZip from 'pizzip';
import { cellText, parseDateText, readWorkbook, sheetRows, TooManyColumns, WorkbookTooLarge } from './xlsx';

const villages = IMPORT_KINDS[ImportKind.VILLAGES];
const premises = IMPORT_KINDS[ImportKind.PREMISES];
const candidates = IMPORT_KINDS[ImportKind.CANDIDATES];
const cells = (o: Record<string, string>) => new Map(Object.entries(o));

describe('import templates: reading a row by its template', () => {
  it('headers: a missing required column, an unknown one and a repeated one are each named', () => {
    const headers = villages.columns.map((c) => c.header).filter((h) => h !== '消防安全管理人');
    expect(headerProblems(villages, [...headers, '备注', '乡镇'])).toEqual(['缺少必填列“消防安全管理人”', '模板中没有“备注”列（请使用下载的模板）', '“乡镇”列出现了不止一次']);
    // optional columns may be left out of the sheet
    expect(headerProblems(villages, villages.columns.filter((c) => c.required).map((c) => c.header))).toEqual([]);
  });

  it('ORG-6: a good village row reads into the values the services take', () => {
    const { values, problems } = parseRow(villages, 2, cells({ 乡镇: '景山镇', '村（社区）名称': '新立村', 类别: '社区', 消防安全管理人: '王建国', 管理人电话: '13943900001', 确定日期: '2026/3/1' }));
    expect(problems).toEqual([]);
    expect(values).toMatchObject({ township: '景山镇', name: '新立村', kind: 'COMMUNITY', managerName: '王建国', managerPhone: '13943900001', appointedOn: '2026-03-01', code: null });
  });

  it('every bad cell of a row is reported with its column: required, too long, not a choice, not a date, not yes/no', () => {
    const { problems } = parseRow(premises, 7, cells({ 场所类别: '商店', 场所名称: 'x'.repeat(101), 地址: '', 消防安全责任人: '李明', 风险等级: '一般风险', 消防安全重点单位: '可能' }));
    expect(problems).toEqual([
      { row: 7, column: '场所类别', reason: '“商店”不是可选的取值（人员密集场所、九小场所、村屯、企业、成员单位、其他）' },
      { row: 7, column: '场所名称', reason: '长度不能超过 100 个字符' },
      { row: 7, column: '地址', reason: '必填' },
      { row: 7, column: '消防安全重点单位', reason: '“可能”须为“是”或“否”' },
    ]);
    expect(parseRow(candidates, 3, cells({ 出生日期: '1990-02-30' })).problems).toContainEqual({ row: 3, column: '出生日期', reason: '“1990-02-30”不是有效的日期（YYYY-MM-DD）' });
  });

  it('a choice may be written as its Chinese label or its API value; yes/no accepts 是/否 and the usual spellings', () => {
    expect(parseRow(premises, 2, cells({ 场所类别: 'enterprise', 风险等级: '低风险', 消防安全重点单位: '是' })).values).toMatchObject({ kind: 'ENTERPRISE', riskLevel: 'LOW', keyUnit: true });
    expect(parseRow(premises, 2, cells({ 消防安全重点单位: 'N' })).values.keyUnit).toBe(false);
  });

  it('a service\'s field error finds its column: input fields, a row\'s steps, the importer\'s own cells; others are the whole row', () => {
    expect(columnOf(candidates, 'input.citizenId')).toBe('身份证号');
    expect(columnOf(villages, 'manager.phone')).toBe('管理人电话');
    expect(columnOf(villages, 'region.name')).toBe('村（社区）名称');
    expect(columnOf(premises, 'row.village')).toBe('村（社区）');
    expect(columnOf(premises, 'input.somethingElse')).toBeNull();
    expect(columnOf(premises, undefined)).toBeNull();
  });
});

describe('spreadsheet cells as a person reads them', () => {
  it('dates: the forms people type, and only real calendar dates', () => {
    expect(['2027-03-05', '2027/3/5', '2027.3.5', '2027年3月5日', ' 2027 - 3 - 5 '].map(parseDateText)).toEqual(Array(5).fill('2027-03-05'));
    expect(['2027-02-29', '2027-13-01', '27-3-5', '明天', ''].map(parseDateText)).toEqual([null, null, null, null, null]);
  });

  it('cells: a typed date is the UTC day Excel stores, numbers as written, rich text and formula results as shown', () => {
    expect(cellText(new Date(Date.UTC(2027, 2, 5)))).toBe('2027-03-05');
    expect(cellText(13943900001)).toBe('13943900001');
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText({ richText: [{ text: '景山' }, { text: '镇 ' }] } as never)).toBe('景山镇');
    expect(cellText({ formula: 'A1', result: 42 } as never)).toBe('42');
    expect(cellText(null)).toBe('');
  });
});

describe('hostile workbooks (GB/T 22239-2019 8.1.4.4 d)', () => {
  it('a workbook that unzips to more than 64 MB is refused, whatever sizes it declares', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('场所').addRow(['乡镇']);
    await expect(readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()))).resolves.toBeDefined();
    const zip = new PizZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(70 * 1024 * 1024, 0x20)); // 70 MB of spaces, 70 KB zipped
    const bomb = zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(readWorkbook(bomb)).rejects.toBeInstanceOf(WorkbookTooLarge);
    // the same with every part claiming to be 1 KB unzipped (offset 24 of each central directory record)
    const lying = Buffer.from(bomb);
    const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
    for (let i = lying.indexOf(signature); i >= 0; i = lying.indexOf(signature, i + 4)) lying.writeUInt32LE(1024, i + 24);
    await expect(readWorkbook(lying)).rejects.toBeInstanceOf(WorkbookTooLarge);
  });

  it('a sheet formatted far down reads only the rows it holds; blank rows are skipped, row numbers kept', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('场所');
    ws.getRow(1).values = ['场所名称', '地址'];
    ws.getRow(3).values = ['甲', '乙'];
    ws.getRow(1_000_000).getCell(1).numFmt = '@'; // formatted, no value
    const read = sheetRows((await readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()))).getWorksheet('场所')!, 10);
    expect(read.headers).toEqual(['场所名称', '地址']);
    expect(read.rows).toEqual([{ rowNumber: 3, cells: new Map([['场所名称', '甲'], ['地址', '乙']]), numbers: new Map() }]);
  });

  it('PER-3: a citizen id the spreadsheet turned into a number is reported as a number that lost its digits, not as a bad check digit; an intact phone number stays', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.getRow(1).values = ['姓名', '身份证号', '联系电话', '户籍地区划代码'];
    // what Excel keeps of 220622199005051234 typed into a General cell: 2.20622199005051E+17
    ws.getRow(2).values = ['张伟', 220622199005051234, 13943900003, 220622101];
    const read = sheetRows((await readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()))).getWorksheet('人员')!, 10);
    expect(read.rows[0].numbers).toEqual(new Map([['身份证号', 220622199005051234], ['联系电话', 13943900003], ['户籍地区划代码', 220622101]]));
    const { values, problems } = parseRow(candidates, 2, read.rows[0].cells, read.rows[0].numbers);
    expect(problems.filter((p) => p.column === '身份证号')).toEqual([{ row: 2, column: '身份证号', reason: expect.stringContaining('被表格软件存成了数字（显示为 2.20622E+17），超过 15 位的号码末尾几位已变成 0') }]);
    expect(problems.find((p) => p.column === '身份证号')!.reason).toContain('设置为“文本”格式');
    expect(values.citizenId).toBeNull();
    expect(values).toMatchObject({ phone: '13943900003', householdRegionCode: '220622101' });
    expect(problems.map((p) => p.column)).not.toContain('联系电话');
  });
});

describe('spreadsheet accidents to ids, phones and codes: each its own message, and the way out (format the column as 文本)', () => {
  const accident = (spec: typeof villages, header: string, text: string, number?: number) =>
    parseRow(spec, 2, cells({ [header]: text }), number === undefined ? new Map() : new Map([[header, number]])).problems.find((p) => p.column === header)?.reason;

  it('a phone stored as a number that lost its leading 0 (a landline with its area code) says the 0 is gone', () => {
    // 0439-6212345 typed into a General cell: 4396212345; Beijing 010-12345678: 1012345678
    for (const n of [4396212345, 1012345678, 43962123456]) {
      expect(accident(villages, '管理人电话', String(n), n)).toBe(`该单元格被表格软件存成了数字（${quoted(String(n))}），号码开头的 0 已丢失：请把此列设置为“文本”格式后重新填写号码`);
    }
    expect(accident(premises, '责任人电话', '4396212345', 4396212345)).toContain('开头的 0 已丢失');
    expect(accident(candidates, '联系电话', '4396212345', 4396212345)).toContain('开头的 0 已丢失');
    // a mobile number as a number is whole: read as typed, the service checks it
    expect(accident(villages, '管理人电话', '13943900001', 13943900001)).toBeUndefined();
    expect(parseRow(villages, 2, cells({ 管理人电话: '13943900001' }), new Map([['管理人电话', 13943900001]])).values.managerPhone).toBe('13943900001');
  });

  it('codes and ids never begin with 0 (GB/T 2260, GB 11643): a whole number there lost nothing', () => {
    expect(accident(candidates, '户籍地区划代码', '220622101', 220622101)).toBeUndefined();
    expect(accident(villages, '区划代码', '220622102201', 220622102201)).toBeUndefined();
    // not a phone column: a 10-digit number in 区划代码 is a wrong length (the service's), not a lost zero
    expect(accident(villages, '区划代码', '2206221022', 2206221022)).toBeUndefined();
  });

  it('an id in scientific notation (pasted as shown, or a text cell) says its digits are gone', () => {
    expect(accident(candidates, '身份证号', '2.20622E+17')).toBe('该单元格是科学计数法（2.20622E+17），号码已被表格软件改写、末尾几位已丢失：请把此列设置为“文本”格式后重新填写号码');
    expect(accident(candidates, '联系电话', '1.39439E+10')).toContain('科学计数法');
    expect(accident(villages, '区划代码', '2.20622e11')).toContain('科学计数法');
    // a column not meant for numbers reads the same text as it is (a name may hold anything)
    expect(parseRow(candidates, 2, cells({ 姓名: '2E+3' })).problems.filter((p) => p.column === '姓名')).toEqual([]);
  });

  it('a number with a fraction in an id column is not the id', () => {
    expect(accident(candidates, '身份证号', '22062219.5', 22062219.5)).toBe('该单元格被表格软件存成了带小数的数字（220***19.5），已不是原来的号码：请把此列设置为“文本”格式后重新填写号码'); // masked as any long run of digits
  });

  it('every cell problem of a row is kept beside the accidents (one round)', () => {
    const { problems } = parseRow(villages, 5, cells({ 乡镇: '景山镇', '村（社区）名称': '新立村', 类别: '组', 管理人电话: '4396212345', 确定日期: '2026-02-30', 消防安全管理人: '王' }), new Map([['管理人电话', 4396212345]]));
    expect(problems.map((p) => p.column)).toEqual(['类别', '管理人电话', '确定日期']);
  });
});

describe('what a problem quotes of a cell (personal data, GB 11643; GB/T 22239-2019 8.1.4.11)', () => {
  it('a citizen ID or phone number typed into the wrong column is masked, and long text is cut', () => {
    expect(quoted('11010519491231002X')).toBe('110*************2X');
    expect(quoted('13943900001')).toBe('139******01');
    expect(quoted('2027-03-05')).toBe('2027-03-05');
    expect(quoted('很'.repeat(30))).toBe(`${'很'.repeat(20)}…`);
    const { problems } = parseRow(candidates, 4, cells({ 性别: '11010519491231002X' }));
    expect(problems.find((p) => p.column === '性别')!.reason).not.toContain('11010519491231002X');
  });

  it('a header wider than 64 columns (a stray cell far right) is refused; data rows are read to the header\'s width only', async () => {
    const wide = new ExcelJS.Workbook();
    const ws = wide.addWorksheet('场所');
    ws.getRow(1).values = ['场所名称'];
    ws.getCell('XFD1').value = '备注';
    expect(() => sheetRows(ws, 10)).toThrow(TooManyColumns);
    const narrow = new ExcelJS.Workbook().addWorksheet('场所');
    narrow.getRow(1).values = ['场所名称', '地址'];
    narrow.getRow(2).values = ['甲', '乙'];
    narrow.getCell('XFD2').value = '表外的字';
    expect(sheetRows(narrow, 10).rows[0].cells).toEqual(new Map([['场所名称', '甲'], ['地址', '乙']]));
  });

  it('hidden rows are reported as hidden (data nobody saw)', () => {
    const ws = new ExcelJS.Workbook().addWorksheet('场所');
    ws.getRow(1).values = ['场所名称'];
    ws.getRow(2).values = ['甲'];
    ws.getRow(3).values = ['乙'];
    ws.getRow(3).hidden = true;
    expect([...sheetRows(ws, 10).hidden]).toEqual([3]);
  });
});
