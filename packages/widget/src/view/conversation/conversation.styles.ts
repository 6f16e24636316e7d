import { css } from 'lit';

export const conversationStyles = css`
  .transcript {
    padding: 16px 14px 8px;
    background: var(--_bg);
  }
  .log {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .group {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 3px;
    max-inline-size: 100%;
  }
  .group.from-me {
    align-items: flex-end;
  }
  .group-head {
    display: flex;
    align-items: center;
    gap: 6px;
    max-inline-size: 85%;
    margin-block-end: 2px;
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
  }
  .mini-avatar .icon {
    inline-size: 14px;
    block-size: 14px;
    color: var(--_accent);
  }
  .mini-avatar {
    flex: none;
    inline-size: 22px;
    block-size: 22px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: 10px;
    font-weight: 700;
    background: var(--_surface);
    color: var(--_text);
    box-shadow: inset 0 0 0 1px var(--_border);
  }
  .name {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .msg {
    display: flex;
    flex-direction: column;
    align-items: inherit;
    max-inline-size: 85%;
  }
  .bubble {
    padding: 8px 12px;
    border-radius: 14px;
    background: var(--_surface);
    color: var(--_text);
    overflow-wrap: anywhere;
    min-inline-size: 0;
    max-inline-size: 100%;
  }
  .bubble.wide {
    inline-size: 280px;
    max-inline-size: 100%;
  }
  .bubble.files-only,
  .from-me .bubble.files-only {
    padding: 0;
    background: none;
  }
  .from-agent .bubble,
  .from-system .bubble {
    border-start-start-radius: 4px;
  }
  .from-me .bubble {
    background: var(--_primary);
    color: var(--_on-primary);
    border-start-end-radius: 4px;
  }
  .from-me .bubble a {
    color: inherit;
  }
  .pending .bubble {
    opacity: 0.75;
  }
  .bubble p,
  .bubble ul,
  .bubble ol,
  .bubble pre,
  .bubble blockquote {
    margin: 0;
  }
  .bubble > * + *,
  .bubble li > * + * {
    margin-block-start: 6px;
  }
  .bubble ul,
  .bubble ol {
    padding-inline-start: 20px;
  }
  .bubble ul {
    list-style: disc;
  }
  .bubble ol {
    list-style: decimal;
  }
  .bubble blockquote {
    padding-inline-start: 10px;
    border-inline-start: 3px solid var(--_border);
  }
  .bubble code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 13px;
    padding: 1px 4px;
    border-radius: 4px;
    background: rgb(0 0 0 / 0.07);
  }
  .bubble pre {
    overflow-x: auto;
    padding: 8px;
    border-radius: 8px;
    background: rgb(0 0 0 / 0.07);
  }
  .bubble pre code {
    padding: 0;
    background: none;
  }
  .bubble a {
    color: var(--_accent);
    text-decoration: underline;
  }
  .bubble hr {
    border: 0;
    border-block-start: 1px solid var(--_border);
  }
  .meta {
    display: flex;
    align-items: center;
    gap: 4px;
    margin-block-start: 2px;
    padding-inline: 4px;
    font-size: 12px;
    color: var(--_muted);
  }
  .meta .link-btn {
    font-size: 12px;
  }
  .failed {
    color: var(--_danger);
    font-weight: 600;
  }
  .receipt {
    display: inline-flex;
  }
  .receipt .icon {
    inline-size: 16px;
    block-size: 16px;
  }
  .receipt.read {
    color: var(--_accent);
  }
  .event,
  .hint {
    align-self: center;
    max-inline-size: 90%;
    text-align: center;
    font-size: 12px;
    color: var(--_muted);
  }
  .event time {
    margin-inline-start: 6px;
  }
  .hint {
    font-size: 14px;
    padding: 8px 0;
  }
  .typing {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 13px;
    color: var(--_muted);
  }
  .dots {
    display: inline-flex;
    gap: 3px;
    padding: 8px 10px;
    border-radius: 12px;
    background: var(--_surface);
  }
  .dots i {
    inline-size: 6px;
    block-size: 6px;
    border-radius: 50%;
    background: var(--_muted);
    animation: sb-blink 1.2s infinite ease-in-out;
  }
  .dots i:nth-child(2) {
    animation-delay: 0.15s;
  }
  .dots i:nth-child(3) {
    animation-delay: 0.3s;
  }
  @keyframes sb-blink {
    0%,
    80%,
    100% {
      opacity: 0.3;
    }
    40% {
      opacity: 1;
    }
  }
  /* Files */
  .bubble .files {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .file {
    display: flex;
    align-items: center;
    gap: 8px;
    inline-size: 100%;
    min-block-size: 40px;
    padding: 6px 10px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    color: var(--_text);
    text-align: start;
  }
  button.file:hover {
    background: var(--_surface);
  }
  .file-name {
    flex: 1;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .file.unavailable {
    color: var(--_muted);
  }
  /* Interactive messages */
  .ix-title {
    font-weight: 600;
  }
  .ix-subtitle {
    font-size: 13px;
    color: var(--_muted);
  }
  .bubble .choices {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    gap: 6px;
  }
  .bubble .choices.list {
    flex-direction: column;
  }
  .bubble .choices.quick {
    flex-wrap: wrap;
  }
  .choice {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    position: relative;
    inline-size: 100%;
    min-block-size: 40px;
    padding: 8px 12px;
    border: 1px solid var(--_accent);
    border-radius: 10px;
    background: var(--_bg);
    color: var(--_text);
    text-align: start;
  }
  .quick .choice {
    inline-size: auto;
    border-radius: 20px;
    padding: 7px 14px;
  }
  .choice:hover:not(:disabled) {
    background: var(--_surface);
  }
  .choice:disabled {
    border-color: var(--_border);
    color: var(--_muted);
  }
  .choice[aria-pressed='true'] {
    border-color: var(--_accent);
    color: var(--_text);
    padding-inline-end: 34px;
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  .choice .icon {
    position: absolute;
    inset-inline-end: 10px;
    inset-block-start: 50%;
    translate: 0 -50%;
    color: var(--_accent);
  }
  .choice-title {
    font-weight: 600;
  }
  .choice-subtitle {
    font-size: 13px;
    color: var(--_muted);
  }
  /* Below the conversation */
  .footer {
    flex: none;
    border-block-start: 1px solid var(--_border);
    background: var(--_bg);
  }
  .uploads {
    list-style: none;
    margin: 0;
    padding: 8px 14px 0;
    display: flex;
    flex-direction: column;
    gap: 6px;
    font-size: 13px;
  }
  .upload {
    display: flex;
    align-items: center;
    gap: 10px;
  }
  .upload-text {
    flex: 1;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  .upload.error {
    color: var(--_danger);
    align-items: flex-start;
  }
  .upload progress {
    inline-size: 90px;
    accent-color: var(--_primary);
  }
  .composer {
    display: flex;
    align-items: flex-end;
    gap: 4px;
    padding-block: 10px;
    padding-inline: 14px 10px;
  }
  .composer textarea {
    flex: 1;
    min-inline-size: 0;
    min-block-size: 40px;
    max-block-size: 120px;
    padding: 9px 12px;
    border: 1px solid var(--_border);
    border-radius: 20px;
    background: var(--_bg);
    resize: none;
    font-size: 15px;
    line-height: 20px;
  }
  .composer textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 0;
    border-color: var(--_accent);
  }
  .icon-btn {
    flex: none;
    inline-size: 40px;
    block-size: 40px;
    display: grid;
    place-items: center;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: var(--_muted);
  }
  .icon-btn:hover {
    background: var(--_surface);
    color: var(--_text);
  }
  .icon-btn.send {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .icon-btn.send:hover {
    background: var(--_primary);
    filter: brightness(0.93);
  }
  .confirm {
    padding: 14px 16px 16px;
  }
  .confirm p {
    margin: 0 0 4px;
  }
  .confirm-title {
    font-weight: 700;
  }
  .confirm .muted {
    font-size: 14px;
  }
  .confirm-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 8px;
    margin-block-start: 12px;
  }
  .drop {
    position: absolute;
    inset: 0;
    z-index: 1;
    display: grid;
    place-items: center;
    margin: 8px;
    border: 2px dashed var(--_accent);
    border-radius: calc(var(--_radius) - 4px);
    background: rgb(255 255 255 / 0.92);
    color: var(--_text);
    font-weight: 600;
    pointer-events: none;
  }
`;
