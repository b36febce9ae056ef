import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocPath } from '../core/rules/docPath';
import { packageRoot } from '../core/util/packageRoot';

/**
 * Where a rule's docs page is: docs/rules/<id>.md in the installed extension (shipped in the
 * .vsix), so the link in the Problems panel opens the page offline, in an editor tab. There is
 * no public web page to point at.
 */
export function ruleDocUri(ruleId: string, root: string = packageRoot()): string {
  return pathToFileURL(path.join(root, ruleDocPath(ruleId))).toString();
}
