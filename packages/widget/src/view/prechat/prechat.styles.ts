import { css } from 'lit';

export const prechatStyles = css`
  .scroll {
    flex: 1;
    min-block-size: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  .prechat {
    padding: 20px;
  }
  .greeting {
    margin: 0 0 8px;
    font-size: 16px;
    font-weight: 600;
  }
  .intro {
    margin: 0 0 18px;
    font-size: 14px;
  }
  .form {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 5px;
  }
  .field label {
    font-size: 14px;
    font-weight: 600;
  }
  .req {
    color: var(--_danger);
  }
  .field input,
  .field textarea {
    inline-size: 100%;
    min-block-size: 44px;
    padding: 9px 12px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    font-size: 16px;
  }
  .field input:focus-visible,
  .field textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 0;
    border-color: var(--_accent);
  }
  .field input[aria-invalid='true'],
  .field textarea[aria-invalid='true'] {
    border-color: var(--_danger);
    box-shadow: inset 0 0 0 1px var(--_danger);
  }
  .field-error {
    margin: 0;
    font-size: 13px;
    color: var(--_danger);
  }
  .form .btn {
    margin-block-start: 6px;
    min-block-size: 46px;
  }
`;
