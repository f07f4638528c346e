import ExcelJS from 'exceljs';
import { addSheet, neutralizeFormulaText, newWorkbook, workbookBuffer } from './xlsx';

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
    const wb = newWorkbook();
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
