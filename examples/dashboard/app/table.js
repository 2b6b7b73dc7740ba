/**
 * The sessions table: one row per session, with the dandisets and datasets its download links
 * point at. Cells of the deferred EEGDash part say "loading" until it arrives and "unavailable"
 * when EEGDash failed for that session (the notice above the table says why).
 */
import { datasetsArrived } from "./summaries.js";
function cell(...children) {
    const td = document.createElement('td');
    td.append(...children);
    return td;
}
function span(className, text) {
    const s = document.createElement('span');
    s.className = className;
    s.textContent = text;
    return s;
}
function dandisetItem(d) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = d.url;
    a.textContent = d.identifier;
    a.rel = 'noopener';
    li.append(a);
    const version = d.draftVersion;
    if (version) {
        const species = version.assetsSummary?.species.map((s) => (s.name ?? '').split(' - ')[0]).join(', ');
        li.append(` ${version.name}`);
        if (species)
            li.append(' ', span('meta', `${species} · ${version.assetsSummary?.numberOfSubjects ?? '?'} subjects`));
    }
    else {
        li.append(' ', span('missing', 'details unavailable'));
    }
    return li;
}
function datasetItem(d) {
    const li = document.createElement('li');
    li.append(span('id', d.datasetId), ` ${d.name ?? ''} `, span('meta', `${d.recordCount ?? '?'} recordings`));
    return li;
}
function list(items, render) {
    if (items.length === 0)
        return span('none', '—');
    const ul = document.createElement('ul');
    ul.append(...items.map(render));
    return ul;
}
function datasetsCell(session) {
    if (!datasetsArrived(session))
        return cell(span('pending', 'loading…'));
    const datasets = 'datasets' in session ? session.datasets : undefined;
    if (datasets === null || datasets === undefined)
        return cell(span('missing', 'EEGDash unavailable'));
    return cell(list(datasets, datasetItem));
}
/** Replaces the body's rows with one per session. */
export function renderRows(tbody, sessions) {
    const rows = sessions.map((s) => {
        const tr = document.createElement('tr');
        tr.dataset.session = s.name;
        const date = s.dateTime ? new Date(s.dateTime).toISOString().slice(0, 10) : '';
        const projects = (s.projects ?? []).map((p) => p.name).join(', ');
        const dandisets = s.dandisets === null ? cell(span('missing', 'DANDI unavailable')) : cell(list(s.dandisets, dandisetItem));
        tr.append(cell(s.name), cell(date), cell(projects), dandisets, datasetsCell(s));
        return tr;
    });
    tbody.replaceChildren(...rows);
}
