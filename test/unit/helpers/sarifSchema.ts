/**
 * The part of the OASIS SARIF 2.1.0 JSON Schema (sarif-schema-2.1.0.json, draft-07) that covers
 * every object our SARIF output holds, transcribed definition by definition: the same property
 * names, types, enums, minimums, `required` lists and `additionalProperties: false`. Objects we
 * never write (addresses, logical locations, code flows…) are accepted as any object. The full
 * schema is not shipped by any small npm package, so tests validate against this with ajv; the
 * URI formats ("uri", "uri-reference") are checked by the tests with `new URL`.
 */
const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';
const index = { type: 'integer', minimum: -1 };
const anyObject = { type: 'object' };
const arrayOf = (items: object, unique = true) => ({ type: 'array', minItems: 0, uniqueItems: unique, items });
const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const level = { enum: ['none', 'note', 'warning', 'error'] };

export const SARIF_SUBSET_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string' },
    version: { enum: ['2.1.0'] },
    runs: arrayOf(ref('run'), false),
    inlineExternalProperties: arrayOf(anyObject),
    properties: ref('propertyBag'),
  },
  definitions: {
    propertyBag: { type: 'object', additionalProperties: true, properties: { tags: { ...arrayOf({ type: 'string' }) } } },
    multiformatMessageString: {
      type: 'object', additionalProperties: false, required: ['text'],
      properties: { text: { type: 'string' }, markdown: { type: 'string' }, properties: ref('propertyBag') },
    },
    message: {
      type: 'object', additionalProperties: false,
      // The spec's text: a message carries plain text or the id of a message string.
      anyOf: [{ required: ['text'] }, { required: ['id'] }],
      properties: { text: { type: 'string' }, markdown: { type: 'string' }, id: { type: 'string' }, arguments: arrayOf({ type: 'string' }, false), properties: ref('propertyBag') },
    },
    run: {
      type: 'object', additionalProperties: false, required: ['tool'],
      properties: {
        tool: ref('tool'), invocations: arrayOf(anyObject, false), conversion: anyObject, language: { type: 'string' },
        versionControlProvenance: arrayOf(anyObject), originalUriBaseIds: { type: 'object', additionalProperties: ref('artifactLocation') },
        artifacts: arrayOf(anyObject), logicalLocations: arrayOf(anyObject), graphs: arrayOf(anyObject),
        results: arrayOf(ref('result'), false), automationDetails: anyObject, runAggregates: arrayOf(anyObject),
        baselineGuid: { type: 'string', pattern: GUID }, redactionTokens: arrayOf({ type: 'string' }), defaultEncoding: { type: 'string' },
        defaultSourceLanguage: { type: 'string' }, newlineSequences: { ...arrayOf({ type: 'string' }), minItems: 1 },
        columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] }, externalPropertyFileReferences: anyObject,
        threadFlowLocations: arrayOf(anyObject), taxonomies: arrayOf(anyObject), addresses: arrayOf(anyObject, false),
        translations: arrayOf(anyObject), policies: arrayOf(anyObject), webRequests: arrayOf(anyObject), webResponses: arrayOf(anyObject),
        specialLocations: anyObject, properties: ref('propertyBag'),
      },
    },
    tool: {
      type: 'object', additionalProperties: false, required: ['driver'],
      properties: { driver: ref('toolComponent'), extensions: arrayOf(ref('toolComponent')), properties: ref('propertyBag') },
    },
    toolComponent: {
      type: 'object', additionalProperties: false, required: ['name'],
      properties: {
        guid: { type: 'string', pattern: GUID }, name: { type: 'string' }, organization: { type: 'string' }, product: { type: 'string' },
        productSuite: { type: 'string' }, shortDescription: ref('multiformatMessageString'), fullDescription: ref('multiformatMessageString'),
        fullName: { type: 'string' }, version: { type: 'string' }, semanticVersion: { type: 'string' },
        dottedQuadFileVersion: { type: 'string', pattern: '[0-9]+(\\.[0-9]+){3}' }, releaseDateUtc: { type: 'string' },
        downloadUri: { type: 'string' }, informationUri: { type: 'string' },
        globalMessageStrings: { type: 'object', additionalProperties: ref('multiformatMessageString') },
        notifications: arrayOf(ref('reportingDescriptor')), rules: arrayOf(ref('reportingDescriptor')), taxa: arrayOf(ref('reportingDescriptor')),
        locations: { type: 'array', items: ref('artifactLocation') }, language: { type: 'string' },
        contents: { type: 'array', uniqueItems: true, items: { enum: ['localizedData', 'nonLocalizedData'] } },
        isComprehensive: { type: 'boolean' }, localizedDataSemanticVersion: { type: 'string' },
        minimumRequiredLocalizedDataSemanticVersion: { type: 'string' }, associatedComponent: anyObject, translationMetadata: anyObject,
        supportedTaxonomies: arrayOf(anyObject), properties: ref('propertyBag'),
      },
    },
    reportingDescriptor: {
      type: 'object', additionalProperties: false, required: ['id'],
      properties: {
        id: { type: 'string' }, deprecatedIds: arrayOf({ type: 'string' }), guid: { type: 'string', pattern: GUID },
        deprecatedGuids: arrayOf({ type: 'string', pattern: GUID }), name: { type: 'string' }, deprecatedNames: arrayOf({ type: 'string' }),
        shortDescription: ref('multiformatMessageString'), fullDescription: ref('multiformatMessageString'),
        messageStrings: { type: 'object', additionalProperties: ref('multiformatMessageString') },
        defaultConfiguration: ref('reportingConfiguration'), helpUri: { type: 'string' }, help: ref('multiformatMessageString'),
        relationships: arrayOf(anyObject), properties: ref('propertyBag'),
      },
    },
    reportingConfiguration: {
      type: 'object', additionalProperties: false,
      properties: { enabled: { type: 'boolean' }, level, rank: { type: 'number', minimum: -1, maximum: 100 }, parameters: ref('propertyBag'), properties: ref('propertyBag') },
    },
    result: {
      type: 'object', additionalProperties: false, required: ['message'],
      properties: {
        ruleId: { type: 'string' }, ruleIndex: index, rule: anyObject,
        kind: { enum: ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] }, level, message: ref('message'),
        analysisTarget: ref('artifactLocation'), locations: arrayOf(ref('location'), false), guid: { type: 'string', pattern: GUID },
        correlationGuid: { type: 'string', pattern: GUID }, occurrenceCount: { type: 'integer', minimum: 1 },
        partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
        fingerprints: { type: 'object', additionalProperties: { type: 'string' } },
        stacks: arrayOf(anyObject), codeFlows: arrayOf(anyObject, false), graphs: arrayOf(anyObject), graphTraversals: arrayOf(anyObject),
        relatedLocations: arrayOf(ref('location')), suppressions: arrayOf(anyObject), baselineState: { enum: ['new', 'unchanged', 'updated', 'absent'] },
        rank: { type: 'number', minimum: -1, maximum: 100 }, attachments: arrayOf(anyObject), hostedViewerUri: { type: 'string' },
        workItemUris: arrayOf({ type: 'string' }), provenance: anyObject, fixes: arrayOf(anyObject), taxa: arrayOf(anyObject),
        webRequest: anyObject, webResponse: anyObject, properties: ref('propertyBag'),
      },
    },
    location: {
      type: 'object', additionalProperties: false,
      properties: {
        id: index, physicalLocation: ref('physicalLocation'), logicalLocations: arrayOf(anyObject), message: ref('message'),
        annotations: arrayOf(ref('region')), relationships: arrayOf(anyObject), properties: ref('propertyBag'),
      },
    },
    physicalLocation: {
      type: 'object', additionalProperties: false,
      properties: { address: anyObject, artifactLocation: ref('artifactLocation'), region: ref('region'), contextRegion: ref('region'), properties: ref('propertyBag') },
    },
    artifactLocation: {
      type: 'object', additionalProperties: false,
      properties: { uri: { type: 'string' }, uriBaseId: { type: 'string' }, index, description: ref('message'), properties: ref('propertyBag') },
    },
    region: {
      type: 'object', additionalProperties: false,
      properties: {
        startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 }, endLine: { type: 'integer', minimum: 1 },
        endColumn: { type: 'integer', minimum: 1 }, charOffset: index, charLength: { type: 'integer', minimum: 0 }, byteOffset: index,
        byteLength: { type: 'integer', minimum: 0 }, snippet: anyObject, message: ref('message'), sourceLanguage: { type: 'string' },
        properties: ref('propertyBag'),
      },
    },
  },
} as const;

