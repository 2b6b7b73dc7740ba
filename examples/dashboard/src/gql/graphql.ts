/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type DashboardSessionsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type DashboardSessionsQuery = { sessions: { totalCount: number | null, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, dateTime: string | null, projects: Array<{ name: string }> | null, dandisets: Array<{ identifier: string, url: string, draftVersion: { name: string, assetsSummary: { numberOfSubjects: number | null, species: Array<{ name: string | null }> } | null } | null }> | null } & ({ datasets: Array<{ datasetId: string, name: string | null, recordCount: number | null, samplingRates: Array<{ value: number, count: number }> | null }> | null } | { datasets?: never }) }> } | null };

export type SessionDatasetsFragment = { datasets: Array<{ datasetId: string, name: string | null, recordCount: number | null, samplingRates: Array<{ value: number, count: number }> | null }> | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
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
    `, {"fragmentName":"SessionDatasets"}) as unknown as TypedDocumentString<SessionDatasetsFragment, unknown>;
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
}`, {"hash":"sha256:eb1078b23bf0e1c7d111bba7c86299156ca7ada2ab14be56bdbbb82523fbfe3e","deferredFields":{"SessionDatasets":["datasets"]}}) as unknown as TypedDocumentString<DashboardSessionsQuery, DashboardSessionsQueryVariables>;