/**
 * Domain errors carry a stable machine-readable `code`; `http/error-mapper.ts` is the one
 * place that turns codes into HTTP statuses. Adapters wrap vendor errors and keep `cause`.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly details?: Record<string, unknown>;
  readonly retryable: boolean;

  constructor(message: string, opts: { cause?: unknown; details?: Record<string, unknown>; retryable?: boolean } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.details = opts.details;
    this.retryable = opts.retryable ?? false;
  }
}

export class KnowledgeBaseNotFound extends DomainError {
  readonly code = 'KB_NOT_FOUND';
}
export class KnowledgeBaseExists extends DomainError {
  readonly code = 'KB_EXISTS';
}
export class DocumentNotFound extends DomainError {
  readonly code = 'DOCUMENT_NOT_FOUND';
}
export class InvalidInput extends DomainError {
  readonly code = 'INVALID_INPUT';
}
export class UnsupportedFileType extends DomainError {
  readonly code = 'UNSUPPORTED_FILE_TYPE';
}
export class UnparseableFile extends DomainError {
  readonly code = 'UNPARSEABLE_FILE';
}
export class EmptyDocument extends DomainError {
  readonly code = 'EMPTY_DOCUMENT';
}
export class EncryptedDocument extends DomainError {
  readonly code = 'ENCRYPTED_DOCUMENT';
}
export class FileTooLarge extends DomainError {
  readonly code = 'FILE_TOO_LARGE';
}
export class InvalidFilename extends DomainError {
  readonly code = 'INVALID_FILENAME';
}
export class InvalidFaqFile extends DomainError {
  readonly code = 'INVALID_FAQ_FILE';
}
export class IngestConflict extends DomainError {
  readonly code = 'INGEST_CONFLICT';
}
export class EmbeddingMismatch extends DomainError {
  readonly code = 'EMBEDDING_MISMATCH';
}
export class ModelUnavailable extends DomainError {
  readonly code = 'MODEL_UNAVAILABLE';
  constructor(readonly provider: string, opts: { cause?: unknown; retryable?: boolean; message?: string } = {}) {
    super(opts.message ?? `${provider} model is unavailable`, opts);
  }
}
export class ParserUnavailable extends DomainError {
  readonly code = 'PARSER_UNAVAILABLE';
}
export class DatabaseLocked extends DomainError {
  readonly code = 'DATABASE_LOCKED';
}
export class ConversationNotFound extends DomainError {
  readonly code = 'CONVERSATION_NOT_FOUND';
}
export class ConversationBusy extends DomainError {
  readonly code = 'CONVERSATION_BUSY';
}
export class ConversationClosed extends DomainError {
  readonly code = 'CONVERSATION_CLOSED';
}
export class MessageTooLarge extends DomainError {
  readonly code = 'MESSAGE_TOO_LARGE';
}
export class EmptyMessage extends DomainError {
  readonly code = 'EMPTY_MESSAGE';
}

/* Human handoff (issue 5). */
export class IllegalTransition extends DomainError {
  readonly code = 'ILLEGAL_TRANSITION';
}
export class AgentNotFound extends DomainError {
  readonly code = 'AGENT_NOT_FOUND';
}
export class UnknownSkill extends DomainError {
  readonly code = 'UNKNOWN_SKILL';
}
export class AgentAtCapacity extends DomainError {
  readonly code = 'AGENT_AT_CAPACITY';
}
export class AgentNotAvailable extends DomainError {
  readonly code = 'AGENT_NOT_AVAILABLE';
}
export class ConversationTaken extends DomainError {
  readonly code = 'CONVERSATION_TAKEN';
}
export class NotAssignedAgent extends DomainError {
  readonly code = 'NOT_ASSIGNED_AGENT';
}
export class HandoffNotFound extends DomainError {
  readonly code = 'HANDOFF_NOT_FOUND';
}
export class RatingNotAllowed extends DomainError {
  readonly code = 'RATING_NOT_ALLOWED';
}
export class AgentHasConversations extends DomainError {
  readonly code = 'AGENT_HAS_CONVERSATIONS';
}
export class RateLimited extends DomainError {
  readonly code = 'RATE_LIMITED';
}
export class UploadTooLarge extends DomainError {
  readonly code = 'UPLOAD_TOO_LARGE';
}
export class TooManyTurns extends DomainError {
  readonly code = 'TOO_MANY_TURNS';
}

/* QA API (issue 6). */
export class EvalRunNotFound extends DomainError {
  readonly code = 'EVAL_RUN_NOT_FOUND';
}
export class EvalRunFinished extends DomainError {
  readonly code = 'EVAL_RUN_FINISHED';
}
export class SuiteNotFound extends DomainError {
  readonly code = 'SUITE_NOT_FOUND';
}
/** A suite that breaks the format; `details` name the file, line and field. */
export class InvalidSuite extends DomainError {
  readonly code = 'INVALID_SUITE';
}
/** A name taken by a configured suite, or a stored suite that cannot take this case. */
export class SuiteConflict extends DomainError {
  readonly code = 'SUITE_CONFLICT';
}
export class EvalCaseExists extends DomainError {
  readonly code = 'EVAL_CASE_EXISTS';
}
export class MessageNotFound extends DomainError {
  readonly code = 'MESSAGE_NOT_FOUND';
}
/** The turn alone does not say what was expected (the bot declined): the body must. */
export class ExpectationRequired extends DomainError {
  readonly code = 'EXPECTATION_REQUIRED';
}

/** The FAQ list changed since the editor loaded it (its version moved on): reload and retry. */
export class FaqVersionConflict extends DomainError {
  readonly code = 'FAQ_VERSION_CONFLICT';
}
/** Not a FAQ list, or one in a format the editor does not write back (spreadsheets). */
export class FaqNotEditable extends DomainError {
  readonly code = 'FAQ_NOT_EDITABLE';
}
export class FaqEntryNotFound extends DomainError {
  readonly code = 'FAQ_ENTRY_NOT_FOUND';
}
// Tenants and API keys (issue 8)
export class Unauthenticated extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}
export class Forbidden extends DomainError {
  readonly code = 'FORBIDDEN';
}
export class OriginNotAllowed extends DomainError {
  readonly code = 'ORIGIN_NOT_ALLOWED';
}
export class ApiKeyNotFound extends DomainError {
  readonly code = 'API_KEY_NOT_FOUND';
}
export class TenantNotFound extends DomainError {
  readonly code = 'TENANT_NOT_FOUND';
}
export class TenantExists extends DomainError {
  readonly code = 'TENANT_EXISTS';
}
