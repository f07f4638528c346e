/**
 * The kinds of file a record may carry (photos, PDF, office documents), by the type read from the
 * content (file-type's magic-number detection), never by the name. Pure.
 */
export const ACCEPTED_MEDIA_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'JPEG 图片',
  'image/png': 'PNG 图片',
  'image/webp': 'WebP 图片',
  'image/heic': 'HEIC 图片（手机照片）',
  'application/pdf': 'PDF 文档',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word 文档（docx）',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel 表格（xlsx）',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint 演示文稿（pptx）',
  // the compound file of Word 97–2003, Excel 97–2003 and PowerPoint 97–2003 (doc, xls, ppt)
  'application/x-cfb': 'Office 97–2003 文档（doc、xls、ppt）',
};

export type Detected = { mime: string; ext: string } | undefined;

/** null when the detected type is accepted, else the zh-CN reason. */
export function mediaTypeProblem(detected: Detected): string | null {
  if (detected && ACCEPTED_MEDIA_TYPES[detected.mime]) return null;
  const seen = detected ? `按内容识别为 ${detected.mime}` : '无法按内容识别文件类型';
  return `不支持的文件类型（${seen}）；可上传：${[...new Set(Object.values(ACCEPTED_MEDIA_TYPES))].join('、')}`;
}

/** A file name as a record shows it: the last path segment, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || fallback).slice(0, 200);
}
