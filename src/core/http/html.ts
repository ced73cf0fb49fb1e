/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** text/html when the client lists it before (or without) JSON, as a browser does. */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  if (html < 0) return false;
  const json = accept.indexOf('application/json');
  return json < 0 || html < json;
}

/** A printable page for the notice screen in the village square: large type, no scripts. */
export function printablePage(title: string, body: string, footer: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 28px; line-height: 1.5; margin: 1em; color: #000; background: #fff; }
h1 { font-size: 2em; text-align: center; margin: 0.2em 0; }
h2 { font-size: 1.4em; border-bottom: 3px solid #b00; }
h2.red { color: #b00; } h2.black { color: #000; border-color: #000; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 2px solid #000; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-weight: bold; white-space: nowrap; }
footer { margin-top: 1em; font-size: 0.7em; }
@media print { body { font-size: 16pt; } section { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
<footer>${escapeHtml(footer)}</footer>
</body>
</html>
`;
}
