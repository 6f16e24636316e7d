/**
 * `@switchboard/streams`: the `connect` namespace of amazon-connect-streams (the agent SDK)
 * over an embedded CCP or straight to Switchboard's agent API, in browsers and Node.
 * See docs/agent-sdk.md.
 */
export {};
