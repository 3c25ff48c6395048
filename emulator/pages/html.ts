// Plain HTML templating for the emulator's pages; every interpolated value goes through esc().

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

export function layout(opts: { title: string; body: string; bodyAttrs?: string; script?: string }): string {
  const script = opts.script ? `<script type="module" src="/assets/${esc(opts.script)}"></script>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)}</title>
<link rel="stylesheet" href="/assets/style.css">
${script}
</head>
<body ${opts.bodyAttrs ?? ''}>
${opts.body}
</body>
</html>
`;
}

export function errorPage(title: string, message: string): string {
  return layout({
    title,
    body: `<main class="card narrow"><h1>${esc(title)}</h1><p data-testid="error-message">${esc(message)}</p></main>`,
  });
}
