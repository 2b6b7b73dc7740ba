/**
 * Demand control: every operation's upstream cost is estimated before it executes, and one over
 * `MAX_OPERATION_COST` is refused (BAD_USER_INPUT, `extensions.cost` and `maximumCost`) with
 * nothing sent. Introspection has its own cap: two full introspection queries' worth of values
 * (graphql-js already refuses `fields` nested three deep; this bounds breadth, e.g. aliases).
 *
 * Why a walk of our own and not a library: graphql-armor's `costLimit` multiplies only by a
 * literal `first`/`last` (a `$first` variable, `limit`, `ids` and absent defaults count as 1),
 * knows nothing of which fields fetch, and zeroes all of `__schema`; `@pothos/plugin-complexity`
 * is not installed and prices fields only through a `complexity` option on each field definition
 * in resolvers/. This walk reads the schema instead (the README's rule: every field an archive
 * answers is nullable) and the arguments after variable coercion. It runs in `onExecute`, not as
 * a validation rule, because Yoga caches validation per document: variables would be ignored.
 *
 * The estimate, an upper bound that ignores DataLoader batching and deduplication:
 *   cost(field) = fetches + size × cost(selection)
 * where `fetches` is 1 for a root field (`nodes`: one per id), a nullable list, connection or
 * argument-taking field, an entity reached through another, and `totalCount`; 0 for what
 * arrives with its parent (non-null fields, embedded objects such as an asset's subjects).
 * `size` is `first`/`last`/`limit` (defaults: 20, Zarr entries 100), the number of `ids`, and 20
 * for an unpaged list. Lists are capped at one upstream page, so a page costs one fetch.
 * Mutations cost one fetch per root field (a bulk write's chunks are not counted).
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { MAX_NODE_IDS } from '../builder.ts';

const DEFAULT_PAGE_SIZE = 20;
/** The largest page any list accepts (DANDI and EEGDash; BrainSTEM and `search` take 100). */
const MAX_PAGE_SIZE = 1000;
/** Pages whose default differs (resolvers/dandi/zarr-entry.ts). */
const DEFAULT_PAGE_SIZES: Record<string, number> = { ZarrEntryConnection: 100 };
/** Estimates remembered per document (one per distinct variables); then they are forgotten. */
const ESTIMATES_PER_DOCUMENT = 64;
/** An operation may introspect this many full introspection queries' worth. */
const INTROSPECTION_ALLOWANCE = 2;

export interface OperationCost {
  /** Estimated upstream requests. */
  cost: number;
  /** Estimated values an introspection resolves (0 without `__schema`/`__type`). */
  introspection: number;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Introspection list sizes of this schema, when walking `__schema`/`__type`. */
  sizes: Map<string, number> | undefined;
}

/** The estimate for one operation of `document`; undefined when execution will refuse it anyway. */
export function estimateOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  rawVariables?: Record<string, unknown> | null,
): OperationCost | undefined {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const walk: Walk = { schema, fragments, variables: coerced.coerced, sizes: undefined };
  const fields = collectFields(walk, root, [operation.selectionSet]);
  let cost = 0;
  let introspection = 0;
  for (const nodes of fields.values()) {
    const name = nodes[0]?.name.value;
    if (name === '__schema' || name === '__type') {
      const type = name === '__schema' ? schema.getType('__Schema') : schema.getType('__Type');
      if (isObjectType(type))
        introspection += 1 + selectionCost({ ...walk, sizes: introspectionSizes(schema) }, type, nodes);
    } else {
      cost += fieldCost(walk, root, nodes, undefined, true);
    }
  }
  return { cost: Math.ceil(cost), introspection: Math.ceil(introspection) };
}

/** The fields a selection runs for an object type, by response key (graphql-js collectFields). */
function collectFields(
  walk: Walk,
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  into = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): Map<string, FieldNode[]> {
  const applies = (condition: string | undefined): boolean => {
    if (condition === undefined || condition === type.name) return true;
    const t = walk.schema.getType(condition);
    return t !== undefined && isAbstractType(t) && walk.schema.isSubType(t, type);
  };
  for (const set of sets) {
    for (const s of set.selections) {
      if (!included(walk, s)) continue;
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        into.set(key, [...(into.get(key) ?? []), s]);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (applies(s.typeCondition?.name.value)) collectFields(walk, type, [s.selectionSet], into, visited);
      } else if (!visited.has(s.name.value)) {
        visited.add(s.name.value);
        const fragment = walk.fragments.get(s.name.value);
        if (fragment && applies(fragment.typeCondition.name.value)) {
          collectFields(walk, type, [fragment.selectionSet], into, visited);
        }
      }
    }
  }
  return into;
}

