export class TypedDocumentString extends String {
    __apiType;
    value;
    __meta__;
    constructor(value, __meta__) {
        super(value);
        this.value = value;
        this.__meta__ = __meta__;
    }
    toString() {
        return this.value;
    }
}
export const SessionDatasetsFragmentDoc = new TypedDocumentString(`
    fragment SessionDatasets on Session {
  datasets {
    datasetId
    name
    recordCount
    samplingRates {
      value
      count
    }
  }
}
    `, { "fragmentName": "SessionDatasets" });
export const DashboardSessionsDocument = new TypedDocumentString(`
    query DashboardSessions($first: Int, $after: String, $last: Int, $before: String) {
  sessions(
    first: $first
    after: $after
    last: $last
    before: $before
    portal: PUBLIC
  ) {
    totalCount
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
    edges {
      node {
        id
        name
        dateTime
        projects {
          name
        }
        dandisets {
          identifier
          url
          draftVersion {
            name
            assetsSummary {
              numberOfSubjects
              species {
                name
              }
            }
          }
        }
        ...SessionDatasets @defer(label: "eegdash")
      }
    }
  }
}
    fragment SessionDatasets on Session {
  datasets {
    datasetId
    name
    recordCount
    samplingRates {
      value
      count
    }
  }
}`, { "hash": "sha256:eb1078b23bf0e1c7d111bba7c86299156ca7ada2ab14be56bdbbb82523fbfe3e", "deferredFields": { "SessionDatasets": ["datasets"] } });
