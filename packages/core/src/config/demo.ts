/**
 * The built-in demo instance, served when no configuration file is given. Every default
 * is spelled out, so this is exactly what validateConfig returns for examples/demo.yaml
 * (a test keeps the two equal). The credentials below are PUBLIC and documented
 * (docs/config.md): for a local demo only.
 */
import { Permission } from '../model/constants.js';
import type { InstanceConfig } from './schema.js';

export const DEMO_INSTANCE_ID = '5b6c1d2e-0000-4000-8000-000000000001';
/** The demo's API access key (SigV4). Public: never accept it outside a demo. */
export const DEMO_ACCESS_KEY_ID = 'SBDEMOACCESSKEY00001';
export const DEMO_SECRET_ACCESS_KEY = 'switchboard-demo-secret-key-change-me';
/** The demo store's chat widget (`widgets[0]`): `<script src="/widget.js" data-config="…" defer>`. */
export const DEMO_WIDGET_ID = '5b6c1d2e-0000-4000-8000-000000000101';
/** The password of every demo user (alice, bob, carol). */
export const DEMO_PASSWORD = 'switchboard-demo';

const AGENT_PERMISSIONS = [Permission.BasicAgentAccess, Permission.OutboundCallAccess, Permission.TransferDestinations];

const deepFreeze = <T>(o: T): T => {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
};

const everyChannelCurrentOnly = {
  VOICE: 'ROUTE_CURRENT_CHANNEL_ONLY',
  CHAT: 'ROUTE_CURRENT_CHANNEL_ONLY',
  TASK: 'ROUTE_CURRENT_CHANNEL_ONLY',
} as const;

const weekdays = (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => ({
  day,
  start: '09:00',
  end: '17:00',
}));

