/**
 * `RelatedResource`: an entry of a DANDI metadata document's `relatedResource` (a paper, a
 * preprint, another dandiset, an OpenNeuro dataset, ...). Its URL resolves like a BrainSTEM
 * download link (resolvers/links.ts): to a Dandiset, Version, Asset, EEGDash Dataset or an
 * ExternalLink, without a request until the target's own fields are read.
 */
import { partType, readText } from '../document.ts';
import { LinkTargetUnion, linkTargetOf } from '../links.ts';

export const RelatedResourceType = partType(
  'RelatedResource',
  'A resource related to a dandiset or asset (dandischema `Resource`): a publication, a dataset, software, ...',
  (doc, t) => ({
    identifier: doc.text('identifier', 'Identifier, e.g. "doi:10.1101/2020.02.03.929158" or "DANDI:000027".'),
    name: doc.text('name', 'Title of the resource.'),
    url: doc.text('url', 'Where the resource is.'),
    repository: doc.text('repository', 'The repository that holds it, e.g. "OpenNeuro", "Open Science Framework".'),
    relation: doc.text('relation', 'How it relates (DataCite), e.g. "dcite:IsDescribedBy", "dcite:IsDerivedFrom".'),
    resourceType: doc.text(
      'resourceType',
      'Kind of resource (DataCite), e.g. "dcite:JournalArticle", "dcite:Dataset".',
    ),
    target: t.field({
      type: LinkTargetUnion,
      nullable: true,
      description:
        'What its URL (else its identifier) points at: a DANDI dandiset, version or asset, an EEGDash dataset (OpenNeuro or NEMAR), or an ExternalLink; null when it has neither. Costs nothing until its fields are read.',
      resolve: (r, _, ctx) => {
        const url = readText(r.url) ?? readText(r.identifier);
        return url ? linkTargetOf(ctx, url, readText(r.repository) ?? '') : null;
      },
    }),
  }),
);
