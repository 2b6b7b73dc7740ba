export const ARCHIVE_NAMES = {
    brainstem: 'BrainSTEM',
    dandi: 'DANDI Archive',
    eegdash: 'EEGDash',
};
/** What of this page each archive provides, for the notices' wording. */
const PROVIDES = {
    brainstem: 'the sessions',
    dandi: 'the dandisets and the species chart',
    eegdash: 'the datasets and the sampling-rate chart',
};
const isArchive = (a) => a === 'brainstem' || a === 'dandi' || a === 'eegdash';
/** The notices for one result: failures first, then stale answers, each archive in a fixed order. */
export function noticesFor(errors, extensions) {
    const failed = new Map();
    for (const error of errors) {
        const archive = isArchive(error.extensions?.archive) ? error.extensions.archive : 'gateway';
        const entry = failed.get(archive) ?? { codes: new Set(), count: 0, message: error.message };
        entry.codes.add(error.extensions?.code ?? 'ERROR');
        entry.count += 1;
        failed.set(archive, entry);
    }
    const stale = new Map();
    const notes = Array.isArray(extensions.staleData) ? extensions.staleData : [];
    for (const note of notes) {
        if (!isArchive(note.archive))
            continue;
        const entry = stale.get(note.archive) ?? { codes: new Set(), ageSeconds: 0 };
        entry.codes.add(note.reason);
        entry.ageSeconds = Math.max(entry.ageSeconds, note.ageSeconds);
        stale.set(note.archive, entry);
    }
    const notices = [];
    for (const archive of ['brainstem', 'dandi', 'eegdash', 'gateway']) {
        const f = failed.get(archive);
        if (!f)
            continue;
        const codes = [...f.codes];
        const text = archive === 'gateway'
            ? `The request failed (${codes.join(', ')}): ${f.message}`
            : `${ARCHIVE_NAMES[archive]} could not answer (${codes.join(', ')}): ${PROVIDES[archive]} ${f.count === 1 ? 'are missing in one place' : `are missing in ${f.count} places`}. Everything else on the page is current.`;
        notices.push({ archive, kind: 'failed', codes, count: f.count, text });
    }
    for (const archive of ['brainstem', 'dandi', 'eegdash']) {
        const s = stale.get(archive);
        if (!s)
            continue;
        const codes = [...s.codes];
        const text = `${ARCHIVE_NAMES[archive]} could not answer (${codes.join(', ')}): ${PROVIDES[archive]} are shown as the gateway last saw them, ${age(s.ageSeconds)} ago.`;
        notices.push({ archive, kind: 'stale', codes, count: s.ageSeconds, text });
    }
    return notices;
}
function age(seconds) {
    if (seconds < 90)
        return `${Math.round(seconds)} s`;
    if (seconds < 90 * 60)
        return `${Math.round(seconds / 60)} min`;
    return `${Math.round(seconds / 3600)} h`;
}
