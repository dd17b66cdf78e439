// Every error leaves as { error: { code, message } } with a 4xx/5xx status; never a stack or a secret.
import type { FastifyError, FastifyInstance } from 'fastify';
import { type ErrorCode, HttpError } from '../errors';
import type { ErrorReply } from '../schemas';
import { noteLog } from './request-log';

/** fastify's own 4xx errors that we answer with a fixed message of ours. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', message: 'Request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed_json', message: 'Request body is empty but content-type is JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body_too_large', message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_request', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'Send the body as application/json',
  },
};

function reply(code: string, message: string): ErrorReply {
  return { error: { code, message } };
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, request, res) => {
    if (err instanceof HttpError) {
      noteLog(request, { errCode: err.code });
      return res.status(err.statusCode).headers(err.headers).send(reply(err.code, err.message));
    }
    if (err.validation) {
      // ajv messages name the field and the rule, never the submitted value.
      return res.status(400).send(reply('invalid_request', err.message));
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (known) return res.status(status >= 400 && status < 500 ? status : 400).send(reply(known.code, known.message));
    // JSON syntax errors thrown by the parser itself (e.g. prototype poisoning) carry statusCode 400.
    if (err.name === 'SyntaxError' && status === 400) {
      return res.status(400).send(reply('malformed_json', 'Request body is not valid JSON'));
    }
    if (status >= 400 && status < 500) return res.status(status).send(reply('invalid_request', 'Bad request'));
    request.log.error({ err }, 'unhandled error');
    return res.status(500).send(reply('internal_error', 'Internal server error'));
  });
}
