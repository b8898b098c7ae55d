// Response helpers that reproduce uvicorn/FastAPI's framing (header set, compact JSON bodies).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compactJson } from './python-json.js';

export interface RequestInfo {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
}

export function sendText(res: ServerResponse, status: number, body: string, contentType: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    date: httpDate(),
    server: 'uvicorn',
    'content-length': String(bytes.length),
    'content-type': contentType,
  });
  res.end(bytes);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, compactJson(body), 'application/json');
}

/** uvicorn sends `date` then `server` first; set them ourselves so the order matches. */
export function httpDate(): string {
  return new Date().toUTCString();
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { date: httpDate(), server: 'uvicorn', 'content-length': '0' });
  res.end();
}

const MAX_BODY = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
    req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The `model` field of a proxied OpenAI request body, if any. */
export function bodyModel(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const m = (parsed as Record<string, unknown>)['model'];
      if (typeof m === 'string' && m !== '') return m;
    }
  } catch {
    // not JSON: same answer as a missing field
  }
  return null;
}

export const MISSING_MODEL = { detail: "请求体(JSON)中缺少 'model' 字段" };

export const WEBUI_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" type="image/svg+xml" href="/vite.svg" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>LLM-Manager</title>
    <script type="module" crossorigin src="/assets/index.js"></script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

export const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  sendText(res, status, html, 'text/html; charset=utf-8');
}

/** Integer query/path parameter as pydantic parses it; null when it is not an integer. */
export function parseIntParam(raw: string): number | null {
  return /^\s*[+-]?\d+\s*$/.test(raw) ? Number.parseInt(raw, 10) : null;
}
