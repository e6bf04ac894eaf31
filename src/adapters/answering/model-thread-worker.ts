/**
 * The chat model's answers on a thread of their own. A streamed answer costs the thread that
 * reads it a parse per token in the HTTP client, the OpenAI SDK and LangChain, about a third of
 * the service's event-loop time at 100 concurrent streams: here that work runs beside the event
 * loop, which receives only the answer's text. The answerer is the same `LangChainAnswerer` the
 * main thread would run, built from the same configuration.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ModelUnavailable } from '../../domain/errors.js';
import type { AnswerRequest } from '../../ports/answerer.js';
import { PromptLibrary } from '../prompts/prompt-library.js';
import { createLangChainAnswerer } from './create-answering.js';
import type { ModelThreadData, ModelThreadReply, ModelThreadRequest } from './model-thread.js';

const { config } = workerData as ModelThreadData;
const answerer = createLangChainAnswerer(config, new PromptLibrary());
const running = new Map<number, AbortController>();
const port = parentPort!;
const post = (m: ModelThreadReply) => port.postMessage(m);

async function run(turn: number, req: AnswerRequest) {
  const controller = new AbortController();
  running.set(turn, controller);
  try {
    for await (const chunk of answerer.answer(req, controller.signal)) post({ type: 'chunk', turn, chunk });
    post({ type: 'end', turn });
  } catch (err) {
    const e = err as Error;
    post({
      type: 'error',
      turn,
      error: { message: e.message, retryable: err instanceof ModelUnavailable ? (err.retryable ?? true) : true, stack: e.stack },
    });
  } finally {
    running.delete(turn);
  }
}

port.on('message', (m: ModelThreadRequest) => {
  if (m.type === 'answer') void run(m.turn, m.request);
  else if (m.type === 'abort') running.get(m.turn)?.abort(new Error(m.reason));
  else if (m.type === 'close') {
    for (const c of running.values()) c.abort(new Error('the service is stopping'));
    port.close();
  }
});
