import ExcelJS from 'exceljs';
import { addSheet, cellText, neutralizeFormulaText, newWorkbook, workbookBuffer } from './xlsx';

describe('neutralizeFormulaText (OWASP CSV Injection)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 139 1234 5678', "'+86 139 1234 5678"],
    ['-1+2', "'-1+2"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
  ])('%j starts like a formula: an apostrophe in front', (text, expected) => {
    expect(neutralizeFormulaText(text)).toBe(expected);
  });

  it.each(['疏散通道堆放杂物', 'a=b', '-5', '+3.5', '', "'=already"])('%j is left as typed', (text) => {
    expect(neutralizeFormulaText(text)).toBe(text);
  });
});

describe('workbookBuffer: the one place every .xlsx is written', () => {
  it('neutralizes text cells of every sheet, captions included; numbers (a negative one too) stay numbers', async () => {
    const wb = await newWorkbook();
    addSheet(wb, { name: '表', caption: ['=标题'], columns: [{ header: '文本' }, { header: '数' }], rows: [['=A1', -5], ['普通', 3]] });
    // a cell set outside addSheet is covered too
    wb.addWorksheet('另一张').getCell('B2').value = '@x';
    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await workbookBuffer(wb)) as never);
    const ws = read.getWorksheet('表')!;
    expect(ws.getCell('A1').value).toBe("'=标题");
    expect(ws.getCell('A3').value).toBe("'=A1");
    expect(ws.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('B3').value).toBe(-5);
    expect(ws.getCell('B3').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('A4').value).toBe('普通');
    expect(read.getWorksheet('另一张')!.getCell('B2').value).toBe("'@x");
  });
});

describe('workbookBuffer: rich text and hyperlink cells', () => {
  it('rich text whose runs together start a formula (an empty first run) and a hyperlink cell\'s text are neutralized', async () => {
    const wb = await newWorkbook();
    const ws = wb.addWorksheet('表');
    ws.getCell('A1').value = { richText: [{ text: '' }, { text: '=HYPERLINK("http://x","点我")' }] };
    ws.getCell('A2').value = { text: '=1+1', hyperlink: 'https://example.org/' };
    ws.getCell('A3').value = { richText: [{ text: '普通' }, { text: '=文本' }] };
    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await workbookBuffer(wb)) as never);
    const back = read.getWorksheet('表')!;
    expect((back.getCell('A1').value as { richText: { text: string }[] }).richText.map((r) => r.text).join('')).toBe('\'=HYPERLINK("http://x","点我")');
    expect((back.getCell('A2').value as { text: string }).text).toBe("'=1+1");
    expect((back.getCell('A3').value as { richText: { text: string }[] }).richText.map((r) => r.text).join('')).toBe('普通=文本');
  });

  it('column widths are fitted to the text as written, apostrophe included', async () => {
    const wb = await newWorkbook();
    addSheet(wb, { name: '表', columns: [{ header: '文本', width: 1 }], rows: [['=' + 'x'.repeat(20)]] });
    expect(wb.getWorksheet('表')!.getColumn(1).width).toBe(22 + 2);
  });
});

describe('imports read back what the export neutralized', () => {
  it.each([
    ["'-3层", '-3层'],
    ["'=1+1", '=1+1'],
    ["'@x", '@x'],
    ["'-5", "'-5"],
    ["'普通", "'普通"],
    ["''=1", "''=1"],
  ])('%j reads as %j', (cell, text) => {
    expect(cellText(cell)).toBe(text);
  });

  it('a round trip of 「-3层」 through an export comes back as typed', async () => {
    const wb = await newWorkbook();
    addSheet(wb, { name: '表', columns: [{ header: '楼层' }], rows: [['-3层']] });
    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await workbookBuffer(wb)) as never);
    expect(read.getWorksheet('表')!.getCell('A2').value).toBe("'-3层");
    expect(cellText(read.getWorksheet('表')!.getCell('A2').value)).toBe('-3层');
  });
});
