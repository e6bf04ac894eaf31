import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatEvent } from '../../../src/domain/chat-events.js';
import type { ConversationStatus, Message } from '../../../src/domain/conversation.js';
import type { HandoffEvent } from '../../../src/domain/handoff-events.js';
import { api, ApiError, LiveStream, postSse } from '../shared/api-client.js';
import { BUSY, localId, type ChatItem } from './chat-items.js';
import type { QueuePlace } from './queue-banner.js';

// The queue position is polled: it changes when others are served, which no event announces.
const QUEUE_POLL_MS = 5000;
const storageKey = (kb: string) => `kefu.conversation.${kb}`;

/** The conversation survives a reload of the widget (same tab), not a new visit. */
function remember(kb: string, id: string | null) {
  try {
    if (id) sessionStorage.setItem(storageKey(kb), id);
    else sessionStorage.removeItem(storageKey(kb));
  } catch {
    // Storage blocked: the conversation lasts as long as the page.
  }
}
function recall(kb: string) {
  try {
    return sessionStorage.getItem(storageKey(kb));
  } catch {
    return null;
  }
}

type StoredMessage = Message & { createdAt: string };
interface StoredConversation {
  id: string;
  status: ConversationStatus;
  messages: StoredMessage[];
}

function toItem(m: StoredMessage): ChatItem {
  if (m.role === 'user') return { kind: 'user', id: m.id, text: m.content };
  if (m.role === 'agent') return { kind: 'agent', id: m.id, text: m.content };
  return { kind: 'bot', id: m.id, text: m.content, streaming: false, citations: m.citations };
}

/**
 * The customer's side of one conversation: opened lazily on the first message, answers
 * streamed over SSE, then — once handed to people — status and agent replies over the
 * conversation's event stream, the queue position while waiting, and the rating at the end.
 */
