/**
 * `npm run check`: validates every paper and topic under content/ without executing any of it, and
 * prints every problem, one per line. `--json` prints them as JSON; with `CI` set, problems are also
 * printed as GitHub annotations. Exit code 1 when there is any problem.
 */
import { resolve } from 'node:path';
import { formatGithubAnnotation, formatIssue, summarizeIssues } from '../src/lib/issues';
import { loadSurvey } from '../src/node/content';

async function run() {
  const json = process.argv.includes('--json');
  const root = resolve(process.argv.find((a, i) => i > 1 && !a.startsWith('--')) ?? '.');

  // Check and render everything, exactly as the build does (base does not change any rule).
  const { papers, topics, issues } = await loadSurvey({ root, base: '/' });

  // Report: JSON for machines, one line per problem for people, annotations for pull requests.
  if (json) {
    console.log(JSON.stringify({ papers: papers.length, topics: topics.length, issues }, null, 2));
  } else {
    for (const issue of issues) console.log(formatIssue(issue));
    if (process.env['CI']) for (const issue of issues) console.log(formatGithubAnnotation(issue));
    console.log(`Checked ${papers.length} papers and ${topics.length} topics. ${summarizeIssues(issues)}`);
  }
  process.exitCode = issues.length > 0 ? 1 : 0;
}

await run();
