/** The query GraphiQL opens with: one request that crosses all three archives. */
export const DEFAULT_QUERY = `# One GraphQL request across BrainSTEM, DANDI and EEGDash. Press ▶.
# The response's extensions.cost shows the upstream requests it took
# (in the demo, these ten sessions link to dandisets and to EEGDash datasets).

query SessionsAndTheirData {
  sessions(first: 10, portal: PUBLIC) {
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