export function useConversation(kb: string, onAgentMessage: () => void) {
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [status, setStatusState] = useState<ConversationStatus | null>(null);
  const [items, setItems] = useState<ChatItem[]>([]);
  const [queue, setQueue] = useState<QueuePlace | null>(null);
  const [rated, setRated] = useState(false);
  const [sending, setSending] = useState(false);
  const idRef = useRef<string | null>(null);
  const streamingId = useRef<string | null>(null);
  const statusRef = useRef<ConversationStatus | null>(null);

  const add = (item: ChatItem) => setItems((list) => (list.some((i) => i.id === item.id) ? list : [...list, item]));
  const update = (id: string, f: (i: ChatItem) => ChatItem) => setItems((list) => list.map((i) => (i.id === id ? f(i) : i)));

  /** Status changes also leave a line in the chat, except the first one we learn of. */
  const setStatus = (next: ConversationStatus) => {
    const before = statusRef.current;
    statusRef.current = next;
    setStatusState(next);
    if (before === next || before === null) return;
    if (next === 'assigned') add({ kind: 'notice', id: localId(), key: 'assigned' });
    if (next === 'resolved') add({ kind: 'notice', id: localId(), key: 'resolved' });
    if (next === 'bot' && (before === 'queued' || before === 'assigned')) add({ kind: 'notice', id: localId(), key: 'returnedToBot' });
  };

  // Back after a reload: the stored conversation's history.
  useEffect(() => {
    const id = recall(kb);
    if (!id) return;
    api<StoredConversation>('GET', `/v1/conversations/${id}`)
      .then(async (c) => {
        idRef.current = c.id;
        setConversationId(c.id);
        statusRef.current = c.status;
        setStatusState(c.status);
        setItems(c.messages.filter((m) => m.role !== 'system' && (m.content || m.role === 'user')).map(toItem));
        if (c.status === 'resolved') {
          const h = await api<{ csat: unknown }>('GET', `/v1/conversations/${c.id}/handoff`).catch(() => null);
          setRated(!!h?.csat);
        }
      })
      .catch(() => remember(kb, null));
  }, [kb]);

  // The conversation's live stream: status changes and agent replies.
  useEffect(() => {
    if (!conversationId) return;
    const source = new LiveStream(`/v1/conversations/${conversationId}/stream`);
    source.addEventListener('status', (e) => setStatus((JSON.parse(e.data) as Extract<HandoffEvent, { type: 'status' }>).status as ConversationStatus));
    source.addEventListener('agent_message', (e) => {
      const m = (JSON.parse(e.data) as Extract<HandoffEvent, { type: 'agent_message' }>).message;
      add({ kind: 'agent', id: m.id, text: m.content });
      onAgentMessage();
    });
    return () => source.close();
  }, [conversationId]);

  useEffect(() => {
    if (status !== 'queued' || !conversationId) {
      setQueue(null);
      return;
    }
    let stopped = false;
    const poll = () =>
      api<QueuePlace>('GET', `/v1/conversations/${conversationId}/queue`)
        .then((q) => !stopped && setQueue(q))
        .catch(() => {});
    void poll();
    const timer = setInterval(poll, QUEUE_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [status, conversationId]);

  /** The open conversation, or a new one (after the last was resolved or closed). */
  async function ensureConversation() {
    const finished = statusRef.current === 'resolved' || statusRef.current === 'closed';
    if (idRef.current && !finished) return idRef.current;
    setRated(false);
    const c = await api<{ id: string; status: ConversationStatus }>('POST', '/v1/conversations', { knowledgeBaseId: kb, channel: 'web' });
    idRef.current = c.id;
    statusRef.current = c.status;
    remember(kb, c.id);
    setConversationId(c.id);
    setStatusState(c.status);
    return c.id;
  }

  function onEvent(userLineId: string, type: string, data: unknown) {
    const current = streamingId.current;
    const e = { type, ...(data as object) } as ChatEvent | { type: 'json' };
    switch (e.type) {
      case 'meta':
        add({ kind: 'bot', id: e.messageId, text: '', streaming: true, citations: [] });
        streamingId.current = e.messageId;
        break;
      case 'delta':
        if (current) update(current, (i) => (i.kind === 'bot' ? { ...i, text: i.text + e.text } : i));
        break;
      case 'citations':
        if (current) update(current, (i) => (i.kind === 'bot' ? { ...i, citations: e.citations } : i));
        break;
      case 'handoff':
        if (typeof e.notice === 'string') add({ kind: 'notice', id: localId(), text: e.notice });
        setStatus(e.status === 'assigned' ? 'assigned' : 'queued');
        break;
      case 'done':
        if (current) update(current, (i) => (i.kind === 'bot' ? { ...i, streaming: false } : i));
        break;
      case 'error':
        update(userLineId, (i) => (i.kind === 'user' ? { ...i, failed: e.message } : i));
        break;
      case 'relayed':
      case 'json':
        update(userLineId, (i) => (i.kind === 'user' ? { ...i, relayed: true } : i));
        break;
    }
  }

  async function send(raw: string) {
    const text = raw.trim();
    if (!text || sending) return;
    const line: ChatItem = { kind: 'user', id: localId(), text };
    add(line);
    setSending(true);
    try {
      const id = await ensureConversation();
      streamingId.current = null;
      await postSse(`/v1/conversations/${id}/messages`, { content: text }, (type, data) => onEvent(line.id, type, data));
    } catch (err) {
      const failed = err instanceof ApiError && err.code === BUSY ? BUSY : (err as Error).message;
      update(line.id, (i) => (i.kind === 'user' ? { ...i, failed } : i));
    } finally {
      setSending(false);
    }
  }

  /** Errors of the buttons become a notice line rather than an unhandled rejection. */
  const action = (f: () => Promise<void>) => () => f().catch((err: Error) => add({ kind: 'notice', id: localId(), text: err.message }));

  const askForPerson = action(async () => {
    const id = await ensureConversation();
    const r = await api<{ status: string; notice?: string }>('POST', `/v1/conversations/${id}/handoff`, {});
    if (r.notice) add({ kind: 'notice', id: localId(), text: r.notice });
    setStatus(r.status === 'assigned' ? 'assigned' : 'queued');
  });

  const stopWaiting = action(async () => {
    if (!idRef.current) return;
    await api('POST', `/v1/conversations/${idRef.current}/handoff/cancel`);
    setStatus('bot');
  });

  async function rate(score: number, comment: string) {
    if (!idRef.current) return;
    await api('POST', `/v1/conversations/${idRef.current}/rating`, { score, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    setRated(true);
  }

  return { conversationId, status, items, queue, rated, sending, send, askForPerson, stopWaiting, rate };
}
