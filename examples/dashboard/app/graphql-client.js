/** Plain results as JSON, incremental ones as multipart; application/graphql-response+json gives real 4xx statuses. */
const ACCEPT = 'multipart/mixed, application/graphql-response+json, application/json;q=0.9';
/** Unknown to the server, learnt from its first refusal: then every request sends the text. */
let serverLacksDocuments = false;
/**
 * Runs `document` and yields the merged result after each part of the response (once for a
 * plain result). Aborting `signal` stops reading. Network failures and non-GraphQL answers
 * become one error with `extensions.code` `NETWORK_ERROR` or `BAD_RESPONSE`.
 */
export async function* execute(endpoint, document, variables, signal) {
    const hash = document.__meta__?.hash;
    let sentAs = hash && !serverLacksDocuments ? 'documentId' : 'query';
    let response = await post(endpoint, sentAs === 'documentId' ? { documentId: hash, variables } : { query: String(document), variables }, signal);
    if (sentAs === 'documentId' && (await refusesDocumentId(response))) {
        serverLacksDocuments = true;
        sentAs = 'query';
        response = await post(endpoint, { query: String(document), variables }, signal);
    }
    if ('error' in response) {
        yield { data: undefined, errors: [response.error], extensions: {}, hasNext: false, sentAs };
        return;
    }
    const result = { data: undefined, errors: [], extensions: {}, hasNext: false, sentAs };
    for await (const part of parts(response.response)) {
        merge(result, part);
        yield result;
    }
}
async function post(endpoint, body, signal) {
    try {
        const response = await fetch(endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: ACCEPT },
            body: JSON.stringify(body),
            signal: signal ?? null,
        });
        return { response };
    }
    catch (error) {
        if (signal?.aborted)
            throw error;
        return {
            error: { message: `The gateway could not be reached: ${String(error)}`, extensions: { code: 'NETWORK_ERROR' } },
        };
    }
}
/**
 * Whether the server refused the request as a whole because of the hash: it has no such
 * document (no manifest, or another one) or does not take `documentId` at all. Reads the body
 * of a refusal only (a clone: the caller may still need it).
 */
async function refusesDocumentId(sent) {
    if ('error' in sent || sent.response.ok)
        return false;
    const body = (await sent.response
        .clone()
        .json()
        .catch(() => undefined));
    if (!body || body.data !== undefined)
        return false;
    return (body.errors ?? []).some((e) => /PERSISTED|DOCUMENT/i.test(e.extensions?.code ?? '') || /documentId|persisted|query string/i.test(e.message));
}
/** The parts of a response: each part of a multipart body, or the one JSON body. */
async function* parts(response) {
    const type = response.headers.get('content-type') ?? '';
    const boundary = /^multipart\/mixed\b.*?\bboundary="?([^";]+)"?/i.exec(type)?.[1];
    if (boundary === undefined || response.body === null) {
        const text = await response.text();
        try {
            yield JSON.parse(text);
        }
        catch {
            yield {
                errors: [
                    {
                        message: `The gateway answered ${response.status} with no GraphQL result.`,
                        extensions: { code: 'BAD_RESPONSE' },
                    },
                ],
            };
        }
        return;
    }
    // Parts are separated by CRLF "--boundary"; the last delimiter has "--" after it. JSON never
    // holds a raw CRLF, so splitting the text on the delimiter is safe.
    const delimiter = `\r\n--${boundary}`;
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    let buffer = '\r\n'; // the first delimiter may come without its CRLF
    try {
        for (;;) {
            const { done, value } = await reader.read();
            if (done)
                return;
            buffer += decoder.decode(value, { stream: true });
            let at = buffer.indexOf(delimiter);
            while (at !== -1) {
                const next = buffer.indexOf(delimiter, at + delimiter.length);
                if (next === -1) {
                    if (buffer.startsWith('--', at + delimiter.length))
                        return; // the closing delimiter
                    break;
                }
                const part = buffer.slice(at + delimiter.length, next);
                buffer = buffer.slice(next);
                at = 0;
                const bodyAt = part.indexOf('\r\n\r\n');
                if (bodyAt !== -1 && part.slice(bodyAt + 4).trim() !== '')
                    yield JSON.parse(part.slice(bodyAt + 4));
            }
        }
    }
    finally {
        reader.releaseLock();
    }
}
/** Adds one part to the result: the initial data, or deferred data at its path. */
function merge(result, part) {
    if ('data' in part)
        result.data = part.data;
    if (part.errors)
        result.errors.push(...part.errors);
    if (part.extensions)
        result.extensions = mergeExtensions(result.extensions, part.extensions);
    result.hasNext = part.hasNext === true;
    for (const increment of part.incremental ?? []) {
        if (increment.errors)
            result.errors.push(...increment.errors);
        const target = at(result.data, increment.path);
        if (increment.data && target && typeof target === 'object')
            Object.assign(target, increment.data);
        if (increment.items && Array.isArray(target))
            target.push(...increment.items);
    }
}
/** Lists (such as `staleData`) add up across parts; anything else is replaced by the later part. */
function mergeExtensions(before, after) {
    const merged = { ...before };
    for (const [key, value] of Object.entries(after)) {
        const old = merged[key];
        merged[key] = Array.isArray(old) && Array.isArray(value) ? [...old, ...value] : value;
    }
    return merged;
}
function at(data, path) {
    let node = data;
    for (const key of path) {
        if (node === null || typeof node !== 'object')
            return undefined;
        node = node[key];
    }
    return node;
}
