import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ArxivError,
  arxivIdFrom,
  arxivQueryUrl,
  fetchArxivResponse,
  metadataFromArxiv,
  parseArxivResponse,
  venueFromReference,
  type Fetch,
} from '../../src/lib/arxiv';

const fixture = (name: string) => readFileSync(`tests/fixtures/arxiv/${name}`, 'utf8');
/** The front-matter of a paper of the new-paper fixture survey (copied from the real content). */
const curated = (id: string) =>
  parse(readFileSync(`tests/fixtures/new-paper/content/papers/${id}.mdx`, 'utf8').split('---\n')[1]!) as { title: string; abstract: string };
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ArxivError);
    return error as ArxivError;
  }
  throw new Error('expected an ArxivError');
};

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ArxivError);
  return error as ArxivError;
};

describe('arxivIdFrom', () => {
  it.each([
    ['2406.06525', '2406.06525'],
    ['2406.06525v2', '2406.06525'],
    ['arXiv:2406.06525', '2406.06525'],
    ['https://arxiv.org/abs/2406.06525v2', '2406.06525'],
    ['http://arxiv.org/abs/2406.06525', '2406.06525'],
    ['arxiv.org/abs/2406.06525/', '2406.06525'],
    ['https://arxiv.org/pdf/2406.06525v1', '2406.06525'],
    ['https://arxiv.org/pdf/2406.06525v1.pdf', '2406.06525'],
    ['https://export.arxiv.org/abs/1811.01339?context=cs', '1811.01339'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['https://arxiv.org/abs/hep-th/9901001v3', 'hep-th/9901001'],
    ['2406.652', undefined],
    ['2406.0652', undefined],
    ['1412.12345', undefined],
    ['2413.06525', undefined],
    ['1412.6980', '1412.6980'],
    ['0704.0001', '0704.0001'],
    ['https://example.org/abs/2406.06525', undefined],
    ['paper.bib', undefined],
  ])('%s → %s', (source, id) => {
    expect(arxivIdFrom(source)).toBe(id);
  });

  it('builds the API query for one id', () => {
    expect(arxivQueryUrl('2406.06525')).toBe('https://export.arxiv.org/api/query?id_list=2406.06525');
  });
});

describe('parseArxivResponse', () => {
  it('reads a response in the current API format (Semi-Parametric Neural Image Synthesis)', () => {
    const entry = parseArxivResponse(fixture('2204.11824.xml'));
    expect(entry.abstract).toMatch(/^Novel architectures have recently improved generative image synthesis .+ still outperform the state-of-the-art\.$/);
    expect(entry).toMatchObject({
      arxiv: '2204.11824',
      versioned: '2204.11824v1',
      title: 'Semi-Parametric Neural Image Synthesis',
      authors: ['Andreas Blattmann', 'Robin Rombach', 'Kaan Oktay', 'Jonas Müller', 'Björn Ommer'],
      published: '2022-04-25',
      doi: undefined,
      journalRef: undefined,
    });
  });

  it('reads a response in the older, line-wrapped format, with its DOI and journal reference (PV-RNN)', () => {
    const entry = parseArxivResponse(fixture('1811.01339.xml'));
    // Folded back into one line, title and abstract read exactly as the curated entry has them.
    expect(entry.title).toBe(curated('pv-rnn').title);
    expect(entry.abstract).toBe(curated('pv-rnn').abstract);
    expect(entry).toMatchObject({ arxiv: '1811.01339', versioned: '1811.01339v3', doi: '10.1162/neco_a_01228', journalRef: 'Neural Computation 31(11), 2025-2074 (2019)' });
  });

  it.each([
    ['unknown-id.xml', 'arXiv knows no paper with the id 2204.99999: unknown-id.xml holds no entry.', 'Check the id on https://arxiv.org'],
    ['error.xml', 'arXiv refused the query in error.xml: incorrect id format for 2204.1182.', 'Give the id as arXiv prints it'],
    ['malformed.xml', 'malformed.xml is cut off: <feed>, <entry>, <summary> never close.', 'Save the arXiv API response again'],
    ['two-entries.xml', 'two-entries.xml holds 2 papers; new-paper adds one at a time.', 'Save the response for a single id'],
  ])('refuses %s with a message naming the file', (name, message, fix) => {
    const error = refusal(() => parseArxivResponse(fixture(name), name));
    expect(error.message).toBe(message);
    expect(error.fix).toContain(fix);
  });

  it.each([
    ['an HTML page', '<!DOCTYPE html><html><body><p>arXiv</p></body></html>', 'is XML but not an arXiv API response'],
    ['broken markup', '<feed><entry></feed>', 'page.xml:1:'],
    ['the rate limiter', 'Rate exceeded.', 'arXiv is limiting requests'],
    ['an external entity', '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n<feed><entry><title>&xxe;</title></entry></feed>', 'page.xml declares a DOCTYPE, which no arXiv API response has'],
    ['a billion laughs', `<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i ? i : ''};`.repeat(10)}">`).join('')}]>\n<feed><entry><id>http://arxiv.org/abs/2404.02905v1</id><title>&lol9;</title></entry></feed>`, 'page.xml declares a DOCTYPE'],
  ])('refuses %s', (_, text, words) => {
    expect(refusal(() => parseArxivResponse(text, 'page.xml')).message).toContain(words);
  });
});

describe('metadataFromArxiv', () => {
  it('takes the year from the arXiv id when there is no journal reference', () => {
    const meta = metadataFromArxiv(parseArxivResponse(fixture('2204.11824.xml')));
    expect(meta).toMatchObject({ year: 2022, arxiv: '2204.11824', venue: undefined, doi: undefined, notes: [] });
  });

  it('takes venue and year from the journal reference, and asks the contributor to check the venue', () => {
    const meta = metadataFromArxiv(parseArxivResponse(fixture('1811.01339.xml')));
    expect(meta).toMatchObject({ year: 2019, venue: 'Neural Computation 2019', doi: '10.1162/neco_a_01228' });
    expect(meta.notes).toEqual([`The venue was read from arXiv's journal reference "Neural Computation 31(11), 2025-2074 (2019)": check it, in the form "NeurIPS 2024".`]);
  });
});

describe('metadataFromArxiv, given a DOI that would break the BibTeX entry', () => {
  it('leaves the DOI out and says so', () => {
    const entry = { ...parseArxivResponse(fixture('2204.11824.xml')), doi: '10.1234/a},note={Injected' };
    const meta = metadataFromArxiv(entry);
    expect(meta.doi).toBeUndefined();
    expect(meta.notes).toEqual([expect.stringMatching(/^The DOI "10\.1234\/a},note={Injected" that arXiv gives was left out: a DOI has no space, \{, \}/)]);
  });
});

describe('venueFromReference', () => {
  it.each([
    ['Neural Computation 31(11), 2025-2074 (2019)', 'Neural Computation 2019', 2019],
    ['Neural Comput. 2019;31:2025-2074', 'Neural Comput. 2019', 2019],
    ['Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR), 2024', 'CVPR 2024', 2024],
    ['Indiana Univ. Math. J. 73 (2024), 1331-1356', 'Indiana Univ. Math. J. 2024', 2024],
    ['NeurIPS 2024', 'NeurIPS 2024', 2024],
    ['Proceedings of the 40th International Conference on Machine Learning, PMLR 202:1234-1250, 2023', 'ICML 2023', 2023],
    ['Findings of the Association for Computational Linguistics: EMNLP 2023', 'Findings of the Association for Computational Linguistics: EMNLP 2023', 2023],
  ])('%s → %s', (reference, venue, year) => {
    expect(venueFromReference(reference)).toEqual({ venue, year });
  });
});

describe('fetchArxivResponse', () => {
  const response = (status: number, body: string) => ({ ok: status < 400, status, statusText: status === 503 ? 'Service Unavailable' : 'OK', text: async () => body });

  it('asks the arXiv API for the id and returns its answer', async () => {
    const asked: string[] = [];
    const fetch: Fetch = async (url) => {
      asked.push(url);
      return response(200, fixture('2204.11824.xml'));
    };
    expect(await fetchArxivResponse('2204.11824', { fetch })).toContain('<id>http://arxiv.org/abs/2204.11824v1</id>');
    expect(asked).toEqual(['https://export.arxiv.org/api/query?id_list=2204.11824']);
  });

  it('turns a network error into a message that suggests the offline forms', async () => {
    const fetch: Fetch = async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
    };
    const error = await rejection(fetchArxivResponse('2204.11824', { fetch }));
    expect(error.message).toBe('Could not reach arXiv to look up 2204.11824 (export.arxiv.org could not be resolved: is this machine offline?).');
    expect(error.fix).toContain('save the page as 2204.11824.xml, and run npm run new-paper -- 2204.11824.xml');
    expect(error.fix).toContain('npm run new-paper -- paper.bib');
    // With the options the contributor typed, the offline commands can be copied as they are.
    const typed = await rejection(fetchArxivResponse('2204.11824', { fetch, args: '--topic retrieval-augmented --tag image-generation' }));
    expect(typed.fix).toContain('npm run new-paper -- 2204.11824.xml --topic retrieval-augmented --tag image-generation;');
    expect(typed.fix).toContain('npm run new-paper -- paper.bib --topic retrieval-augmented --tag image-generation.');
  });

  it('gives up after the timeout', async () => {
    const fetch: Fetch = (_, init) =>
      new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    const error = await rejection(fetchArxivResponse('2204.11824', { fetch, timeoutMs: 20 }));
    expect(error.message).toBe('Could not reach arXiv to look up 2204.11824 (no answer within 0.02 s).');
  });

  it('reports an HTTP error from arXiv', async () => {
    const fetch: Fetch = async () => response(503, 'busy');
    const error = await rejection(fetchArxivResponse('2204.11824', { fetch }));
    expect(error.message).toBe('arXiv answered 503 Service Unavailable when asked for 2204.11824.');
    expect(error.fix).toContain('.bib');
  });
});
