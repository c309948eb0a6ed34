import { asDockbookError } from '../errors.js';
import type { ApiResult } from './http-types.js';

/** Docker's HTTP statuses for engine errors: 404 makes a client pull, 409 is a conflict, 400 a bad request. */
const STATUS: Record<string, number> = {
  E_NO_SUCH_CONTAINER: 404, E_NO_SUCH_IMAGE: 404, E_NOT_FOUND: 404, E_IMAGE_NOT_FOUND: 404, E_NETWORK_NOT_FOUND: 404,
  E_NAME_CONFLICT: 409, E_CONFLICT: 409, E_NOT_RUNNING: 409, E_CONTAINER_STATE: 409,
  E_INVALID_ARGUMENT: 400, E_USAGE: 400, E_INVALID_REFERENCE: 400, E_INVALID_CONFIG: 400, E_BAD_JSON: 400, E_AMBIGUOUS: 400,
  E_INVALID_PORT_SPEC: 400, E_SUBNET_OVERLAP: 403, E_IMAGE_IN_USE: 409, E_IMAGE_CONFLICT: 409,
  // dockerd answers a container that cannot start its program with 400 (a client error), which the CLI maps to 126/127.
  E_EXEC: 400,
  E_NOT_IMPLEMENTED: 501,
  // Networks, with dockerd's statuses: in use and pre-defined are 403 (Forbidden), a name taken 409.
  E_NETWORK_IN_USE: 403, E_NETWORK_PREDEFINED: 403, E_NETWORK_EXISTS: 409, E_NETWORK_DRIVER: 404, E_NETWORK_CONNECTED: 403,
  E_NETWORK_NOT_CONNECTED: 403, E_INVALID_SUBNET: 400, E_INVALID_GATEWAY: 400, E_PARENT_NOT_FOUND: 400, E_INVALID_NETWORK_MODE: 400,
};

export function errorResult(e: unknown): ApiResult {
  const err = asDockbookError(e);
  return { kind: 'json', status: STATUS[err.code] ?? 500, body: { message: err.message } };
}
