/** The renderers: platform-neutral results in, discord-api-types JSON payloads out. */
export { truncate, truncateStart, splitIntoChunks } from './render/cut.js';
export { ACCENT, formatAuthors, citationLine, button, rowsOf } from './render/format.js';
export { renderAnswer, formatQuote, type RenderAnswerOptions } from './render/answer.js';
export { renderPaperCard, formatAuthorList, type RenderPaperCardOptions } from './render/paper.js';
export { renderSimilar, type Neighbour } from './render/similar.js';
export { renderHelp, type HelpInfo } from './render/help.js';
export { renderError, renderNotice } from './render/notice.js';
