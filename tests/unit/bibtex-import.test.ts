import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BibtexError, parseBibtexEntry } from '../../src/lib/bibtex-import';
import { checkMetadata } from '../../src/lib/new-paper';
import { shortVenue } from '../../src/lib/venue';

const fixture = (name: string) => readFileSync(`tests/fixtures/bib/${name}`, 'utf8');
const refusal = (text: string, file: string) => {
  try {
    parseBibtexEntry(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(BibtexError);
    return error as BibtexError;
  }
  throw new Error('expected a BibtexError');
};

describe('parseBibtexEntry', () => {
  it('reads an entry with case-protecting braces, a LaTeX accent and "Last, First" names (Judge Decoding)', () => {
    const meta = parseBibtexEntry(fixture('judge-decoding.bib'), 'judge-decoding.bib');
    expect(meta).toMatchObject({
      title: 'Judge Decoding: Faster Speculative Sampling Requires Going Beyond Model Alignment',
      authors: [
        'Gregor Bachmann',
        'Sotiris Anagnostidis',
        'Albert Pumarola',
        'Markos Georgopoulos',
        'Artsiom Sanakoyeu',
        'Yuming Du',
        'Edgar Schönfeld',
        'Ali Thabet',
        'Jonas Kohler',
      ],
      year: 2025,
      arxiv: '2501.19309',
      doi: undefined,
      // With an arXiv id the OpenReview page is not needed: url is for papers with neither id.
      url: undefined,
      venue: 'ICLR 2025',
    });
    expect(meta.abstract).toMatch(/^The performance of large language models \(LLMs\) is closely linked/);
    expect(meta.abstract).toContain('to produce "judgements" of the current continuation');
    expect(meta.abstract).not.toMatch(/\n| {2}/);
    expect(meta.notes).toEqual(['The venue was read from "International Conference on Learning Representations (ICLR)": check it, in the form "NeurIPS 2024".']);
  });

  it('reads a journal article identified by its DOI alone', () => {
    expect(parseBibtexEntry(fixture('pv-rnn-doi.bib'))).toMatchObject({
      title: 'A Novel Predictive-Coding-Inspired Variational RNN Model for Online Prediction and Recognition',
      authors: ['Ahmadreza Ahmadi', 'Jun Tani'],
      year: 2019,
      arxiv: undefined,
      doi: '10.1162/neco_a_01228',
      venue: 'Neural Computation 2019',
      abstract: undefined,
    });
  });

  it.each([
    // field lines, what is expected of the result
    ['eprint = {2501.19309v2}, archivePrefix = {arXiv}', { arxiv: '2501.19309' }],
    ['eprinttype = {arxiv}, eprint = {2501.19309}', { arxiv: '2501.19309' }],
    ['url = {https://arxiv.org/abs/2501.19309v1}', { arxiv: '2501.19309', url: undefined }],
    ['journal = {arXiv preprint arXiv:2501.19309}', { arxiv: '2501.19309', venue: undefined }],
    ['journal = {CoRR}, volume = {abs/2501.19309}, eprint = {2501.19309}', { arxiv: '2501.19309', venue: undefined }],
    ['doi = {10.48550/arXiv.2501.19309}', { arxiv: '2501.19309', doi: undefined }],
    ['doi = {https://doi.org/10.1162/neco_a_01228}', { doi: '10.1162/neco_a_01228' }],
    ['url = {https://example.org/paper}', { url: 'https://example.org/paper' }],
    ['booktitle = {Proc. Interspeech 2022}, doi = {10.21437/Interspeech.2022-9996}', { venue: 'Proc. Interspeech 2022' }],
    ['date = {2024-05-01}, doi = {10.1000/x}', { year: 2024 }],
    ['eprint = {2404.02905}', { year: 2024 }],
  ])('reads %s', (fields, expected) => {
    const meta = parseBibtexEntry(`@misc{key, title = {A Paper}, author = {Lovelace, Ada and Alan Turing}, ${fields}}`);
    expect(meta).toMatchObject({ authors: ['Ada Lovelace', 'Alan Turing'], ...expected });
  });

  it('shortens a known proceedings title and keeps the long form in the note', () => {
    const meta = parseBibtexEntry(
      '@inproceedings{k, title = {T}, author = {A, B}, year = {2023}, doi = {10.1000/x}, booktitle = {Proceedings of the 40th International Conference on Machine Learning}}',
    );
    expect(meta.venue).toBe('ICML 2023');
    expect(meta.notes).toEqual(['The venue was read from "Proceedings of the 40th International Conference on Machine Learning": check it, in the form "NeurIPS 2024".']);
  });

  it('unescapes TeX in the title, which is text, and keeps \\$ in the abstract, where $ starts math', () => {
    const meta = parseBibtexEntry(
      String.raw`@misc{k, title = {Training Under \$5: 10\% \& the {\#1} run\_name}, author = {A, B}, year = 2024, doi = {10.1000/x}, abstract = {It costs \$5 \& 10\% of $x\_1$, not \$10.}}`,
    );
    expect(meta.title).toBe('Training Under $5: 10% & the #1 run_name');
    expect(meta.abstract).toBe(String.raw`It costs \$5 & 10% of $x\_1$, not \$10.`);
  });

  it('leaves out an http:// url and says so', () => {
    const meta = parseBibtexEntry('@misc{k, title = {T}, author = {A, B}, year = 2020, url = {http://example.org/t}}');
    expect(meta.url).toBeUndefined();
    expect(meta.notes).toEqual(['The url http://example.org/t was left out: the survey links only to https:// addresses.']);
    // With nothing else to find the paper by, the refusal says why the url did not count.
    const [problem] = checkMetadata(meta, 'x.bib');
    expect(problem?.message).toBe('x.bib gives no arXiv id, DOI or https URL for "T", so readers could not find the paper.');
    expect(problem?.fix).toMatch(/^Its url http:\/\/example\.org\/t was left out \(the survey links only to https:\/\/ addresses\)/);
  });

  it.each([
    ['doi = {10.1234/a{b}c}', 'The DOI "10.1234/a{b}c" was left out: a DOI has no space, {, }, \\, ", < or >. If the paper has one, add doi: with the DOI its publisher\'s page gives.'],
    ['url = {https://github.com@evil.example/x}', 'The url https://github.com@evil.example/x was left out: it leads to evil.example, whatever comes before its "@".'],
    ['url = {https://example.org/a b}', 'The url https://example.org/a b was left out: it has a space, {, }, \\, ", < or >, which would break its citation.'],
  ])('leaves out what the survey could not cite or link to as it is, and says so: %s', (field, note) => {
    const meta = parseBibtexEntry(`@misc{k, title = {T}, author = {A, B}, year = 2020, eprint = {2404.02905}, ${field}}`.replace('eprint = {2404.02905}, url', 'url'));
    expect([meta.doi, meta.url]).toEqual([undefined, undefined]);
    expect(meta.notes).toEqual([expect.stringContaining(note)]);
  });

  it('reads a control character as a space, so that the file it writes passes the check', () => {
    const meta = parseBibtexEntry('@misc{k, title = {Bib \u001b]0;BIB-PWNED\u0007\u001b[2J Cleared}, author = {A\u0085, B}, year = 2020, eprint = {2404.02905}, abstract = {It \u0000works.}}');
    expect([meta.title, meta.authors, meta.abstract]).toEqual(['Bib ]0;BIB-PWNED [2J Cleared', ['B A'], 'It works.']);
  });

  it('keeps the math of a title and names with prefixes and suffixes', () => {
    const meta = parseBibtexEntry(
      String.raw`@article{k, title = {Attention in $\mathcal{O}(n)$ for {Na\"{\i}ve} Models}, author = {van der Berg, Jan and King, Jr., Martin and Ana\"{\i}s Nin}, year = 2024, doi = {10.1000/x}}`,
    );
    expect(meta.title).toBe(String.raw`Attention in $\mathcal{O}(n)$ for Naïve Models`);
    expect(meta.authors).toEqual(['Jan van der Berg', 'Martin King Jr.', 'Anaïs Nin']);
  });

  it.each([
    ['empty.bib', 'empty.bib holds no BibTeX entry.', "Paste the paper's entry"],
    ['two-entries.bib', 'two-entries.bib holds 2 entries (bachmann2025judge, gao22b_interspeech); new-paper adds one paper at a time.', 'Keep only the entry'],
    ['malformed.bib', 'malformed.bib:1:15 is not valid BibTeX: the { opened here is never closed.', 'End every field value with }'],
  ])('refuses %s', (name, message, fix) => {
    const error = refusal(fixture(name), name);
    expect(error.message).toBe(message);
    expect(error.fix).toContain(fix);
  });

  it.each([
    ['@article{k, author = {A, B}, year = 2020}', 'x.bib: the entry k has no title field.'],
    ['@article{k, title = {T}, year = 2020}', 'x.bib: the entry k has no author field.'],
    ['@article{k, title = "T" # undefinedstring, author = {A, B}}', 'x.bib is not valid BibTeX: Unresolved @string reference "undefinedstring".'],
  ])('refuses %s', (text, message) => {
    expect(refusal(text, 'x.bib').message).toBe(message);
  });

  it('says how to write a dollar sign when a lone $ opens a formula that never ends', () => {
    const error = refusal('@article{k, title = {T}, author = {A, B}, abstract = {It costs $5 a run.}}', 'x.bib');
    expect(error.message).toMatch(/^x\.bib:1:\d+ is not valid BibTeX: Unclosed math section/);
    expect(error.fix).toContain('write \\$ for a dollar sign');
  });
});

describe('shortVenue', () => {
  it.each([
    // booktitle or journal, year, venue written
    ['Proceedings of the 40th International Conference on Machine Learning', 2023, 'ICML 2023'],
    ['Advances in Neural Information Processing Systems 36', 2023, 'NeurIPS 2023'],
    ['The Twelfth International Conference on Learning Representations', 2024, 'ICLR 2024'],
    ['International Conference on Learning Representations (ICLR)', 2025, 'ICLR 2025'],
    ['2023 IEEE/CVF International Conference on Computer Vision (ICCV)', 2023, 'ICCV 2023'],
    ['Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)', 2024, 'CVPR 2024'],
    ['IEEE Transactions on Pattern Analysis and Machine Intelligence', 2025, 'IEEE TPAMI 2025'],
    ['Neural Computation', 2019, 'Neural Computation 2019'],
    ['Proc. Interspeech 2022', undefined, 'Proc. Interspeech 2022'],
    // Not the main venue, or not shortened by rule: written as given, for the contributor to check.
    ['Findings of the Association for Computational Linguistics: EMNLP 2023', 2023, 'Findings of the Association for Computational Linguistics: EMNLP 2023'],
    ['ICML 2023 Workshop on Efficient Systems for Foundation Models', 2023, 'ICML 2023 Workshop on Efficient Systems for Foundation Models'],
    ['International Conference on Computer Vision Theory and Applications', 2023, 'International Conference on Computer Vision Theory and Applications 2023'],
    ['Proceedings of the 3rd Conference on Lifelong Learning Agents', 2024, 'Proceedings of the 3rd Conference on Lifelong Learning Agents'],
    ['Computer Vision – ECCV 2022', 2022, 'Computer Vision – ECCV 2022'],
  ])('%s (%s) → %s', (name, year, venue) => {
    expect(shortVenue(name, year)).toBe(venue);
  });
});