/** Other SARIF rules the schema cannot say: every URI parses, bases end with "/", indexes point at their rule. */
export function sarifUriProblems(log: { runs: Array<Record<string, unknown>> }): string[] {
  const problems: string[] = [];
  const absolute = (where: string, uri: unknown) => {
    try {
      new URL(String(uri));
    } catch {
      problems.push(`${where}: ${String(uri)} is not an absolute URI`);
    }
  };
  for (const run of log.runs as Array<{ tool: { driver: { informationUri?: string; rules?: Array<{ id: string; helpUri?: string }> } }; originalUriBaseIds?: Record<string, { uri: string }>; results?: Array<{ ruleId?: string; ruleIndex?: number; locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string } } }> }> }>) {
    const { driver } = run.tool;
    if (driver.informationUri !== undefined) absolute('informationUri', driver.informationUri);
    for (const r of driver.rules ?? []) if (r.helpUri !== undefined) absolute(`helpUri of ${r.id}`, r.helpUri);
    for (const [id, base] of Object.entries(run.originalUriBaseIds ?? {})) {
      absolute(`originalUriBaseIds.${id}`, base.uri);
      if (!base.uri.endsWith('/')) problems.push(`originalUriBaseIds.${id} does not end with "/"`);
    }
    for (const result of run.results ?? []) {
      if (result.ruleIndex !== undefined && driver.rules?.[result.ruleIndex]?.id !== result.ruleId) problems.push(`ruleIndex ${result.ruleIndex} is not ${result.ruleId}`);
      for (const loc of result.locations ?? []) {
        const a = loc.physicalLocation?.artifactLocation;
        if (a?.uriBaseId !== undefined && !(a.uriBaseId in (run.originalUriBaseIds ?? {}))) problems.push(`uriBaseId ${a.uriBaseId} is not defined`);
        if (a?.uri !== undefined && a.uriBaseId === undefined) absolute('artifactLocation', a.uri);
        if (a?.uri !== undefined && /[\s|]/.test(a.uri)) problems.push(`${a.uri} is not percent-encoded`);
      }
    }
  }
  return problems;
}
