import { css } from 'lit';

export const panelStyles = css`
  .panel {
    position: fixed;
    z-index: var(--_z);
    inset-block-end: calc(var(--_offset) + 56px + 14px);
    inset-inline-end: var(--_offset);
    inline-size: min(var(--sb-widget-width, 380px), calc(100vw - 2 * var(--_offset)));
    block-size: min(var(--sb-widget-height, 640px), calc(100vh - var(--_offset) * 2 - 56px - 14px));
    display: flex;
    flex-direction: column;
    background: var(--_bg);
    color: var(--_text);
    border-radius: var(--_radius);
    box-shadow:
      0 12px 40px rgb(0 0 0 / 0.18),
      0 2px 8px rgb(0 0 0 / 0.12);
    overflow: hidden;
    animation: sb-rise 0.18s ease-out;
  }
  .panel.compact {
    block-size: auto;
    min-block-size: 300px;
  }
  .pos-left .panel {
    inset-inline-end: auto;
    inset-inline-start: var(--_offset);
  }
  @keyframes sb-rise {
    from {
      opacity: 0;
      transform: translateY(12px);
    }
  }
  .header-btn .icon + .icon {
    display: none;
  }
  @media (max-width: 480px) {
    .panel,
    .pos-left .panel,
    .panel.compact {
      inset: 0;
      inline-size: 100%;
      block-size: 100%;
      border-radius: 0;
    }
    /* Full screen: a close cross rather than "minimise". */
    .header-btn .icon {
      display: none;
    }
    .header-btn .icon + .icon {
      display: block;
    }
  }
  .header {
    flex: none;
    display: flex;
    align-items: center;
    gap: 10px;
    padding-block: 12px;
    padding-inline: 16px 10px;
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .avatar {
    flex: none;
    inline-size: 36px;
    block-size: 36px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: 14px;
    font-weight: 700;
    letter-spacing: 0.02em;
    background: var(--_on-primary);
    color: var(--_primary);
  }
  .titles {
    flex: 1;
    min-inline-size: 0;
  }
  .title {
    margin: 0;
    font-size: 16px;
    font-weight: 700;
    line-height: 1.25;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .title:focus {
    outline: none;
  }
  .title:focus-visible {
    outline: 2px solid currentColor;
  }
  .subtitle {
    margin: 2px 0 0;
    font-size: 13px;
    line-height: 1.3;
    /* Two lines at most: the agent's name must not be cut off by the End chat button. */
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
    overflow-wrap: anywhere;
  }
  .header-btn {
    flex: none;
    min-block-size: 36px;
    padding: 6px 12px;
    border-radius: 8px;
    border: 1px solid rgb(255 255 255 / 0.5);
    background: transparent;
    color: inherit;
    font-size: 13px;
    font-weight: 600;
    white-space: nowrap;
  }
  .header-btn:hover {
    background: rgb(255 255 255 / 0.15);
  }
  .header-btn.icon-only {
    inline-size: 36px;
    padding: 0;
    display: grid;
    place-items: center;
    border-color: transparent;
  }
  .header-btn:focus-visible {
    outline: 2px solid currentColor;
    outline-offset: 1px;
  }
  .notices {
    flex: none;
  }
  .notice {
    margin: 0;
    padding: 8px 16px;
    font-size: 13px;
    display: flex;
    align-items: flex-start;
    gap: 8px;
    border-block-end: 1px solid var(--_border);
  }
  .notice.info {
    background: #fff7e0;
    color: #5c4200;
  }
  .notice.error {
    background: #fdecea;
    color: #7a1a12;
  }
  .notice .icon {
    inline-size: 18px;
    block-size: 18px;
    margin-block-start: 1px;
  }
  .notice-text {
    flex: 1;
  }
  .notice .link-btn {
    color: inherit;
    font-size: 13px;
  }
  .body {
    flex: 1;
    min-block-size: 0;
    display: flex;
    flex-direction: column;
  }
  .center {
    flex: 1;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 12px;
    padding: 32px 28px;
    text-align: center;
  }
  .center p {
    margin: 0;
  }
  .center-title {
    margin: 0;
    font-size: 18px;
  }
  .offline .icon {
    color: var(--_accent);
  }
  .offline-text {
    font-size: 16px;
  }
  .muted {
    color: var(--_muted);
  }
  .pre-line {
    white-space: pre-line;
  }
`;
