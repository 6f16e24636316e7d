/**
 * Every string the widget shows or announces, in English. Another language is another
 * object of this shape: set `element.strings = {...}` (any subset) or the `strings`
 * attribute (JSON). Placeholders in braces (`{name}`) are filled in by `fill()`, so a
 * translation can be plain JSON.
 */
export const en = {
  // The launcher
  launcherOpen: 'Open chat',
  launcherClose: 'Close chat',
  launcherUnread: 'Open chat, {count} unread',
  // The panel
  panelLabel: 'Chat',
  close: 'Close',
  minimise: 'Minimise chat',
  loading: 'Loading…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting… Messages you send will go out when the connection is back.',
  connectionBroken: 'The chat connection was lost. Reload the page to try again.',
  retry: 'Try again',
  dismiss: 'Dismiss',
  // Who is there
  waitingForAgent: 'You will be connected to an agent shortly.',
  chattingWith: 'You are chatting with {name}',
  you: 'You',
  system: 'Automated message',
  agentFallbackName: 'Agent',
  // The pre-chat form
  prechatIntro: 'Tell us a little about you and we will connect you with someone who can help.',
  prechatSubmit: 'Start chat',
  prechatStarting: 'Starting…',
  required: 'required',
  requiredMark: '*',
  fieldRequired: '{label} is required.',
  fieldEmail: 'Enter an email address like name@example.com.',
  fieldTooLong: 'Use at most {max} characters.',
  fieldNoTags: 'Remove the characters < and >.',
  formHasErrors: 'Please correct the fields marked below.',
  // The conversation
  transcriptLabel: 'Conversation',
  composerLabel: 'Type your message',
  composerPlaceholder: 'Type your message…',
  composerHint: 'Press Enter to send, Shift+Enter for a new line.',
  send: 'Send',
  sending: 'Sending…',
  notSent: 'Not sent.',
  resend: 'Send again',
  typing: '{name} is typing…',
  someoneTyping: 'Someone is typing…',
  delivered: 'Delivered',
  read: 'Read',
  newMessageFrom: 'New message from {name}: {text}',
  startHint: 'Write your message below and we will connect you.',
  // Events in the conversation
  joined: '{name} joined the chat',
  left: '{name} left the chat',
  transferred: 'You are being transferred to another agent',
  ended: 'The chat has ended',
  // Attachments
  attach: 'Attach a file',
  dropHere: 'Drop a file to send it',
  uploading: 'Sending {name}…',
  uploadProgress: '{name}: {percent} %',
  download: 'Download {name}',
  attachmentUnavailable: '{name} (not available)',
  fileTooLarge: '{name} cannot be sent: it is {size}, and files can be at most {max}.',
  fileWrongType: '{name} cannot be sent: that type of file is not accepted here. Accepted: {types}.',
  fileEmpty: '{name} cannot be sent: the file is empty.',
  filesDisabled: 'Files cannot be sent in this chat.',
  // Interactive messages
  chooseOne: 'Choose an option',
  chosen: 'You chose: {title}',
  unsupportedMessage: 'This message cannot be shown here.',
  // Ending
  endChat: 'End chat',
  endConfirmTitle: 'End this chat?',
  endConfirmText: 'You will not be able to send more messages in this conversation.',
  endConfirm: 'End chat',
  endCancel: 'Keep chatting',
  ending: 'Ending…',
  // The ended state
  endedTitle: 'The chat has ended',
  endedText: 'Thank you for contacting us.',
  downloadTranscript: 'Download the transcript',
  transcriptFileName: 'chat-transcript-{date}.txt',
  transcriptTitle: 'Chat transcript: {name}',
  transcriptAttachment: '[file: {name}]',
  startNewChat: 'Start a new chat',
  ratingQuestion: 'How would you rate this chat?',
  ratingStar: '{n} of 5 stars',
  ratingComment: 'Anything else you would like to tell us? (optional)',
  ratingSubmit: 'Send rating',
  ratingSending: 'Sending…',
  ratingChoose: 'Choose a rating from 1 to 5 stars first.',
  ratingThanks: 'Thank you for your feedback!',
  // The offline state
  offlineTitle: 'We are away right now',
  offlineDefault: 'No one is available to chat. Please come back later.',
  // Errors, in words
  errorNetwork: 'We cannot reach the chat service. Check your internet connection and try again.',
  errorThrottled: 'Too many attempts, try again in {seconds} s.',
  errorThrottledSoon: 'Too many attempts, try again in a moment.',
  errorClosed: 'The contact center is closed right now.',
  errorAlreadyOpen: 'You already have an open chat. Continue it in the other tab or window where you started it.',
  errorForbidden: 'Chat is not available on this site.',
  errorInvalid: 'Some details were not accepted: {message}',
  errorChatOver: 'This chat has ended.',
  errorSendFailed: 'Your message could not be sent.',
  errorDownload: 'The file could not be downloaded. Try again.',
  errorGeneric: 'Something went wrong. Try again in a moment.',
};

/** The strings' shape: every key a string (templates with `{placeholders}`). */
export type Strings = { [K in keyof typeof en]: string };