/** Deeply frozen; validateConfig(demoConfig) returns an equal (unfrozen) copy. */
export const demoConfig: InstanceConfig = deepFreeze({
  instance: {
    id: DEMO_INSTANCE_ID,
    alias: 'switchboard-demo',
    region: 'us-east-1',
    accountId: '123456789012',
    approvedOrigins: [
      'http://localhost:8787',
      'https://localhost:8787',
      'http://127.0.0.1:8787',
      'http://localhost:3000',
      'http://localhost:5173',
    ],
  },
  accessKeys: [
    {
      accessKeyId: DEMO_ACCESS_KEY_ID,
      secretAccessKey: DEMO_SECRET_ACCESS_KEY,
      description: 'Demo-only, publicly documented key. Never use it outside a local demo.',
    },
  ],
  hoursOfOperation: [
    { name: 'Always open', description: 'Open around the clock.', timeZone: 'UTC', alwaysOpen: true },
    { name: 'Business hours', description: 'Weekdays 9 to 5, New York time.', timeZone: 'America/New_York', ranges: weekdays },
  ],
  securityProfiles: [
    { name: 'Agent', description: 'Takes contacts and transfers them.', permissions: [...AGENT_PERMISSIONS] },
    {
      name: 'Supervisor',
      description: 'An agent who also watches real-time metrics and can listen in or barge in.',
      permissions: [...AGENT_PERMISSIONS, Permission.RealtimeMetrics, Permission.ListenIn, Permission.ManagerBargeIn],
    },
    {
      name: 'Admin',
      description: 'Manages the instance.',
      permissions: [
        Permission.Admin,
        Permission.Users,
        Permission.RoutingProfiles,
        Permission.Queues,
        Permission.ContactFlows,
        Permission.RealtimeMetrics,
      ],
    },
  ],
  agentStatuses: [
    { name: 'Available', type: 'ROUTABLE', displayOrder: 1, enabled: true },
    { name: 'Break', type: 'NOT_ROUTABLE', displayOrder: 2, enabled: true },
    { name: 'Lunch', type: 'NOT_ROUTABLE', displayOrder: 3, enabled: true },
    { name: 'Offline', type: 'OFFLINE', displayOrder: 4, enabled: true },
  ],
  queues: [
    {
      name: 'Sales',
      description: 'New business.',
      hoursOfOperation: 'Always open',
      enabled: true,
      outboundCallerIdName: 'Switchboard Sales',
    },
    {
      name: 'Support',
      description: 'Existing customers.',
      hoursOfOperation: 'Always open',
      maxContacts: 100,
      enabled: true,
    },
  ],
  routingProfiles: [
    {
      name: 'Sales agents',
      description: 'Sales first; Support when Sales is quiet.',
      defaultOutboundQueue: 'Sales',
      concurrency: { VOICE: 1, CHAT: 3, TASK: 5 },
      crossChannelBehavior: everyChannelCurrentOnly,
      queues: [
        { queue: 'Sales', channel: 'VOICE', priority: 1, delay: 0 },
        { queue: 'Sales', channel: 'CHAT', priority: 1, delay: 0 },
        { queue: 'Sales', channel: 'TASK', priority: 1, delay: 0 },
        { queue: 'Support', channel: 'VOICE', priority: 2, delay: 0 },
        { queue: 'Support', channel: 'CHAT', priority: 2, delay: 0 },
        { queue: 'Support', channel: 'TASK', priority: 2, delay: 0 },
      ],
      agentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
    },
    {
      name: 'Support agents',
      description: 'Support calls, chats and tasks.',
      defaultOutboundQueue: 'Support',
      concurrency: { VOICE: 1, CHAT: 2, TASK: 3 },
      crossChannelBehavior: everyChannelCurrentOnly,
      queues: [
        { queue: 'Support', channel: 'VOICE', priority: 1, delay: 0 },
        { queue: 'Support', channel: 'CHAT', priority: 1, delay: 0 },
        { queue: 'Support', channel: 'TASK', priority: 1, delay: 0 },
      ],
      agentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
    },
  ],
  users: [
    {
      username: 'alice',
      password: DEMO_PASSWORD,
      firstName: 'Alice',
      lastName: 'Anders',
      email: 'alice@example.com',
      routingProfile: 'Sales agents',
      securityProfiles: ['Agent'],
      autoAccept: {},
      afterContactWorkTimeout: 0,
    },
    {
      username: 'bob',
      password: DEMO_PASSWORD,
      firstName: 'Bob',
      lastName: 'Brown',
      email: 'bob@example.com',
      routingProfile: 'Support agents',
      securityProfiles: ['Agent'],
      autoAccept: { TASK: true },
      afterContactWorkTimeout: 30,
    },
    {
      username: 'carol',
      password: DEMO_PASSWORD,
      firstName: 'Carol',
      lastName: 'Chen',
      email: 'carol@example.com',
      routingProfile: 'Sales agents',
      securityProfiles: ['Supervisor', 'Admin'],
      autoAccept: {},
      afterContactWorkTimeout: 0,
    },
  ],
  quickConnects: [
    { name: 'Sales queue', description: 'Transfer to the Sales queue.', type: 'QUEUE', queue: 'Sales' },
    { name: 'Support queue', description: 'Transfer to the Support queue.', type: 'QUEUE', queue: 'Support' },
    { name: 'Alice Anders', description: 'Transfer to Alice (Sales).', type: 'USER', user: 'alice' },
    { name: 'Bob Brown', description: 'Transfer to Bob (Support).', type: 'USER', user: 'bob' },
  ],
  wrapUpCodes: [
    { name: 'Resolved', description: "The customer's need was met." },
    { name: 'Follow-up needed', description: 'Someone must get back to the customer.' },
    { name: 'Escalated', description: 'Handed to a supervisor or another team.' },
  ],
  quickResponses: [
    {
      name: 'Greeting',
      shortcut: 'greet',
      description: 'Opens the conversation with the customer by name.',
      channels: ['CHAT'],
      content: 'Hi $.Customer.name, thanks for contacting Switchboard! How can I help you today?',
    },
    {
      name: 'One moment please',
      shortcut: 'wait',
      description: 'While you look something up.',
      channels: ['CHAT'],
      content: 'Thanks for your patience. Give me a moment while I look into this for you.',
    },
    {
      name: 'Anything else',
      shortcut: 'else',
      description: 'Before closing the chat.',
      channels: ['CHAT'],
      content: 'Is there **anything else** I can help you with today?',
    },
    {
      name: 'Transferring you',
      shortcut: 'transfer',
      description: 'Before a transfer to another queue or agent.',
      channels: ['CHAT'],
      content:
        "I'm handing you over to a colleague who can help with this. Please stay in the chat: they will be with you shortly.",
    },
    {
      name: 'Closing',
      shortcut: 'bye',
      description: 'Ends the conversation politely.',
      channels: ['CHAT'],
      content: 'Thanks for chatting with us, $.Customer.name. Have a great day!',
    },
  ],
  chat: {
    messagesPerSecond: 10,
    burst: 20,
    socketsPerParticipant: 5,
    messageMaxLength: 1024,
    attachments: { maxSizeMb: 20, perChat: 20 },
  },
  views: [
    {
      name: 'Contact details',
      description: 'Asks the customer for an email address and a phone number.',
      template: JSON.stringify({
        Head: { Title: 'Your contact details' },
        Body: [
          { Type: 'TextInput', Name: 'email', Label: 'Email' },
          { Type: 'TextInput', Name: 'phone', Label: 'Phone' },
        ],
      }),
      inputSchema: JSON.stringify({ type: 'object', properties: { email: { type: 'string' }, phone: { type: 'string' } } }),
      actions: ['Submit', 'Cancel'],
    },
  ],
  contactFlows: [
    {
      name: 'Sales inbound',
      description: 'Greets the customer, then queues the contact for Sales.',
      type: 'CONTACT_FLOW',
      queue: 'Sales',
      greeting: 'Thanks for contacting Switchboard Sales. An agent will be with you shortly.',
    },
    {
      name: 'Support inbound',
      description: 'Greets the customer, then queues the contact for Support.',
      type: 'CONTACT_FLOW',
      queue: 'Support',
      greeting: 'Thanks for contacting Switchboard Support. An agent will be with you shortly.',
    },
    {
      name: 'Web chat',
      description: "The demo store's chat widget: greets, asks what it is about, then queues for Support.",
      type: 'CONTACT_FLOW',
      queue: 'Support',
      greeting: 'Thanks for contacting the Switchboard Demo Store! An agent will be with you shortly.',
      listPicker: {
        title: 'What can we help with?',
        subtitle: 'Pick a topic, or just type your question.',
        elements: [
          { title: 'Orders', subtitle: 'Delivery, returns and exchanges' },
          { title: 'Billing', subtitle: 'Payments, invoices and refunds' },
          { title: 'Something else' },
        ],
      },
    },
  ],
  widgets: [
    {
      name: 'Demo store chat',
      id: DEMO_WIDGET_ID,
      description: 'The chat on the demo store page (/ when the demo instance runs).',
      flow: 'Web chat',
      allowedOrigins: [
        'http://localhost:8787',
        'https://localhost:8787',
        'http://127.0.0.1:8787',
        'http://localhost:3000',
        'http://localhost:5173',
      ],
      attributes: [
        { name: 'page', maxLength: 256 },
        { name: 'cartValue', maxLength: 16 },
      ],
      preChatForm: {
        enabled: true,
        fields: [
          { name: 'name', label: 'Your name', type: 'name', required: true, maxLength: 100 },
          { name: 'email', label: 'Email', type: 'email', required: false, maxLength: 254 },
          { name: 'orderId', label: 'Order number', type: 'text', required: false, maxLength: 40 },
        ],
      },
      greeting: 'Hi! Questions about an order, a product or a bill? We are here to help.',
      offlineMessage: "We're away right now: our team answers chats whenever an agent is signed in.",
      // "Call us": the Sales agents take VOICE on Support, the Web chat flow's queue.
      voice: { enabled: true },
      theme: { primaryColor: '#0b63c9', position: 'right' },
      persistence: 'session',
      maxOpenChatsPerVisitor: 1,
      rateLimit: { perIpPerMinute: 10, perConfigurationPerMinute: 300 },
    },
  ],
  taskTemplates: [
    {
      name: 'Customer callback',
      description: 'Call a customer back about a case; routed to Support.',
      flow: 'Support inbound',
      status: 'ACTIVE',
      fields: [
        { id: { name: 'Name' }, type: 'NAME' },
        { id: { name: 'Description' }, type: 'DESCRIPTION' },
        { id: { name: 'Case' }, type: 'URL', description: 'The case in the CRM.' },
        { id: { name: 'Customer email' }, type: 'EMAIL' },
        { id: { name: 'Priority' }, type: 'SINGLE_SELECT', singleSelectOptions: ['Low', 'Normal', 'High'] },
        { id: { name: 'Team' }, type: 'TEXT' },
      ],
      constraints: {
        requiredFields: [{ id: { name: 'Customer email' } }],
        readOnlyFields: [{ id: { name: 'Team' } }],
        invisibleFields: [],
      },
      defaults: {
        defaultFieldValues: [
          { id: { name: 'Description' }, defaultValue: 'Call the customer back about their case.' },
          { id: { name: 'Priority' }, defaultValue: 'Normal' },
          { id: { name: 'Team' }, defaultValue: 'Support' },
        ],
      },
    },
    {
      name: 'Refund review',
      description: 'Check a refund before it is paid; routed to Sales.',
      flow: 'Sales inbound',
      status: 'ACTIVE',
      fields: [
        { id: { name: 'Order' }, type: 'URL' },
        { id: { name: 'Amount' }, type: 'NUMBER' },
        { id: { name: 'Pay by' }, type: 'DATE_TIME' },
        { id: { name: 'Goodwill' }, type: 'BOOLEAN' },
      ],
      constraints: {
        requiredFields: [{ id: { name: 'Order' } }, { id: { name: 'Amount' } }],
        readOnlyFields: [],
        invisibleFields: [],
      },
      defaults: { defaultFieldValues: [{ id: { name: 'Goodwill' }, defaultValue: 'false' }] },
    },
  ],
});
