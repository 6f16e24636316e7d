/**
 * Streams' `connect.AgentSnapshot(agentData)` and `connect.ConnectionSnapshot(connectionData)`:
 * an agent and a connection over data of their own, not the live agent data. `agent.toSnapshot()`
 * and `contact.toSnapshot()` make their own; these are the classes the runtime exposes for
 * code that builds one from saved data. As the runtime's, `new AgentSnapshot(data)` throws
 * until the agent is initialised, and a connection snapshot has the base connection's members.
 */
import type { AgentData, ConnectionData, ContactData } from '@switchboard/core/agent';
import { Agent } from './agent.js';
import { BaseConnection } from './connection.js';
import type { Contact } from './contact.js';

export class AgentSnapshot extends Agent {
  private readonly agentData: AgentData;
  constructor(agentData: AgentData) {
    super();
    this.agentData = agentData;
  }
  protected override _getData(): AgentData {
    return this.agentData;
  }
  protected override contactOf(c: ContactData<Date>): Contact {
    return new this.rt.classes.ContactSnapshot(c);
  }
}

/** `connectionData` is one connection's data with its `contactId`. */
export class ConnectionSnapshot extends BaseConnection {
  private readonly connectionData: ConnectionData<Date>;
  constructor(connectionData: ConnectionData<Date> & { contactId: string }) {
    super(connectionData.contactId, connectionData.connectionId);
    this.connectionData = connectionData;
  }
  protected override _getData(): ConnectionData<Date> {
    return this.connectionData;
  }
}
