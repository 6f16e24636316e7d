/**
 * `@switchboard/agent`: the promise-based Task class (an agent's contacts as Tasks, with
 * TASK_EVENTS) over Switchboard's agent API, in browsers and Node. See docs/agent-sdk.md.
 */
export {};
