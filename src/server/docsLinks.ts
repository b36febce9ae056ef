import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocPath } from '../core/rules';

/**
 * Where a rule's docs page is: beside the bundled server (dist/../docs/rules/<id>.md), so the
 * link in the Problems panel opens the page shipped with the installed extension, offline.
 */
export function ruleDocUri(ruleId: string): string {
  return pathToFileURL(path.join(__dirname, '..', ruleDocPath(ruleId))).toString();
}
