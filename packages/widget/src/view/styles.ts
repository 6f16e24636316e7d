/**
 * The widget's base: the host reset (the page's inherited styles stop at the widget), the
 * theme's custom properties with their defaults, and shared pieces (buttons, focus ring,
 * visually hidden text). Sizes are in px, never rem: a page's root font size must not
 * resize the widget. Only logical properties, so right-to-left pages mirror it.
 *
 * Public custom properties (docs/widget.md): --sb-widget-primary, --sb-widget-on-primary,
 * --sb-widget-accent, --sb-widget-font, --sb-widget-radius, --sb-widget-background,
 * --sb-widget-surface, --sb-widget-text, --sb-widget-muted, --sb-widget-border,
 * --sb-widget-danger, --sb-widget-width, --sb-widget-height, --sb-widget-offset,
 * --sb-widget-z-index.
 */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    all: initial;
    display: block;
  }
  /* The page's inherited styles (even !important ones on the host) stop here: every
     inherited property is reset, custom properties (the theme) and direction pass. */
  :host([hidden]) {
    display: none;
  }
  .root {
    all: initial;
    display: block;
    --_primary: var(--sb-widget-primary, var(--_cfg-primary, #0b63c9));
    --_on-primary: var(--sb-widget-on-primary, var(--_cfg-on-primary, #fff));
    --_accent: var(--sb-widget-accent, var(--_cfg-accent, #0b63c9));
    --_bg: var(--sb-widget-background, #fff);
    --_surface: var(--sb-widget-surface, #f1f3f6);
    --_text: var(--sb-widget-text, #1b1d22);
    --_muted: var(--sb-widget-muted, #596070);
    --_border: var(--sb-widget-border, #d5d9e0);
    --_danger: var(--sb-widget-danger, #b42318);
    --_radius: var(--sb-widget-radius, 16px);
    --_font: var(--sb-widget-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    --_offset: var(--sb-widget-offset, 20px);
    --_z: var(--sb-widget-z-index, 2147483000);
    font-family: var(--_font);
    font-size: 15px;
    line-height: 1.45;
    color: var(--_text);
    -webkit-font-smoothing: antialiased;
    -webkit-text-size-adjust: 100%;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
  }
  button {
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .icon {
    display: block;
    flex: none;
  }
  .icon.big {
    inline-size: 40px;
    block-size: 40px;
  }
  :host(:dir(rtl)) .icon.flip {
    transform: scaleX(-1);
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-block-size: 40px;
    padding: 8px 16px;
    border-radius: 10px;
    border: 1px solid transparent;
    font-weight: 600;
    text-decoration: none;
  }
  .btn.primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .btn.primary:hover:not(:disabled) {
    filter: brightness(0.93);
  }
  .btn.secondary {
    background: var(--_bg);
    color: var(--_text);
    border-color: var(--_border);
  }
  .btn.secondary:hover:not(:disabled) {
    background: var(--_surface);
  }
  .btn.danger {
    background: var(--_danger);
    color: #fff;
  }
  .btn:disabled {
    opacity: 0.6;
  }
  .btn.block {
    inline-size: 100%;
  }
  .link-btn {
    background: none;
    border: 0;
    padding: 2px 0;
    color: var(--_accent);
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
