import { readBrownCorpus } from '../../brown/brown-corpus.js';
import { splitDocuments } from '../../brown/split-documents.js';
import { type FamilyVocabulary, familyVocabulary } from '../vocabulary.js';

/** The vocabulary the training recipe uses: the Brown training documents' words (seed 0, 5% held out). */
export const BROWN_VOCABULARY: FamilyVocabulary = familyVocabulary(
  splitDocuments(readBrownCorpus(), { seed: 0, validationFraction: 0.05 }).train.map((document) => document.text),
);
