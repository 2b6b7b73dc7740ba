/**
 * The dashboard: a page of public BrainSTEM sessions with their DANDI dandisets and EEGDash
 * datasets, two charts, cursor paging, and a notice per archive that could not answer. One
 * GraphQL request per page; its EEGDash part is deferred, so the table shows as soon as
 * BrainSTEM and DANDI have answered and the EEGDash cells fill in when their part arrives.
 *
 * The page keeps its state in `<main data-state data-deferred>` (loading, deferring — the first
 * part is shown, the EEGDash part is on its way —, then ready, partial or failed; pending, done)
 * so tests and the curious can see where it is.
 */
import { barChart } from "./charts.js";
import { DashboardSessionsDocument, } from "./gql/graphql.js";
import { execute } from "./graphql-client.js";
import { noticesFor } from "./notices.js";
import { datasetsArrived, samplingRateBars, speciesBars } from "./summaries.js";
import { renderRows } from "./table.js";
/** Same origin by default; another gateway is one `<meta name="graphql-endpoint">` away. */
const ENDPOINT = document.querySelector('meta[name="graphql-endpoint"]')?.content || '/graphql';
function required(selector) {
    const found = document.querySelector(selector);
    if (!found)
        throw new Error(`index.html has no ${selector}`);
    return found;
}
const main = required('main');
const notices = required('#notices');
const tbody = required('#sessions tbody');
const speciesChart = required('#species-chart');
const ratesChart = required('#rates-chart');
const range = required('#range');
const previous = required('#previous');
const next = required('#next');
const pageSize = required('#page-size');
const footer = required('#request-info');
/** Where we are: the variables of the page shown, its index, and its cursors for the buttons. */
let page = 0;
let cursors = { start: null, end: null };
let inFlight;
async function load(variables) {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    main.dataset.state = 'loading';
    main.dataset.deferred = 'pending';
    previous.disabled = true;
    next.disabled = true;
    const started = performance.now();
    try {
        for await (const result of execute(ENDPOINT, DashboardSessionsDocument, variables, controller.signal)) {
            if (controller.signal.aborted)
                return;
            render(result, performance.now() - started);
        }
    }
    catch (error) {
        if (controller.signal.aborted)
            return;
        render({
            data: undefined,
            errors: [{ message: String(error), extensions: { code: 'BAD_RESPONSE' } }],
            extensions: {},
            hasNext: false,
            sentAs: 'query',
        }, performance.now() - started);
    }
}
function render(result, ms) {
    const connection = result.data?.sessions ?? null;
    const sessions = connection?.edges.map((e) => e.node) ?? [];
    const deferredDone = !result.hasNext;
    const shown = noticesFor(result.errors, result.extensions);
    notices.replaceChildren(...shown.map((n) => {
        const p = document.createElement('p');
        p.className = `notice ${n.kind}`;
        p.dataset.archiveNotice = n.archive;
        p.dataset.kind = n.kind;
        p.dataset.codes = n.codes.join(' ');
        p.setAttribute('role', n.kind === 'failed' ? 'alert' : 'status');
        p.textContent = n.text;
        return p;
    }));
    renderRows(tbody, sessions);
    speciesChart.replaceChildren(barChart('species', 'Linked dandisets per species', speciesBars(sessions), connection ? 'No dandisets linked from this page' : 'No sessions'));
    const ratesPending = sessions.some((s) => !datasetsArrived(s));
    const eegdashFailed = sessions.some((s) => 'datasets' in s && s.datasets === null);
    ratesChart.replaceChildren(barChart('sampling-rates', 'EEGDash recordings per sampling rate', samplingRateBars(sessions), ratesPending
        ? 'Waiting for EEGDash…'
        : eegdashFailed
            ? 'EEGDash unavailable'
            : 'No datasets linked from this page'));
    const size = Number(pageSize.value);
    const first = page * size + 1;
    range.textContent = connection
        ? `Sessions ${sessions.length ? first : 0}–${first + sessions.length - 1} of ${connection.totalCount ?? '?'}`
        : 'No sessions';
    cursors = { start: connection?.pageInfo.startCursor ?? null, end: connection?.pageInfo.endCursor ?? null };
    previous.disabled = !connection?.pageInfo.hasPreviousPage;
    next.disabled = !connection?.pageInfo.hasNextPage;
    const cost = result.extensions.cost;
    const requests = Object.entries(cost?.archives ?? {})
        .map(([archive, c]) => `${archive} ${c.requests ?? 0}`)
        .join(', ');
    footer.textContent = `Sent by ${result.sentAs === 'documentId' ? 'documentId (trusted document)' : 'query text'}; ${deferredDone ? 'complete' : 'first part'} after ${Math.round(ms)} ms${requests ? `; upstream requests: ${requests}` : ''}.`;
    main.dataset.deferred = deferredDone ? 'done' : 'pending';
    main.dataset.state = !deferredDone
        ? 'deferring'
        : !connection
            ? 'failed'
            : shown.some((n) => n.kind === 'failed')
                ? 'partial'
                : 'ready';
}
previous.addEventListener('click', () => {
    page = Math.max(0, page - 1);
    void load({ last: Number(pageSize.value), before: cursors.start });
});
next.addEventListener('click', () => {
    page += 1;
    void load({ first: Number(pageSize.value), after: cursors.end });
});
pageSize.addEventListener('change', () => {
    page = 0;
    void load({ first: Number(pageSize.value) });
});
void load({ first: Number(pageSize.value) });
