import { css } from 'lit';

export const callStyles = css`
  .call {
    flex: 1;
    min-block-size: 0;
    overflow-y: auto;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 18px;
    padding: 28px 20px 20px;
    text-align: center;
  }
  .call-status {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 6px;
  }
  .call-badge {
    display: grid;
    place-items: center;
    inline-size: 64px;
    block-size: 64px;
    border-radius: 50%;
    background: var(--_primary);
    color: var(--_on-primary);
    margin-block-end: 6px;
  }
  .call-badge .icon {
    inline-size: 30px;
    block-size: 30px;
  }
  .call-badge.over {
    background: var(--_surface);
    color: var(--_muted);
  }
  .call-badge.bad {
    color: var(--_danger);
  }
  .call-title {
    margin: 0;
    font-size: 18px;
    font-weight: 700;
  }
  .call-title:focus {
    outline: none;
  }
  .call-timer {
    margin: 0;
    font-size: 22px;
    font-variant-numeric: tabular-nums;
  }
  .call-hint,
  .call-error {
    margin: 0;
    font-size: 14px;
    max-inline-size: 300px;
  }
  .call-error {
    color: var(--_danger);
  }
  .call-reconnecting {
    margin: 0;
    padding: 6px 12px;
    border-radius: 8px;
    background: var(--_surface);
    font-size: 14px;
    font-weight: 600;
  }
  .call-meter {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 6px;
    inline-size: min(220px, 100%);
  }
  .call-meter meter {
    position: absolute;
    opacity: 0;
    pointer-events: none;
  }
  .meter-bar {
    display: block;
    inline-size: 100%;
    block-size: 8px;
    border-radius: 4px;
    background: var(--_surface);
    overflow: hidden;
  }
  .meter-bar > span {
    display: block;
    block-size: 100%;
    background: #1a7f37;
    transition: inline-size 80ms linear;
  }
  .meter-label {
    font-size: 12px;
  }
  .call-muted {
    font-size: 13px;
    font-weight: 600;
    color: var(--_danger);
  }
  .keypad {
    display: grid;
    grid-template-columns: repeat(3, 64px);
    gap: 10px;
    justify-content: center;
  }
  .key {
    block-size: 46px;
    border-radius: 12px;
    border: 1px solid var(--_border);
    background: var(--_bg);
    font-size: 22px;
    font-weight: 600;
  }
  .key:hover:not(:disabled) {
    background: var(--_surface);
  }
  .keypad-digits {
    grid-column: 1 / -1;
    margin: 0;
    min-block-size: 20px;
    font-size: 14px;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    direction: ltr;
  }
  .call-controls {
    display: flex;
    gap: 14px;
    justify-content: center;
    flex-wrap: wrap;
    margin-block-start: auto;
    /* Always in reach: the keypad may make the view scroll, the controls stay in sight. */
    position: sticky;
    inset-block-end: -20px;
    align-self: stretch;
    padding-block: 10px 20px;
    margin-block-end: -20px;
    background: var(--_bg);
  }
  .round {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 6px;
    min-inline-size: 76px;
    padding: 12px 8px 8px;
    border: 1px solid var(--_border);
    border-radius: 16px;
    background: var(--_bg);
    font-size: 13px;
    font-weight: 600;
  }
  .round:hover:not(:disabled) {
    background: var(--_surface);
  }
  .round.on {
    background: var(--_text);
    color: var(--_bg);
    border-color: var(--_text);
  }
  .round.hangup {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }
  .round.hangup:hover {
    filter: brightness(0.92);
    background: var(--_danger);
  }
  .round:disabled {
    opacity: 0.5;
  }
  .call-after {
    display: flex;
    gap: 10px;
    justify-content: center;
    flex-wrap: wrap;
  }
  .hint .call-us {
    margin-block-start: 2px;
    font-size: 14px;
    color: var(--_text);
  }
  .call-or {
    display: flex;
    align-items: center;
    gap: 10px;
    margin: 2px 0;
    color: var(--_muted);
    font-size: 13px;
  }
  .call-or::before,
  .call-or::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid var(--_border);
  }
`;
