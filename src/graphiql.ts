/** The query GraphiQL opens with: one request that crosses all three archives. */
export const DEFAULT_QUERY = `# One GraphQL request across BrainSTEM, DANDI and EEGDash. Press ▶.
# The response's extensions.cost shows the upstream requests it took.

query SessionsAndTheirData {
  sessions(first: 5, portal: PUBLIC) {
    totalCount
    edges {
      node {
        name
        projects { name }
        downloadLinks {
          url
          target { __typename }
        }
        dandisets {
          identifier
          draftVersion {
            name
            assetsSummary { species { name } numberOfSubjects }
            assets(first: 3) { edges { node { path size } } }
          }
        }
        datasets {
          datasetId
          name
          records(first: 3) { edges { node { dataName samplingFrequency nchans } } }
        }
      }
    }
  }
}
`;
