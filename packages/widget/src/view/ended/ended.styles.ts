import { css } from 'lit';

export const endedStyles = css`
  .ended-card {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 12px;
    margin-block: 6px 8px;
    padding: 18px 16px;
    border: 1px solid var(--_border);
    border-radius: 14px;
    text-align: center;
  }
  .ended-card > p {
    margin: 0;
  }
  .ended-title {
    margin: 0;
    font-size: 17px;
  }
  .ended-title:focus {
    outline: none;
  }
  .rating {
    inline-size: 100%;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 8px;
    padding-block-start: 12px;
    border-block-start: 1px solid var(--_border);
  }
  .rating fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  .rating legend {
    padding: 0;
    margin-block-end: 6px;
    font-weight: 600;
  }
  .stars {
    display: flex;
    justify-content: center;
    gap: 2px;
  }
  .star {
    position: relative;
    display: grid;
    place-items: center;
    inline-size: 44px;
    block-size: 44px;
    cursor: pointer;
    color: #b07d00;
  }
  .star .icon {
    inline-size: 32px;
    block-size: 32px;
    border-radius: 6px;
  }
  .star input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .star input:focus-visible + .icon {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .star:hover .icon {
    transform: scale(1.1);
  }
  .comment-label {
    align-self: stretch;
    text-align: start;
    font-size: 14px;
  }
  .rating textarea {
    align-self: stretch;
    min-block-size: 60px;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    resize: vertical;
    font-size: 15px;
  }
  .rating textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 0;
  }
  .rating .field-error {
    margin: 0;
    font-size: 13px;
    color: var(--_danger);
  }
  .thanks {
    margin: 0;
    padding: 10px 0 2px;
    font-weight: 600;
  }
  .new-chat {
    margin-block-start: 4px;
  }
`;