function included(walk: Walk, node: { directives?: FieldNode['directives'] }): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, walk.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, walk.variables)?.if !== false;
}

/** Cost of the merged sub-selections of `nodes` on `type`; `pageSize` sizes its lists. */
function selectionCost(walk: Walk, type: GraphQLObjectType, nodes: readonly FieldNode[], pageSize?: number): number {
  const sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  let cost = 0;
  for (const fieldNodes of collectFields(walk, type, sets).values()) {
    cost += fieldCost(walk, type, fieldNodes, pageSize, false);
  }
  return cost;
}

/** The most expensive object type the selection can meet (types selecting the same fields are priced once). */
function compositeCost(walk: Walk, type: GraphQLCompositeType, nodes: readonly FieldNode[], pageSize?: number) {
  if (isObjectType(type)) return selectionCost(walk, type, nodes, pageSize);
  const seen = new Set<string>();
  const sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  let most = 0;
  for (const possible of walk.schema.getPossibleTypes(type)) {
    const signature = [...collectFields(walk, possible, sets).entries()]
      .map(([key, fieldNodes]) => `${key}@${fieldNodes.map(nodeId).join(',')}`)
      .join(' ');
    if (seen.has(signature)) continue;
    seen.add(signature);
    most = Math.max(most, selectionCost(walk, possible, nodes, pageSize));
  }
  return most;
}

const nodeIds = new WeakMap<FieldNode, number>();
let nextNodeId = 0;
function nodeId(node: FieldNode): number {
  let id = nodeIds.get(node);
  if (id === undefined) {
    id = nextNodeId++;
    nodeIds.set(node, id);
  }
  return id;
}

function fieldCost(
  walk: Walk,
  parent: GraphQLObjectType,
  nodes: readonly FieldNode[],
  pageSize: number | undefined,
  root: boolean,
): number {
  const node = nodes[0];
  const def = node && parent.getFields()[node.name.value];
  if (!node || !def) return 0; // __typename, or a meta field resolved without the archives
  const named = getNamedType(def.type);
  const list = isListType(getNullableType(def.type));
  if (walk.sizes) {
    // Inside introspection: each value resolved counts; lists are as long as this schema's.
    const size = list ? (walk.sizes.get(`${parent.name}.${def.name}`) ?? 1) : 1;
    return size * (1 + (isCompositeType(named) ? compositeCost(walk, named, nodes) : 0));
  }
  const size = sizeOf(walk, def, node);
  const fetches = root ? (def.name === 'nodes' ? (size ?? 1) : 1) : fetchesUpstream(walk, parent, def) ? 1 : 0;
  if (!isCompositeType(named)) return fetches;
  const items = list ? (size ?? pageSize ?? DEFAULT_PAGE_SIZE) : 1;
  return fetches + items * compositeCost(walk, named, nodes, list ? undefined : size);
}

/** The items a field asks for: `first`/`last`/`limit` (or its page default), or its `ids`. */
function sizeOf(walk: Walk, def: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined {
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(def, node, walk.variables);
  } catch {
    args = {}; // execution reports the bad argument
  }
  // Past a list's maximum the field is refused unrun, so a larger value costs no more.
  if (Array.isArray(args.ids)) return Math.min(args.ids.length, MAX_NODE_IDS);
  for (const name of ['first', 'last', 'limit']) {
    const value = args[name];
    if (typeof value === 'number') return Math.min(Math.max(0, value), MAX_PAGE_SIZE);
  }
  if (def.args.some((a) => a.name === 'first' || a.name === 'limit')) {
    return DEFAULT_PAGE_SIZES[getNamedType(def.type).name] ?? DEFAULT_PAGE_SIZE;
  }
  return undefined;
}

/** Nullable objects that are not archive entities but still cost a request of their own. */
const FETCHED_OBJECTS = new Set(['Dataset.summary', 'Asset.validation']);

/**
 * Whether resolving `def` may cost a request. What an archive answers is nullable (README): a
 * list, a field with arguments, an entity (a `Node`) reached through another; nullable objects
 * that are not entities are parts of their parent's document, as are non-null fields.
 */
function fetchesUpstream(walk: Walk, parent: GraphQLObjectType, def: GraphQLField<unknown, unknown>): boolean {
  if (def.name === 'totalCount' && parent.name.endsWith('Connection')) return true;
  if (FETCHED_OBJECTS.has(`${parent.name}.${def.name}`)) return true;
  if (isNonNullType(def.type)) return false;
  if (isListType(def.type) || def.args.length > 0) return true;
  const named = getNamedType(def.type);
  const node = walk.schema.getType('Node');
  if (!isCompositeType(named) || !isInterfaceType(node)) return false;
  if (named === node) return true;
  const types = isAbstractType(named) ? walk.schema.getPossibleTypes(named) : [named];
  return types.some((t) => walk.schema.isSubType(node, t));
}

