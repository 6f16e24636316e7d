/**
 * The participant service's chat operations (restJson1, `X-Amz-Bearer`), as the unmodified
 * amazon-connect-chatjs and @aws-sdk/client-connectparticipant call them. SigV4 headers
 * are ignored: the bearer token is the authentication.
 */
import { AccessDeniedException, ResourceNotFoundException, resourceArn } from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import type { ParticipantContext } from './context.js';

const op = defineOperation<ParticipantContext>();
const ClientToken = z.string().max(500).optional();

const CreateParticipantConnection = op({
  name: 'CreateParticipantConnection',
  method: 'POST',
  path: '/participant/connection',
  input: z.object({
    Type: z
      .array(z.enum(['WEBSOCKET', 'CONNECTION_CREDENTIALS', 'WEBRTC_CONNECTION']))
      .min(1)
      .max(3)
      .optional(),
    ConnectParticipant: z.boolean().optional(),
  }),
  handler: async (input, ctx) => {
    const p = await ctx.chat.participant(ctx.bearer, 'participant');
    const types = input.Type ?? [];
    if (types.includes('WEBRTC_CONNECTION')) {
      throw new AccessDeniedException('WEBRTC_CONNECTION is not available: this instance serves chat only');
    }
    return ctx.chat.createConnection(p, types);
  },
});

const DisconnectParticipant = op({
  name: 'DisconnectParticipant',
  method: 'POST',
  path: '/participant/disconnect',
  input: z.object({ ClientToken }),
  handler: async (_input, ctx) => {
    await ctx.chat.disconnect(await ctx.connection());
    return {};
  },
});

const SendMessage = op({
  name: 'SendMessage',
  method: 'POST',
  path: '/participant/message',
  input: z.object({
    ContentType: z.string().min(1).max(100),
    Content: z.string().min(1).max(16_384),
    ClientToken,
  }),
  handler: async (input, ctx) => ctx.chat.sendMessage(await ctx.connection(), input),
});

const SendEvent = op({
  name: 'SendEvent',
  method: 'POST',
  path: '/participant/event',
  input: z.object({
    ContentType: z.string().min(1).max(100),
    Content: z.string().min(1).max(16_384).optional(),
    ClientToken,
  }),
  handler: async (input, ctx) => ctx.chat.sendEvent(await ctx.connection(), input),
});

const GetTranscript = op({
  name: 'GetTranscript',
  method: 'POST',
  path: '/participant/transcript',
  input: z.object({
    ContactId: z.string().min(1).max(256).optional(),
    MaxResults: z.int().min(0).max(100).optional(),
    NextToken: z.string().min(1).max(1000).optional(),
    ScanDirection: z.enum(['FORWARD', 'BACKWARD']).optional(),
    SortOrder: z.enum(['DESCENDING', 'ASCENDING']).optional(),
    StartPosition: z
      .object({
        Id: z.string().min(1).max(256).optional(),
        AbsoluteTime: z.string().min(1).max(100).optional(),
        MostRecent: z.int().min(0).max(100).optional(),
      })
      .optional(),
  }),
  handler: async (input, ctx) => ctx.chat.transcript(await ctx.connection(), input),
});

const DescribeView = op({
  name: 'DescribeView',
  method: 'GET',
  path: '/participant/views/{ViewToken}',
  input: z.object({ ViewToken: z.string().min(1).max(1000) }),
  handler: async (input, ctx) => {
    const p = await ctx.connection();
    // The token is the view's ARN (optionally `:$LATEST` / `:<version>`), its id or its name.
    const token = input.ViewToken.replace(/:(\$LATEST|\d+)$/, '');
    const id = token.includes('/view/') ? token.slice(token.lastIndexOf('/view/') + '/view/'.length) : token;
    const views = [...p.ir.config.views.values()];
    const view = views.find((v) => v.id === id) ?? views.find((v) => v.name === id);
    if (!view)
      throw new ResourceNotFoundException(`View not found: ${input.ViewToken.slice(0, 100)}`, { ResourceId: id.slice(0, 100) });
    return {
      View: {
        Id: view.id,
        Arn: resourceArn(p.ir.config.coords, 'view', view.id),
        Name: view.name,
        Version: view.version,
        Content: { InputSchema: view.inputSchema, Template: view.template, Actions: [...view.actions] },
      },
    };
  },
});

const NO_IDP = 'Customer authentication is not configured: this instance has no identity provider';

const GetAuthenticationUrl = op({
  name: 'GetAuthenticationUrl',
  method: 'POST',
  path: '/participant/authentication-url',
  input: z.object({ SessionId: z.string().length(36), RedirectUri: z.string().min(1).max(1024) }),
  handler: async (_input, ctx) => {
    await ctx.connection();
    throw new AccessDeniedException(NO_IDP);
  },
});

const CancelParticipantAuthentication = op({
  name: 'CancelParticipantAuthentication',
  method: 'POST',
  path: '/participant/cancel-authentication',
  input: z.object({ SessionId: z.string().length(36) }),
  handler: async (_input, ctx) => {
    await ctx.connection();
    throw new AccessDeniedException(NO_IDP);
  },
});

export const participantChatOperations = [
  CreateParticipantConnection,
  DisconnectParticipant,
  SendMessage,
  SendEvent,
  GetTranscript,
  DescribeView,
  GetAuthenticationUrl,
  CancelParticipantAuthentication,
];
