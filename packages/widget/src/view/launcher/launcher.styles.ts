import { css } from 'lit';

export const launcherStyles = css`
  .launcher {
    position: fixed;
    inset-block-end: var(--_offset);
    inset-inline-end: var(--_offset);
    z-index: var(--_z);
    inline-size: 56px;
    block-size: 56px;
    border-radius: 50%;
    border: 0;
    padding: 0;
    display: grid;
    place-items: center;
    background: var(--_primary);
    color: var(--_on-primary);
    box-shadow:
      0 4px 14px rgb(0 0 0 / 0.22),
      0 1px 3px rgb(0 0 0 / 0.18);
    transition: transform 0.15s ease;
  }
  .launcher .icon {
    inline-size: 26px;
    block-size: 26px;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  .launcher:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 3px;
  }
  .pos-left .launcher {
    inset-inline-end: auto;
    inset-inline-start: var(--_offset);
  }
  .badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-inline-size: 22px;
    block-size: 22px;
    padding: 0 6px;
    border-radius: 11px;
    background: var(--_danger);
    color: #fff;
    font-size: 12px;
    font-weight: 700;
    line-height: 22px;
    text-align: center;
    box-shadow: 0 0 0 2px var(--_bg);
  }
  @media (max-width: 480px) {
    .is-open .launcher {
      display: none;
    }
  }
`;