const introspectionCache = new WeakMap<GraphQLSchema, { sizes: Map<string, number>; full: number }>();

/**
 * Mean list lengths of this schema's introspection, over all types and all fields: exact for
 * the sums a full introspection makes (`types { fields { args } }`), close for anything else.
 */
function introspectionSizes(schema: GraphQLSchema): Map<string, number> {
  const cached = introspectionCache.get(schema);
  if (cached) return cached.sizes;
  const types = Object.values(schema.getTypeMap());
  const fields = types.flatMap((t) => (isObjectType(t) || isInterfaceType(t) ? Object.values(t.getFields()) : []));
  const directives = schema.getDirectives();
  const perType = (count: (t: (typeof types)[number]) => number) =>
    types.reduce((n, t) => n + count(t), 0) / Math.max(1, types.length);
  const perDirective = (count: (d: (typeof directives)[number]) => number) =>
    directives.reduce((n, d) => n + count(d), 0) / Math.max(1, directives.length);
  const sizes = new Map<string, number>([
    ['__Schema.types', types.length],
    ['__Schema.directives', directives.length],
    ['__Type.fields', fields.length / Math.max(1, types.length)],
    ['__Type.interfaces', perType((t) => (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0))],
    ['__Type.possibleTypes', perType((t) => (isAbstractType(t) ? schema.getPossibleTypes(t).length : 0))],
    ['__Type.enumValues', perType((t) => (isEnumType(t) ? t.getValues().length : 0))],
    ['__Type.inputFields', perType((t) => (isInputObjectType(t) ? Object.keys(t.getFields()).length : 0))],
    ['__Field.args', fields.reduce((n, f) => n + f.args.length, 0) / Math.max(1, fields.length)],
    ['__Directive.args', perDirective((d) => d.args.length)],
    ['__Directive.locations', perDirective((d) => d.locations.length)],
  ]);
  introspectionCache.set(schema, { sizes, full: 0 });
  return sizes;
}

/** The most introspection one operation may do: a few full introspection queries' worth. */
export function maximumIntrospection(schema: GraphQLSchema): number {
  introspectionSizes(schema);
  const entry = introspectionCache.get(schema);
  if (entry && entry.full === 0) {
    const all = { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true };
    const full = parse(getIntrospectionQuery({ ...all, inputValueDeprecation: true }));
    entry.full = estimateOperationCost(schema, full)?.introspection ?? 0;
  }
  return INTROSPECTION_ALLOWANCE * (entry?.full ?? 0);
}

/** Refuses, before execution, an operation estimated above `maxCost` or introspecting too much. */
export function useOperationCost(maxCost: number): Plugin {
  // A dashboard sends the same document with the same variables over and over, and Yoga hands
  // back the same parsed document each time: the walk is done once per document and variables.
  const estimates = new WeakMap<DocumentNode, Map<string, OperationCost | undefined>>();
  const estimateOf = (args: Parameters<typeof estimateOperationCost>) => {
    const [, document, operationName, variables] = args;
    let byVariables = estimates.get(document);
    if (!byVariables) {
      byVariables = new Map();
      estimates.set(document, byVariables);
    }
    const key = `${operationName ?? ''}\n${JSON.stringify(variables ?? {})}`;
    if (byVariables.has(key)) return byVariables.get(key);
    const estimate = estimateOperationCost(...args);
    if (byVariables.size >= ESTIMATES_PER_DOCUMENT) byVariables.clear();
    byVariables.set(key, estimate);
    return estimate;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const estimate = estimateOf([args.schema, args.document, args.operationName, args.variableValues]);
      if (!estimate) return;
      const maxIntrospection = estimate.introspection > 0 ? maximumIntrospection(args.schema) : 0;
      let refusal: GraphQLError | undefined;
      if (estimate.cost > maxCost) {
        refusal = refused(
          `This operation would cost about ${estimate.cost} upstream requests, more than the maximum of ${maxCost}: ask for smaller pages (\`first\`, \`limit\`) or fewer nested lists`,
          { cost: estimate.cost, maximumCost: maxCost },
        );
      } else if (estimate.introspection > maxIntrospection) {
        refusal = refused(
          `This operation would resolve about ${estimate.introspection} introspection values, more than the maximum of ${maxIntrospection} (${INTROSPECTION_ALLOWANCE} full introspection queries): introspect once per operation`,
          { introspectionCost: estimate.introspection, maximumIntrospectionCost: maxIntrospection },
        );
      }
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}

/** A refusal shaped like Yoga's own validation errors (HTTP 400 for graphql-response+json). */
function refused(message: string, extensions: Record<string, number>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...extensions, http: { spec: true, status: 400 } },
  });
}
