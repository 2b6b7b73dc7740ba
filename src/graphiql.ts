/** The query GraphiQL opens with: something real to run, and a tour of the schema's shape. */
export const DEFAULT_QUERY = `# Neuroarchive Gateway: one GraphQL endpoint over DANDI, EEGDash and BrainSTEM.
# Press ▶ to run. The Docs panel (top left) describes every type, field and argument.

query MouseEphys {
  dandisets(search: "species:mouse", first: 5, orderBy: MODIFIED_DESC) {
    totalCount
    edges {
      node {
        identifier
        url
        draftVersion {
          name
          assetCount
          size
          assetsSummary {
            numberOfSubjects
            species { name }
            approaches { name }
          }
          assets(first: 3, orderBy: PATH) {
            totalCount
            edges { node { path size encodingFormat subjects { identifier sex { name } age } } }
          }
        }
      }
    }
  }
}
`;
