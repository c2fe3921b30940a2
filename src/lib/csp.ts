/**
 * The Content-Security-Policy every page carries as a `<meta>` tag. It allows only what the site
 * needs: its own scripts, styles, fonts and images; WebAssembly compilation and a worker for
 * Pagefind; inline `style` attributes, which KaTeX writes for glyph sizes. No inline scripts, no
 * inline event handlers, nothing from other origins. (`frame-ancestors` and reporting need HTTP
 * headers, which a static host may add on its own.)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
