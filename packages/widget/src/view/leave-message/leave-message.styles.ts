import { css } from 'lit';

/**
 * The offline state with the "Leave a message" form (fields share the pre-chat form's
 * styles), sized so that the whole form, button included, fits the desktop panel unscrolled.
 */
export const leaveMessageStyles = css`
  .leave {
    padding: 14px 20px 20px;
  }
  .leave .intro {
    margin-block-end: 14px;
  }
  .offline-note {
    display: flex;
    align-items: flex-start;
    gap: 12px;
    margin: 0 0 14px;
    padding: 10px 12px;
    border-radius: 12px;
    background: var(--_surface);
  }
  .offline-note .icon {
    inline-size: 24px;
    block-size: 24px;
    color: var(--_accent);
    margin-block-start: 1px;
  }
  .offline-note-text {
    flex: 1;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  .offline-note p {
    margin: 0;
    font-size: 14px;
  }
  .offline-note-title {
    margin: 0 0 2px;
    font-size: 14px;
  }
  .leave-title {
    margin: 0 0 4px;
    font-size: 17px;
  }
  .field textarea {
    min-block-size: 96px;
    resize: vertical;
  }
  .form-error {
    display: flex;
    align-items: flex-start;
    gap: 8px;
    margin: 0;
    padding: 10px 12px;
    border-radius: 10px;
    background: #fdecea;
    color: #7a1a12;
    font-size: 14px;
  }
  .form-error .icon {
    inline-size: 18px;
    block-size: 18px;
    margin-block-start: 1px;
  }
  .done-badge {
    display: grid;
    place-items: center;
    inline-size: 56px;
    block-size: 56px;
    border-radius: 50%;
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .done-badge .icon {
    inline-size: 30px;
    block-size: 30px;
  }
  .leave-done-text {
    max-inline-size: 32ch;
    overflow-wrap: anywhere;
  }
  .leave-done .btn {
    margin-block-start: 4px;
    min-inline-size: 120px;
  }
  .leave-done .center-title:focus {
    outline: none;
  }
  .leave-done .center-title:focus-visible {
    outline: 2px solid var(--_accent);
  }
`;
