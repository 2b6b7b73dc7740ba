/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query DashboardSessions($first: Int, $after: String, $last: Int, $before: String) {\n  sessions(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    portal: PUBLIC\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        dateTime\n        projects {\n          name\n        }\n        dandisets {\n          identifier\n          url\n          draftVersion {\n            name\n            assetsSummary {\n              numberOfSubjects\n              species {\n                name\n              }\n            }\n          }\n        }\n        ...SessionDatasets @defer(label: \"eegdash\")\n      }\n    }\n  }\n}\n\nfragment SessionDatasets on Session {\n  datasets {\n    datasetId\n    name\n    recordCount\n    samplingRates {\n      value\n      count\n    }\n  }\n}": typeof types.DashboardSessionsDocument,
};
const documents: Documents = {
    "query DashboardSessions($first: Int, $after: String, $last: Int, $before: String) {\n  sessions(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    portal: PUBLIC\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        dateTime\n        projects {\n          name\n        }\n        dandisets {\n          identifier\n          url\n          draftVersion {\n            name\n            assetsSummary {\n              numberOfSubjects\n              species {\n                name\n              }\n            }\n          }\n        }\n        ...SessionDatasets @defer(label: \"eegdash\")\n      }\n    }\n  }\n}\n\nfragment SessionDatasets on Session {\n  datasets {\n    datasetId\n    name\n    recordCount\n    samplingRates {\n      value\n      count\n    }\n  }\n}": types.DashboardSessionsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardSessions($first: Int, $after: String, $last: Int, $before: String) {\n  sessions(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    portal: PUBLIC\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      node {\n        id\n        name\n        dateTime\n        projects {\n          name\n        }\n        dandisets {\n          identifier\n          url\n          draftVersion {\n            name\n            assetsSummary {\n              numberOfSubjects\n              species {\n                name\n              }\n            }\n          }\n        }\n        ...SessionDatasets @defer(label: \"eegdash\")\n      }\n    }\n  }\n}\n\nfragment SessionDatasets on Session {\n  datasets {\n    datasetId\n    name\n    recordCount\n    samplingRates {\n      value\n      count\n    }\n  }\n}"): typeof import('./graphql.js').DashboardSessionsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
