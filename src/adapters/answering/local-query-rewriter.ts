import { rewriteFollowUp } from '../../domain/follow-up.js';
import type { QueryRewriter, RewriteRequest } from '../../ports/answerer.js';

/** Offline follow-up resolution by rules (see domain/follow-up.ts). */
export class LocalQueryRewriter implements QueryRewriter {
  readonly id = 'local';
  async rewrite(req: RewriteRequest) {
    return rewriteFollowUp(req.question, req.history, req.language);
  }
}
