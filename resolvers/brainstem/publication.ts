/**
 * `Publication` and the `Journal` it appeared in (BrainSTEM's dissemination app); projects list
 * their publications.
 */
import { brainstemNode, optText, text, toOne } from './fields.ts';
import { filterInput, namedFilter, nameSort, relationFilter, sortEnum } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { JournalType, PublicationType } from './refs.ts';

brainstemNode(PublicationType, 'publication', 'A publication, as projects cite it.', (t) => ({
  title: text(t, 'title', 'Title.'),
  authors: text(t, 'authors', 'Authors, as one string.'),
  journal: toOne(t, JournalType, 'journal', 'journal', 'Where it appeared.'),
  abstract: optText(t, 'abstract', 'Abstract (HTML rich text).'),
  doi: optText(t, 'doi', 'DOI, e.g. "10.1038/s41586-019-1234-5".'),
  publicationUrl: optText(t, 'publication_url', 'Web page of the publication.'),
  pdfUrl: optText(t, 'pdf_url', 'URL of a PDF.'),
  publicationDate: optText(t, 'publication_date', 'Publication date, YYYY-MM-DD.'),
}));

brainstemNode(JournalType, 'journal', 'A journal publications appear in.', (t) => ({
  name: text(t, 'name', 'Name.'),
  description: optText(t, 'description', 'Description.'),
  website: optText(t, 'website', 'Web page.'),
}));

brainstemRootFields({
  model: 'publication',
  type: PublicationType,
  typeName: 'Publication',
  one: 'publication',
  many: 'publications',
  noun: 'publications',
  filter: filterInput('PublicationFilter', 'Conditions on publications.', {
    titleContains: {
      type: 'String',
      key: 'title.icontains',
      description: 'Title contains this text (case-insensitive).',
    },
    doi: { type: 'String', key: 'doi.iexact', description: 'Exactly this DOI (case-insensitive).' },
    journal: relationFilter('journal.id', 'In this journal (BrainSTEM id).'),
  }),
  sort: sortEnum('PublicationSort', 'publications', {
    TITLE: ['title', 'title'],
    PUBLICATION_DATE: ['publication_date', 'publication date'],
  }),
  includes: { journal: { relation: 'journal', model: 'journal' } },
});
brainstemRootFields({
  model: 'journal',
  type: JournalType,
  typeName: 'Journal',
  one: 'journal',
  many: 'journals',
  noun: 'journals',
  filter: namedFilter,
  sort: nameSort,
});
