import { ApiError } from './api-error.js';

/**
 * The URL of a request-target as Node hands it over: origin-form (`/path?query`, where `//` is
 * a path, not a host) or absolute-form (`http://host/path`). Anything else, or an absolute-form
 * target that does not parse (`http://a:99999/`, `http://%zz/`), is a 400.
 */
export function parseRequestTarget(target: string | undefined): URL {
  const raw = target ?? '';
  try {
    if (raw.startsWith('/')) return new URL(`http://localhost${raw}`);
    if (/^https?:\/\//i.test(raw)) return new URL(raw);
  } catch {
    // Reported below, like any other target that is not a URL.
  }
  throw new ApiError(
    400,
    `The request-target ${JSON.stringify(raw.slice(0, 80))} is invalid: expected a path such as /v1/completions`,
    'invalid_request_error',
    null,
    'invalid_request_target',
  );
}

/** A percent-encoded path segment decoded, or a 400 naming it when its encoding is malformed. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(
      400,
      `The path segment ${JSON.stringify(segment.slice(0, 80))} has a malformed percent-encoding`,
      'invalid_request_error',
      null,
      'invalid_request_target',
    );
  }
}
