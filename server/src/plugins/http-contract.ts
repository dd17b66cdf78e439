// The parts of the error contract fastify does not route through setErrorHandler: Node's own parser
// errors and timeouts (clientError), bad URLs (frameworkErrors), wrong methods, and requests that
// arrive while the server drains. All answer { error: { code, message } } and echo nothing sent.
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors';

const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'Request was not received in time' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'Request headers are too large' },
};
const BAD_REQUEST = { status: 400, code: 'invalid_request', message: 'Malformed HTTP request' };
const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** fastify's clientErrorHandler: Node could not parse a request (or it timed out); there is no request object. */
export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const e = (err.code !== undefined ? CLIENT_ERRORS[err.code] : undefined) ?? BAD_REQUEST;
  // Only our fixed code: the parser's message can quote the bytes the client sent.
  this.log.info({ clientError: e.code, status: e.status }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ error: { code: e.code, message: e.message } });
    socket.write(
      `HTTP/1.1 ${e.status} ${REASONS[e.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** fastify's frameworkErrors: FST_ERR_BAD_URL and friends; its default answer quotes the URL. */
export function frameworkErrors(_err: Error, _request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(400).send({ error: { code: 'invalid_request', message: 'Malformed URL' } });
}

export function registerHttpContract(app: FastifyInstance): void {
  // path -> methods, to tell "wrong method" (405 + Allow) from "no such path" (404).
  const methodsByPath = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const set = methodsByPath.get(route.url) ?? new Set<string>();
    for (const m of Array.isArray(route.method) ? route.method : [route.method]) set.add(m);
    methodsByPath.set(route.url, set);
  });

  app.setNotFoundHandler((request, res) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = methodsByPath.get(path);
    if (allowed) {
      return res
        .status(405)
        .header('allow', [...allowed].sort().join(', '))
        .send({ error: { code: 'method_not_allowed', message: 'Method not allowed on this endpoint' } });
    }
    // The URL is not echoed: it may carry a token in its query string.
    return res.status(404).send({ error: { code: 'not_found', message: 'No such endpoint' } });
  });

  // While draining (app.close()), requests on still-open keep-alive sockets get a 503 in our shape.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (!closing) return;
    // Connection: close comes from the onSend hook below, like every answer during the drain.
    throw new HttpError(503, 'shutting_down', 'Server is shutting down; retry', { 'retry-after': '1' });
  });
  // An in-flight request that finishes during the drain must not leave a keep-alive socket behind:
  // close() only reaps sockets that were idle when it was called.
  app.addHook('onSend', async (_request, res) => {
    if (closing) res.header('connection', 'close');
  });
}
