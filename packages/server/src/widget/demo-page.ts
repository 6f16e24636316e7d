/**
 * The demo store page at `/` (only while the built-in demo instance runs): a small product
 * page with the customer chat widget embedded by its one script tag, a "How to embed"
 * section with the real snippet, and a link to the agent desktop. Plain HTML and CSS, no
 * script of its own and nothing from other sites.
 *
 * Its Content-Security-Policy lets the widget work and nothing else: scripts from this
 * server only; fetches and websockets to this server (also under its public URL, which
 * may be another origin than the page's, e.g. localhost vs 127.0.0.1) and ws:/wss:;
 * images from here, data: and blob: (attachments); inline styles (the page's own, and
 * the widget's theme).
 */
import type { FastifyInstance } from 'fastify';
import { embedSnippet } from '../api/admin/widgets.js';
import { CCP_PATH } from '../ccp/routes.js';
import { WIDGET_SCRIPT_PATH } from './script.js';

export interface DemoPageOptions {
  /** The demo widget's id (data-config). */
  readonly widgetId: string;
  /** The server's public URL, for the snippet and the CSP. */
  readonly publicUrl: () => string;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The page's CSP, with the server's public origin (when it is a valid URL) beside 'self'. */
export function demoPageCsp(publicUrl: string): string {
  let origin = '';
  try {
    const u = new URL(publicUrl);
    if (u.protocol === 'http:' || u.protocol === 'https:') origin = ` ${u.origin}`;
  } catch {
    /* 'self' only */
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    `connect-src 'self'${origin} ws: wss:`,
    `img-src 'self'${origin} data: blob:`,
    `media-src 'self'${origin} data: blob:`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

interface Product {
  readonly name: string;
  readonly price: string;
  readonly blurb: string;
  readonly tint: [string, string];
  /** An SVG path drawn in a 64×64 box. */
  readonly art: string;
}

const PRODUCTS: readonly Product[] = [
  {
    name: 'Stoneware mug',
    price: '$18',
    blurb: 'Hand-glazed, holds 350 ml, keeps its heat through a long call.',
    tint: ['#fde2c8', '#f6b68a'],
    art: 'M14 20h30v22a10 10 0 0 1-10 10H24a10 10 0 0 1-10-10zM44 26h4a7 7 0 0 1 0 14h-4',
  },
  {
    name: 'Desk lamp',
    price: '$64',
    blurb: 'Warm, dimmable light on a weighted base. Folds flat for travel.',
    tint: ['#dbeafe', '#93c5fd'],
    art: 'M22 12l22 8-6 14-22-8zM30 32l-8 18M14 52h26',
  },
  {
    name: 'Canvas backpack',
    price: '$89',
    blurb: 'Waxed canvas, a padded laptop sleeve and pockets for everything else.',
    tint: ['#dcfce7', '#86efac'],
    art: 'M18 24a14 14 0 0 1 28 0v26a4 4 0 0 1-4 4H22a4 4 0 0 1-4-4zM24 12a8 8 0 0 1 16 0M24 36h16v10H24z',
  },
  {
    name: 'Wireless headphones',
    price: '$129',
    blurb: 'Thirty hours of battery, soft ear cushions, a case that fits a pocket.',
    tint: ['#f3e8ff', '#c4b5fd'],
    art: 'M12 38v-6a20 20 0 0 1 40 0v6M12 38h8v14h-8zM44 38h8v14h-8z',
  },
];

const card = (p: Product): string => `
      <article class="card">
        <div class="art" style="background: linear-gradient(135deg, ${p.tint[0]}, ${p.tint[1]})">
          <svg viewBox="0 0 64 64" width="96" height="96" aria-hidden="true"><path d="${p.art}" /></svg>
        </div>
        <div class="body">
          <h3>${escapeHtml(p.name)}</h3>
          <p>${escapeHtml(p.blurb)}</p>
          <div class="meta"><span class="price">${escapeHtml(p.price)}</span><span class="stock">In stock</span></div>
        </div>
      </article>`;

/** The page's HTML. */
export function demoPageHtml(widgetId: string, publicUrl: string): string {
  const snippet = escapeHtml(embedSnippet(publicUrl, widgetId));
  const id = escapeHtml(widgetId);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Switchboard Demo Store</title>
  <meta name="description" content="A demo shop page with the Switchboard customer chat widget.">
  <style>
    :root { --ink: #1c2430; --muted: #5b6675; --line: #e3e7ee; --bg: #f7f8fa; --brand: #0b63c9; color-scheme: light; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
    a { color: var(--brand); }
    header { background: #fff; border-bottom: 1px solid var(--line); }
    .bar { max-width: 1080px; margin: 0 auto; padding: 14px 24px; display: flex; align-items: center; justify-content: space-between; gap: 16px; }
    .logo { font-weight: 700; font-size: 1.15rem; letter-spacing: -0.01em; color: var(--ink); text-decoration: none; }
    .logo span { color: var(--brand); }
    .logo { white-space: nowrap; }
    nav { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 4px 20px; }
    nav a { color: var(--muted); text-decoration: none; white-space: nowrap; }
    @media (max-width: 480px) { .bar { padding: 12px 16px; } nav { gap: 4px 14px; font-size: 0.95rem; } .logo span { display: block; } }
    nav a:hover { color: var(--ink); }
    main { max-width: 1080px; margin: 0 auto; padding: 0 24px 64px; }
    .hero { padding: 56px 0 40px; }
    .hero h1 { font-size: clamp(2rem, 4vw, 2.8rem); line-height: 1.15; margin: 0 0 12px; letter-spacing: -0.02em; }
    .hero p { color: var(--muted); font-size: 1.1rem; max-width: 40em; margin: 0; }
    .note { margin-top: 20px; display: inline-block; background: #e8f1fc; color: #0a4f9f; border-radius: 999px; padding: 6px 14px; font-size: 0.9rem; }
    h2 { font-size: 1.4rem; margin: 48px 0 16px; letter-spacing: -0.01em; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 20px; }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 14px; overflow: hidden; display: flex; flex-direction: column; }
    .art { height: 160px; display: grid; place-items: center; }
    .art svg { fill: none; stroke: rgba(28, 36, 48, 0.75); stroke-width: 3; stroke-linecap: round; stroke-linejoin: round; }
    .body { padding: 16px 18px 18px; display: flex; flex-direction: column; gap: 6px; flex: 1; }
    .body h3 { margin: 0; font-size: 1.05rem; }
    .body p { margin: 0; color: var(--muted); font-size: 0.95rem; flex: 1; }
    .meta { display: flex; justify-content: space-between; align-items: center; margin-top: 8px; }
    .price { font-weight: 700; font-size: 1.1rem; }
    .stock { font-size: 0.8rem; color: #166534; background: #dcfce7; border-radius: 999px; padding: 2px 10px; }
    .panel { background: #fff; border: 1px solid var(--line); border-radius: 14px; padding: 20px 24px; }
    .panel p { margin: 0 0 10px; }
    pre { background: #0f1720; color: #e6edf3; border-radius: 10px; padding: 14px 16px; overflow-x: auto; font-size: 0.88rem; margin: 12px 0; }
    code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    p code { background: #eef1f5; border-radius: 4px; padding: 1px 5px; font-size: 0.9em; }
    footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.9rem; }
    footer .bar { justify-content: center; }
  </style>
</head>
<body>
  <header>
    <div class="bar">
      <a class="logo" href="/">Switchboard <span>Demo Store</span></a>
      <nav aria-label="Site"><a href="#shop">Shop</a><a href="#help">Help</a><a href="#embed">Embed the chat</a></nav>
    </div>
  </header>
  <main>
    <section class="hero">
      <h1>Everyday things, made to last.</h1>
      <p>A small shop that doesn't exist, so you can try a real customer chat: ask about an order, a bill or anything else.</p>
      <span class="note">The chat button in the corner is Switchboard's customer chat widget.</span>
    </section>

    <section id="shop" aria-labelledby="shop-title">
      <h2 id="shop-title">Bestsellers</h2>
      <div class="grid">${PRODUCTS.map(card).join('')}
      </div>
    </section>

    <section id="help" aria-labelledby="help-title">
      <h2 id="help-title">Talk to us</h2>
      <div class="panel">
        <p>Open the chat at the bottom of the page to reach an agent. Someone has to be there to answer:
          open the <a href="${CCP_PATH}">agent desktop</a> in another window, sign in as <code>bob</code> with the password
          <code>switchboard-demo</code> and set your status to <strong>Available</strong>. Then start a chat here and accept it there.</p>
        <p>With no agent available, the widget says so instead of starting a chat.</p>
      </div>
    </section>

    <section id="embed" aria-labelledby="embed-title">
      <h2 id="embed-title">How to embed</h2>
      <div class="panel">
        <p>The widget is one script tag. Put it before <code>&lt;/body&gt;</code> on any page of a site whose origin is in the
          widget configuration's <code>allowedOrigins</code>:</p>
        <pre><code>${snippet}</code></pre>
        <p>This page's widget is the configuration <code>${id}</code> ("Demo store chat" in the demo instance file). Configure
          widgets in the instance file (<code>widgets</code>) or with the admin API; docs/widget.md has every field.</p>
      </div>
    </section>
  </main>
  <footer><div class="bar">Switchboard demo — nothing here is for sale.</div></footer>
  <script src="${WIDGET_SCRIPT_PATH}" data-config="${id}" defer></script>
</body>
</html>
`;
}

/** `/`: the demo page. */
export function registerDemoPage(app: FastifyInstance, opts: DemoPageOptions): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/',
    handler: async (req, reply) => {
      const publicUrl = opts.publicUrl();
      const html = demoPageHtml(opts.widgetId, publicUrl);
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', demoPageCsp(publicUrl))
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin');
      return req.method === 'HEAD' ? reply.send() : reply.send(html);
    },
  });
}
