/**
 * Streams' `Endpoint` (runtime alias `connect.Address`): a quick connect, an agent, a queue or
 * a phone number to transfer to or call (api-streams-surface.md §12). What it was not given
 * is `null`, as the runtime's.
 */
export type EndpointType = 'phone_number' | 'agent' | 'queue';

export interface EndpointParams {
  endpointARN?: string | null;
  endpointId?: string | null;
  type?: EndpointType | string | null;
  name?: string | null;
  phoneNumber?: string | null;
  agentLogin?: string | null;
  queue?: string | null;
}

export class Endpoint {
  endpointARN: string | null;
  endpointId: string | null;
  type: EndpointType | null;
  name: string | null;
  phoneNumber: string | null;
  agentLogin: string | null;
  queue: string | null;

  constructor(params: EndpointParams = {}) {
    this.endpointARN = params.endpointId ?? params.endpointARN ?? null;
    this.endpointId = this.endpointARN;
    this.type = (params.type as EndpointType | undefined) ?? null;
    this.name = params.name ?? null;
    this.phoneNumber = params.phoneNumber ?? null;
    this.agentLogin = params.agentLogin ?? null;
    this.queue = params.queue ?? null;
  }

  /** A phone number to dial (Switchboard has no telephone network yet: dialling it is refused). */
  static byPhoneNumber(number: string, name?: string): Endpoint {
    return new Endpoint({ type: 'phone_number', phoneNumber: number, name: name ?? number });
  }

  /** `sip:+1555…@host` → `+1555…`. */
  stripPhoneNumber(): string {
    return this.phoneNumber ? this.phoneNumber.replace(/sip:([^@]*)@.*/, '$1') : '';
  }
}

/** What is sent for an endpoint: the runtime drops `endpointId`, and the CCP drops the nulls. */
export function endpointParams(e: Endpoint | EndpointParams): Record<string, unknown> {
  const ep = e instanceof Endpoint ? e : new Endpoint(e);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ep)) if (k !== 'endpointId' && v !== null && v !== undefined) out[k] = v;
  return out;
}

/** The error for a phone number: Switchboard has no PSTN. */
export const PHONE_NOT_SUPPORTED = {
  type: 'NotSupported',
  message:
    'Phone numbers cannot be dialled: Switchboard has no telephone network (PSTN) yet. Use a quick connect to an agent or a queue.',
  statusCode: 400,
} as const;
