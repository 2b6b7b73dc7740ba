/**
 * `Publication` and the `Journal` it appeared in (BrainSTEM's dissemination app); projects list
 * their publications.
 */
import { brainstemNode } from './fields.ts';
import { namedFilter, nameSort, relationCondition, textCondition } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { JournalType, PublicationType } from './refs.ts';

brainstemNode(PublicationType, 'A publication, as projects cite it.', (_, doc, rel) => ({
  title: doc.requiredText('title', 'Title.'),
  authors: doc.requiredText('authors', 'Authors, as one string.'),
  journal: rel.toOne(JournalType, 'journal', 'Where it appeared.'),
  abstract: doc.text('abstract', 'Abstract (HTML rich text).'),
  doi: doc.text('doi', 'DOI, e.g. "10.1038/s41586-019-1234-5".'),
  publicationUrl: doc.text('publication_url', 'Web page of the publication.'),
  pdfUrl: doc.text('pdf_url', 'URL of a PDF.'),
  publicationDate: doc.text('publication_date', 'Publication date, YYYY-MM-DD.'),
}));

brainstemNode(JournalType, 'A journal publications appear in.', (_, doc) => ({
  name: doc.requiredText('name', 'Name.'),
  description: doc.text('description', 'Description.'),
  website: doc.text('website', 'Web page.'),
}));

brainstemRootFields(PublicationType, {
  filter: {
    titleContains: textCondition('title', 'Title contains this text (case-insensitive).', 'icontains'),
    doi: textCondition('doi', 'Exactly this DOI (case-insensitive).', 'iexact'),
    journal: relationCondition('journal.id', 'In this journal (BrainSTEM id).'),
  },
  sort: {
    TITLE: ['title', 'title'],
    PUBLICATION_DATE: ['publication_date', 'publication date'],
  },
  includes: ['journal'],
});
brainstemRootFields(JournalType, {
  filter: namedFilter,
  sort: nameSort,
});
