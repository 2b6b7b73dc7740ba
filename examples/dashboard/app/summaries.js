/** Whether the deferred EEGDash part of a session has arrived (its `datasets` may still be null: failed). */
export const datasetsArrived = (session) => 'datasets' in session;
/** Each distinct item once, by key, in first-seen order. */
function distinct(lists, key) {
    const seen = new Map();
    for (const list of lists)
        for (const item of list ?? [])
            if (!seen.has(key(item)))
                seen.set(key(item), item);
    return [...seen.values()];
}
/** Dandisets per species (a dandiset with two species counts for both), most first. */
export function speciesBars(sessions) {
    const dandisets = distinct(sessions.map((s) => s.dandisets), (d) => d.identifier);
    const bySpecies = new Map();
    for (const d of dandisets) {
        const summary = d.draftVersion?.assetsSummary;
        for (const species of summary?.species ?? []) {
            const name = species.name ?? 'unnamed';
            const entry = bySpecies.get(name) ?? { dandisets: [], subjects: 0 };
            entry.dandisets.push(d.identifier);
            entry.subjects += summary?.numberOfSubjects ?? 0;
            bySpecies.set(name, entry);
        }
    }
    return [...bySpecies.entries()]
        .map(([name, e]) => ({
        // DANDI names species "Mus musculus - House mouse": the chart shows the Latin name.
        label: name.split(' - ')[0] ?? name,
        value: e.dandisets.length,
        hint: `${name}: ${e.dandisets.length} dandiset(s) (${e.dandisets.join(', ')}), ${e.subjects} subjects`,
    }))
        .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
}
/** EEGDash recordings per sampling rate over the distinct linked datasets, lowest rate first. */
export function samplingRateBars(sessions) {
    const datasets = distinct(sessions.map((s) => ('datasets' in s ? s.datasets : undefined)), (d) => d.datasetId);
    const byRate = new Map();
    for (const d of datasets) {
        for (const rate of d.samplingRates ?? []) {
            const entry = byRate.get(rate.value) ?? { count: 0, datasets: [] };
            entry.count += rate.count;
            entry.datasets.push(d.datasetId);
            byRate.set(rate.value, entry);
        }
    }
    return [...byRate.entries()]
        .sort(([a], [b]) => a - b)
        .map(([hz, e]) => ({
        label: `${hz} Hz`,
        value: e.count,
        hint: `${hz} Hz: ${e.count} recordings in ${e.datasets.join(', ')}`,
    }));
}
