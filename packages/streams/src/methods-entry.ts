/**
 * `@switchboard/streams/methods`: what a Streams request runs as on Switchboard's agent API,
 * shared by the CCP frame (the iframe transport's other end) and the direct transport.
 */
export * from './methods.js';
export { channelOfContact, type PlaceholderContext, placeholderContext, shapeQuickResponses } from './quick-responses.js';
