import type { AuditOf } from '../domain/tenancy.js';
import type { Agent, AgentStatus } from '../domain/agents.js';

export interface NewAgent {
  name: string;
  skills: Record<string, number>;
  languages: string[];
  maxConcurrent: number;
  team?: string | null;
  status?: AgentStatus;
  metadata?: Record<string, unknown>;
}

export interface AgentRepository {
  create(input: NewAgent, at: Date, audit?: AuditOf): Promise<Agent>;
  get(id: string): Promise<Agent | undefined>;
  list(): Promise<Agent[]>;
  /** Lowering maxConcurrent below the current load is refused (AGENT_AT_CAPACITY). */
  update(id: string, patch: Partial<Omit<NewAgent, 'status'>>, at: Date): Promise<Agent>;
  /** Refused while the agent still holds conversations. */
  delete(id: string, audit?: AuditOf): Promise<void>;
  /** Records the change (for idle/busy time, and as an analytics event) in the same transaction. */
  setStatus(id: string, status: AgentStatus, at: Date): Promise<{ agent: Agent; previous: AgentStatus }>;
  statusChanges(id: string): Promise<Array<{ fromStatus: AgentStatus | null; toStatus: AgentStatus; at: Date }>>;
}
